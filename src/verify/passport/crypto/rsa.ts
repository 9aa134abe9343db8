/**
 * RSA by hand where WebCrypto cannot help: the public operation for ISO/IEC 9796-2 message
 * recovery (Active Authentication, 9303-11 §6.1) and EMSA-PKCS1-v1_5 / EMSA-PSS verification for
 * the combinations WebCrypto refuses (SHA-224; PSS whose MGF1 hash differs from the message
 * hash). Public values only, so plain BigInt arithmetic is fine.
 */
import { bigIntToBytes, bytesToBigInt, modPow } from '../../crypto/bigint-bytes';
import { constantTimeEqual } from '../../crypto/constant-time';
import { digest, HASH_LENGTH, type HashName } from './hashes';

/** Accepted modulus sizes: 1024 (old AA keys, 9303-11 §6.1) up to 8192 bits. */
export const RSA_MIN_BITS = 1024;
export const RSA_MAX_BITS = 8192;

export interface RsaKey {
  readonly modulus: Uint8Array;
  readonly exponent: Uint8Array;
}

function strip(b: Uint8Array): Uint8Array {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  return b.subarray(i);
}

export function rsaBits(key: RsaKey): number {
  const n = strip(key.modulus);
  return n.length === 0 || n[0] === 0 ? 0 : (n.length - 1) * 8 + (32 - Math.clz32(n[0]!));
}

/** Why `key` is refused, or undefined. */
export function rsaKeyProblem(key: RsaKey): string | undefined {
  const bits = rsaBits(key);
  if (bits < RSA_MIN_BITS || bits > RSA_MAX_BITS) return `RSA modulus of ${bits} bits is outside ${RSA_MIN_BITS}–${RSA_MAX_BITS}`;
  const n = strip(key.modulus);
  if ((n[n.length - 1]! & 1) === 0) return 'RSA modulus is even';
  const e = strip(key.exponent);
  if (e.length > 4 || (e[e.length - 1]! & 1) === 0 || (e.length === 1 && e[0]! < 3)) return 'RSA public exponent must be odd, at least 3 and at most 32 bits';
  return undefined;
}

/** s^e mod n as k = |n| bytes; undefined when the key is refused or s is not below n. */
export function rsaPublic(key: RsaKey, signature: Uint8Array): Uint8Array | undefined {
  if (rsaKeyProblem(key)) return undefined;
  const n = strip(key.modulus);
  if (signature.length !== n.length) return undefined;
  const nv = bytesToBigInt(n);
  const s = bytesToBigInt(signature);
  if (s >= nv) return undefined;
  return bigIntToBytes(modPow(s, bytesToBigInt(strip(key.exponent)), nv), n.length);
}

/** DigestInfo prefixes (RFC 8017 §9.2 note 1). */
const DIGEST_INFO: Readonly<Record<HashName, string>> = {
  'SHA-1': '3021300906052b0e03021a05000414',
  'SHA-224': '302d300d06096086480165030402040500041c',
  'SHA-256': '3031300d060960864801650304020105000420',
  'SHA-384': '3041300d060960864801650304020205000430',
  'SHA-512': '3051300d060960864801650304020305000440',
};

function hexToBytes(h: string): Uint8Array {
  const out = new Uint8Array(h.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(h.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** RSASSA-PKCS1-v1_5 verification (RFC 8017 §8.2.2) by comparing the full encoded block. */
export async function verifyPkcs1v15Raw(key: RsaKey, hash: HashName, data: Uint8Array, signature: Uint8Array): Promise<boolean> {
  const em = rsaPublic(key, signature);
  if (!em) return false;
  const t = new Uint8Array([...hexToBytes(DIGEST_INFO[hash]), ...(await digest(hash, data))]);
  if (em.length < t.length + 11) return false;
  const expected = new Uint8Array(em.length);
  expected[1] = 0x01;
  expected.fill(0xff, 2, em.length - t.length - 1);
  expected.set(t, em.length - t.length);
  return constantTimeEqual(em, expected);
}

async function mgf1(hash: HashName, seed: Uint8Array, length: number): Promise<Uint8Array> {
  const out = new Uint8Array(length);
  const hLen = HASH_LENGTH[hash];
  for (let counter = 0, off = 0; off < length; counter++, off += hLen) {
    const c = Uint8Array.of(counter >>> 24, (counter >>> 16) & 0xff, (counter >>> 8) & 0xff, counter & 0xff);
    const block = await digest(hash, new Uint8Array([...seed, ...c]));
    out.set(block.subarray(0, Math.min(hLen, length - off)), off);
  }
  return out;
}

/** RSASSA-PSS verification (RFC 8017 §8.1.2, EMSA-PSS-VERIFY §9.1.2), trailer BC. */
export async function verifyPssRaw(key: RsaKey, hash: HashName, mgfHash: HashName, saltLength: number, data: Uint8Array, signature: Uint8Array): Promise<boolean> {
  const em0 = rsaPublic(key, signature);
  if (!em0) return false;
  const modBits = rsaBits(key);
  const emBits = modBits - 1;
  const emLen = Math.ceil(emBits / 8);
  const em = em0.subarray(em0.length - emLen);
  if (em0.length > emLen && em0[0] !== 0) return false;
  const hLen = HASH_LENGTH[hash];
  if (emLen < hLen + saltLength + 2 || em[emLen - 1] !== 0xbc) return false;
  const maskedDb = em.subarray(0, emLen - hLen - 1);
  const h = em.subarray(emLen - hLen - 1, emLen - 1);
  const topBits = 8 * emLen - emBits;
  if (topBits > 0 && (maskedDb[0]! & (0xff << (8 - topBits)) & 0xff) !== 0) return false;
  const mask = await mgf1(mgfHash, h, maskedDb.length);
  const db = maskedDb.map((b, i) => b ^ mask[i]!);
  if (topBits > 0) db[0] = db[0]! & (0xff >> topBits);
  const psLen = emLen - hLen - saltLength - 2;
  for (let i = 0; i < psLen; i++) if (db[i] !== 0) return false;
  if (db[psLen] !== 0x01) return false;
  const salt = db.subarray(db.length - saltLength);
  const mHash = await digest(hash, data);
  const mPrime = new Uint8Array(8 + hLen + saltLength);
  mPrime.set(mHash, 8);
  mPrime.set(salt, 8 + hLen);
  return constantTimeEqual(await digest(hash, mPrime), h);
}
