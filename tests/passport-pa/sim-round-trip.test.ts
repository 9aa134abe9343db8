/**
 * Round trips over the simulated passports: every profile verifies in simulator trust mode
 * (passive authentication, Active Authentication, Chip Authentication or PACE-CAM where the
 * profile has them, the clone verdict), never in production mode; every forgery fails with its
 * own check and reason code; the simulator's master list imports; everything is deterministic.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSimPassport } from '../../src/sim/passport/lds/build-passport';
import { PASSPORT_FORGERIES } from '../../src/sim/passport/lds/forgeries';
import { PASSPORT_PROFILES } from '../../src/sim/passport/lds/profiles';
import { simCsca } from '../../src/sim/passport/pki/hierarchy';
import { simCscaCrl } from '../../src/sim/passport/pki/crl';
import { simMasterList } from '../../src/sim/passport/pki/master-list';
import { rogueCscaAnchor, simulatorPassportCscas } from '../../src/sim/passport/pki/sim-passport-trust';
import { importCscaCrl } from '../../src/verify/passport/trust/csca-crl';
import { importMasterList } from '../../src/verify/passport/trust/master-list';
import { createPassportTrustStore, type CscaAnchor, type PassportTrustStore } from '../../src/verify/passport/trust/passport-trust';
import { verifyPassportRead, type PassportReadInput } from '../../src/verify/passport/verify-passport';
import type { PassportCheck } from '../../src/verify/passport/passport-checks';
import { activeAuthentication, chipAuthentication, paceCam } from './chip-stand-in';

const NOW = new Date('2026-07-01T00:00:00Z');
let simAnchors: CscaAnchor[];
let trust: PassportTrustStore;

beforeAll(async () => {
  simAnchors = await simulatorPassportCscas();
  const base = createPassportTrustStore('simulator', { simulator: simAnchors });
  const crl = await importCscaCrl(await simCscaCrl(), base, NOW);
  expect(crl.check.status).toBe('pass');
  trust = createPassportTrustStore('simulator', { simulator: simAnchors, crls: [crl.crl!] });
}, 120_000);

async function readAll(profileId: string, forgery?: (typeof PASSPORT_FORGERIES)[number]['id']): Promise<Omit<PassportReadInput, 'trust' | 'now'>> {
  const pp = await buildSimPassport(profileId, forgery);
  const cam = pp.access.pace?.mapping === 'ECDH-CAM';
  return {
    sod: pp.files.get(0x011d)!,
    dataGroups: pp.dataGroups,
    ...(pp.chipKeys.aa ? { activeAuthentication: activeAuthentication(pp, profileId) } : {}),
    ...(pp.chipKeys.ca ? { chipAuthentication: cam ? paceCam(pp) : chipAuthentication(pp) } : {}),
    ...(cam ? { cardSecurity: pp.mfFiles.get(0x011d)! } : {}),
  };
}

const byId = (checks: readonly PassportCheck[], id: string) => checks.find((c) => c.id === id);

describe('every simulated passport profile', () => {
  for (const p of PASSPORT_PROFILES) {
    it(`${p.id}: verifies in simulator mode`, async () => {
      const input = await readAll(p.id);
      // The worked-example documents expired long ago; judge them at a time they were valid.
      const expired = p.id.startsWith('icao-appendix');
      const r = await verifyPassportRead({ ...input, trust, now: NOW });
      for (const id of ['pp.lds.structure', 'pp.passive-auth.dg-hashes', 'pp.passive-auth.sod-signature', 'pp.passive-auth.dsc-chain', 'pp.passive-auth.issuing-state']) {
        const c = byId(r.checks, id)!;
        expect(c.status, `${id}: ${c.code} ${c.detail}`).toBe('pass');
      }
      expect(r.passiveAuth.dataVerified).toBe(true);
      expect(byId(r.checks, 'pp.trust.anchors')).toMatchObject({ status: 'warn', code: 'pp-non-production-anchor' });
      expect(byId(r.checks, 'pp.document.expiry')!.status).toBe(expired ? 'fail' : 'pass');
      const genuine = byId(r.checks, 'pp.chip.genuine')!;
      if (p.aa || p.ca) {
        expect(genuine.status, genuine.detail).toBe('pass');
        if (p.aa) expect(byId(r.checks, 'pp.active-auth')!.status, byId(r.checks, 'pp.active-auth')!.detail).toBe('pass');
        if (p.ca) expect(byId(r.checks, 'pp.chip-auth')!.status, byId(r.checks, 'pp.chip-auth')!.detail).toBe('pass');
      } else {
        expect(genuine).toMatchObject({ status: 'warn', code: 'pp-chip-not-authenticated' });
      }
      // Revocation: the Utopia CSCA has a CRL (not listing this DSC); the others have none.
      const rev = byId(r.checks, 'pp.passive-auth.dsc-revocation')!;
      expect(rev.status).toBe(p.dsc.startsWith('xu') ? 'pass' : 'skipped');
    });
  }

  it('a simulated passport never verifies in production mode, and the failure says why', async () => {
    const input = await readAll('utopia-bac');
    const plain = await verifyPassportRead({ ...input, trust: createPassportTrustStore('production'), now: NOW });
    expect(byId(plain.checks, 'pp.passive-auth.dsc-chain')!.code).toBe('pp-csca-unknown');
    const explained = await verifyPassportRead({ ...input, trust: createPassportTrustStore('production'), now: NOW, otherAnchors: simAnchors });
    expect(byId(explained.checks, 'pp.passive-auth.dsc-chain')).toMatchObject({ status: 'fail', code: 'pp-csca-other-mode' });
    expect(byId(explained.checks, 'pp.chip.genuine')!.code).toBe('pp-chip-data-unverified');
    // Nor the simulated Japanese passport, although its CSCA says C=JP.
    const jp = await readAll('japan-no-address');
    const r = await verifyPassportRead({ ...jp, trust: createPassportTrustStore('production'), now: NOW });
    // Its DSC names "Kazasu Simulator (not MOFA)"; none of Japan's 8 real CSCAs signed it.
    expect(byId(r.checks, 'pp.passive-auth.dsc-chain')).toMatchObject({ status: 'fail', code: 'pp-csca-unknown' });
    expect(byId(r.checks, 'pp.passive-auth.dsc-chain')!.detail).toContain('8 CSCA certificate(s) for JP');
    expect(r.passiveAuth.dataVerified).toBe(false);
  });

  it('is byte-for-byte deterministic', async () => {
    for (const id of ['utopia-bac', 'germany-pace-gm', 'utopia-id-pace-im']) {
      const a = await buildSimPassport(id);
      const b = await buildSimPassport(id);
      for (const [fid, bytes] of a.files) expect([...bytes], `${id} ${fid.toString(16)}`).toEqual([...b.files.get(fid)!]);
    }
  });
});

describe('every passport forgery fails with its own check and reason', () => {
  for (const f of PASSPORT_FORGERIES) {
    it(`${f.id}: ${f.expect.check} → ${f.expect.code}`, async () => {
      const input = await readAll(f.baseProfile, f.id);
      const r = await verifyPassportRead({ ...input, trust, now: NOW });
      const c = byId(r.checks, f.expect.check)!;
      expect(c, `no ${f.expect.check}`).toBeDefined();
      expect(c.status, c.detail).toBe('fail');
      expect(c.code, c.detail).toBe(f.expect.code);
      if ('needsChipAuth' in f) {
        // The data is genuine; only the chip is not.
        expect(r.passiveAuth.dataVerified).toBe(true);
        expect(byId(r.checks, f.needsChipAuth === 'aa' ? 'pp.active-auth' : 'pp.chip-auth')!.code).toBe(f.needsChipAuth === 'aa' ? 'pp-aa-signature-invalid' : 'pp-ca-failed');
      } else {
        expect(r.passiveAuth.dataVerified).toBe(false);
      }
    });
  }

  it('the revoked DSC passes when no CRL was imported (revocation skipped, never "pass")', async () => {
    const input = await readAll('utopia-bac', 'dsc-revoked');
    const noCrl = createPassportTrustStore('simulator', { simulator: simAnchors });
    const r = await verifyPassportRead({ ...input, trust: noCrl, now: NOW });
    expect(byId(r.checks, 'pp.passive-auth.dsc-revocation')).toMatchObject({ status: 'skipped', code: 'pp-crl-none' });
  });

  it('the rogue CSCA, once (wrongly) trusted, makes the untrusted-CSCA forgery verify — the trust list is what decides', async () => {
    const input = await readAll('utopia-bac', 'dsc-untrusted-csca');
    const withRogue = createPassportTrustStore('simulator', { simulator: [...simAnchors, await rogueCscaAnchor()] });
    const r = await verifyPassportRead({ ...input, trust: withRogue, now: NOW });
    expect(byId(r.checks, 'pp.passive-auth.dsc-chain')!.status).toBe('pass');
  });

  it('the PACE-CAM clone is caught through EF.CardSecurity', async () => {
    const pp = await buildSimPassport('utopia-pace-cam', 'clone-ca');
    const r = await verifyPassportRead({ sod: pp.files.get(0x011d)!, dataGroups: pp.dataGroups, cardSecurity: pp.mfFiles.get(0x011d)!, chipAuthentication: paceCam(pp), trust, now: NOW });
    expect(byId(r.checks, 'pp.chip-auth')).toMatchObject({ status: 'fail', code: 'pp-ca-failed' });
    expect(byId(r.checks, 'pp.chip.genuine')!.code).toBe('pp-chip-clone');
  });
});

describe("the simulator's master list", () => {
  it('imports against the pinned Utopia CSCA and yields the three simulator CSCAs', async () => {
    const r = await importMasterList(await simMasterList(), [(await simCsca('XU')).certificate], NOW, { hierarchy: 'simulator', provenance: 'kazasu simulator master list' });
    expect(r.check.status, r.check.detail).toBe('pass');
    expect(r.cscas.map((a) => a.sha256).sort()).toEqual(simAnchors.map((a) => a.sha256).sort());
    expect(r.cscas.every((a) => a.hierarchy === 'simulator')).toBe(true);
    // A store built from the imported list verifies a simulated passport as well.
    const fromMl = createPassportTrustStore('simulator', { simulator: r.cscas });
    const v = await verifyPassportRead({ ...(await readAll('germany-pace-gm')), trust: fromMl, now: NOW });
    expect(v.passiveAuth.dataVerified).toBe(true);
  });

  it('tampered, or pinned to the wrong CSCA, it is refused', async () => {
    const tampered = await importMasterList(await simMasterList({ tampered: true }), [(await simCsca('XU')).certificate], NOW);
    expect(tampered.check.status).toBe('fail');
    const wrongPin = await importMasterList(await simMasterList(), [(await simCsca('DE')).certificate], NOW);
    expect(wrongPin.check.code).toBe('pp-ml-signer-unknown');
  });
});
