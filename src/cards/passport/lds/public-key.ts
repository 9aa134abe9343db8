/**
 * SubjectPublicKeyInfo (RFC 5280 §4.1.2.7) as eMRTDs use it: DG15's Active Authentication key,
 * DG14's chip authentication keys, and (in verify/) DSC and CSCA keys.
 *  - RSA: rsaEncryption, BIT STRING { RSAPublicKey { n, e } } (RFC 8017 A.1.1);
 *  - EC: id-ecPublicKey with a named curve or explicit ECParameters (RFC 3279 §2.3.5,
 *    TR-03111 §4.1.1), BIT STRING = the point (uncompressed or compressed octets);
 *  - DH: dhpublicnumber with DomainParameters { p, g, q, … } (RFC 3279 §2.3.3), used by
 *    DH chip authentication (9303-11 §6.2).
 * Point and parameter validity beyond encoding (is the point on the curve?) is checked by the
 * code that uses the key.
 */
import {
  childrenOf,
  decodeOid,
  decodeSmallUnsigned,
  decodeUnsignedBytes,
  readWhole,
  UNIVERSAL,
  valueOf,
  type BerOptions,
  type Tlv,
} from './ber';
import { curveByName, curveByOid, nameOfDomain, STANDARDIZED_CURVE_IDS, type CurveName, type EcDomain } from './ec-curves';
import { LdsError } from './lds-error';

export const OID_RSA_ENCRYPTION = '1.2.840.113549.1.1.1';
/** id-RSASSA-PSS as a key algorithm (RFC 4055 §1.2): an RSA key restricted to PSS. */
export const OID_RSASSA_PSS = '1.2.840.113549.1.1.10';
export const OID_EC_PUBLIC_KEY = '1.2.840.10045.2.1';
export const OID_DH_PUBLIC_NUMBER = '1.2.840.10046.2.1';
/** TR-03110-3 A.2.1.1 standardizedDomainParameters: parameters = INTEGER id (9303-11 Table 30). */
export const OID_STANDARDIZED_DOMAIN_PARAMETERS = '0.4.0.127.0.7.1.2';
const OID_PRIME_FIELD = '1.2.840.10045.1.1';

export interface RsaPublicKeyInfo {
  readonly kind: 'rsa';
  readonly modulus: Uint8Array;
  readonly exponent: Uint8Array;
  /** Modulus size in bits. */
  readonly bits: number;
  readonly spki: Uint8Array;
}

export interface EcPublicKeyInfo {
  readonly kind: 'ec';
  /** Named when the parameters (named or explicit) are a known curve. */
  readonly curve?: CurveName;
  readonly explicitParameters: boolean;
  /** Set when the key named its curve by a standardized domain parameter id. */
  readonly standardizedId?: number;
  readonly domain: EcDomain;
  /** Encoded point (04 ‖ X ‖ Y, or 02/03 ‖ X). */
  readonly point: Uint8Array;
  readonly spki: Uint8Array;
}

export interface DhPublicKeyInfo {
  readonly kind: 'dh';
  readonly p: Uint8Array;
  readonly g: Uint8Array;
  readonly q?: Uint8Array;
  /** Public value y. */
  readonly y: Uint8Array;
  readonly spki: Uint8Array;
}

export type PublicKeyInfo = RsaPublicKeyInfo | EcPublicKeyInfo | DhPublicKeyInfo;

function toBigInt(b: Uint8Array): bigint {
  let v = 0n;
  for (const x of b) v = (v << 8n) | BigInt(x);
  return v;
}

function bitLength(b: Uint8Array): number {
  let i = 0;
  while (i < b.length && b[i] === 0) i++;
  return i === b.length ? 0 : (b.length - i - 1) * 8 + (32 - Math.clz32(b[i]!));
}

function expect(t: Tlv | undefined, tag: number, what: string, at: number, opts: BerOptions): Tlv {
  if (!t) throw new LdsError('lds-missing-field', `${what} missing`, (opts.base ?? 0) + at);
  if (t.tag !== tag) throw new LdsError('lds-unexpected-tag', `${what}: expected tag ${tag.toString(16)}, found ${t.tag.toString(16)}`, (opts.base ?? 0) + t.offset);
  return t;
}

/** BIT STRING content without the unused-bits octet, which must be 0 for keys. */
function bitStringBytes(buf: Uint8Array, t: Tlv, what: string, opts: BerOptions): Uint8Array {
  if (t.constructed || t.end - t.start < 2 || buf[t.start] !== 0) {
    throw new LdsError('lds-bad-value', `${what}: BIT STRING must be primitive, non-empty, with 0 unused bits`, (opts.base ?? 0) + t.offset);
  }
  return buf.subarray(t.start + 1, t.end);
}

