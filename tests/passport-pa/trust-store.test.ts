/**
 * The passport trust store: what each trust mode holds (modes never mix), the JSON form the CLI
 * and Settings persist, and checkSod's argument handling.
 */
import { describe, expect, it } from 'vitest';
import { checkSod } from '../../src/verify/passport/check-sod';
import { PassportVerifyError } from '../../src/verify/passport/passport-verify-error';
import { allKnownCscas, createPassportTrustStore, cscaAnchorFrom } from '../../src/verify/passport/trust/passport-trust';
import { passportTrustFromJson, passportTrustToJson } from '../../src/verify/passport/trust/trust-json';
import { derObjects } from '../../src/verify/passport/trust/pem-blocks';
import { simulatorPassportCscas } from '../../src/sim/passport/pki/sim-passport-trust';
import { buildSimPassport } from '../../src/sim/passport/lds/build-passport';
import { file } from './helpers';

const NOW = new Date('2026-07-01T00:00:00Z');

describe('trust modes', () => {
  it('production: Japan\'s shipped CSCAs plus operator imports, never simulator or test anchors', async () => {
    const sim = await simulatorPassportCscas();
    const gb = cscaAnchorFrom(derObjects(file('certs/csca/GB_CSCA_2010.pem'))[0]!, 'operator', 'imported', 'test');
    const testAnchor = { ...gb, hierarchy: 'test' as const, sha256: 'x'.repeat(64) };
    const store = createPassportTrustStore('production', { simulator: sim, imported: [gb, testAnchor] });
    expect(store.cscas.filter((a) => a.source === 'shipped')).toHaveLength(8);
    expect(store.cscas.some((a) => a.hierarchy === 'simulator' || a.hierarchy === 'test')).toBe(false);
    expect(store.cscas.some((a) => a.country === 'GB')).toBe(true);
  });

  it('simulator: only the simulator CSCAs (XU, DE, JP — not the rogue one)', async () => {
    const store = createPassportTrustStore('simulator', { simulator: await simulatorPassportCscas(), imported: [cscaAnchorFrom(derObjects(file('certs/csca/GB_CSCA_2010.pem'))[0]!, 'operator', 'imported', 'x')] });
    expect(store.cscas.map((a) => a.country).sort()).toEqual(['DE', 'JP', 'XU']);
    expect(store.cscas.every((a) => a.hierarchy === 'simulator' && a.provenance === 'kazasu-simulator')).toBe(true);
  });

  it('jpki-test: only imports marked test', () => {
    const gb = cscaAnchorFrom(derObjects(file('certs/csca/GB_CSCA_2010.pem'))[0]!, 'test', 'imported', 'a test PKI');
    expect(createPassportTrustStore('jpki-test', { imported: [gb] }).cscas).toEqual([gb]);
    expect(createPassportTrustStore('jpki-test').cscas).toHaveLength(0);
  });

  it('allKnownCscas lists every mode\'s anchors once (for "known only in another mode")', async () => {
    const sim = await simulatorPassportCscas();
    expect(allKnownCscas({ simulator: [...sim, ...sim] })).toHaveLength(8 + 3);
  });
});

describe('JSON persistence', () => {
  it('round-trips imports and refuses an edited key', () => {
    const gb = cscaAnchorFrom(derObjects(file('certs/csca/GB_CSCA_2010.pem'))[0]!, 'operator', 'imported', 'shared testdata');
    const json = JSON.parse(JSON.stringify(passportTrustToJson({ imported: [gb], masterLists: [], crls: [] })));
    const back = passportTrustFromJson(json);
    expect(back.imported![0]!.sha256).toBe(gb.sha256);
    expect([...back.imported![0]!.der]).toEqual([...gb.der]);
    const edited = structuredClone(json);
    edited.imported[0].der = json.imported[0].der.replace(/^MII/, 'MIJ');
    expect(() => passportTrustFromJson(edited)).toThrow(PassportVerifyError);
    expect(() => passportTrustFromJson({ format: 'other' })).toThrow(/not a kazasu-passport-trust/);
  });
});

describe('checkSod', () => {
  it('takes data groups by number or "DGn" and refuses anything else with a typed error', async () => {
    const pp = await buildSimPassport('utopia-bac');
    const trust = createPassportTrustStore('simulator', { simulator: await simulatorPassportCscas() });
    const r = await checkSod(pp.files.get(0x011d)!, new Map<number | string, Uint8Array>([['DG1', pp.dataGroups.get(1)!], [2, pp.dataGroups.get(2)!]]), trust, NOW);
    expect(r.checks.find((c) => c.id === 'pp.passive-auth.dg-hashes')!.detail).toMatch(/^DG1, DG2 match/);
    expect(r.dataVerified).toBe(true);
    await expect(checkSod(pp.files.get(0x011d)!, new Map([['DG17', new Uint8Array(1)]]), trust, NOW)).rejects.toThrow(PassportVerifyError);
    await expect(checkSod(pp.files.get(0x011d)!, new Map([['x', new Uint8Array(1)]]), trust, NOW)).rejects.toMatchObject({ code: 'pp-bad-argument' });
    await expect(checkSod(pp.files.get(0x011d)!, new Map(), trust, new Date('nope'))).rejects.toMatchObject({ code: 'pp-bad-argument' });
  });

  it('no data groups: the hashes are "not read", never a pass; a broken SOD is a structure failure', async () => {
    const pp = await buildSimPassport('utopia-bac');
    const trust = createPassportTrustStore('simulator', { simulator: await simulatorPassportCscas() });
    const r = await checkSod(pp.files.get(0x011d)!, new Map(), trust, NOW);
    expect(r.checks.find((c) => c.id === 'pp.passive-auth.dg-hashes')).toMatchObject({ status: 'skipped', code: 'not-read' });
    expect(r.dataVerified).toBe(false);
    const broken = await checkSod(pp.files.get(0x011d)!.subarray(0, 100), new Map(), trust, NOW);
    expect(broken.checks).toHaveLength(1);
    expect(broken.checks[0]).toMatchObject({ id: 'pp.lds.structure', status: 'fail', code: 'pp-sod-malformed' });
  });
});

describe('JSON persistence of CRLs', () => {
  it('revoked serials come from the CRL bytes, not from the JSON', async () => {
    const { importCscaCrl } = await import('../../src/verify/passport/trust/csca-crl');
    const { simCscaCrl } = await import('../../src/sim/passport/pki/crl');
    const store = createPassportTrustStore('simulator', { simulator: await simulatorPassportCscas() });
    const crl = (await importCscaCrl(await simCscaCrl(), store, NOW)).crl!;
    const json = JSON.parse(JSON.stringify(passportTrustToJson({ crls: [crl] })));
    json.crls[0].revokedSerials = [];
    expect(passportTrustFromJson(json).crls![0]!.revokedSerials).toEqual(['5d01f1']);
  });
});
