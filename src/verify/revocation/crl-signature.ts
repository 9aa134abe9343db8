/**
 * CRL signatures without holding the signed bytes: the streaming walker hashes tbsCertList as it
 * passes (WebCrypto has no incremental hashing, reference pki-and-perf.md §3.2), and the digest
 * is checked here by the RSA public operation and an encode-and-compare of the whole
 * EMSA-PKCS1-v1_5 block (RFC 8017 §8.2.2, §9.2): the expected block is rebuilt from the digest and
 * compared in constant time, so no DigestInfo parsing of attacker bytes takes place.
 * Only sha{256,384,512}WithRSAEncryption: RSASSA-PSS is refused as unsupported on this path
 * (JPKI signs with sha256WithRSAEncryption, spec §4.4).
 */
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import { constantTimeEqual } from '../crypto/constant-time';
import { rsaPublicRecover } from '../crypto/rsa-recover';
import { bitStringOctets, expectTlv, positiveIntegerRange, readAlgorithmIdentifier, TAG, type AlgorithmIdentifierParts } from '../der/der-reader';
import { revocationFailure } from './revocation-error';
import type { SignatureVerdict } from './signature-verify';

export type HashName = 'SHA-256' | 'SHA-384' | 'SHA-512';

const PKCS1_V15: Readonly<Record<string, HashName>> = {
  '1.2.840.113549.1.1.11': 'SHA-256',
  '1.2.840.113549.1.1.12': 'SHA-384',
  '1.2.840.113549.1.1.13': 'SHA-512',
};
const RSA_ENCRYPTION = '1.2.840.113549.1.1.1';

// DER DigestInfo prefixes, RFC 8017 §9.2 note 1.
const DIGEST_INFO_PREFIX: Readonly<Record<HashName, Uint8Array>> = {
  'SHA-256': Uint8Array.of(0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20),
  'SHA-384': Uint8Array.of(0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02, 0x05, 0x00, 0x04, 0x30),
  'SHA-512': Uint8Array.of(0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03, 0x05, 0x00, 0x04, 0x40),
};
const DIGEST_LENGTH: Readonly<Record<HashName, number>> = { 'SHA-256': 32, 'SHA-384': 48, 'SHA-512': 64 };

/** An incremental hash of tbsCertList. */
export interface TbsHasher {
  update(bytes: Uint8Array): void;
  digest(): Uint8Array;
}

function hashOf(alg: AlgorithmIdentifierParts): HashName | undefined {
  const hash = PKCS1_V15[alg.oid];
  if (!hash) return undefined;
  const p = alg.params;
  // Parameters NULL or absent (RFC 4055 §5).
  if (p !== undefined && !(p.length === 2 && p[0] === 0x05 && p[1] === 0x00)) return undefined;
  return hash;
}

/**
 * Makes incremental hashers. The default is @noble/hashes (runs in browsers and Workers, where
 * WebCrypto has no incremental digest); Node callers may pass node:crypto's, which is several
 * times faster on a national-size CRL (src/node/node-tbs-hasher.ts).
 */
export type TbsHasherFactory = (hash: HashName) => TbsHasher;

export const nobleTbsHasher: TbsHasherFactory = (hash) => {
  const h = hash === 'SHA-256' ? sha256.create() : hash === 'SHA-384' ? sha384.create() : sha512.create();
  return {
    update: (bytes) => {
      h.update(bytes);
    },
    digest: () => h.digest(),
  };
};

/** A hasher for the algorithm the CRL names, or undefined when the algorithm is not accepted. */
export function tbsHasherFor(alg: AlgorithmIdentifierParts, factory: TbsHasherFactory = nobleTbsHasher): TbsHasher | undefined {
  const hash = hashOf(alg);
  if (!hash) return undefined;
  return factory(hash);
}

/** n and e of an rsaEncryption SubjectPublicKeyInfo (RFC 8017 A.1.1, RFC 3279 §2.3.1), else undefined. */
export function rsaKeyFromSpki(spki: Uint8Array): { modulus: Uint8Array; exponent: Uint8Array } | undefined {
  try {
    const code = revocationFailure('certificate-malformed');
    const top = expectTlv(spki, 0, spki.length, TAG.SEQUENCE, 'SubjectPublicKeyInfo', code);
    const algT = expectTlv(spki, top.start, top.end, TAG.SEQUENCE, 'algorithm', code);
    const alg = readAlgorithmIdentifier(spki, algT, code);
    if (alg.oid !== RSA_ENCRYPTION) return undefined;
    const bits = expectTlv(spki, algT.end, top.end, TAG.BIT_STRING, 'subjectPublicKey', code);
    const key = bitStringOctets(spki, bits, 'subjectPublicKey', code);
    const seq = expectTlv(key, 0, key.length, TAG.SEQUENCE, 'RSAPublicKey', code);
    const nT = expectTlv(key, seq.start, seq.end, TAG.INTEGER, 'modulus', code);
    const eT = expectTlv(key, nT.end, seq.end, TAG.INTEGER, 'publicExponent', code);
    if (eT.end !== seq.end) return undefined;
    const [n0, n1] = positiveIntegerRange(key, nT, 'modulus', code);
    const [e0, e1] = positiveIntegerRange(key, eT, 'publicExponent', code);
    return { modulus: key.slice(n0, n1), exponent: key.slice(e0, e1) };
  } catch {
    return undefined;
  }
}

/**
 * Verify a CRL signature given the digest of tbsCertList (from tbsHasherFor). Never throws.
 * The issuer key must be RSA 2048–4096 bits (crypto/rsa-key-material.ts).
 */
export function verifyCrlDigest(alg: AlgorithmIdentifierParts, spki: Uint8Array, digest: Uint8Array | undefined, signature: Uint8Array): SignatureVerdict {
  const hash = hashOf(alg);
  if (!hash || !digest) return { valid: false, why: 'unsupported-algorithm', detail: `signature algorithm ${alg.oid} is not accepted for CRLs` };
  if (digest.length !== DIGEST_LENGTH[hash]) return { valid: false, why: 'unsupported-algorithm', detail: 'digest length does not match the algorithm' };
  const key = rsaKeyFromSpki(spki);
  if (!key) return { valid: false, why: 'bad-key', detail: 'issuer key is not an RSA SubjectPublicKeyInfo' };
  const em = rsaPublicRecover(key, signature);
  if (!em) return { valid: false, why: 'mismatch', detail: 'signature does not verify with the issuer key (wrong length, out of range or refused key)' };
  const expected = pkcs1v15Block(hash, digest, em.length);
  if (!expected || !constantTimeEqual(em, expected)) return { valid: false, why: 'mismatch', detail: 'signature does not verify with the issuer key' };
  return { valid: true };
}

/** EMSA-PKCS1-v1_5 (RFC 8017 §9.2): 00 01 FF…FF 00 ‖ DigestInfo, k octets; undefined if k is too short. */
function pkcs1v15Block(hash: HashName, digest: Uint8Array, k: number): Uint8Array | undefined {
  const prefix = DIGEST_INFO_PREFIX[hash];
  const tLen = prefix.length + digest.length;
  if (k < tLen + 11) return undefined;
  const em = new Uint8Array(k);
  em[1] = 0x01;
  em.fill(0xff, 2, k - tLen - 1);
  em.set(prefix, k - tLen);
  em.set(digest, k - digest.length);
  return em;
}
