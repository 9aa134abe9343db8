/**
 * Every access method × cipher × group family through the real card library (PassportCard over
 * CardChannel over SimulatedTransport) against the simulated chip: authenticate, then read every
 * LDS file and compare it with what the chip holds — with short reads (a reader without extended
 * length) and with extended reads.
 */
import { describe, expect, it } from 'vitest';
import { toHex } from '../../src/bytes/hex';
import { canKey } from '../../src/cards/passport/can';
import type { LdsFileName } from '../../src/cards/passport/lds-files';
import { LDS_FILES } from '../../src/cards/passport/lds-files';
import { mrzKeyFromFields } from '../../src/cards/passport/mrz-key';
import { connect, seededRandom } from './helpers';
import { chipWith, PACE_OID, SPECIMEN_MRZ } from './fixtures';

const FILES: LdsFileName[] = ['EF.COM', 'DG1', 'DG2', 'DG11', 'DG12', 'EF.SOD'];

interface Case {
  readonly name: string;
  readonly pace?: { oid: string; parameterId: number };
  readonly cipher: string;
  readonly can?: boolean;
}

const CASES: Case[] = [
  { name: 'BAC', cipher: '3des' },
  { name: 'PACE-GM ECDH brainpoolP256r1 AES-128 (G.1 parameters)', pace: { oid: PACE_OID.ecdhGm(2), parameterId: 13 }, cipher: 'aes-128' },
  { name: 'PACE-GM ECDH brainpoolP256r1 3DES', pace: { oid: PACE_OID.ecdhGm(1), parameterId: 13 }, cipher: '3des' },
  { name: 'PACE-GM ECDH P-256 AES-128', pace: { oid: PACE_OID.ecdhGm(2), parameterId: 12 }, cipher: 'aes-128' },
  { name: 'PACE-GM ECDH P-384 AES-192', pace: { oid: PACE_OID.ecdhGm(3), parameterId: 15 }, cipher: 'aes-192' },
  { name: 'PACE-GM ECDH brainpoolP384r1 AES-256', pace: { oid: PACE_OID.ecdhGm(4), parameterId: 16 }, cipher: 'aes-256' },
  { name: 'PACE-GM ECDH brainpoolP512r1 AES-256', pace: { oid: PACE_OID.ecdhGm(4), parameterId: 17 }, cipher: 'aes-256' },
  { name: 'PACE-GM ECDH P-521 AES-256', pace: { oid: PACE_OID.ecdhGm(4), parameterId: 18 }, cipher: 'aes-256' },
  { name: 'PACE-GM DH 1024/160 AES-128', pace: { oid: PACE_OID.dhGm(2), parameterId: 0 }, cipher: 'aes-128' },
  { name: 'PACE-GM DH 2048/224 3DES', pace: { oid: PACE_OID.dhGm(1), parameterId: 1 }, cipher: '3des' },
  { name: 'PACE-GM DH 2048/256 AES-256', pace: { oid: PACE_OID.dhGm(4), parameterId: 2 }, cipher: 'aes-256' },
  { name: 'PACE-IM ECDH brainpoolP256r1 AES-128', pace: { oid: PACE_OID.ecdhIm(2), parameterId: 13 }, cipher: 'aes-128' },
  { name: 'PACE-IM ECDH P-256 3DES', pace: { oid: PACE_OID.ecdhIm(1), parameterId: 12 }, cipher: '3des' },
  { name: 'PACE-IM ECDH P-384 AES-256', pace: { oid: PACE_OID.ecdhIm(4), parameterId: 15 }, cipher: 'aes-256' },
  { name: 'PACE-IM ECDH brainpoolP512r1 AES-192', pace: { oid: PACE_OID.ecdhIm(3), parameterId: 17 }, cipher: 'aes-192' },
  { name: 'PACE-IM DH 1024/160 AES-128', pace: { oid: PACE_OID.dhIm(2), parameterId: 0 }, cipher: 'aes-128' },
  { name: 'PACE-CAM ECDH brainpoolP256r1 AES-128', pace: { oid: PACE_OID.ecdhCam(2), parameterId: 13 }, cipher: 'aes-128' },
  { name: 'PACE-CAM ECDH P-256 AES-256', pace: { oid: PACE_OID.ecdhCam(4), parameterId: 12 }, cipher: 'aes-256' },
  { name: 'PACE-GM with the CAN, brainpoolP256r1 AES-128', pace: { oid: PACE_OID.ecdhGm(2), parameterId: 13 }, cipher: 'aes-128', can: true },
];

