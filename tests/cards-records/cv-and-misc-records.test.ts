import { describe, expect, it } from 'vitest';
import {
  formatKeyId,
  keyIdHierarchy,
  parseCertificateAvailability,
  parseCommonCardInfo,
  parseCvCertificate,
  parseCvCertificateContent,
  parseJpkiTokenInfo,
  parseRsaPublicKeyDo,
  sexFromCardCode,
  sexFromJpkiCode,
  x509TotalLength,
} from '../../src/cards/mynumber/records';
import { expectCode } from './expect-error';
import {
  ascii,
  cat,
  COMMON_CARD_INFO_RECORD,
  CV_CERT_EF,
  fill,
  ISSUER_KEY_ID,
  MODULUS,
  RSA_KEY_DO,
  SIGNATURE,
  SUBJECT_KEY_ID,
  tokenInfo,
} from './fixtures';

function patched(src: Uint8Array, at: number, ...values: number[]): Uint8Array {
  const out = Uint8Array.from(src);
  values.forEach((v, i) => (out[at + i] = v));
  return out;
}

describe('CV certificate (spec §3.4)', () => {
  it('parses the 568-byte EF', () => {
    expect(CV_CERT_EF.length).toBe(568);
    const c = parseCvCertificate(CV_CERT_EF);
    expect(Array.from(c.issuerKeyId)).toEqual(ISSUER_KEY_ID);
    expect(Array.from(c.subjectKeyId)).toEqual(SUBJECT_KEY_ID);
    expect(Array.from(c.publicKey.modulus)).toEqual(MODULUS);
    expect(c.publicKey.exponentValue).toBe(65537);
    expect(c.body.length).toBe(297);
    expect(Array.from(c.body)).toEqual(Array.from(CV_CERT_EF.subarray(10, 307)));
    expect(Array.from(c.signature)).toEqual(SIGNATURE);
    expect(formatKeyId(c.issuerKeyId)).toBe('5000033/001');
    expect(formatKeyId(c.subjectKeyId)).toBe('1322121/000');
  });
  it('parses the GET DATA form without the 7F21 template, and tolerates filler on the EF', () => {
    const c = parseCvCertificateContent(CV_CERT_EF.subarray(5));
    expect(Array.from(c.subjectKeyId)).toEqual(SUBJECT_KEY_ID);
    expect(parseCvCertificate(cat(CV_CERT_EF, fill(8, 0xff))).body.length).toBe(297);
    expectCode(() => parseCvCertificateContent(CV_CERT_EF.subarray(5, 307)), 'record-missing-field');
    expectCode(() => parseCvCertificateContent(patched(CV_CERT_EF.subarray(5), 1, 0x4f)), 'record-bad-structure');
  });
  it('rejects malformed variants', () => {
    expectCode(() => parseCvCertificate(patched(CV_CERT_EF, 1, 0x4e)), 'record-wrong-tag');
    expectCode(() => parseCvCertificate(patched(CV_CERT_EF, 308, 0x38)), 'record-bad-structure'); // 5F38
    expectCode(() => parseCvCertificate(CV_CERT_EF.subarray(0, 567)), 'tlv-overrun');
    // key DO tag 90 → 92
    expectCode(() => parseCvCertificate(patched(CV_CERT_EF, 42, 0x92)), 'record-bad-structure');
    // body of only two key ids
    const idsOnly = cat(0x7f, 0x21, 0x82, 0x01, 0x28, 0x5f, 0x4e, 0x20, ISSUER_KEY_ID, SUBJECT_KEY_ID, 0x5f, 0x37, 0x82, 0x01, 0x00, SIGNATURE);
    expectCode(() => parseCvCertificate(idsOnly), 'record-bad-length');
  });
});

describe('key ids (spec §3.4)', () => {
  it('formats and classifies', () => {
    const mf = Uint8Array.from([...ascii('5000020'), 0x08, 0x05, ...ascii('001'), 0x00, 0x00, 0x00, 0xa8]);
    expect(formatKeyId(mf)).toBe('5000020/001');
    expect(keyIdHierarchy(mf)).toBe('production');
    expect(keyIdHierarchy(Uint8Array.from([...ascii('6000024'), 8, 5, ...ascii('001'), 0, 0, 0, 0]))).toBe('test');
    expect(keyIdHierarchy(Uint8Array.from(SUBJECT_KEY_ID))).toBe('unknown');
    expect(keyIdHierarchy(new Uint8Array(3))).toBe('unknown');
  });
  it('shows non-printable bytes safely', () => {
    const odd = Uint8Array.from([...ascii('50\n0/\\2'), 0x08, 0x05, 0x00, ...ascii('01'), 0, 0, 0, 0]);
    expect(formatKeyId(odd)).toBe('50\\x0A0\\x2F\\x5C2/\\x0001');
    expect(formatKeyId(Uint8Array.from([0x01, 0xab]))).toBe('01AB');
    expect(formatKeyId(Uint8Array.from(fill(16, 0x00)))).toBe('00'.repeat(16));
  });
});