/** ECParameters (explicit form, prime field only). */
export function parseExplicitEcParameters(buf: Uint8Array, t: Tlv, opts: BerOptions): EcDomain {
  const what = 'ECParameters';
  const base = opts.base ?? 0;
  const [version, fieldId, curve, g, order, cofactor] = childrenOf(buf, t, opts);
  expect(version, UNIVERSAL.INTEGER, `${what} version`, t.start, opts);
  if (version!.end - version!.start !== 1 || buf[version!.start] !== 1) throw new LdsError('lds-unsupported', `${what}: version is not 1`, base + version!.offset);
  const field = childrenOf(buf, expect(fieldId, UNIVERSAL.SEQUENCE, `${what} fieldID`, t.start, opts), opts);
  const fieldType = decodeOid(buf, expect(field[0], UNIVERSAL.OID, `${what} fieldType`, fieldId!.start, opts), opts);
  if (fieldType !== OID_PRIME_FIELD) throw new LdsError('lds-unsupported', `${what}: field type ${fieldType} is not a prime field`, base + field[0]!.offset);
  const p = toBigInt(decodeUnsignedBytes(buf, expect(field[1], UNIVERSAL.INTEGER, `${what} prime`, fieldId!.start, opts), opts));
  const ab = childrenOf(buf, expect(curve, UNIVERSAL.SEQUENCE, `${what} curve`, t.start, opts), opts);
  const a = toBigInt(valueOf(buf, expect(ab[0], UNIVERSAL.OCTET_STRING, `${what} a`, curve!.start, opts)));
  const b = toBigInt(valueOf(buf, expect(ab[1], UNIVERSAL.OCTET_STRING, `${what} b`, curve!.start, opts)));
  const gBytes = valueOf(buf, expect(g, UNIVERSAL.OCTET_STRING, `${what} base`, t.start, opts));
  const n = toBigInt(decodeUnsignedBytes(buf, expect(order, UNIVERSAL.INTEGER, `${what} order`, t.start, opts), opts));
  const h = cofactor ? toBigInt(decodeUnsignedBytes(buf, expect(cofactor, UNIVERSAL.INTEGER, `${what} cofactor`, t.start, opts), opts)) : 1n;
  const len = Math.ceil(p.toString(2).length / 8);
  if (p < 3n || n < 2n) throw new LdsError('lds-bad-value', `${what}: degenerate field or order`, base + t.offset);
  if (gBytes.length !== 1 + 2 * len || gBytes[0] !== 0x04) throw new LdsError('lds-unsupported', `${what}: base point is not an uncompressed point of this field`, base + g!.offset);
  const gx = toBigInt(gBytes.subarray(1, 1 + len));
  const gy = toBigInt(gBytes.subarray(1 + len));
  return { p, a, b, gx, gy, n, h };
}

function checkPoint(point: Uint8Array, domain: EcDomain, o: BerOptions, at: number): void {
  const len = Math.ceil(domain.p.toString(2).length / 8);
  const ok = (point[0] === 0x04 && point.length === 1 + 2 * len) || ((point[0] === 0x02 || point[0] === 0x03) && point.length === 1 + len);
  if (!ok) throw new LdsError('lds-bad-value', `${o.what}: EC point of ${point.length} bytes does not fit the curve`, at);
}

