/**
 * Chip genuineness and the forgeries this part owns, through the real card library against the
 * simulated chip: Active Authentication (RSA ISO/IEC 9796-2 with SHA-1 and SHA-256, ECDSA P-256),
 * Chip Authentication (ECDH via MSE:Set AT, ECDH 3DES via MSE:Set KAT, DH) with SM re-keyed,
 * a cloned chip (right data, wrong AA / CA keys), a broken SM MAC, a downgrade to plain answers,
 * a wrong MRZ / CAN (typed error, no data, no retry, no BAC after a PACE password failure), and
 * the allowed BAC fallback.
 */
import { describe, expect, it } from 'vitest';
import { toHex } from '../../src/bytes/hex';
import { canKey } from '../../src/cards/passport/can';
import { dg14SecurityInfos } from '../../src/cards/passport/passport-card';
import { mrzKeyFromFields } from '../../src/cards/passport/mrz-key';
import { fixtureRsaKey } from '../../src/sim/passport/chip/chip-active-auth';
import { chipGroup } from '../../src/sim/passport/chip/chip-groups';
import { verifyEcdsaP256Aa, verifyRsaAa } from './aa-verify';
import { CA_OID, chipWith, PACE_OID, SPECIMEN_MRZ } from './fixtures';
import { connect, seededRandom } from './helpers';

const MRZ = () => mrzKeyFromFields(SPECIMEN_MRZ);
const GM = [{ oid: PACE_OID.ecdhGm(2), parameterId: 13 }];

describe('Active Authentication', () => {
  it.each([
    { name: 'RSA-1024 / SHA-1 (trailer BC)', key: fixtureRsaKey(1024, 'sha1'), extendedLength: false },
    { name: 'RSA-2048 / SHA-256 (trailer 34CC, extended answer)', key: fixtureRsaKey(2048, 'sha256'), extendedLength: true },
  ])('$name: the signature verifies with the DG15 key; a cloned chip\'s does not', async ({ key, extendedLength }) => {
    if (key.kind !== 'rsa') throw new Error('rsa');
    for (const cloned of [false, true]) {
      const chip = chipWith({ pace: GM, bac: false, activeAuthentication: key, lds: { aa: key }, ...(cloned ? { faults: { clonedKeys: true } } : {}) });
      const { card, recorder } = await connect(chip, { extendedLength, random: seededRandom(11) });
      await card.authenticate(MRZ());
      const dg15 = await card.readFile('DG15');
      expect(toHex(dg15)).toBe(toHex(chip.config.files.get(0x010f)!));
      const aa = await card.activeAuthenticate(Math.ceil(key.n.toString(2).length / 8));
      expect(aa.nonce).toHaveLength(8);
      expect(recorder.log.at(-1)!.command.startsWith('0C880000')).toBe(true);
      expect(verifyRsaAa(key.n, key.e, aa.nonce, aa.signature)).toBe(!cloned);
    }
  });

  it('ECDSA P-256 plain r‖s over SHA-256 of the nonce; cloned chip fails', async () => {
    const key = { kind: 'ecdsa', groupId: 12, privateKey: 0x5eed5eed5eed5eedn, hash: 'sha256' } as const;
    const pub = chipGroup(12).type === 'ec' ? (chipGroup(12) as Extract<ReturnType<typeof chipGroup>, { type: 'ec' }>).curve.Point.BASE.multiply(key.privateKey).toBytes(false) : new Uint8Array(0);
    for (const cloned of [false, true]) {
      const chip = chipWith({ pace: GM, bac: false, activeAuthentication: key, lds: { aa: key }, ...(cloned ? { faults: { clonedKeys: true } } : {}) });
      const { card } = await connect(chip, { random: seededRandom(12) });
      await card.authenticate(MRZ());
      const aa = await card.activeAuthenticate(64);
      expect(aa.signature).toHaveLength(64);
      expect(verifyEcdsaP256Aa(pub, aa.nonce, aa.signature)).toBe(!cloned);
    }
  });
});

