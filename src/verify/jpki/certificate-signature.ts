/**
 * WebCrypto checks of "did this key sign that certificate" and key identifiers. Works the same
 * in Node 20 and browsers (globalThis.crypto.subtle).
 */
import { copyBytes } from '../../bytes/byte-ops';
import { toHex } from '../../bytes/hex';
import type { ParsedJpkiCertificate } from './jpki-certificate';
import { RSA_PKCS1_SIGNATURE_HASH } from './jpki-oids';

/**
 * True when `issuerSpki`'s key verifies `cert`'s signature over its tbsCertificate bytes as
 * encoded (RFC 5280 §4.1.1.3). Any failure to import or verify is simply `false`.
 */
export async function isSignedBy(cert: ParsedJpkiCertificate, issuerSpki: Uint8Array): Promise<boolean> {
  const hash = RSA_PKCS1_SIGNATURE_HASH[cert.signatureAlgorithmOid];
  if (!hash) return false;
  try {
    const key = await globalThis.crypto.subtle.importKey(
      'spki',
      copyBytes(issuerSpki),
      { name: 'RSASSA-PKCS1-v1_5', hash },
      false,
      ['verify'],
    );
    return await globalThis.crypto.subtle.verify(
      'RSASSA-PKCS1-v1_5',
      key,
      copyBytes(cert.decoded.signature),
      copyBytes(cert.decoded.tbs),
    );
  } catch {
    return false;
  }
}

/**
 * The certificate's key identifier: its SKI, or — for a root without SKI — SHA-1 of the
 * subjectPublicKey BIT STRING contents (RFC 5280 §4.2.1.2 method 1, what J-LIS and the simulator use).
 */
export async function keyIdOf(cert: ParsedJpkiCertificate): Promise<string> {
  if (cert.subjectKeyIdHex) return cert.subjectKeyIdHex;
  const digest = await globalThis.crypto.subtle.digest('SHA-1', copyBytes(cert.decoded.subjectPublicKey));
  return toHex(new Uint8Array(digest));
}
