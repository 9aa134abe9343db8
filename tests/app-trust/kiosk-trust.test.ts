/**
 * Settings → 信頼の起点 / Trust anchors below the screen (src/app/trust): imports checked by the
 * verifier's pure functions, kept in (fake) IndexedDB, re-checked on load, removed, and handed to
 * the verification environment. MOJ certificates are not committed, so a fixture stands in under
 * a pin the test gives (the shipped pins are never changed); passport data is the real German
 * master list and CSCAs of /work/shared/testdata/emrtd (README there).
 */
import { IDBFactory } from 'fake-indexeddb';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createKioskTrust, type KioskTrust } from '../../src/app/trust/kiosk-trust';
import { IndexedDbPassportTrustRepository } from '../../src/app/trust/passport-trust-repository';
import { builtInPassportEntries, crlEntries, importedCscaEntries, licenceEntries, masterListEntries, residenceEntries } from '../../src/app/trust/trust-listing';
import { licenceIssuerTrust } from '../../src/documents/licence/licence-issuers';
import type { VerificationEnvironment } from '../../src/documents/verification-environment';
import { simLicenceSigner } from '../../src/sim/licence/licence-issuer';
import { MOJ_ANCHOR_PINS, type MojAnchorPin } from '../../src/verify/residence-card';
import { IndexedDbAnchorRepository } from '../../src/verify/trust/indexeddb-anchor-repository';
import { createTrustStore } from '../../src/verify/trust/trust-store';

const FIX = join(__dirname, '..', '..', 'e2e', 'fixtures', 'trust');
const EMRTD = process.env.KAZASU_EMRTD_TESTDATA ?? '/work/shared/testdata/emrtd';
const file = (name: string) => new Uint8Array(readFileSync(join(FIX, name)));
const emrtd = (path: string) => new Uint8Array(readFileSync(join(EMRTD, path)));
const NOW = new Date('2026-12-08T00:00:00Z');

const FIXTURE_CA2 = '452EB11898C486C8D6627DD9E988976A42DC8E74EA3FDC9A0F80C838365931EE';
const FIXTURE_TEST_CA2 = '720036B80386F2A8D5EE1FFAB1B10A82FD3232E3AB7B380C0711B30E4B127107';

/** The shipped pins with the two gen-2 fingerprints replaced by the fixtures' (names and modes kept). */
const FIXTURE_PINS: MojAnchorPin[] = MOJ_ANCHOR_PINS.map((p) => (p.id === 'moj-gen2-2026' ? { ...p, sha256: FIXTURE_CA2 } : p.id === 'moj-gen2-test-2026' ? { ...p, sha256: FIXTURE_TEST_CA2 } : p));

function kioskTrust(idb = new IDBFactory(), pins: readonly MojAnchorPin[] = FIXTURE_PINS): { trust: KioskTrust; idb: IDBFactory } {
  const trust = createKioskTrust({ anchors: new IndexedDbAnchorRepository(idb), passport: new IndexedDbPassportTrustRepository(idb), mojPins: pins, now: () => NOW });
  return { trust, idb };
}

function env(trust: KioskTrust, mode: 'production' | 'jpki-test'): VerificationEnvironment {
  const store = createTrustStore(mode);
  return { trust: store, allAnchors: store, documentAnchors: trust.documentAnchors(), passportTrust: trust.passportTrust(mode), revocation: { check: async () => ({ status: 'pending' }) } as never, now: () => NOW };
}

