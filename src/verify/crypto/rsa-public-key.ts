/**
 * RSA public keys for the card's records and CV certificates (spec §3.3–§3.9): import into
 * WebCrypto as RSASSA-PKCS1-v1_5 / SHA-256, verify without ever throwing, and the raw public
 * operation for the card-face signature (spec §3.7).
 */
import { bytesToBase64Url } from '../../bytes/base64';
import { checkRsaKey, type RsaKeyMaterial } from './rsa-key-material';

export { checkRsaKey, rsaKeyProblem, sameRsaKey, MIN_RSA_MODULUS_BITS, MAX_RSA_MODULUS_BITS, type RsaKeyMaterial } from './rsa-key-material';
export { rsaPublicRecover, parsePkcs1v15Block } from './rsa-recover';

const ALGORITHM = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;

/** Public JWK (RFC 7518 §6.3.1) for a key that passes checkRsaKey, else undefined. */
export function rsaPublicJwk(key: RsaKeyMaterial): JsonWebKey | undefined {
  const checked = checkRsaKey(key);
  if (typeof checked === 'string') return undefined;
  return { kty: 'RSA', n: bytesToBase64Url(checked.n), e: bytesToBase64Url(checked.e), alg: 'RS256', ext: true, key_ops: ['verify'] };
}

/** A non-extractable verify-only CryptoKey, or undefined when the key is refused. */
export async function importRsaPublicKey(key: RsaKeyMaterial): Promise<CryptoKey | undefined> {
  const jwk = rsaPublicJwk(key);
  if (!jwk) return undefined;
  try {
    return await globalThis.crypto.subtle.importKey('jwk', jwk, ALGORITHM, false, ['verify']);
  } catch {
    return undefined;
  }
}

function isKeyMaterial(key: RsaKeyMaterial | CryptoKey): key is RsaKeyMaterial {
  return (key as Partial<RsaKeyMaterial>).modulus instanceof Uint8Array;
}

function modulusBytesOf(key: CryptoKey): number | undefined {
  const alg = key.algorithm as Partial<RsaHashedKeyAlgorithm>;
  const hash = alg.hash as { name?: string } | undefined;
  if (key.type !== 'public' || alg.name !== ALGORITHM.name || hash?.name !== 'SHA-256' || typeof alg.modulusLength !== 'number') return undefined;
  return Math.ceil(alg.modulusLength / 8);
}

/**
 * RSASSA-PKCS1-v1_5 with SHA-256 over `data`. False — never an exception — for a refused key, a
 * signature that is not exactly |n| bytes (RFC 8017 §8.2.2 step 1), or a bad signature.
 */
export async function verifyPkcs1Sha256(key: RsaKeyMaterial | CryptoKey, data: Uint8Array, signature: Uint8Array): Promise<boolean> {
  let cryptoKey: CryptoKey | undefined;
  let k: number | undefined;
  if (!isKeyMaterial(key)) {
    cryptoKey = key;
    k = modulusBytesOf(key);
  } else {
    const checked = checkRsaKey(key);
    if (typeof checked === 'string') return false;
    k = checked.k;
    cryptoKey = await importRsaPublicKey(key);
  }
  if (!cryptoKey || k === undefined || !(signature instanceof Uint8Array) || signature.length !== k) return false;
  // ArrayBuffer-backed copies for WebCrypto; the data copy may hold personal data, so wipe it.
  const dataCopy = new Uint8Array(data.length);
  dataCopy.set(data);
  const sigCopy = new Uint8Array(signature);
  try {
    return await globalThis.crypto.subtle.verify(ALGORITHM, cryptoKey, sigCopy, dataCopy);
  } catch {
    return false;
  } finally {
    dataCopy.fill(0);
  }
}
