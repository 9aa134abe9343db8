/**
 * CSCA CRLs: the real Colombian CRL of the shared folder (its issuer's CSCA is in the German
 * master list, so its signature is checked), and the simulator's CRL (revoked DSC, stale CRL,
 * tampered CRL, unknown issuer).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { checkDscRevocation, decodeCscaCrl, importCscaCrl } from '../../src/verify/passport/trust/csca-crl';
import { anchorCertificate, createPassportTrustStore, type CscaCrl, type PassportTrustStore } from '../../src/verify/passport/trust/passport-trust';
import type { PassportCertificate } from '../../src/verify/passport/certificate';
import { simCscaCrl } from '../../src/sim/passport/pki/crl';
import { simulatorPassportCscas } from '../../src/sim/passport/pki/sim-passport-trust';
import { file, importTestMasterList } from './helpers';

let trust: PassportTrustStore;

beforeAll(async () => {
  const de = await importTestMasterList('DE');
  trust = createPassportTrustStore('production', { imported: de.cscas });
}, 120_000);

/** A stand-in DSC with just the fields revocation looks at. */
const dscWithSerial = (hex: string) => ({ serial: Uint8Array.from(hex.match(/../g)!.map((h) => parseInt(h, 16))), serialHex: hex }) as unknown as PassportCertificate;

describe('the real Colombian CSCA CRL (2020-05-08)', () => {
  it('decodes: issuer, dates, 15 revoked serials', () => {
    const crl = decodeCscaCrl(file('crl/COL.crl.pem'));
    expect(crl.issuer.display).toBe('C=CO, O=Colombia, OU=Certification Authorities, CN=Government of Colombia CSCA');
    expect(crl.thisUpdate.toISOString()).toBe('2020-05-08T12:38:29.000Z');
    expect(crl.nextUpdate?.toISOString()).toBe('2020-08-06T12:38:29.000Z');
    expect(crl.revokedSerials).toHaveLength(15);
    expect(crl.revokedSerials).toContain('55780b03');
  });

  it('its signature verifies with the Colombian CSCA from the DE master list; fresh in June 2020, stale now', async () => {
    const fresh = await importCscaCrl(file('crl/COL.crl.pem'), trust, new Date('2020-06-01T00:00:00Z'));
    expect(fresh.check.status, fresh.check.detail).toBe('pass');
    expect(fresh.crl!.issuerCountry).toBe('CO');
    const now = await importCscaCrl(file('crl/COL.crl.pem'), trust, new Date('2026-06-01T00:00:00Z'));
    expect(now.check.code).toBe('pp-crl-stale');
    expect(now.check.status).toBe('warn');
  });

  it('a DSC serial on it is revoked; another is not (while fresh) or undecidable (once stale)', async () => {
    const imported = await importCscaCrl(file('crl/COL.crl.pem'), trust, new Date('2020-06-01T00:00:00Z'));
    const withCrl = createPassportTrustStore('production', { imported: trust.cscas.filter((a) => a.hierarchy === 'operator'), crls: [imported.crl!] });
    const csca = anchorCertificate(trust.cscas.find((a) => a.sha256 === imported.crl!.verifiedWithCsca)!)!;
    const june = new Date('2020-06-01T00:00:00Z');
    expect(checkDscRevocation(dscWithSerial('55780B03'), csca, withCrl, june).code).toBe('pp-dsc-revoked');
    expect(checkDscRevocation(dscWithSerial('12345678'), csca, withCrl, june).status).toBe('pass');
    expect(checkDscRevocation(dscWithSerial('12345678'), csca, withCrl, new Date('2026-06-01T00:00:00Z')).code).toBe('pp-crl-stale');
    // Without the CRL: skipped, never a pass.
    expect(checkDscRevocation(dscWithSerial('55780B03'), csca, trust, june)).toMatchObject({ status: 'skipped', code: 'pp-crl-none' });
  });

  it('in a trust store without Colombia the issuer is unknown', async () => {
    const r = await importCscaCrl(file('crl/COL.crl.pem'), createPassportTrustStore('production'), new Date('2020-06-01T00:00:00Z'));
    expect(r.check.code).toBe('pp-crl-issuer-unknown');
  });
});

describe("the simulator's CSCA CRL", () => {
  it('verifies against the simulator Utopia CSCA; stale and tampered CRLs say so', async () => {
    const sim = createPassportTrustStore('simulator', { simulator: await simulatorPassportCscas() });
    const now = new Date('2026-07-01T00:00:00Z');
    const ok = await importCscaCrl(await simCscaCrl(), sim, now);
    expect(ok.check.status, ok.check.detail).toBe('pass');
    expect(ok.crl!.revokedSerials).toEqual(['5d01f1']);
    const stale = await importCscaCrl(await simCscaCrl({ stale: true }), sim, now);
    expect(stale.check.code).toBe('pp-crl-stale');
    const bytes = (await simCscaCrl()).slice();
    bytes[bytes.length - 10] ^= 0x01; // inside the signature
    const tampered = await importCscaCrl(bytes, sim, now);
    expect(tampered.check.code).toBe('pp-crl-signature-invalid');
    const record: CscaCrl = ok.crl!;
    expect(record.provenance).toBe('CSCA CRL');
  });

  it('garbage is pp-crl-malformed', async () => {
    const r = await importCscaCrl(Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x00), createPassportTrustStore('production'), new Date());
    expect(r.check.code).toBe('pp-crl-malformed');
  });
});
