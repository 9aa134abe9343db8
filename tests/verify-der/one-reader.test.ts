/**
 * The verifier's one strict DER reader (src/verify/der): the JPKI checks and revocation read the
 * same fields of the same certificate, each failing with its own typed error, and the rules the
 * two former readers disagreed on now hold for both (each the stricter one).
 */
import { describe, expect, it } from 'vitest';
import { toHex } from '../../src/bytes/hex';
import { readCertificate } from '../../src/verify/der/certificate';
import { readDistributionPoints } from '../../src/verify/der/distribution-points';
import { JpkiVerifyError, jpkiMalformed } from '../../src/verify/jpki/jpki-errors';
import { decodeCertificate, parseJpkiCertificate } from '../../src/verify/jpki/jpki-certificate';
import { parseJpkiCertificateSummary } from '../../src/verify/jpki/jpki-certificate-summary';
import { readCertificateFields } from '../../src/verify/revocation/certificate-fields';
import { crlUrlsFromCertificate } from '../../src/verify/revocation/crl-distribution-points';
import { certificateDistributionPointNames } from '../../src/verify/revocation/crl-scope';
import { RevocationError, revocationFailure } from '../../src/verify/revocation/revocation-error';
import { authLeaf, signLeaf } from '../verify-jpki/helpers';

// ---------------------------------------------------------------- a tiny DER writer
function len(n: number): number[] {
  if (n < 0x80) return [n];
  const out: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) out.unshift(v & 0xff);
  return [0x80 | out.length, ...out];
}
const tlv = (tag: number, ...parts: (Uint8Array | number[])[]): Uint8Array => {
  const body = parts.flatMap((p) => Array.from(p));
  return Uint8Array.from([tag, ...len(body.length), ...body]);
};
const seq = (...p: Uint8Array[]) => tlv(0x30, ...p);
const ascii = (s: string) => Array.from(Buffer.from(s, 'latin1'));
const OID = {
  sha256Rsa: [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b],
  rsa: [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01],
  cn: [0x55, 0x04, 0x03],
  cdp: [0x55, 0x1d, 0x1f],
  keyUsage: [0x55, 0x1d, 0x0f],
};
const alg = (oid: number[]) => seq(tlv(0x06, oid), tlv(0x05));
const name = (cn: string) => seq(tlv(0x31, seq(tlv(0x06, OID.cn), tlv(0x0c, ascii(cn)))));
const utc = (s: string) => tlv(0x17, ascii(s));
const gen = (s: string) => tlv(0x18, ascii(s));
const ext = (oid: number[], value: Uint8Array, critical = false) => seq(tlv(0x06, oid), ...(critical ? [tlv(0x01, [0xff])] : []), tlv(0x04, value));
const uri = (s: string) => tlv(0x86, ascii(s));
const dirName = (cn: string) => tlv(0xa4, name(cn));
const fullName = (...names: Uint8Array[]) => seq(tlv(0xa0, tlv(0xa0, ...names)));

interface CertParts {
  readonly version?: number | null;
  readonly serial?: number[];
  readonly notBefore?: Uint8Array;
  readonly tail?: readonly Uint8Array[];
}

/** A structurally complete certificate (the reader checks no signature). */
function certificate(p: CertParts = {}): Uint8Array {
  const key = tlv(0x03, [0x00], seq(tlv(0x02, [0x00, 0xc1, 0x23]), tlv(0x02, [0x01, 0x00, 0x01])));
  const tbs = seq(
    ...(p.version === null ? [] : [tlv(0xa0, tlv(0x02, [p.version ?? 2]))]),
    tlv(0x02, p.serial ?? [0x01, 0x23]),
    alg(OID.sha256Rsa),
    name('issuer'),
    seq(p.notBefore ?? utc('250101000000Z'), utc('300101000000Z')),
    name('subject'),
    seq(alg(OID.rsa), key),
    ...(p.tail ?? [tlv(0xa3, seq(ext(OID.keyUsage, tlv(0x03, [0x07, 0x80]), true)))]),
  );
  return seq(tbs, alg(OID.sha256Rsa), tlv(0x03, [0x00, 0xaa, 0xbb]));
}

function jpkiError(f: () => unknown): JpkiVerifyError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(JpkiVerifyError);
    expect((e as JpkiVerifyError).code).toBe('jpki-malformed');
    return e as JpkiVerifyError;
  }
  throw new Error('did not throw');
}

function revocationError(f: () => unknown): RevocationError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(RevocationError);
    expect((e as RevocationError).code).toBe('certificate-malformed');
    return e as RevocationError;
  }
  throw new Error('did not throw');
}