describe('RSA public key DO', () => {
  it('parses the spec layout and strips leading zeros', () => {
    const k = parseRsaPublicKeyDo(Uint8Array.from(RSA_KEY_DO));
    expect(k.modulusBits).toBe(2048);
    const padded = cat(0x90, 0x04, 0x00, 0x01, 0x00, 0x01, 0x91, 0x82, 0x01, 0x01, 0x00, MODULUS);
    const p = parseRsaPublicKeyDo(padded);
    expect(Array.from(p.exponent)).toEqual([1, 0, 1]);
    expect(Array.from(p.modulus)).toEqual(MODULUS);
    expect(p.raw.length).toBe(padded.length);
    expect(parseRsaPublicKeyDo(cat(0x90, 0x01, 0x03, 0x91, 0x81, 0x80, 0x80, fill(126, 0x11), 0x01)).modulusBits).toBe(1024);
  });
  it('rejects bad exponents, moduli and layouts', () => {
    const key = (e: number[], n: number[]) => cat(0x90, e.length, e, 0x91, 0x82, n.length >> 8, n.length & 0xff, n);
    expectCode(() => parseRsaPublicKeyDo(key([0x01, 0x00, 0x00], MODULUS)), 'record-bad-value'); // even e
    expectCode(() => parseRsaPublicKeyDo(key([0x01], MODULUS)), 'record-bad-value'); // e = 1
    expectCode(() => parseRsaPublicKeyDo(key([0x00, 0x00], MODULUS)), 'record-bad-length'); // e = 0
    expectCode(() => parseRsaPublicKeyDo(key([], MODULUS)), 'record-bad-length');
    expectCode(() => parseRsaPublicKeyDo(key([1, 0, 0, 0, 1], MODULUS)), 'record-bad-length'); // 5-byte e
    expectCode(() => parseRsaPublicKeyDo(key([1, 0, 1], [...MODULUS.slice(0, 255), 0x0a])), 'record-bad-value'); // even n
    expect(parseRsaPublicKeyDo(key([1, 0, 1], [0x00, ...MODULUS.slice(1)])).modulusBits).toBe(2039); // leading zero stripped; next byte 5A has 7 bits → 254·8 + 7
    expectCode(() => parseRsaPublicKeyDo(key([1, 0, 1], fill(127, 0x11))), 'record-bad-length');
    expectCode(() => parseRsaPublicKeyDo(key([1, 0, 1], fill(513, 0x11))), 'record-bad-length');
    expectCode(() => parseRsaPublicKeyDo(cat(0x91, 0x01, 0x03, 0x90, 0x01, 0x03)), 'record-bad-structure');
    expectCode(() => parseRsaPublicKeyDo(cat(0x90, 0x01, 0x03)), 'record-missing-field');
    expectCode(() => parseRsaPublicKeyDo(cat(RSA_KEY_DO, 0x92, 0x00)), 'record-bad-structure');
    expectCode(() => parseRsaPublicKeyDo(Uint8Array.from(RSA_KEY_DO.slice(0, 200))), 'tlv-overrun');
  });
});

describe('JPKI EF 0006 token info (spec §2.4)', () => {
  it('maps labels to token types', () => {
    expect(parseJpkiTokenInfo(tokenInfo('JPKIAPICCTOKEN2'))).toMatchObject({ label: 'JPKIAPICCTOKEN2', tokenType: 'card' });
    expect(parseJpkiTokenInfo(tokenInfo('JPKIAPICCTOKEN')).tokenType).toBe('juki-card');
    expect(parseJpkiTokenInfo(tokenInfo('JPKIAPGPSETOKEN')).tokenType).toBe('android');
    expect(parseJpkiTokenInfo(tokenInfo('JPKIAPIOSTOKEN')).tokenType).toBe('iphone');
    expect(parseJpkiTokenInfo(tokenInfo('SOMETHING ELSE')).tokenType).toBe('unknown');
    expect(parseJpkiTokenInfo(tokenInfo('constructor')).tokenType).toBe('unknown');
    expect(parseJpkiTokenInfo(tokenInfo('')).label).toBe('');
  });
  it('rejects wrong sizes and non-printable labels', () => {
    expectCode(() => parseJpkiTokenInfo(tokenInfo('JPKIAPICCTOKEN2').subarray(0, 159)), 'record-bad-length');
    const e = expectCode(() => parseJpkiTokenInfo(patched(tokenInfo('JPKIAPICCTOKEN2'), 20, 0x00)), 'record-bad-value');
    expect(e.offset).toBe(20);
  });
});