describe('residence card: MOJ CAs against the pins', () => {
  it('a pinned CA is imported with the pin’s name, persisted, and becomes a production document anchor; the test CA maps to test mode', async () => {
    const { trust, idb } = kioskTrust();
    await trust.load();
    expect(await trust.importResidenceCa(file('moj-fixture-ca2.pem'))).toEqual({ ok: true, what: 'residence-card', name: 'ZairyuCard CA2 (2026–2039)', test: false, already: false });
    expect(await trust.importResidenceCa(file('moj-fixture-test-ca2.pem'))).toMatchObject({ ok: true, test: true, already: false });
    expect(await trust.importResidenceCa(file('moj-fixture-ca2.pem'))).toMatchObject({ ok: true, already: true });
    expect(trust.documentAnchors().map((a) => [a.document, a.hierarchy, a.sha256])).toEqual([
      ['residence-card', 'production', FIXTURE_CA2],
      ['residence-card', 'test', FIXTURE_TEST_CA2],
    ]);
    const entries = residenceEntries(trust.records());
    expect(entries.map((e) => [e.name, e.test, e.source, e.removable])).toEqual([
      ['ZairyuCard CA2 (2026–2039)', false, 'imported', true],
      ['ZairyuCard CA2 for official test cards (2026–2039)', true, 'imported', true],
    ]);
    expect(entries[0]!.fingerprint).toBe(FIXTURE_CA2.match(/../g)!.join(':'));
    expect(entries[0]!.subject).toContain('Kazasu e2e fixture (not MOJ)');
    expect(entries[0]!.notAfter).toMatch(/^20\d\d-/);

    // Another kiosk start: the same IndexedDB gives the same anchors.
    const again = kioskTrust(idb).trust;
    await again.load();
    expect(again.documentAnchors().map((a) => a.sha256)).toEqual([FIXTURE_CA2, FIXTURE_TEST_CA2]);
    // Loaded under the shipped pins (which the fixtures do not match), nothing is trusted and the screen is told.
    const shipped = kioskTrust(idb, MOJ_ANCHOR_PINS).trust;
    await shipped.load();
    expect(shipped.documentAnchors()).toEqual([]);
    expect(shipped.problems()).toEqual({ refused: 2, storage: false });
  });

  it('a certificate matching no pin, a non-certificate and an oversized file are refused with their reason; nothing is stored', async () => {
    const { trust } = kioskTrust();
    await trust.load();
    const lookAlike = await trust.importResidenceCa(file('look-alike-ca2.pem'));
    expect(lookAlike).toMatchObject({ ok: false, code: 'rc-anchor-unknown-fingerprint' });
    expect(!lookAlike.ok && lookAlike.detail).toContain('3D81E30EBBF1DDF9E0F4807B19A3C70328A653E5651E8362B8D60C294C8443C4');
    expect(await trust.importResidenceCa(new TextEncoder().encode('<html>not found</html>'))).toMatchObject({ ok: false, code: 'rc-anchor-not-a-certificate' });
    expect(await trust.importResidenceCa(new Uint8Array(0))).toMatchObject({ ok: false, code: 'rc-anchor-not-a-certificate' });
    expect(await trust.importResidenceCa(new Uint8Array(9 * 1024 * 1024))).toEqual({ ok: false, code: 'file-too-large' });
    expect(trust.records()).toEqual([]);
  });

  it('the simulator’s own CA is refused as such (simulator mode trusts it already)', async () => {
    const sim = file('moj-fixture-ca2.pem');
    const trust = createKioskTrust({
      anchors: new IndexedDbAnchorRepository(new IDBFactory()),
      passport: new IndexedDbPassportTrustRepository(new IDBFactory()),
      mojPins: MOJ_ANCHOR_PINS,
      simulatorDocumentAnchors: () => [{ document: 'residence-card', der: sim, name: 'sim', hierarchy: 'simulator', provenance: 'kazasu-simulator', sha256: FIXTURE_CA2 }],
    });
    await trust.load();
    expect(await trust.importResidenceCa(sim)).toEqual({ ok: false, code: 'rc-anchor-simulator' });
  });

  it('removal takes the anchor out of the store and of the environment', async () => {
    const { trust, idb } = kioskTrust();
    await trust.load();
    await trust.importResidenceCa(file('moj-fixture-ca2.pem'));
    let told = 0;
    trust.subscribe(() => told++);
    expect(await trust.remove({ kind: 'anchor-record', sha256: FIXTURE_CA2 })).toBe(true);
    expect(told).toBe(1);
    expect(trust.documentAnchors()).toEqual([]);
    expect(await trust.remove({ kind: 'anchor-record', sha256: FIXTURE_CA2 })).toBe(false);
    const again = kioskTrust(idb).trust;
    await again.load();
    expect(again.records()).toEqual([]);
  });
});

