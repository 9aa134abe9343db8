/**
 * CMS SignedData (RFC 5652 §5) as eMRTD security objects use it: EF.SOD (9303-10 §4.6.2),
 * EF.CardSecurity (TR-03110-3 A.1.2.2) and CSCA master lists (9303-12 §8). Read with the LDS's
 * BER reader so that every signed byte range (eContent, signedAttrs) is the exact bytes received
 * — never a re-encoding — and indefinite lengths are accepted where BER allows them (the real
 * New Zealand SOD uses them). Certificates are returned as their exact DER bytes; verify/
 * decodes them with pkijs.
 *
 * ContentInfo ::= SEQUENCE { contentType id-signedData, content [0] EXPLICIT SignedData }
 * SignedData ::= SEQUENCE { version, digestAlgorithms SET, encapContentInfo SEQUENCE {
 *   eContentType OID, eContent [0] EXPLICIT OCTET STRING }, certificates [0] IMPLICIT OPTIONAL,
 *   crls [1] IMPLICIT OPTIONAL, signerInfos SET OF SignerInfo }
 * SignerInfo ::= SEQUENCE { version, sid, digestAlgorithm, signedAttrs [0] IMPLICIT OPTIONAL,
 *   signatureAlgorithm, signature OCTET STRING, unsignedAttrs [1] IMPLICIT OPTIONAL }
 */
import { childrenOf, decodeOid, decodeSmallUnsigned, encodingOf, readWhole, UNIVERSAL, valueOf, type BerOptions, type Tlv } from './ber';
import { LdsError } from './lds-error';

export const OID_SIGNED_DATA = '1.2.840.113549.1.7.2';
export const OID_CONTENT_TYPE_ATTR = '1.2.840.113549.1.9.3';
export const OID_MESSAGE_DIGEST_ATTR = '1.2.840.113549.1.9.4';
export const OID_SIGNING_TIME_ATTR = '1.2.840.113549.1.9.5';

export interface AlgorithmId {
  readonly oid: string;
  /** The parameters' encoding (tag, length, value), when present. */
  readonly params?: Uint8Array;
}

export interface CmsAttribute {
  readonly type: string;
  /** Each value's encoding. */
  readonly values: readonly Uint8Array[];
}

export type SignerIdentifier =
  | { readonly kind: 'issuer-serial'; readonly issuer: Uint8Array; readonly serial: Uint8Array }
  | { readonly kind: 'ski'; readonly keyId: Uint8Array };

export interface SignerInfoParts {
  readonly version: number;
  readonly sid: SignerIdentifier;
  readonly digestAlgorithm: AlgorithmId;
  /** Present when signed attributes are. */
  readonly signedAttrs?: {
    readonly attributes: readonly CmsAttribute[];
    /** What the signature covers: the attributes as received, re-tagged as SET (RFC 5652 §5.4). */
    readonly signedBytes: Uint8Array;
  };
  readonly signatureAlgorithm: AlgorithmId;
  readonly signature: Uint8Array;
}

export interface SignedDataParts {
  readonly version: number;
  readonly digestAlgorithms: readonly AlgorithmId[];
  readonly eContentType: string;
  readonly eContent: Uint8Array;
  /** Offset of eContent's first byte in the input (for errors about it); -1 when reassembled. */
  readonly eContentOffset: number;
  /** Each certificate's exact encoding. Other certificate choices ([0]–[3]) are refused. */
  readonly certificates: readonly Uint8Array[];
  readonly crls: readonly Uint8Array[];
  readonly signerInfos: readonly SignerInfoParts[];
}

/** Limits keep hostile input cheap: a master list holds some hundreds of certificates. */
export const CMS_LIMITS = { maxCertificates: 5000, maxSignerInfos: 8, maxAttributes: 32 } as const;

function need(t: Tlv | undefined, tag: number, what: string, at: number, o: BerOptions): Tlv {
  if (!t) throw new LdsError('lds-missing-field', `${what} missing`, (o.base ?? 0) + at);
  if (t.tag !== tag) throw new LdsError('lds-unexpected-tag', `${what}: expected tag ${tag.toString(16).toUpperCase()}, found ${t.tag.toString(16).toUpperCase()}`, (o.base ?? 0) + t.offset);
  return t;
}

export function parseAlgorithmId(buf: Uint8Array, t: Tlv, what: string, o: BerOptions): AlgorithmId {
  need(t, UNIVERSAL.SEQUENCE, what, t.offset, o);
  const [oidT, params, extra] = childrenOf(buf, t, o);
  const oid = decodeOid(buf, need(oidT, UNIVERSAL.OID, `${what} OID`, t.start, o), o);
  if (extra) throw new LdsError('lds-bad-value', `${what}: extra field after parameters`, (o.base ?? 0) + extra.offset);
  return params ? { oid, params: encodingOf(buf, params) } : { oid };
}