describe('Chip Authentication', () => {
  const cases = [
    { name: 'ECDH brainpoolP256r1 AES-128 (MSE:Set AT + GA) after PACE', access: 'pace', ca: { oid: CA_OID.ecdh(2), groupId: 13, privateKey: 0x1122334455n, keyId: 1 }, via: 'mse-set-at' },
    { name: 'ECDH P-256 3DES (MSE:Set KAT) after BAC', access: 'bac', ca: { oid: CA_OID.ecdh(1), groupId: 12, privateKey: 0x998877665544n }, via: 'mse-set-kat' },
    { name: 'DH 1024/160 AES-256 (MSE:Set AT + GA) after BAC', access: 'bac', ca: { oid: CA_OID.dh(4), groupId: 0, privateKey: 0x0abcdef0123456789n, keyId: 7 }, via: 'mse-set-at' },
  ] as const;

  it.each(cases)('$name: SM re-keyed with SSC 0, reads continue; a cloned chip fails the MAC (ca-failed)', async ({ access, ca, via }) => {
    for (const cloned of [false, true]) {
      const chip = chipWith({ ...(access === 'pace' ? { pace: GM, bac: false } : {}), chipAuthentication: [ca], lds: { ca: [ca] }, ...(cloned ? { faults: { clonedKeys: true } } : {}) });
      const { card } = await connect(chip, { random: seededRandom(21) });
      await card.authenticate(MRZ());
      const dg14 = await card.readFile('DG14');
      const infos = dg14SecurityInfos(dg14);
      if (cloned) {
        await expect(card.chipAuthenticate(infos)).rejects.toMatchObject({ code: 'ca-failed' });
        // The session is gone: nothing more can be read.
        await expect(card.readFile('DG1')).rejects.toMatchObject({ code: 'not-authenticated' });
        continue;
      }
      const result = await card.chipAuthenticate(infos);
      expect(result.via).toBe(via);
      const sm = card.channel.secureMessaging!;
      expect(sm.cipher).toBe(ca.oid.endsWith('.1') ? '3des' : ca.oid.endsWith('.2') ? 'aes-128' : 'aes-256');
      expect(toHex(await card.readFile('DG1'))).toBe(toHex(chip.config.files.get(0x0101)!));
    }
  });
});