describe("driver's licence: issuer certificates", () => {
  it('an RSA certificate is imported for the mode chosen and reaches the licence driver’s issuer trust of that mode only', async () => {
    const { trust } = kioskTrust();
    await trust.load();
    expect(await trust.importLicenceIssuer(file('licence-issuer.pem'), 'production')).toEqual({ ok: true, what: 'licence-issuer', name: 'Fixture Licence Signer', already: false });
    const production = await licenceIssuerTrust(env(trust, 'production'));
    expect(production.certificates.map((c) => c.subjectCn)).toEqual(['Fixture Licence Signer']);
    expect(production.complete).toBe(false);
    expect((await licenceIssuerTrust(env(trust, 'jpki-test'))).certificates).toEqual([]);
    expect(licenceEntries(trust.records()).map((e) => [e.name, e.test])).toEqual([['Fixture Licence Signer, Kazasu e2e fixture (not NPA) (JP)', false]]);
  });

  it('the simulator’s issuer, an EC certificate and garbage are refused with their reasons', async () => {
    const { trust } = kioskTrust();
    await trust.load();
    const sim = (await simLicenceSigner('licence-issuer-1')).certificate;
    expect(await trust.importLicenceIssuer(sim, 'production')).toMatchObject({ ok: false, code: 'licence-issuer-simulator-in-production' });
    expect(await trust.importLicenceIssuer(file('moj-fixture-ca2.pem'), 'production')).toMatchObject({ ok: false, code: 'licence-issuer-not-rsa' });
    expect(await trust.importLicenceIssuer(new Uint8Array([0x30, 0x82, 0xff, 0xff, 1, 2, 3]), 'production')).toMatchObject({ ok: false, code: 'licence-issuer-not-x509' });
    expect(trust.records()).toEqual([]);
  });
});