/** OCTET STRING content, reassembling a BER constructed OCTET STRING from its segments. */
function octetStringContent(buf: Uint8Array, t: Tlv, what: string, o: BerOptions, depth = 0): Uint8Array {
  if (t.tag === UNIVERSAL.OCTET_STRING) return valueOf(buf, t);
  if (t.tag !== 0x24) throw new LdsError('lds-unexpected-tag', `${what}: expected OCTET STRING`, (o.base ?? 0) + t.offset);
  if (depth > 4) throw new LdsError('lds-too-deep', `${what}: nested constructed OCTET STRING`, (o.base ?? 0) + t.offset);
  const parts = childrenOf(buf, t, o).map((c) => octetStringContent(buf, c, what, o, depth + 1));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let i = 0;
  for (const p of parts) {
    out.set(p, i);
    i += p.length;
  }
  return out;
}

function parseAttributes(buf: Uint8Array, t: Tlv, o: BerOptions): CmsAttribute[] {
  const list = childrenOf(buf, t, o);
  if (list.length > CMS_LIMITS.maxAttributes) throw new LdsError('lds-bad-value', `signed attributes: more than ${CMS_LIMITS.maxAttributes}`, (o.base ?? 0) + t.offset);
  const seen = new Set<string>();
  return list.map((a) => {
    need(a, UNIVERSAL.SEQUENCE, 'Attribute', a.offset, o);
    const [typeT, valuesT, extra] = childrenOf(buf, a, o);
    const type = decodeOid(buf, need(typeT, UNIVERSAL.OID, 'Attribute type', a.start, o), o);
    if (extra) throw new LdsError('lds-bad-value', 'Attribute: extra field', (o.base ?? 0) + extra.offset);
    // RFC 5652 §5.3: each attribute type at most once among the signed attributes.
    if (seen.has(type)) throw new LdsError('lds-bad-value', `signed attribute ${type} appears twice`, (o.base ?? 0) + a.offset);
    seen.add(type);
    const values = childrenOf(buf, need(valuesT, UNIVERSAL.SET, 'Attribute values', a.start, o), o).map((v) => encodingOf(buf, v));
    return { type, values };
  });
}