describe('access-control failures and SM forgeries', () => {
  it('wrong MRZ on a BAC chip: bac-wrong-mrz, one attempt, no data', async () => {
    const chip = chipWith({});
    const { card, recorder } = await connect(chip, { random: seededRandom(31) });
    await expect(card.authenticate(mrzKeyFromFields({ ...SPECIMEN_MRZ, birthDate: '850313' }))).rejects.toMatchObject({ code: 'bac-wrong-mrz', sw: 0x6300 });
    expect(chip.activity.bacAttempts).toBe(1);
    expect(chip.activity.readBinaries).toBe(1); // only the EF.CardAccess probe
    await expect(card.readFile('DG1')).rejects.toMatchObject({ code: 'not-authenticated' });
    expect(recorder.log.every((l) => !l.command.startsWith('0C'))).toBe(true);
  });

  it('wrong MRZ on a PACE+BAC chip: pace-wrong-password, and no BAC attempt afterwards', async () => {
    const chip = chipWith({ pace: GM });
    const { card } = await connect(chip, { random: seededRandom(32) });
    await expect(card.authenticate(mrzKeyFromFields({ ...SPECIMEN_MRZ, documentNumber: 'TK1234568' }))).rejects.toMatchObject({ code: 'pace-wrong-password', sw: 0x6300 });
    expect(chip.activity.paceAttempts).toBe(1);
    expect(chip.activity.bacAttempts).toBe(0);
  });

  it('wrong CAN: pace-wrong-password; CAN on a BAC-only chip: bac-not-available', async () => {
    const pace = chipWith({ pace: GM, can: '111111' });
    const a = await connect(pace, { random: seededRandom(33) });
    await expect(a.card.authenticate(canKey('111112'))).rejects.toMatchObject({ code: 'pace-wrong-password' });
    const bac = chipWith({});
    const b = await connect(bac, { random: seededRandom(34) });
    await expect(b.card.authenticate(canKey('111111'))).rejects.toMatchObject({ code: 'bac-not-available' });
  });

  it('PACE refused at MSE:Set AT (before any password use) falls back to BAC and says why', async () => {
    // EF.CardAccess advertises IM on P-256, but the chip only runs GM: MSE:Set AT answers 6A80.
    const chip = chipWith({ pace: GM, cardAccess: new Uint8Array([0x31, 0x14, 0x30, 0x12, 0x06, 0x0a, 0x04, 0x00, 0x7f, 0x00, 0x07, 0x02, 0x02, 0x04, 0x04, 0x02, 0x02, 0x01, 0x02, 0x02, 0x01, 0x0c]) });
    const { card } = await connect(chip, { random: seededRandom(35) });
    const access = await card.authenticate(MRZ());
    expect(access.method).toBe('bac');
    expect(access.fallbackReason).toMatch(/MSE:Set AT/);
    expect(toHex(await card.readFile('EF.COM'))).toBe(toHex(chip.config.files.get(0x011e)!));
  });

  it('no fallback when the caller forbids it', async () => {
    const chip = chipWith({ pace: GM, cardAccess: new Uint8Array([0x31, 0x14, 0x30, 0x12, 0x06, 0x0a, 0x04, 0x00, 0x7f, 0x00, 0x07, 0x02, 0x02, 0x04, 0x04, 0x02, 0x02, 0x01, 0x02, 0x02, 0x01, 0x0c]) });
    const { card } = await connect(chip, { random: seededRandom(36) });
    await expect(card.authenticate(MRZ(), { allowBacFallback: false })).rejects.toMatchObject({ code: 'pace-unsupported' });
    expect(chip.activity.bacAttempts).toBe(0);
  });

  it.each([
    { name: 'PACE', pace: GM },
    { name: 'BAC', pace: undefined },
  ])('SM MAC broken ($name): the first protected answer fails with sm-mac-mismatch and the session ends', async ({ pace }) => {
    const chip = chipWith({ ...(pace ? { pace, bac: false } : {}), faults: { breakSmMac: true } });
    const { card } = await connect(chip, { random: seededRandom(37) });
    const run = async () => {
      await card.authenticate(MRZ());
      return card.readFile('DG1');
    };
    await expect(run()).rejects.toMatchObject({ code: 'sm-mac-mismatch' });
    expect(card.channel.secureMessaging).toBeUndefined();
  });

  it.each([
    { name: 'PACE', pace: GM },
    { name: 'BAC', pace: undefined },
  ])('downgrade to plain answers ($name): refused with sm-downgrade, no data returned', async ({ pace }) => {
    const chip = chipWith({ ...(pace ? { pace, bac: false } : {}), faults: { plainAnswers: true } });
    const { card } = await connect(chip, { random: seededRandom(38) });
    const run = async () => {
      await card.authenticate(MRZ());
      return card.readFile('DG1');
    };
    await expect(run()).rejects.toMatchObject({ code: 'sm-downgrade' });
  });

  it('the password object is wiped after authenticate()', async () => {
    const chip = chipWith({ pace: GM });
    const { card } = await connect(chip, { random: seededRandom(39) });
    const key = MRZ();
    await card.authenticate(key);
    expect(key.information.every((b) => b === 0)).toBe(true);
    const wrong = mrzKeyFromFields({ ...SPECIMEN_MRZ, expiryDate: '330116' });
    const other = await connect(chipWith({ pace: GM }), { random: seededRandom(40) });
    await expect(other.card.authenticate(wrong)).rejects.toBeDefined();
    expect(wrong.information.every((b) => b === 0)).toBe(true);
  });

  it('PACE-CAM: EF.CardSecurity can be read from the MF after PACE; the CAM data verifies against its key', async () => {
    const ca = { oid: CA_OID.ecdh(2), groupId: 13, privateKey: 0x4242424242n, keyId: 13 };
    const pace = [{ oid: PACE_OID.ecdhCam(2), parameterId: 13 }];
    const { dg14For } = await import('../../src/sim/passport/chip/chip-security-infos');
    // Stand-in for EF.CardSecurity (really a CMS SignedData from the LDS helper): the bare SecurityInfos.
    const dg14 = dg14For({ ca: [ca], pace });
    const cardSecurityInfos = dg14.subarray(dg14[1]! < 0x80 ? 2 : 2 + (dg14[1]! & 0x7f));
    const chip = chipWith({ pace, bac: false, chipAuthentication: [ca], cardSecurity: cardSecurityInfos });
    const { card } = await connect(chip, { random: seededRandom(41) });
    const access = await card.authenticate(MRZ());
    const cs = await card.readCardSecurity();
    expect(toHex(cs)).toBe(toHex(cardSecurityInfos));
    const { parseSecurityInfos } = await import('../../src/cards/passport/security-infos');
    const { verifyPaceCam } = await import('../../src/cards/passport/pace');
    const key = parseSecurityInfos(cs).find((i) => i.kind === 'ca-public-key');
    expect(key && key.kind === 'ca-public-key' && verifyPaceCam(access.cam!, key.publicKey)).toBe(true);
    // …and reading continues in the application afterwards.
    expect(toHex(await card.readFile('DG1'))).toBe(toHex(chip.config.files.get(0x0101)!));
  });

  it('PACE-CAM on a cloned chip: the CAM data does not verify against the published key', async () => {
    const ca = { oid: CA_OID.ecdh(2), groupId: 13, privateKey: 0x4242424242n, keyId: 13 };
    const pace = [{ oid: PACE_OID.ecdhCam(2), parameterId: 13 }];
    const chip = chipWith({ pace, bac: false, chipAuthentication: [ca], faults: { clonedKeys: true } });
    const { card } = await connect(chip, { random: seededRandom(42) });
    const access = await card.authenticate(MRZ());
    const { caPublicValue } = await import('../../src/sim/passport/chip/chip-security-infos');
    const { verifyPaceCam } = await import('../../src/cards/passport/pace');
    expect(verifyPaceCam(access.cam!, caPublicValue(ca))).toBe(false);
  });
});