describe('JPKI EF 0008 certificate availability (spec §2.4)', () => {
  it('reads both flags', () => {
    expect(parseCertificateAvailability(Uint8Array.from([0x8f, 0x8f, 0x00]))).toMatchObject({ hasSignCertificate: true, hasAuthCertificate: true });
    expect(parseCertificateAvailability(Uint8Array.from([0x00, 0x8f, 0x00]))).toMatchObject({ hasSignCertificate: false, hasAuthCertificate: true });
    expectCode(() => parseCertificateAvailability(Uint8Array.from([0x8f, 0x8f])), 'record-bad-length');
  });
});

describe('common AP EF 0001 record 1 (spec §2.7)', () => {
  it('parses the spec example', () => {
    expect(COMMON_CARD_INFO_RECORD.length).toBe(30);
    expect(parseCommonCardInfo(COMMON_CARD_INFO_RECORD)).toMatchObject({ serial: '400000012719843', municipalityCode: '13221', expiry: '2035-02-17' });
  });
  it('rejects malformed records', () => {
    expectCode(() => parseCommonCardInfo(patched(COMMON_CARD_INFO_RECORD, 0, 0x02)), 'record-wrong-tag');
    expectCode(() => parseCommonCardInfo(patched(COMMON_CARD_INFO_RECORD, 5, 0x41)), 'record-bad-value');
    expectCode(() => parseCommonCardInfo(patched(COMMON_CARD_INFO_RECORD, 26, 0x33)), 'record-bad-value'); // month 13… → 20351317? no: "20353217"
    const short = cat(0x01, 0x1b, COMMON_CARD_INFO_RECORD.subarray(2, 29));
    expectCode(() => parseCommonCardInfo(short), 'record-bad-length');
    expectCode(() => parseCommonCardInfo(cat(COMMON_CARD_INFO_RECORD, 0x02, 0x00)), 'record-bad-structure');
    expectCode(() => parseCommonCardInfo(COMMON_CARD_INFO_RECORD.subarray(0, 20)), 'tlv-overrun');
    expectCode(() => parseCommonCardInfo(new Uint8Array(0)), 'record-empty');
    // the 3-byte FF length form is accepted by the TLV layer
    expect(parseCommonCardInfo(cat(0x01, 0xff, 0x00, 0x1c, COMMON_CARD_INFO_RECORD.subarray(2))).serial).toBe('400000012719843');
  });
});

describe('x509 certificate length (spec §4.1)', () => {
  it('computes total sizes from the spec examples', () => {
    expect(x509TotalLength(Uint8Array.from([0x30, 0x82, 0x06, 0x1f]))).toBe(1571);
    expect(x509TotalLength(Uint8Array.from([0x30, 0x82, 0x06, 0xca, 0x30, 0x82]))).toBe(1742);
  });
  it('rejects everything else', () => {
    expectCode(() => x509TotalLength(Uint8Array.from([0x30, 0x82, 0x06])), 'record-bad-length');
    expectCode(() => x509TotalLength(Uint8Array.from([0xff, 0xff, 0xff, 0xff])), 'record-empty');
    expectCode(() => x509TotalLength(Uint8Array.from([0x31, 0x82, 0x06, 0x1f])), 'record-wrong-tag');
    expectCode(() => x509TotalLength(Uint8Array.from([0x30, 0x81, 0xff, 0x30])), 'record-bad-structure');
    expectCode(() => x509TotalLength(Uint8Array.from([0x30, 0x83, 0x00, 0x06])), 'record-bad-structure');
    expectCode(() => x509TotalLength(Uint8Array.from([0x30, 0x82, 0x00, 0x7f])), 'record-bad-length');
    expectCode(() => x509TotalLength(Uint8Array.from([0x30, 0x82, 0xff, 0xff])), 'record-bad-length');
  });
});

describe('sex codes', () => {
  it('maps card and JPKI codes', () => {
    expect(['1', '2', '9', '0', '3', 'X'].map(sexFromCardCode)).toEqual(['male', 'female', 'not-applicable', 'unknown', 'other', 'other']);
    expect(['1', '2', '3', '9'].map(sexFromJpkiCode)).toEqual(['male', 'female', 'unknown', 'other']);
  });
});