function signedBytesOf(buf: Uint8Array, t: Tlv): Uint8Array {
  const content = valueOf(buf, t);
  if (!t.indefinite) {
    const enc = encodingOf(buf, t).slice();
    enc[0] = 0x31; // [0] IMPLICIT → SET OF (RFC 5652 §5.4)
    return enc;
  }
  // An indefinite-length [0]: the signer signed the DER form, i.e. a definite length.
  const n = content.length;
  const len = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : n < 0x10000 ? [0x82, n >> 8, n & 0xff] : [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  const out = new Uint8Array(1 + len.length + n);
  out[0] = 0x31;
  out.set(len, 1);
  out.set(content, 1 + len.length);
  return out;
}

function parseSignerInfo(buf: Uint8Array, t: Tlv, o: BerOptions): SignerInfoParts {
  need(t, UNIVERSAL.SEQUENCE, 'SignerInfo', t.offset, o);
  const f = childrenOf(buf, t, o);
  let i = 0;
  const version = decodeSmallUnsigned(buf, need(f[i++], UNIVERSAL.INTEGER, 'SignerInfo version', t.start, o), o);
  const sidT = f[i++];
  if (!sidT) throw new LdsError('lds-missing-field', 'SignerInfo sid missing', (o.base ?? 0) + t.start);
  let sid: SignerIdentifier;
  if (sidT.tag === UNIVERSAL.SEQUENCE) {
    const [issuer, serial] = childrenOf(buf, sidT, o);
    need(issuer, UNIVERSAL.SEQUENCE, 'SignerInfo sid issuer', sidT.start, o);
    need(serial, UNIVERSAL.INTEGER, 'SignerInfo sid serialNumber', sidT.start, o);
    sid = { kind: 'issuer-serial', issuer: encodingOf(buf, issuer!), serial: valueOf(buf, serial!) };
  } else if (sidT.tag === 0x80) {
    sid = { kind: 'ski', keyId: valueOf(buf, sidT) };
  } else {
    throw new LdsError('lds-unexpected-tag', 'SignerInfo sid is neither issuerAndSerialNumber nor subjectKeyIdentifier', (o.base ?? 0) + sidT.offset);
  }
  const digestAlgorithm = parseAlgorithmId(buf, need(f[i++], UNIVERSAL.SEQUENCE, 'SignerInfo digestAlgorithm', t.start, o), 'digestAlgorithm', o);
  let signedAttrs: SignerInfoParts['signedAttrs'];
  if (f[i]?.tag === 0xa0) {
    const a = f[i++]!;
    signedAttrs = { attributes: parseAttributes(buf, a, o), signedBytes: signedBytesOf(buf, a) };
  }
  const signatureAlgorithm = parseAlgorithmId(buf, need(f[i++], UNIVERSAL.SEQUENCE, 'SignerInfo signatureAlgorithm', t.start, o), 'signatureAlgorithm', o);
  const sigT = need(f[i++], UNIVERSAL.OCTET_STRING, 'SignerInfo signature', t.start, o);
  if (f[i] && f[i]!.tag === 0xa1) i++; // unsignedAttrs: not used
  if (f[i]) throw new LdsError('lds-bad-value', 'SignerInfo: unexpected field', (o.base ?? 0) + f[i]!.offset);
  return {
    version,
    sid,
    digestAlgorithm,
    ...(signedAttrs ? { signedAttrs } : {}),
    signatureAlgorithm,
    signature: valueOf(buf, sigT),
  };
}

/** Parses a ContentInfo holding SignedData that fills `bytes` exactly. */
export function parseSignedData(bytes: Uint8Array, opts: BerOptions = {}): SignedDataParts {
  const o: BerOptions = { allowIndefinite: true, ...opts, what: opts.what ?? 'CMS' };
  const base = o.base ?? 0;
  const ci = need(readWhole(bytes, o), UNIVERSAL.SEQUENCE, `${o.what} ContentInfo`, 0, o);
  const [ctT, contentT, extra] = childrenOf(bytes, ci, o);
  const contentType = decodeOid(bytes, need(ctT, UNIVERSAL.OID, `${o.what} contentType`, ci.start, o), o);
  if (contentType !== OID_SIGNED_DATA) throw new LdsError('lds-bad-value', `${o.what}: content type ${contentType} is not signedData`, base + ctT!.offset);
  if (extra) throw new LdsError('lds-bad-value', `${o.what}: ContentInfo has an extra field`, base + extra.offset);
  const wrapped = childrenOf(bytes, need(contentT, 0xa0, `${o.what} content [0]`, ci.start, o), o);
  if (wrapped.length !== 1) throw new LdsError('lds-bad-value', `${o.what}: content [0] must hold one SignedData`, base + contentT!.offset);
  const sd = need(wrapped[0], UNIVERSAL.SEQUENCE, `${o.what} SignedData`, contentT!.start, o);
  const f = childrenOf(bytes, sd, o);
  let i = 0;
  const version = decodeSmallUnsigned(bytes, need(f[i++], UNIVERSAL.INTEGER, 'SignedData version', sd.start, o), o);
  const digestAlgorithms = childrenOf(bytes, need(f[i++], UNIVERSAL.SET, 'SignedData digestAlgorithms', sd.start, o), o).map((a) =>
    parseAlgorithmId(bytes, a, 'digestAlgorithm', o),
  );
  const eci = need(f[i++], UNIVERSAL.SEQUENCE, 'encapContentInfo', sd.start, o);
  const [eTypeT, eWrapT, eExtra] = childrenOf(bytes, eci, o);
  const eContentType = decodeOid(bytes, need(eTypeT, UNIVERSAL.OID, 'eContentType', eci.start, o), o);
  if (eExtra) throw new LdsError('lds-bad-value', 'encapContentInfo: extra field', base + eExtra.offset);
  const eWrap = need(eWrapT, 0xa0, 'eContent [0] (detached content is not an LDS form)', eci.start, o);
  const eInner = childrenOf(bytes, eWrap, o);
  if (eInner.length !== 1) throw new LdsError('lds-bad-value', 'eContent [0] must hold one OCTET STRING', base + eWrap.offset);
  const eContent = octetStringContent(bytes, eInner[0]!, 'eContent', o);
  const eContentOffset = eInner[0]!.tag === UNIVERSAL.OCTET_STRING ? base + eInner[0]!.start : -1;
  let certificates: Uint8Array[] = [];
  let crls: Uint8Array[] = [];
  if (f[i]?.tag === 0xa0) {
    const list = childrenOf(bytes, f[i++]!, o);
    if (list.length > CMS_LIMITS.maxCertificates) throw new LdsError('lds-bad-value', `certificates: more than ${CMS_LIMITS.maxCertificates}`, base + list[0]!.offset);
    certificates = list.map((c) => {
      if (c.tag !== UNIVERSAL.SEQUENCE) throw new LdsError('lds-unsupported', 'certificates: only X.509 certificates are accepted', base + c.offset);
      return encodingOf(bytes, c);
    });
  }
  if (f[i]?.tag === 0xa1) crls = childrenOf(bytes, f[i++]!, o).map((c) => encodingOf(bytes, c));
  const siSet = need(f[i++], UNIVERSAL.SET, 'SignedData signerInfos', sd.start, o);
  if (f[i]) throw new LdsError('lds-bad-value', 'SignedData: unexpected field after signerInfos', base + f[i]!.offset);
  const siList = childrenOf(bytes, siSet, o);
  if (siList.length > CMS_LIMITS.maxSignerInfos) throw new LdsError('lds-bad-value', `signerInfos: more than ${CMS_LIMITS.maxSignerInfos}`, base + siSet.offset);
  const signerInfos = siList.map((s) => parseSignerInfo(bytes, s, o));
  return { version, digestAlgorithms, eContentType, eContent, eContentOffset, certificates, crls, signerInfos };
}

/** The single value of signed attribute `type`, or undefined. Throws when it has several values. */
export function singleAttributeValue(si: SignerInfoParts, type: string): Uint8Array | undefined {
  const a = si.signedAttrs?.attributes.find((x) => x.type === type);
  if (!a) return undefined;
  if (a.values.length !== 1) throw new LdsError('lds-bad-value', `signed attribute ${type} must have exactly one value`, -1);
  return a.values[0];
}