describe('the chip forgery catalogue', () => {
  it('every forgery this part owns makes the genuine flow fail in its own way (PACE and BAC chips)', async () => {
    const { CHIP_FORGERIES } = await import('../../src/sim/passport/chip/chip-forgeries');
    const { PassportChip } = await import('../../src/sim/passport/chip/passport-chip');
    const aa = fixtureRsaKey(1024);
    const ca = { oid: CA_OID.ecdh(2), groupId: 13, privateKey: 0x777777n, keyId: 1 };
    for (const pace of [GM, undefined]) {
      for (const forgery of CHIP_FORGERIES) {
        const genuine = chipWith({ ...(pace ? { pace, bac: false } : {}), activeAuthentication: aa, chipAuthentication: [ca], lds: { aa, ca: [ca] } });
        const chip = new PassportChip(forgery.apply(genuine.config));
        const { card } = await connect(chip, { random: seededRandom(50) });
        const outcome = await (async () => {
          await card.authenticate(MRZ());
          await card.readFile('DG1');
          const aaResult = await card.activeAuthenticate(128);
          if (aa.kind === 'rsa' && !verifyRsaAa(aa.n, aa.e, aaResult.nonce, aaResult.signature)) return 'aa-invalid';
          await card.chipAuthenticate(dg14SecurityInfos(await card.readFile('DG14')));
          return 'genuine';
        })().catch((e: { code?: string }) => e.code ?? 'untyped');
        expect(forgery.expected.split(/ [|/] /), `${forgery.id} on ${pace ? 'PACE' : 'BAC'}`).toContain(outcome);
      }
    }
  });
});
