/**
 * Proof that the card holds the private key of its JPKI certificate: the host sends a SHA-256
 * DigestInfo of a fresh challenge, the card returns an RSA PKCS#1 v1.5 signature over it
 * (spec §4.2, `80 2A 00 80`). Verifying that is plain WebCrypto RSASSA-PKCS1-v1_5/SHA-256 over
 * the challenge (pki-and-perf.md §1.5), which rebuilds the same DigestInfo internally.
 */
import { concatBytes, copyBytes } from '../../bytes/byte-ops';
import { fromHex } from '../../bytes/hex';
import { check, type Check } from '../report';
import type { CheckId } from '../check-catalogue';
import { decodeRsaPublicKey } from './extension-values';
import { parseJpkiCertificate, type ParsedJpkiCertificate } from './jpki-certificate';
import { RSA_ENCRYPTION, type JpkiPurpose } from './jpki-oids';

/** DER DigestInfo header for SHA-256 (spec §4.2, RFC 8017 §9.2 note 1). */
export const SHA256_DIGEST_INFO_PREFIX: Uint8Array = fromHex('30 31 30 0D 06 09 60 86 48 01 65 03 04 02 01 05 00 04 20');

/** The 51 bytes to send with `80 2A 00 80` for `challenge`: DigestInfo(SHA-256(challenge)). */
export async function jpkiChallengeDigestInfo(challenge: Uint8Array): Promise<Uint8Array> {
  const hash = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', copyBytes(challenge)));
  return concatBytes(SHA256_DIGEST_INFO_PREFIX, hash);
}

/**
 * Check id `jpki.${purpose}.challenge`: pass 'ok' when `signature` verifies over `challenge` with
 * the certificate's key; otherwise fail 'jpki-challenge-invalid' ('jpki-malformed' if the
 * certificate itself cannot be read). Never throws. Validating the certificate is a separate check.
 */
export async function verifyJpkiChallenge(
  purpose: JpkiPurpose,
  certificateDer: Uint8Array,
  challenge: Uint8Array,
  signature: Uint8Array,
): Promise<Check> {
  const id: CheckId = `jpki.${purpose}.challenge`;
  const invalid = (detail: string): Check => check(id, 'fail', 'jpki-challenge-invalid', detail);
  let cert: ParsedJpkiCertificate;
  let modulusBytes: number;
  try {
    cert = parseJpkiCertificate(certificateDer);
    if (cert.decoded.spkiAlgorithm.oid !== RSA_ENCRYPTION) throw new Error('not an RSA key');
    modulusBytes = Math.ceil(decodeRsaPublicKey(cert.decoded.subjectPublicKey).modulusBits / 8);
  } catch {
    return check(id, 'fail', 'jpki-malformed', 'the certificate or its RSA key cannot be read');
  }
  if (!(challenge instanceof Uint8Array) || challenge.length === 0) return invalid('empty challenge');
  if (!(signature instanceof Uint8Array) || signature.length !== modulusBytes) {
    // RSASSA-PKCS1-v1_5 signatures are exactly k bytes long (RFC 8017 §8.2.2 step 1).
    return invalid(`signature is ${signature?.length ?? 0} bytes, the key needs ${modulusBytes}`);
  }
  try {
    const key = await globalThis.crypto.subtle.importKey(
      'spki',
      copyBytes(cert.spki),
      { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
      false,
      ['verify'],
    );
    const ok = await globalThis.crypto.subtle.verify('RSASSA-PKCS1-v1_5', key, copyBytes(signature), copyBytes(challenge));
    return ok ? check(id, 'pass', 'ok') : invalid('the signature does not match the challenge and the certificate key');
  } catch {
    return invalid('the signature could not be verified with the certificate key');
  }
}
