/**
 * The verifier's one reading of an X.509 certificate (RFC 5280 §4.1), with the strict DER reader:
 * the JPKI checks (jpki/jpki-certificate.ts), revocation (revocation/certificate-fields.ts) and
 * the CRL distribution points (der/distribution-points.ts) all start here, so every part of the
 * verifier sees the same fields of the same bytes. Names are kept as DER (compared byte for
 * byte, never as strings). What each caller requires beyond the structure (JPKI: v3; revocation:
 * serials of at most 20 octets) it checks itself.
 *
 * Returned byte fields are views into `der`: pass a private copy if the caller's buffer may change.
 */
import { bytesEqual } from '../../bytes/byte-ops';
import {
  bitStringOctets,
  contentBytes,
  contextTag,
  decodeOid,
  expectTlv,
  forEachElement,
  positiveIntegerRange,
  readAlgorithmIdentifier,
  readExact,
  readExtensionTlvs,
  readTlv,
  smallInteger,
  TAG,
  tlvBytes,
  type AlgorithmIdentifierParts,
  type DerFailure,
  type Tlv,
} from './der-reader';
import { readTime } from './der-time';

export interface CertificateExtension {
  readonly oid: string;
  readonly critical: boolean;
  /** extnValue content (the DER of the extension's own structure). */
  readonly value: Uint8Array;
}

export interface Certificate {
  /** The whole Certificate DER. */
  readonly raw: Uint8Array;
  /** The signed TBSCertificate bytes, exactly as encoded. */
  readonly tbs: Uint8Array;
  /** X.509 version: 1, 2 or 3 (the DER INTEGER plus one; absent means 1). */
  readonly version: number;
  /** Serial magnitude: content octets without the DER sign octet (positive, never zero). */
  readonly serial: Uint8Array;
  /** DER of the issuer / subject Name. */
  readonly issuerName: Uint8Array;
  readonly subjectName: Uint8Array;
  /** ms since the epoch. */
  readonly notBefore: number;
  readonly notAfter: number;
  /** The whole SubjectPublicKeyInfo TLV (what WebCrypto imports as 'spki'). */
  readonly spki: Uint8Array;
  readonly spkiAlgorithm: AlgorithmIdentifierParts;
  /** subjectPublicKey BIT STRING octets (RFC 5280 §4.2.1.2 key ids, OCSP issuerKeyHash). */
  readonly subjectPublicKey: Uint8Array;
  /** By OID, in certificate order; each OID at most once (RFC 5280 §4.2). */
  readonly extensions: ReadonlyMap<string, CertificateExtension>;
  readonly signatureAlgorithm: AlgorithmIdentifierParts;
  readonly signature: Uint8Array;
}

/** extensions [3] EXPLICIT Extensions, Extensions ::= SEQUENCE SIZE (1..MAX) OF Extension. */
function readExtensions(der: Uint8Array, wrapper: Tlv, fail: DerFailure): Map<string, CertificateExtension> {
  const list = expectTlv(der, wrapper.start, wrapper.end, TAG.SEQUENCE, 'extensions', fail);
  if (list.end !== wrapper.end) fail('extensions wrapper has extra bytes', list.end);
  if (list.end === list.start) fail('Extensions is empty (SIZE (1..MAX))', list.offset);
  const out = new Map<string, CertificateExtension>();
  forEachElement(der, list.start, list.end, 'Extension', fail, (e) => {
    const parts = readExtensionTlvs(der, e, fail);
    const x = { oid: decodeOid(der, parts.id, fail), critical: parts.critical, value: contentBytes(der, parts.value) };
    // RFC 5280 §4.2: "A certificate MUST NOT include more than one instance of a particular
    // extension" — two parsers could otherwise each read a different copy.
    if (out.has(x.oid)) fail(`duplicate extension ${x.oid} (RFC 5280 §4.2)`, e.offset);
    out.set(x.oid, x);
  });
  return out;
}

