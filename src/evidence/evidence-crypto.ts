/**
 * Encryption of evidence records: AES-GCM-256 under one non-extractable key (WebCrypto,
 * globalThis.crypto in browsers and Node ≥ 20). The CryptoKey object itself is persisted in
 * IndexedDB; structured clone keeps `extractable: false`, so no script can export it.
 * Note the limit: the browser still writes the key material into its profile on disk;
 * "non-extractable" stops JavaScript (an XSS, a devtools snippet) from reading it, not someone
 * with the device's disk.
 */
import { copyBytes } from '../bytes/byte-ops';
import { EvidenceError } from './evidence-error';

export const AES_GCM_IV_BYTES = 12;

export interface SealedRecord {
  /** 96-bit random nonce (NIST SP 800-38D §8.2.2; random IVs are fine far below 2^32 messages per key). */
  readonly iv: Uint8Array;
  /** AES-GCM ciphertext ‖ 128-bit tag. */
  readonly ciphertext: Uint8Array;
}

function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (!s) throw new EvidenceError('evidence-storage-failed', 'WebCrypto is not available (needs a secure context)');
  return s;
}

/** A fresh AES-GCM 256 key that can encrypt and decrypt but never be exported. */
export async function createEvidenceKey(): Promise<CryptoKey> {
  return subtle().generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

/** True for a key this module can use: AES-GCM, 256-bit, non-extractable, encrypt+decrypt. */
export function isUsableEvidenceKey(key: unknown): key is CryptoKey {
  if (typeof CryptoKey !== 'undefined' && !(key instanceof CryptoKey)) return false;
  const k = key as CryptoKey;
  const alg = k.algorithm as AesKeyAlgorithm | undefined;
  return (
    k.type === 'secret' &&
    k.extractable === false &&
    alg?.name === 'AES-GCM' &&
    alg.length === 256 &&
    k.usages.includes('encrypt') &&
    k.usages.includes('decrypt')
  );
}

export async function sha256(bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await subtle().digest('SHA-256', copyBytes(bytes)));
}

/** JSON → UTF-8 → AES-GCM with a fresh random IV. `associatedData` binds the ciphertext to its context. */
export async function sealRecord(key: CryptoKey, record: unknown, associatedData?: Uint8Array): Promise<SealedRecord> {
  const plaintext = new TextEncoder().encode(JSON.stringify(record));
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(AES_GCM_IV_BYTES));
  try {
    const params: AesGcmParams = { name: 'AES-GCM', iv, tagLength: 128, ...(associatedData ? { additionalData: copyBytes(associatedData) } : {}) };
    return { iv, ciphertext: new Uint8Array(await subtle().encrypt(params, key, plaintext)) };
  } finally {
    plaintext.fill(0);
  }
}

/**
 * Decrypt and parse. Throws EvidenceError('evidence-decrypt-failed') when authentication fails
 * (tampered bytes, another key, other associated data) and 'evidence-record-malformed' when the
 * plaintext is not JSON.
 */
export async function openRecord(key: CryptoKey, sealed: SealedRecord, associatedData?: Uint8Array): Promise<unknown> {
  if (!(sealed.iv instanceof Uint8Array) || sealed.iv.length !== AES_GCM_IV_BYTES || !(sealed.ciphertext instanceof Uint8Array) || sealed.ciphertext.length < 16) {
    throw new EvidenceError('evidence-decrypt-failed', 'sealed record: bad IV or ciphertext length');
  }
  let plain: Uint8Array;
  try {
    const params: AesGcmParams = {
      name: 'AES-GCM',
      iv: copyBytes(sealed.iv),
      tagLength: 128,
      ...(associatedData ? { additionalData: copyBytes(associatedData) } : {}),
    };
    plain = new Uint8Array(await subtle().decrypt(params, key, copyBytes(sealed.ciphertext)));
  } catch (e) {
    throw new EvidenceError('evidence-decrypt-failed', 'sealed record did not authenticate', { cause: e });
  }
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plain));
  } catch (e) {
    throw new EvidenceError('evidence-record-malformed', 'sealed record is not UTF-8 JSON', { cause: e });
  } finally {
    plain.fill(0);
  }
}