/** Parses a SubjectPublicKeyInfo that fills `spki` exactly. */
export function parsePublicKeyInfo(spki: Uint8Array, opts: BerOptions = {}): PublicKeyInfo {
  const o: BerOptions = { ...opts, what: opts.what ?? 'SubjectPublicKeyInfo' };
  const base = o.base ?? 0;
  const top = readWhole(spki, o);
  expect(top, UNIVERSAL.SEQUENCE, o.what!, 0, o);
  const [alg, key, extra] = childrenOf(spki, top, o);
  if (extra) throw new LdsError('lds-trailing-data', `${o.what}: unexpected field after subjectPublicKey`, base + extra.offset);
  const algParts = childrenOf(spki, expect(alg, UNIVERSAL.SEQUENCE, `${o.what} algorithm`, top.start, o), o);
  const oid = decodeOid(spki, expect(algParts[0], UNIVERSAL.OID, `${o.what} algorithm OID`, alg!.start, o), o);
  const params = algParts[1];
  if (algParts.length > 2) throw new LdsError('lds-bad-value', `${o.what}: AlgorithmIdentifier has extra fields`, base + algParts[2]!.offset);
  const keyBytes = bitStringBytes(spki, expect(key, UNIVERSAL.BIT_STRING, `${o.what} subjectPublicKey`, top.start, o), `${o.what} subjectPublicKey`, o);
  const keyBase = base + key!.start + 1;

  if (oid === OID_RSA_ENCRYPTION || oid === OID_RSASSA_PSS) {
    if (oid === OID_RSA_ENCRYPTION && params && params.tag !== UNIVERSAL.NULL) throw new LdsError('lds-bad-value', `${o.what}: rsaEncryption parameters must be NULL`, base + params.offset);
    const ko: BerOptions = { ...o, base: keyBase, what: 'RSAPublicKey' };
    const seq = readWhole(keyBytes, ko);
    const [n, e, more] = childrenOf(keyBytes, expect(seq, UNIVERSAL.SEQUENCE, 'RSAPublicKey', 0, ko), ko);
    if (more) throw new LdsError('lds-trailing-data', 'RSAPublicKey: extra field', keyBase + more.offset);
    const modulus = decodeUnsignedBytes(keyBytes, expect(n, UNIVERSAL.INTEGER, 'RSA modulus', seq.start, ko), ko);
    const exponent = decodeUnsignedBytes(keyBytes, expect(e, UNIVERSAL.INTEGER, 'RSA exponent', seq.start, ko), ko);
    return { kind: 'rsa', modulus, exponent, bits: bitLength(modulus), spki };
  }
  if (oid === OID_STANDARDIZED_DOMAIN_PARAMETERS) {
    if (!params || params.tag !== UNIVERSAL.INTEGER) throw new LdsError('lds-missing-field', `${o.what}: standardized domain parameter id missing`, base + alg!.offset);
    const id = decodeSmallUnsigned(spki, params, o);
    const name = STANDARDIZED_CURVE_IDS[id];
    if (!name) throw new LdsError('lds-unsupported', `${o.what}: standardized domain parameters ${id} are not a supported curve`, base + params.offset);
    const domain = curveByName(name).domain;
    checkPoint(keyBytes, domain, o, keyBase);
    return { kind: 'ec', curve: name, explicitParameters: false, standardizedId: id, domain, point: keyBytes, spki };
  }
  if (oid === OID_EC_PUBLIC_KEY) {
    if (!params) throw new LdsError('lds-missing-field', `${o.what}: EC parameters missing (implicitlyCA is not supported)`, base + alg!.offset);
    let domain: EcDomain;
    let curve: CurveName | undefined;
    let explicitParameters: boolean;
    if (params.tag === UNIVERSAL.OID) {
      const curveOid = decodeOid(spki, params, o);
      const known = curveByOid(curveOid);
      if (!known) throw new LdsError('lds-unsupported', `${o.what}: named curve ${curveOid} is not supported`, base + params.offset);
      domain = known.domain;
      curve = known.name;
      explicitParameters = false;
    } else if (params.tag === UNIVERSAL.SEQUENCE) {
      domain = parseExplicitEcParameters(spki, params, o);
      curve = nameOfDomain(domain);
      explicitParameters = true;
    } else {
      throw new LdsError('lds-unsupported', `${o.what}: EC parameters are neither a named curve nor explicit parameters`, base + params.offset);
    }
    checkPoint(keyBytes, domain, o, keyBase);
    return { kind: 'ec', ...(curve ? { curve } : {}), explicitParameters, domain, point: keyBytes, spki };
  }
  if (oid === OID_DH_PUBLIC_NUMBER) {
    if (!params || params.tag !== UNIVERSAL.SEQUENCE) throw new LdsError('lds-missing-field', `${o.what}: DH domain parameters missing`, base + alg!.offset);
    const dp = childrenOf(spki, params, o);
    const p = decodeUnsignedBytes(spki, expect(dp[0], UNIVERSAL.INTEGER, 'DH p', params.start, o), o);
    const g = decodeUnsignedBytes(spki, expect(dp[1], UNIVERSAL.INTEGER, 'DH g', params.start, o), o);
    const q = dp[2] && dp[2].tag === UNIVERSAL.INTEGER ? decodeUnsignedBytes(spki, dp[2], o) : undefined;
    const ko: BerOptions = { ...o, base: keyBase, what: 'DH public value' };
    const yTlv = readWhole(keyBytes, ko);
    const y = decodeUnsignedBytes(keyBytes, expect(yTlv, UNIVERSAL.INTEGER, 'DH public value', 0, ko), ko);
    return { kind: 'dh', p, g, ...(q ? { q } : {}), y, spki };
  }
  throw new LdsError('lds-unsupported', `${o.what}: key algorithm ${oid} is not RSA, EC or DH`, base + algParts[0]!.offset);
}

/** Reads the SubjectPublicKeyInfo TLV at `t` inside a larger buffer, keeping its exact bytes. */
export function parsePublicKeyInfoAt(buf: Uint8Array, t: Tlv, opts: BerOptions = {}): PublicKeyInfo {
  const bytes = buf.subarray(t.offset, t.next);
  return parsePublicKeyInfo(bytes, { ...opts, base: (opts.base ?? 0) + t.offset });
}

