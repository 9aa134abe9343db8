/**
 * The few X.509 fields a revocation check needs (RFC 5280 §4.1), read with the strict DER
 * reader: serial, issuer and subject Name bytes (compared byte for byte, never as strings),
 * SubjectPublicKeyInfo, validity and the raw extensions.
 */
import { bytesEqual } from '../../bytes/byte-ops';
import {
  bitStringOctets,
  decodeOid,
  derFail,
  expectTlv,
  forEachElement,
  positiveIntegerRange,
  readAlgorithmIdentifier,
  readBoolean,
  readTlv,
  TAG,
  tlvBytes,
  type AlgorithmIdentifierParts,
} from './der-reader';
import { readTime } from './der-time';

const CODE = 'certificate-malformed' as const;

export interface CertificateExtension {
  readonly critical: boolean;
  /** extnValue content (the DER of the extension's own structure). */
  readonly value: Uint8Array;
}

export interface CertificateFields {
  /** Serial magnitude: content octets without the DER sign octet (RFC 5280: at most 20). */
  readonly serial: Uint8Array;
  readonly issuerName: Uint8Array;
  readonly subjectName: Uint8Array;
  /** The whole SubjectPublicKeyInfo TLV (what WebCrypto imports as 'spki'). */
  readonly spki: Uint8Array;
  /** subjectPublicKey BIT STRING octets (what OCSP's issuerKeyHash hashes, RFC 6960 §4.1.1). */
  readonly subjectPublicKey: Uint8Array;
  readonly notBefore: number;
  readonly notAfter: number;
  readonly extensions: ReadonlyMap<string, CertificateExtension>;
  /** The signed TBSCertificate bytes, its signature algorithm and signature (to check who issued it). */
  readonly tbs: Uint8Array;
  readonly signatureAlgorithm: AlgorithmIdentifierParts;
  readonly signature: Uint8Array;
}

/** Throws RevocationError('certificate-malformed') on anything that is not strict DER X.509. */
export function readCertificateFields(der: Uint8Array): CertificateFields {
  const cert = expectTlv(der, 0, der.length, TAG.SEQUENCE, 'Certificate', CODE);
  if (cert.end !== der.length) derFail(CODE, 'trailing bytes after Certificate', cert.end);
  const tbs = expectTlv(der, cert.start, cert.end, TAG.SEQUENCE, 'tbsCertificate', CODE);
  let t = readTlv(der, tbs.start, tbs.end, 'version or serialNumber', CODE);
  if (t.tag === 0xa0) t = readTlv(der, t.end, tbs.end, 'serialNumber', CODE);
  if (t.tag !== TAG.INTEGER) derFail(CODE, 'serialNumber: expected INTEGER', t.offset);
  const [s0, s1] = positiveIntegerRange(der, t, 'serialNumber', CODE);
  if (s1 - s0 > 20) derFail(CODE, 'serialNumber longer than 20 octets (RFC 5280 §4.1.2.2)', t.offset);
  const serial = der.slice(s0, s1);
  const sigAlg = expectTlv(der, t.end, tbs.end, TAG.SEQUENCE, 'signature', CODE);
  const issuer = expectTlv(der, sigAlg.end, tbs.end, TAG.SEQUENCE, 'issuer', CODE);
  const validity = expectTlv(der, issuer.end, tbs.end, TAG.SEQUENCE, 'validity', CODE);
  const nb = readTlv(der, validity.start, validity.end, 'notBefore', CODE);
  const na = readTlv(der, nb.end, validity.end, 'notAfter', CODE);
  if (na.end !== validity.end) derFail(CODE, 'validity has extra fields', na.end);
  const subject = expectTlv(der, validity.end, tbs.end, TAG.SEQUENCE, 'subject', CODE);
  const spki = expectTlv(der, subject.end, tbs.end, TAG.SEQUENCE, 'subjectPublicKeyInfo', CODE);
  const spkiAlg = expectTlv(der, spki.start, spki.end, TAG.SEQUENCE, 'subjectPublicKeyInfo.algorithm', CODE);
  const spk = readTlv(der, spkiAlg.end, spki.end, 'subjectPublicKey', CODE);
  if (spk.end !== spki.end) derFail(CODE, 'subjectPublicKeyInfo has extra fields', spk.end);

  const extensions = new Map<string, CertificateExtension>();
  let p = spki.end;
  while (p < tbs.end) {
    const x = readTlv(der, p, tbs.end, 'optional TBSCertificate field', CODE);
    if (x.tag === 0xa3) {
      const list = expectTlv(der, x.start, x.end, TAG.SEQUENCE, 'extensions', CODE);
      if (list.end !== x.end) derFail(CODE, 'extensions wrapper has extra bytes', list.end);
      forEachElement(der, list.start, list.end, 'Extension', CODE, (e) => {
        if (e.tag !== TAG.SEQUENCE) derFail(CODE, 'Extension: expected SEQUENCE', e.offset);
        const id = expectTlv(der, e.start, e.end, TAG.OID, 'extnID', CODE);
        let v = readTlv(der, id.end, e.end, 'extnValue', CODE);
        let critical = false;
        if (v.tag === TAG.BOOLEAN) {
          critical = readBoolean(der, v, 'critical', CODE);
          v = readTlv(der, v.end, e.end, 'extnValue', CODE);
        }
        if (v.tag !== TAG.OCTET_STRING || v.end !== e.end) derFail(CODE, 'extnValue: expected OCTET STRING', v.offset);
        const oid = decodeOid(der, id, CODE);
        if (extensions.has(oid)) derFail(CODE, `extension ${oid} appears twice (RFC 5280 §4.2)`, e.offset);
        extensions.set(oid, { critical, value: der.slice(v.start, v.end) });
      });
    } else if (x.tag !== 0x81 && x.tag !== 0x82) {
      derFail(CODE, 'unexpected field after subjectPublicKeyInfo', x.offset);
    }
    p = x.end;
  }

  const sigAlgOuter = expectTlv(der, tbs.end, cert.end, TAG.SEQUENCE, 'signatureAlgorithm', CODE);
  const sig = readTlv(der, sigAlgOuter.end, cert.end, 'signatureValue', CODE);
  const signature = bitStringOctets(der, sig, 'signatureValue', CODE).slice();
  if (sig.end !== cert.end) derFail(CODE, 'Certificate has extra fields', sig.end);
  if (!bytesEqual(tlvBytes(der, sigAlgOuter), tlvBytes(der, sigAlg))) {
    derFail(CODE, 'TBSCertificate.signature differs from signatureAlgorithm (RFC 5280 §4.1.1.2)', sigAlg.offset);
  }

  return {
    serial,
    issuerName: tlvBytes(der, issuer).slice(),
    subjectName: tlvBytes(der, subject).slice(),
    spki: tlvBytes(der, spki).slice(),
    subjectPublicKey: bitStringOctets(der, spk, 'subjectPublicKey', CODE).slice(),
    notBefore: readTime(der, nb, 'notBefore', CODE),
    notAfter: readTime(der, na, 'notAfter', CODE),
    extensions,
    tbs: tlvBytes(der, tbs).slice(),
    signatureAlgorithm: readAlgorithmIdentifier(der, sigAlgOuter, CODE),
    signature,
  };
}

