/**
 * Licence issuer certificates: what an operator may import, and how DF1/EF07's identifiers select
 * one (subject key identifier first, then issuer + serial; never "pick one" of several).
 */
import { describe, expect, it } from 'vitest';
import 'reflect-metadata';
import { toPem } from '../../src/sim/pki/pem';
import { simLicenceCaCertificate, simLicenceSigner } from '../../src/sim/licence';
import { importLicenceIssuerCertificate, licenceIssuersFromRecords, matchIssuerCertificate, parseLicenceIssuerCertificate } from '../../src/verify/licence';
import { simulatorIssuers } from './licence-helpers';

describe('import', () => {
  it('refuses a Kazasu Simulator certificate outside simulator mode (modes never mix)', async () => {
    const s = await simLicenceSigner('licence-issuer-1');
    await expect(importLicenceIssuerCertificate(s.certificate, 'production')).rejects.toMatchObject({ code: 'licence-issuer-simulator-in-production' });
  });

  it('refuses what is not an X.509 certificate', async () => {
    await expect(importLicenceIssuerCertificate(new TextEncoder().encode('hello'), 'production')).rejects.toMatchObject({ code: 'licence-issuer-not-x509' });
  });

  it('reads PEM and DER alike: serial, names, SKI, key hashes', async () => {
    const s = await simLicenceSigner('licence-issuer-2');
    const pem = new TextEncoder().encode(toPem(s.certificate, 'CERTIFICATE'));
    const a = await parseLicenceIssuerCertificate(pem, { hierarchy: 'operator', provenance: 'test' });
    const b = await parseLicenceIssuerCertificate(s.certificate, { hierarchy: 'operator', provenance: 'test' });
    expect(a.serialHex).toBe('4B5A0000000000B2');
    expect(a.subjectCn).toBe('Kazasu Simulator Osaka PSC Licence Signer 2');
    expect(a.issuerCn).toBe('Kazasu Simulator Licence CA');
    expect(a.subjectKeyIdExtension).toEqual(s.subjectKeyId);
    // The SKI the simulator writes is SHA-256 of the key, so the key hash matches it too.
    expect(a.keyHashes[0]).toEqual(s.subjectKeyId);
    expect(b.der).toEqual(a.der);
  });
});

describe('selection by the card’s identifiers', () => {
  it('by subject key identifier; by issuer + serial when B6 matches nothing; the decimal serial form too', async () => {
    const trust = await simulatorIssuers();
    const s1 = await simLicenceSigner('licence-issuer-1');
    const byKey = matchIssuerCertificate({ serial: 'garbage', issuerName: 'nobody', subjectKeyId: s1.subjectKeyId }, trust.certificates);
    expect(byKey.kind === 'matched' && [byKey.by, byKey.certificate.subjectCn]).toEqual(['subject-key-id', s1.subjectCn]);
    const bySerial = matchIssuerCertificate({ serial: '00004B5A0000000000A1', issuerName: 'kazasu simulator licence ca.', subjectKeyId: Uint8Array.of(1, 2, 3) }, trust.certificates);
    expect(bySerial.kind === 'matched' && bySerial.by).toBe('issuer-serial');
    const decimal = BigInt('0x4B5A0000000000A1').toString(10);
    expect(matchIssuerCertificate({ serial: decimal, issuerName: 'Kazasu Simulator Licence CA', subjectKeyId: Uint8Array.of(9) }, trust.certificates).kind).toBe('matched');
    // Right serial, wrong issuer name: not a match.
    expect(matchIssuerCertificate({ serial: '4B5A0000000000A1', issuerName: 'Another CA', subjectKeyId: Uint8Array.of(9) }, trust.certificates).kind).toBe('unknown');
  });

  it('B6 padded with 00 or FF still selects; two certificates with one key are ambiguous', async () => {
    const trust = await simulatorIssuers();
    const s1 = await simLicenceSigner('licence-issuer-1');
    const cert = trust.certificates.find((c) => c.subjectCn === s1.subjectCn)!;
    const sha1 = cert.keyHashes[1]!;
    const padded = new Uint8Array(32);
    padded.set(sha1);
    expect(matchIssuerCertificate({ serial: '', issuerName: '', subjectKeyId: padded }, trust.certificates).kind).toBe('matched');
    expect(matchIssuerCertificate({ serial: '', issuerName: '', subjectKeyId: s1.subjectKeyId }, [cert, cert])).toEqual({ kind: 'ambiguous', count: 2 });
    expect(matchIssuerCertificate({ serial: '', issuerName: '', subjectKeyId: s1.subjectKeyId }, [])).toEqual({ kind: 'none-installed' });
  });

  it('records round-trip into a trust set of the right mode', async () => {
    const ca = await simLicenceCaCertificate();
    const parsed = await parseLicenceIssuerCertificate(ca, { hierarchy: 'operator', provenance: 'x' });
    const record = { kind: 'licence-issuer' as const, mode: 'jpki-test' as const, name: parsed.subject, sha256: 'AA', derBase64: Buffer.from(ca).toString('base64'), importedAt: '2026-12-01T00:00:00.000Z' };
    expect((await licenceIssuersFromRecords([record], 'production')).certificates).toHaveLength(0);
    const t = await licenceIssuersFromRecords([record], 'jpki-test', true);
    expect([t.certificates.length, t.complete, t.certificates[0]!.provenance]).toEqual([1, true, 'operator-imported 2026-12-01T00:00:00.000Z (AA)']);
  });
});
