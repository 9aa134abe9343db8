/**
 * The card's signer certificate (gen 1: DB, "X.509(ver.3) 形式 CER 符号化", up to 1200 bytes with
 * 00 padding inside the value, 在留カード等仕様書 §3.3.4.9; gen 2: DD, 598–599 bytes per the
 * eringoio summary) — parsed strictly (the verifier's one certificate reading, verify/der, as a JPKI v3 certificate), chained to a pinned anchor of
 * the trust mode by issuer name AND signature, and checked against the time of reading.
 */
import { bytesEqual } from '../../bytes/byte-ops';
import { toHex } from '../../bytes/hex';
import { KazasuError } from '../../errors/kazasu-error';
import type { Certificate } from '../der/certificate';
import { readDerHeader } from '../der/der-header';
import { children, expectTag, integerContent, readExact, TAG, type DerFailure } from '../der/der-reader';
import { decodeCertificate } from '../jpki/x509-v3';
import type { RcAnchor, ResidenceTrustStore } from './rc-trust';
import type { RcReasonCode } from './residence-card-checks';

export class RcCertificateError extends KazasuError {
  readonly code = 'rc-certificate-malformed' as const;
}

export interface CardCertificate {
  /** The certificate DER alone (padding removed). */
  readonly der: Uint8Array;
  readonly decoded: Certificate;
  readonly keyKind: 'rsa' | 'ec' | 'other';
  /** SHA-256 of the DER, upper-case hex (the evidence record keeps it). */
  readonly sha256: string;
}

const OID = {
  rsaEncryption: '1.2.840.113549.1.1.1',
  ecPublicKey: '1.2.840.10045.2.1',
  sha256WithRsa: '1.2.840.113549.1.1.11',
  sha384WithRsa: '1.2.840.113549.1.1.12',
  ecdsaSha256: '1.2.840.10045.4.3.2',
  ecdsaSha384: '1.2.840.10045.4.3.3',
} as const;