describe.each([
  { reads: 'short reads (no extended length)', extendedLength: false, chunkSize: undefined },
  { reads: 'extended reads (4 KB chunks)', extendedLength: true, chunkSize: 4096 },
])('round trips with $reads', ({ extendedLength, chunkSize }) => {
  it.each(CASES)('$name', async (c) => {
    const ca = c.pace?.oid.includes('.4.6.') ? [{ oid: '0.4.0.127.0.7.2.2.3.2.2', groupId: c.pace.parameterId, privateKey: 0x1234567890abcdefn, keyId: c.pace.parameterId }] : undefined;
    const chip = chipWith({ bac: !c.pace, ...(c.pace ? { pace: [c.pace] } : {}), ...(c.can ? { can: '493027' } : {}), ...(ca ? { chipAuthentication: ca } : {}), seed: c.name });
    const { card, recorder } = await connect(chip, { extendedLength, random: seededRandom(c.name.length * 977), ...(chunkSize ? { chunkSize } : {}) });
    if (!extendedLength && c.pace && (c.pace.parameterId === 1 || c.pace.parameterId === 2)) {
      // 2048-bit DH keys need extended GENERAL AUTHENTICATE (9303-11 §9.3.1): PACE is not started,
      // BAC is tried instead, and this chip has no BAC.
      await expect(card.authenticate(mrzKeyFromFields(SPECIMEN_MRZ))).rejects.toMatchObject({ code: 'bac-not-available' });
      expect(chip.activity.paceAttempts).toBe(0);
      return;
    }
    const access = await card.authenticate(c.can ? canKey('493027') : mrzKeyFromFields(SPECIMEN_MRZ));
    expect(access.method).toBe(c.pace ? 'pace' : 'bac');
    expect(card.channel.secureMessaging?.cipher).toBe(c.cipher);
    if (c.pace?.oid.includes('.4.6.')) expect(access.cam).toBeDefined();
    for (const name of FILES) {
      const data = await card.readFile(name);
      expect(toHex(data), name).toBe(toHex(chip.config.files.get(LDS_FILES[name].fid)!));
    }
    // Every command after access control went through SM, and no response exceeded the path.
    const afterAuth = recorder.log.filter((l) => l.command.startsWith('0C'));
    expect(afterAuth.length).toBeGreaterThan(FILES.length);
    const maxResponse = Math.max(...recorder.log.map((l) => l.response.length / 2));
    if (!extendedLength) expect(maxResponse).toBeLessThanOrEqual(258);
    // The DG2 of 20 000 bytes: ⌈20000 / chunk⌉ READ BINARYs after its SELECT.
    const chunk = chunkSize && extendedLength ? 4096 : c.cipher === '3des' ? 231 : 223;
    expect(chip.activity.readBinaries).toBeGreaterThanOrEqual(Math.ceil(20_000 / chunk));
    card.close();
  });
});

describe('large files', () => {
  it('a 40 KB DG2 is read across offset 32767 with READ BINARY B1 / DO\'54\' (short and extended)', async () => {
    for (const extendedLength of [false, true]) {
      const chip = chipWith({ pace: [{ oid: PACE_OID.ecdhGm(2), parameterId: 13 }], bac: false, lds: { dg2Size: 40_000 } });
      const { card, recorder } = await connect(chip, { extendedLength, random: seededRandom(7), ...(extendedLength ? { chunkSize: 8192 } : {}) });
      await card.authenticate(mrzKeyFromFields(SPECIMEN_MRZ));
      const dg2 = await card.readFile('DG2');
      expect(toHex(dg2)).toBe(toHex(chip.config.files.get(0x0102)!));
      expect(recorder.log.some((l) => l.command.startsWith('0CB1'))).toBe(true);
    }
  });
});