/** Read `der`: exactly one Certificate, nothing after it. Every failure goes through `fail`. */
export function readCertificate(der: Uint8Array, fail: DerFailure): Certificate {
  const cert = readExact(der, TAG.SEQUENCE, 'Certificate', fail);
  const tbs = expectTlv(der, cert.start, cert.end, TAG.SEQUENCE, 'tbsCertificate', fail);

  let t = readTlv(der, tbs.start, tbs.end, 'version or serialNumber', fail);
  let version = 1;
  if (t.tag === contextTag(0, true)) {
    const v = expectTlv(der, t.start, t.end, TAG.INTEGER, 'version', fail);
    if (v.end !== t.end) fail('version wrapper has extra bytes', v.end);
    version = smallInteger(der, v, 'version', fail) + 1;
    t = readTlv(der, t.end, tbs.end, 'serialNumber', fail);
  }
  if (t.tag !== TAG.INTEGER) fail('serialNumber: expected INTEGER', t.offset);
  const [s0, s1] = positiveIntegerRange(der, t, 'serialNumber', fail);
  const sigAlg = expectTlv(der, t.end, tbs.end, TAG.SEQUENCE, 'signature', fail);
  const issuer = expectTlv(der, sigAlg.end, tbs.end, TAG.SEQUENCE, 'issuer', fail);
  const validity = expectTlv(der, issuer.end, tbs.end, TAG.SEQUENCE, 'validity', fail);
  const nb = readTlv(der, validity.start, validity.end, 'notBefore', fail);
  const na = readTlv(der, nb.end, validity.end, 'notAfter', fail);
  if (na.end !== validity.end) fail('validity has extra fields', na.end);
  const subject = expectTlv(der, validity.end, tbs.end, TAG.SEQUENCE, 'subject', fail);
  const spki = expectTlv(der, subject.end, tbs.end, TAG.SEQUENCE, 'subjectPublicKeyInfo', fail);
  const spkiAlg = expectTlv(der, spki.start, spki.end, TAG.SEQUENCE, 'subjectPublicKeyInfo.algorithm', fail);
  const spk = readTlv(der, spkiAlg.end, spki.end, 'subjectPublicKey', fail);
  if (spk.end !== spki.end) fail('subjectPublicKeyInfo has extra fields', spk.end);

  // issuerUniqueID [1], subjectUniqueID [2] (ignored), extensions [3], in this order, each once.
  let p = spki.end;
  let next = tbs.end > p ? readTlv(der, p, tbs.end, 'optional TBSCertificate field', fail) : undefined;
  for (const n of [1, 2]) {
    if (next?.tag === contextTag(n, false)) {
      p = next.end;
      next = p < tbs.end ? readTlv(der, p, tbs.end, 'optional TBSCertificate field', fail) : undefined;
    }
  }
  let extensions: Map<string, CertificateExtension> = new Map();
  if (next?.tag === contextTag(3, true)) {
    extensions = readExtensions(der, next, fail);
    p = next.end;
  }
  if (p !== tbs.end) fail('unexpected field at the end of tbsCertificate', p);

  const sigAlgOuter = expectTlv(der, tbs.end, cert.end, TAG.SEQUENCE, 'signatureAlgorithm', fail);
  const sig = readTlv(der, sigAlgOuter.end, cert.end, 'signatureValue', fail);
  const signature = bitStringOctets(der, sig, 'signatureValue', fail);
  if (sig.end !== cert.end) fail('Certificate has extra fields', sig.end);
  // RFC 5280 §4.1.1.2: the outer signatureAlgorithm MUST equal tbsCertificate.signature.
  if (!bytesEqual(tlvBytes(der, sigAlgOuter), tlvBytes(der, sigAlg))) {
    fail('TBSCertificate.signature differs from signatureAlgorithm (RFC 5280 §4.1.1.2)', sigAlg.offset);
  }

  return {
    raw: der,
    tbs: tlvBytes(der, tbs),
    version,
    serial: der.subarray(s0, s1),
    issuerName: tlvBytes(der, issuer),
    subjectName: tlvBytes(der, subject),
    notBefore: readTime(der, nb, 'notBefore', fail),
    notAfter: readTime(der, na, 'notAfter', fail),
    spki: tlvBytes(der, spki),
    spkiAlgorithm: readAlgorithmIdentifier(der, spkiAlg, fail),
    subjectPublicKey: bitStringOctets(der, spk, 'subjectPublicKey', fail),
    extensions,
    signatureAlgorithm: readAlgorithmIdentifier(der, sigAlgOuter, fail),
    signature,
  };
}