/** The DER certificate at the start of `value`; only 00 may follow it. */
export async function parseCardCertificate(value: Uint8Array): Promise<CardCertificate> {
  const h = readDerHeader(value, 0, value.length);
  if (!h.ok || h.tag !== 0x30) throw new RcCertificateError(`certificate: ${h.ok ? 'not a SEQUENCE' : h.reason}`);
  for (let i = h.end; i < value.length; i++) if (value[i] !== 0) throw new RcCertificateError(`certificate: byte ${i} after the certificate is not 00 padding`);
  const der = value.slice(0, h.end);
  let decoded: Certificate;
  try {
    decoded = decodeCertificate(der);
  } catch (e) {
    throw new RcCertificateError(`certificate: ${e instanceof Error ? e.message : 'not X.509'}`);
  }
  const keyKind = decoded.spkiAlgorithm.oid === OID.rsaEncryption ? 'rsa' : decoded.spkiAlgorithm.oid === OID.ecPublicKey ? 'ec' : 'other';
  const sha256 = toHex(new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', der.slice())));
  return { der, decoded, keyKind, sha256 };
}

/** Import a certificate's key for WebCrypto verification, or undefined when it is not the generation's kind. */
export async function importCardKey(cert: Certificate, generation: 1 | 2): Promise<CryptoKey | undefined> {
  try {
    if (generation === 1) {
      if (cert.spkiAlgorithm.oid !== OID.rsaEncryption) return undefined;
      const key = await globalThis.crypto.subtle.importKey('spki', cert.spki.slice(), { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, true, ['verify']);
      return (key.algorithm as RsaHashedKeyAlgorithm).modulusLength === 2048 ? key : undefined;
    }
    if (cert.spkiAlgorithm.oid !== OID.ecPublicKey) return undefined;
    // Import fails unless the SPKI names P-384 (secp384r1).
    return await globalThis.crypto.subtle.importKey('spki', cert.spki.slice(), { name: 'ECDSA', namedCurve: 'P-384' }, true, ['verify']);
  } catch {
    return undefined;
  }
}

/** DER Ecdsa-Sig-Value → r ‖ s, each left-padded to `size` bytes; undefined when malformed. */
export function ecdsaDerToRaw(der: Uint8Array, size: number): Uint8Array | undefined {
  try {
    const fail: DerFailure = (message) => {
      throw new RcCertificateError(message);
    };
    const seq = readExact(der, TAG.SEQUENCE, 'Ecdsa-Sig-Value', fail);
    const parts = children(der, seq, 'Ecdsa-Sig-Value', fail);
    if (parts.length !== 2) return undefined;
    const out = new Uint8Array(2 * size);
    for (let i = 0; i < 2; i++) {
      const bytes = integerContent(der, expectTag(parts[i], TAG.INTEGER, 'ECDSA integer', fail), 'ECDSA integer', fail);
      // r and s are positive: a set top bit without a 00 sign byte is a negative INTEGER.
      if ((bytes[0]! & 0x80) !== 0) return undefined;
      const trimmed = bytes[0] === 0 && bytes.length > 1 ? bytes.subarray(1) : bytes;
      if (trimmed.length > size) return undefined;
      out.set(trimmed, (i + 1) * size - trimmed.length);
    }
    return out;
  } catch {
    return undefined;
  }
}

/** Did `issuer` sign `cert`? RSA PKCS#1 v1.5 or ECDSA (P-384) with the hash the OID names. */
export async function isSignedByAnchor(cert: Certificate, issuer: Certificate): Promise<boolean> {
  const oid = cert.signatureAlgorithm.oid;
  try {
    if (oid === OID.sha256WithRsa || oid === OID.sha384WithRsa) {
      const hash = oid === OID.sha256WithRsa ? 'SHA-256' : 'SHA-384';
      const key = await globalThis.crypto.subtle.importKey('spki', issuer.spki.slice(), { name: 'RSASSA-PKCS1-v1_5', hash }, false, ['verify']);
      return await globalThis.crypto.subtle.verify('RSASSA-PKCS1-v1_5', key, cert.signature.slice(), cert.tbs.slice());
    }
    if (oid === OID.ecdsaSha256 || oid === OID.ecdsaSha384) {
      const key = await globalThis.crypto.subtle.importKey('spki', issuer.spki.slice(), { name: 'ECDSA', namedCurve: 'P-384' }, false, ['verify']);
      const raw = ecdsaDerToRaw(cert.signature, 48);
      if (!raw) return false;
      return await globalThis.crypto.subtle.verify({ name: 'ECDSA', hash: oid === OID.ecdsaSha256 ? 'SHA-256' : 'SHA-384' }, key, raw.slice(), cert.tbs.slice());
    }
  } catch {
    return false;
  }
  return false;
}

export interface ChainResult {
  readonly status: 'pass' | 'fail';
  readonly code: RcReasonCode;
  readonly anchor?: RcAnchor;
  readonly detail: string;
}

/**
 * Chain the card certificate to an anchor of this mode and generation: the issuer name must
 * equal the anchor's subject and the anchor's key must verify the certificate's signature
 * (never chosen by name alone: a forger can copy a name). The anchor's own validity is not
 * judged (MOJ's specification says nothing about it; a card issued under a CA outlives it
 * only by design of the CA's validity, which runs past the last card it signs).
 */
export async function chainToAnchor(cert: CardCertificate, generation: 1 | 2, trust: ResidenceTrustStore): Promise<ChainResult> {
  const decodedAnchors = (list: readonly RcAnchor[]) =>
    list
      .filter((a) => a.generation === generation)
      .flatMap((a) => {
        try {
          return [{ anchor: a, decoded: decodeCertificate(a.der.slice()) }];
        } catch {
          return [];
        }
      });
  const mine = decodedAnchors(trust.anchors);
  const byName = mine.filter((a) => bytesEqual(a.decoded.subjectName, cert.decoded.issuerName));
  for (const a of byName) {
    if (await isSignedByAnchor(cert.decoded, a.decoded)) {
      return { status: 'pass', code: 'ok', anchor: a.anchor, detail: `issued by ${a.anchor.name} (${a.anchor.provenance})` };
    }
  }
  for (const a of decodedAnchors(trust.otherModes)) {
    if (bytesEqual(a.decoded.subjectName, cert.decoded.issuerName) && (await isSignedByAnchor(cert.decoded, a.decoded))) {
      return { status: 'fail', code: 'rc-anchor-other-mode', detail: `issued by ${a.anchor.name}, an anchor of the ${a.anchor.hierarchy} hierarchy, not of ${trust.mode} mode` };
    }
  }
  if (byName.length > 0) return { status: 'fail', code: 'rc-certificate-signature-invalid', detail: 'the issuer name matches a trusted CA but its key did not sign this certificate' };
  if (mine.length === 0) return { status: 'fail', code: 'rc-no-anchor', detail: `no generation-${generation} residence-card CA is registered in ${trust.mode} mode (import MOJ's certificate)` };
  return { status: 'fail', code: 'rc-no-anchor', detail: 'the issuer is not a registered residence-card CA' };
}

export function certificateTimeStatus(cert: CardCertificate, now: Date): { status: 'pass' | 'fail'; code: RcReasonCode; detail: string } {
  const notBefore = new Date(cert.decoded.notBefore);
  const notAfter = new Date(cert.decoded.notAfter);
  if (now.getTime() < notBefore.getTime()) return { status: 'fail', code: 'rc-certificate-not-yet-valid', detail: `valid from ${notBefore.toISOString()}` };
  if (now.getTime() > notAfter.getTime()) return { status: 'fail', code: 'rc-certificate-expired', detail: `expired at ${notAfter.toISOString()}` };
  return { status: 'pass', code: 'ok', detail: `valid ${notBefore.toISOString()} – ${notAfter.toISOString()}` };
}
