/**
 * End to end over the air: the simulated passport chip (src/sim/passport/chip) placed as a Type A
 * card in the emulated RC-S380, read through the real WebUsbPort100Transport (Port-100 framing,
 * Type A activation, PPS, host ISO-DEP) by the passport card library (PassportCard over
 * CardChannel): PACE and BAC with the specimen MRZ, EF.COM and DG1 compared byte for byte with
 * the chip's files. In the same run, on the same reader, the default My Number Card is put on as
 * a Type B card and still verifies.
 */
import { describe, expect, it } from 'vitest';
import { toHex } from '../../src/bytes/hex';
import { CardChannel } from '../../src/cards/iso7816/card-channel';
import { LDS_FILES } from '../../src/cards/passport/lds-files';
import { mrzKeyFromFields } from '../../src/cards/passport/mrz-key';
import { PassportCard } from '../../src/cards/passport/passport-card';
import { chipWith, PACE_OID, SPECIMEN_MRZ } from '../passport-access/fixtures';
import { seededRandom } from '../passport-access/helpers';
import { counterCheck, rig } from '../transport-port100/rig';

describe('a passport on Type A through the RC-S380, the My Number Card on Type B, one reader', () => {
  it.each([
    { access: 'pace' as const, chip: () => chipWith({ pace: [{ oid: PACE_OID.ecdhGm(2), parameterId: 13 }], bac: false, seed: 'type-a-pace' }) },
    { access: 'bac' as const, chip: () => chipWith({ bac: true, seed: 'type-a-bac' }) },
  ])('$access: EF.COM and DG1 read over Type A at 424 kbit/s; then the My Number Card verifies on Type B', async ({ access, chip: makeChip }) => {
    const { transport, emulator, sim } = await rig({ card: { technology: 'A' } });
    const chip = makeChip();
    // A 7-byte UID, TA(1) 77 (212/424/848 both ways), FWI 9, FSCI 8: an ATS of the kind passports send.
    emulator.placeCard(chip, { technology: 'A', ta: 0x77, fwi: 9 });
    await transport.connect();
    expect(transport.activeTechnology).toBe('A');
    expect(transport.activeBitRate).toBe(424);
    const card = new PassportCard(new CardChannel(transport), { random: seededRandom(1503) });
    const result = await card.authenticate(mrzKeyFromFields(SPECIMEN_MRZ));
    expect(result.method).toBe(access);
    expect(toHex(await card.readFile('EF.COM'))).toBe(toHex(chip.config.files.get(LDS_FILES['EF.COM'].fid)!));
    expect(toHex(await card.readFile('DG1'))).toBe(toHex(chip.config.files.get(LDS_FILES.DG1.fid)!));
    card.close();
    expect(emulator.card!.violations).toEqual([]);
    const typeA = emulator.rfLog.filter((l) => l.technology === 'A');
    expect(typeA.filter((l) => l.rate === 424).length).toBeGreaterThan(5);
    await transport.disconnect();

    emulator.placeCard(sim);
    await transport.connect();
    expect(transport.activeTechnology).toBe('B');
    expect((await counterCheck(transport)).outcome).toBe('verified');
    await transport.close();
  });
});
