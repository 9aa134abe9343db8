/**
 * The licence card library at the APDU level: detection sends no VERIFY, the exact command
 * sequence of a full read (the worked examples of licence-facts §6.2 among them), every file read
 * once in as few READ BINARYs as the reader allows, the 6982 answer named.
 */
import { describe, expect, it } from 'vitest';
import { LicenceCard, readLicence } from '../../src/cards/licence';
import { simulatedLicenceCardFor } from '../../src/sim/licence';
import { connect, licence } from './licence-helpers';

const DF1 = '00 A4 04 0C 10 A0 00 00 02 31 01 00 00 00 00 00 00 00 00 00 00';
const DF2 = '00 A4 04 0C 10 A0 00 00 02 31 02 00 00 00 00 00 00 00 00 00 00';

describe('detection', () => {
  it('SELECT MF and the free common data only: no VERIFY, no PIN counter, no DF', async () => {
    const t = await connect(simulatedLicenceCardFor((await licence('licence-default')).model));
    const card = new LicenceCard(t);
    const d = await card.detect();
    expect(d.kind === 'match' && [d.common.specVersion, d.common.issueDate.iso]).toEqual(['008', '2024-01-20']);
    expect(t.commands()).toEqual(['00 A4 00 00', '00 B0 81 00 11']);
    card.close();
  });

  it('a card that is not a licence (a My Number Card answers 6A86 to SELECT MF after reset) is no-match', async () => {
    const { buildSimCard } = await import('../../src/node/sim-loader');
    const { namedProfile } = await import('../../src/sim/mynumber/profiles');
    const { simulatedCardFor } = await import('../../src/sim/mynumber/build-card');
    const mnc = await buildSimCard(namedProfile('default')!);
    const t = await connect(simulatedCardFor(mnc.model));
    const card = new LicenceCard(t);
    expect(await card.detect()).toEqual({ kind: 'no-match' });
    expect(t.verifies() + t.counterReads()).toBe(0);
    card.close();
  });
});

describe('the full read, command by command', () => {
  it('extended length: each DF selected once, each file in one READ BINARY, exactly one VERIFY per PIN', async () => {
    const t = await connect(simulatedLicenceCardFor((await licence('licence-default')).model));
    const card = new LicenceCard(t);
    await card.detect();
    await card.readTries('pin1');
    await card.verify('pin1', '1234');
    await card.verify('pin2', '5678');
    const r = await readLicence(card, { photo: true, signature: true, honsekiForSignature: true });
    expect(t.commands()).toEqual([
      '00 A4 00 00',
      '00 B0 81 00 11', // MF/EF01 共通データ要素, 17 bytes
      '00 20 00 81', // counter before anything is entered (TAKU: answers 63C3 on a fresh card)
      '00 B0 8A 00 03', // MF/EF02 PIN設定 by SFI 0A (HMPOW's P1 8A), read before any PIN is sent
      '00 20 00 81', // the guard reads it again right before the VERIFY
      '00 20 00 81 04 31 32 33 34', // PIN1 "1234" (TAKU's form: 00 20 00 81 04 + JIS X 0201 digits)
      '00 20 00 82',
      '00 20 00 82 04 35 36 37 38',
      DF1,
      '00 B0 81 00 00 03 70', // DF1/EF01, 880 bytes with an extended Le (TAKU's worked example)
      '00 B0 84 00 00 02 80', // DF1/EF04 change records, 640
      '00 B0 87 00 00 02 42', // DF1/EF07 signature, 578
      '00 B0 82 00 52', // DF1/EF02 本籍, 82, hash-only for the signature
      DF2,
      '00 B0 81 00 00 07 D5', // DF2/EF01 photo, 2005
    ]);
    expect(t.log.map((e) => e.response.slice(-2)).every((sw) => sw[0] === 0x90 && sw[1] === 0x00 || sw[0] === 0x63)).toBe(true);
    expect(t.log[2]!.response).toEqual(Uint8Array.of(0x63, 0xc3));
    r.wipe();
    card.close();
  });

  it('short reads: 256-byte chunks by offset after the first SFI read, still no SELECT EF', async () => {
    const t = await connect(simulatedLicenceCardFor((await licence('licence-default')).model), false);
    const card = new LicenceCard(t);
    await card.verify('pin1', '1234');
    const e = await card.readEntries();
    expect(e.name.display).toBe('桧山　健太');
    const reads = t.commands().filter((c) => c.startsWith('00 B0'));
    expect(reads.slice(-4)).toEqual(['00 B0 81 00 00', '00 B0 01 00 00', '00 B0 02 00 00', '00 B0 03 00 70']);
    expect(t.commands().some((c) => c.startsWith('00 A4 02'))).toBe(false);
    card.close();
  });

  it('a file is read once per session; later calls are served from the cache, as copies', async () => {
    const t = await connect(simulatedLicenceCardFor((await licence('licence-default')).model));
    const card = new LicenceCard(t);
    await card.verify('pin1', '1234');
    const a = await card.readFile('df1.entries');
    const before = t.log.length;
    const b = await card.readFile('df1.entries');
    expect(t.log.length).toBe(before);
    a.fill(0);
    expect(b[0]).toBe(0x11);
    expect((await card.readEntries()).licenceNumber).toBe('993012345670');
    card.close();
  });

  it('外字 files are read only when the text refers to them', async () => {
    const plain = await connect(simulatedLicenceCardFor((await licence('licence-default')).model));
    const c1 = new LicenceCard(plain);
    await c1.verify('pin1', '1234');
    await readLicence(c1, { photo: false, signature: false, honsekiForSignature: false });
    expect(plain.commands().filter((c) => c.startsWith('00 B0 83') || c.startsWith('00 B0 85'))).toEqual([]);
    c1.close();
    const gaiji = await connect(simulatedLicenceCardFor((await licence('licence-gaiji-name')).model));
    const c2 = new LicenceCard(gaiji);
    await c2.verify('pin1', '2468');
    await readLicence(c2, { photo: false, signature: false, honsekiForSignature: false });
    expect(gaiji.commands().filter((c) => c.startsWith('00 B0 83') || c.startsWith('00 B0 85'))).toEqual(['00 B0 83 00 00 01 08', '00 B0 85 00 00 02 97']);
    c2.close();
  });

  it('reading DF1 before PIN1 is named: licence-pin-required (the card answered 6982)', async () => {
    const t = await connect(simulatedLicenceCardFor((await licence('licence-default')).model));
    const card = new LicenceCard(t);
    await expect(card.readEntries()).rejects.toMatchObject({ code: 'licence-pin-required', pin: 'pin1' });
    await card.verify('pin1', '1234');
    await expect(card.readPhoto()).rejects.toMatchObject({ code: 'licence-pin-required', pin: 'pin2' });
    card.close();
  });

  it('本籍 only with a reason, only as ForbiddenBytes', async () => {
    const t = await connect(simulatedLicenceCardFor((await licence('licence-default')).model));
    const card = new LicenceCard(t);
    await card.verify('pin1', '1234');
    await card.verify('pin2', '5678');
    // @ts-expect-error — a reason is required
    await expect(card.readHonseki(undefined)).rejects.toMatchObject({ code: 'licence-honseki-reason-required' });
    expect(t.commands().some((c) => c.startsWith('00 B0 82'))).toBe(false);
    const h = await card.readHonseki({ kind: 'signature-verification' });
    expect(String(h)).toBe('[本籍: withheld]');
    expect(() => JSON.stringify({ h })).toThrow(expect.objectContaining({ code: 'licence-forbidden-data-serialised' }));
    card.close();
  });
});