describe('one certificate reading for JPKI and revocation', () => {
  it('the JPKI checks and revocation see the same fields of a simulated leaf', async () => {
    for (const der of [await signLeaf(), await authLeaf()]) {
      const jpki = parseJpkiCertificate(der).decoded;
      const rev = readCertificateFields(der);
      expect(toHex(jpki.serial)).toBe(toHex(rev.serial));
      for (const k of ['tbs', 'issuerName', 'subjectName', 'spki', 'subjectPublicKey', 'signature'] as const) expect(toHex(jpki[k]), k).toBe(toHex(rev[k]));
      expect([jpki.notBefore, jpki.notAfter, jpki.version]).toEqual([rev.notBefore, rev.notAfter, 3]);
      expect([...jpki.extensions.keys()]).toEqual([...rev.extensions.keys()]);
      expect(jpki.signatureAlgorithm).toEqual(rev.signatureAlgorithm);
    }
  });

  it('reads a hand-built certificate: version, serial magnitude, names, validity, extensions', () => {
    const c = readCertificate(certificate({ serial: [0x00, 0x80, 0x01] }), jpkiMalformed);
    expect(c.version).toBe(3);
    expect(toHex(c.serial)).toBe('8001'); // the DER sign octet dropped
    expect(new Date(c.notBefore).toISOString()).toBe('2025-01-01T00:00:00.000Z');
    expect(c.extensions.get('2.5.29.15')).toMatchObject({ critical: true });
    expect(c.spkiAlgorithm.oid).toBe('1.2.840.113549.1.1.1');
  });

  it('one malformed certificate: JPKI says jpki-malformed, revocation says certificate-malformed at the same offset', () => {
    const good = certificate();
    const bad = good.slice();
    const at = bad.indexOf(0x17); // notBefore UTCTime
    bad[at + 4] = 0x39; // month 91
    const j = jpkiError(() => decodeCertificate(bad));
    const r = revocationError(() => readCertificateFields(bad));
    expect(r.offset).toBe(at);
    expect(j.message).toContain(`at offset ${at}`);
  });

  it('v3 is a JPKI rule; at most 20 serial octets is a revocation rule', () => {
    const v1 = certificate({ version: null, tail: [] });
    expect(readCertificateFields(v1).version).toBe(1);
    expect(jpkiError(() => decodeCertificate(v1)).message).toContain('not an X.509 v3');
    const long = certificate({ serial: Array(21).fill(0x11) });
    expect(decodeCertificate(long).serial.length).toBe(21);
    expect(revocationError(() => readCertificateFields(long)).message).toContain('longer than 20 octets');
  });

  it('rules the two readers used to disagree on hold for both now', () => {
    const cases: Record<string, Uint8Array> = {
      'empty Extensions (SIZE (1..MAX))': certificate({ tail: [tlv(0xa3, seq())] }),
      'issuerUniqueID after extensions': certificate({ tail: [tlv(0xa3, seq(ext(OID.keyUsage, tlv(0x03, [0x07, 0x80])))), tlv(0x81, [0x00])] }),
      'subjectUniqueID twice': certificate({ tail: [tlv(0x82, [0x00]), tlv(0x82, [0x00])] }),
      'GeneralizedTime before 1950': certificate({ notBefore: gen('19491231235959Z') }),
    };
    // The [0] version wrapper holding a BIT STRING instead of an INTEGER.
    const v = certificate();
    const w = v.indexOf(0xa0);
    v[w + 2] = 0x03;
    cases['version not an INTEGER'] = v;
    for (const der of Object.values(cases)) {
      jpkiError(() => decodeCertificate(der));
      revocationError(() => readCertificateFields(der));
    }
    // Unique IDs in order are fine for both.
    const ordered = certificate({ tail: [tlv(0x81, [0x00]), tlv(0x82, [0x00]), tlv(0xa3, seq(ext(OID.keyUsage, tlv(0x03, [0x07, 0x80]))))] });
    expect(decodeCertificate(ordered).extensions.size).toBe(1);
    expect(readCertificateFields(ordered).extensions.size).toBe(1);
  });
});

describe('CRL distribution points, read once', () => {
  const cdp = (...points: Uint8Array[]) => seq(...points);

  it('fullName, nameRelativeToCRLIssuer and cRLIssuer', () => {
    const value = cdp(fullName(uri('http://crl.example/a.crl'), dirName('part-1')), seq(tlv(0xa0, tlv(0xa1, [0x00]))), seq(tlv(0xa2, dirName('issuer'))));
    const points = readDistributionPoints(value, jpkiMalformed);
    expect(points.map((p) => [p.fullName.length, p.relativeName, p.crlIssuer.length])).toEqual([
      [2, false, 0],
      [0, true, 0],
      [0, false, 1],
    ]);
    // Revocation's scope names: fullName of each point, else its cRLIssuer.
    expect(certificateDistributionPointNames(value).map((n) => n[0])).toEqual([0x86, 0xa4, 0xa4]);
  });

  it('the JPKI summary, the scope names and the fetchable URL come from the same points', () => {
    const value = cdp(fullName(dirName('partition'), uri('ldap://dir.example/x'), uri('http://crl.example/p.crl')));
    const der = certificate({ tail: [tlv(0xa3, seq(ext(OID.cdp, value)))] });
    expect(crlUrlsFromCertificate(der)).toEqual(['http://crl.example/p.crl']);
    expect(certificateDistributionPointNames(value)).toHaveLength(3);
    expect(crlUrlsFromCertificate(certificate())).toEqual([]);
  });

  it('a JPKI summary lists the URIs and directoryNames of a simulated leaf', async () => {
    const s = parseJpkiCertificateSummary(await signLeaf());
    expect(s.crlDistributionPointNames.length + s.crlDistributionPointUris.length).toBeGreaterThan(0);
  });

  it('hostile shapes fail with the caller’s error: two names in one distributionPoint, unknown choice, too many names', () => {
    const two = cdp(seq(tlv(0xa0, tlv(0xa0, uri('http://a/')), tlv(0xa0, uri('http://b/')))));
    const unknown = cdp(seq(tlv(0xa0, tlv(0xa5, [0x00]))));
    const many = cdp(fullName(...Array.from({ length: 65 }, (_, i) => uri(`http://h/${i}`))));
    for (const v of [two, unknown, many]) {
      jpkiError(() => readDistributionPoints(v, jpkiMalformed));
      revocationError(() => readDistributionPoints(v, revocationFailure('certificate-malformed')));
    }
    expect(readDistributionPoints(cdp(fullName(...Array.from({ length: 64 }, (_, i) => uri(`http://h/${i}`)))), jpkiMalformed)[0]!.fullName).toHaveLength(64);
  });
});