describe.runIf(existsSync(EMRTD))('passport: master lists, single CSCAs and CSCA CRLs', () => {
  const DE_ML = 'masterlists/DE_ML_2026-05-28-08-28-45.ml.b64';

  it('the German master list with the pinned German CSCA adds its CSCAs to production; Japan’s stay built in; removal takes the list’s CSCAs away', async () => {
    const { trust, idb } = kioskTrust();
    await trust.load();
    const before = trust.passportTrust('production').cscas.length;
    expect(before).toBe(builtInPassportEntries().length);
    expect(builtInPassportEntries().every((e) => e.source === 'built-in' && !e.removable && e.name.includes('(JP)'))).toBe(true);
    const outcome = await trust.importMasterList(emrtd(DE_ML), emrtd('certs/ml-trust/DE_CSCA07.pem'));
    expect(outcome).toMatchObject({ ok: true, what: 'master-list', publisher: 'DE' });
    if (!outcome.ok || outcome.what !== 'master-list') throw new Error('not imported');
    expect(outcome.cscas).toBeGreaterThan(100);
    expect(outcome.countries).toBeGreaterThan(50);
    const store = trust.passportTrust('production');
    expect(store.cscas.length).toBeGreaterThan(before + 50);
    expect(store.masterLists.map((m) => m.publisher)).toEqual(['DE']);
    expect(trust.passportTrust('jpki-test').cscas).toEqual([]);
    const [entry] = masterListEntries(trust.passportImports());
    expect(entry!.cscaCount).toBe(outcome.cscas);
    expect(entry!.countries.find((c) => c.country === 'DE')!.count).toBeGreaterThan(0);
    expect(entry!.signingTime).toMatch(/^2026-05-28/);

    // Persisted, and re-read from its own bytes on the next start.
    const again = kioskTrust(idb).trust;
    await again.load();
    expect(again.passportTrust('production').cscas.length).toBe(store.cscas.length);

    expect(await again.remove({ kind: 'master-list', sha256: entry!.id })).toBe(true);
    expect(again.passportTrust('production').cscas.length).toBe(before);
    expect(again.passportImports()).toEqual({ imported: [], masterLists: [], crls: [] });
  });

  it('a list checked against the wrong state’s CSCA, a signer file that is no certificate, and a list that is no list are refused', async () => {
    const { trust } = kioskTrust();
    await trust.load();
    expect(await trust.importMasterList(emrtd(DE_ML), emrtd('certs/ml-trust/NL_CSCA_2024.pem'))).toMatchObject({ ok: false, code: 'pp-ml-signer-unknown' });
    expect(await trust.importMasterList(emrtd(DE_ML), new TextEncoder().encode('not a certificate'))).toMatchObject({ ok: false, code: 'signer-not-a-certificate' });
    expect(await trust.importMasterList(file('licence-issuer.pem'), emrtd('certs/ml-trust/DE_CSCA07.pem'))).toMatchObject({ ok: false, code: 'pp-ml-malformed' });
    expect(trust.passportImports().masterLists).toEqual([]);
  });

  it('a single CSCA is imported and removable; an expired one and a non-CA are refused', async () => {
    const { trust } = kioskTrust();
    await trust.load();
    expect(await trust.importCsca(emrtd('certs/ml-trust/NL_CSCA_2024.pem'))).toMatchObject({ ok: true, what: 'csca', already: false });
    const [nl] = importedCscaEntries(trust.passportImports());
    expect(nl).toMatchObject({ source: 'imported', removable: true });
    expect(nl!.name).toContain('CSCA NL');
    expect(trust.passportTrust('production').cscas.some((a) => a.sha256 === nl!.id.toLowerCase())).toBe(true);
    // GB's 2010 CSCA ran out in July 2026.
    expect(await trust.importCsca(emrtd('certs/csca/GB_CSCA_2010.pem'))).toMatchObject({ ok: false, code: 'csca-not-valid-now' });
    expect(await trust.importCsca(file('end-entity.pem'))).toMatchObject({ ok: false, code: 'csca-not-a-ca' });
    expect(await trust.importCsca(new TextEncoder().encode('garbage'))).toMatchObject({ ok: false, code: 'csca-not-a-certificate' });
    expect(await trust.remove({ kind: 'csca', sha256: nl!.id.toLowerCase() })).toBe(true);
    expect(importedCscaEntries(trust.passportImports()).map((e) => e.name)).not.toContain(nl!.name);
  });

  it('a CSCA CRL needs its CSCA installed first; then it is imported (with the stale warning) and listed', async () => {
    const { trust } = kioskTrust();
    await trust.load();
    const crl = emrtd('crl/COL.crl.pem');
    expect(await trust.importCscaCrl(crl)).toMatchObject({ ok: false, code: 'pp-crl-issuer-unknown' });
    await trust.importMasterList(emrtd(DE_ML), emrtd('certs/ml-trust/DE_CSCA07.pem'));
    expect(await trust.importCscaCrl(crl)).toMatchObject({ ok: true, what: 'csca-crl', stale: true });
    const [entry] = crlEntries(trust.passportImports());
    expect(entry).toMatchObject({ country: 'CO' });
    expect(trust.passportTrust('production').crls).toHaveLength(1);
    expect(await trust.importCscaCrl(new TextEncoder().encode('-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----'))).toMatchObject({ ok: false, code: 'pp-crl-malformed' });
  });
});

describe('stored passport trust that was edited', () => {
  it('is not trusted at all, and the screen is told', async () => {
    const idb = new IDBFactory();
    const repo = new IndexedDbPassportTrustRepository(idb);
    const der = readFileSync(join(FIX, 'licence-issuer.pem'), 'utf8');
    await repo.save({ imported: [], masterLists: [], crls: [] });
    // Put an entry whose recorded fingerprint does not match its bytes.
    await new Promise<void>((resolve, reject) => {
      const open = idb.open('kazasu-passport-trust', 1);
      open.onsuccess = () => {
        const tx = open.result.transaction('passport', 'readwrite');
        tx.objectStore('passport').put({ format: 'kazasu-passport-trust/1', imported: [{ der: Buffer.from(der).toString('base64'), country: 'XX', name: 'x', hierarchy: 'operator', source: 'imported', provenance: 'p', sha256: '00' }], masterLists: [], crls: [] }, 'imports');
        tx.oncomplete = () => (open.result.close(), resolve());
        tx.onerror = () => reject(tx.error);
      };
    });
    const trust = createKioskTrust({ anchors: new IndexedDbAnchorRepository(idb), passport: repo, now: () => NOW });
    await trust.load();
    expect(trust.problems().storage).toBe(true);
    expect(trust.passportImports().imported).toEqual([]);
    expect(trust.passportTrust('production').cscas.length).toBe(builtInPassportEntries().length);
  });
});
