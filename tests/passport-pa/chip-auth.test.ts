/**
 * Chip Authentication results and PACE-CAM (9303-11 §6.2, §4.4.3.5): the key the chip proved
 * must be a key of verified data; the protocol must have succeeded; for CAM the mapping equation
 * must hold.
 */
import { describe, expect, it } from 'vitest';
import { brainpoolP256r1 } from '@noble/curves/misc.js';
import { parseCardSecurity, parseDg14, type EcPublicKeyInfo } from '../../src/cards/passport/lds';
import { buildSimPassport } from '../../src/sim/passport/lds/build-passport';
import { checkChipAuthentication, chipKeysOf, verifyPaceCamMapping } from '../../src/verify/passport/chip-auth';
import { chipAuthentication, paceCam } from './chip-stand-in';

const NOW = new Date('2026-07-01T00:00:00Z');

describe('Chip Authentication (DG14 key, re-keyed secure messaging)', () => {
  it('passes when the chip proves the DG14 key of verified data', async () => {
    const pp = await buildSimPassport('utopia-bac');
    const dg14 = parseDg14(pp.dataGroups.get(14)!);
    expect(checkChipAuthentication(chipAuthentication(pp), chipKeysOf(dg14, true), NOW).status).toBe('pass');
  });

  it('a clone (other private key) fails: the MAC under the new keys does not verify', async () => {
    const pp = await buildSimPassport('utopia-bac', 'clone-ca');
    const c = checkChipAuthentication(chipAuthentication(pp), chipKeysOf(parseDg14(pp.dataGroups.get(14)!), true), NOW);
    expect(c).toMatchObject({ status: 'fail', code: 'pp-ca-failed' });
  });

  it('a key that is not in DG14, an unverified DG14, no report', async () => {
    const pp = await buildSimPassport('utopia-bac');
    const dg14 = parseDg14(pp.dataGroups.get(14)!);
    const report = chipAuthentication(pp);
    const other = { ...report, chipPublicKey: brainpoolP256r1.getPublicKey(brainpoolP256r1.utils.randomSecretKey(), false) };
    expect(checkChipAuthentication(other, chipKeysOf(dg14, true), NOW).code).toBe('pp-ca-key-mismatch');
    expect(checkChipAuthentication({ ...report, keyId: 9 }, chipKeysOf(dg14, true), NOW).code).toBe('pp-ca-key-mismatch');
    expect(checkChipAuthentication(report, chipKeysOf(dg14, false), NOW).code).toBe('pp-ca-key-unverified');
    expect(checkChipAuthentication(undefined, chipKeysOf(dg14, true), NOW)).toMatchObject({ status: 'skipped', code: 'not-read' });
    expect(checkChipAuthentication(undefined, chipKeysOf(undefined, true), NOW)).toMatchObject({ status: 'skipped', code: 'pp-ca-not-supported' });
  });

  it('the compressed form of the same point is the same key', async () => {
    const pp = await buildSimPassport('utopia-bac');
    const dg14 = parseDg14(pp.dataGroups.get(14)!);
    const report = chipAuthentication(pp);
    const pk = dg14.chipAuthenticationPublicKeys[0]!.publicKey as EcPublicKeyInfo;
    const x = pk.point.subarray(1, 33);
    const compressed = new Uint8Array([0x02 | (pk.point[64]! & 1), ...x]);
    expect(checkChipAuthentication({ ...report, chipPublicKey: compressed }, chipKeysOf(dg14, true), NOW).status).toBe('pass');
  });
});

describe('PACE-CAM', () => {
  it('PK_Map,IC = CA_IC · PK_IC holds for the chip, not for a clone or a wrong CA_IC', async () => {
    const pp = await buildSimPassport('utopia-pace-cam');
    const cs = parseCardSecurity(pp.mfFiles.get(0x011d)!);
    const pk = cs.securityInfos.chipAuthenticationPublicKeys[0]!.publicKey as EcPublicKeyInfo;
    const report = paceCam(pp);
    expect(verifyPaceCamMapping(pk, report.caIc, report.mappingPublicKey)).toBe(true);
    const bad = report.caIc.slice();
    bad[bad.length - 1] ^= 1;
    expect(verifyPaceCamMapping(pk, bad, report.mappingPublicKey)).toBe(false);
    expect(verifyPaceCamMapping(pk, new Uint8Array(32), report.mappingPublicKey)).toBe(false);
    const clone = paceCam(await buildSimPassport('utopia-pace-cam', 'clone-ca'));
    expect(verifyPaceCamMapping(pk, clone.caIc, clone.mappingPublicKey)).toBe(false);
    const keys = { keys: cs.securityInfos.chipAuthenticationPublicKeys, source: 'EF.CardSecurity', verified: true };
    expect(checkChipAuthentication(report, keys, NOW).status).toBe('pass');
    expect(checkChipAuthentication(clone, keys, NOW).code).toBe('pp-ca-failed');
  });
});
