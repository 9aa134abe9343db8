/**
 * The key derivation function of 9303-11 §9.7.1: keydata = H(K ‖ c) with a 32-bit big-endian
 * counter c (1 = encryption, 2 = MAC, 3 = PACE password key), SHA-1 for 3DES and AES-128,
 * SHA-256 for AES-192/256. 3DES keys are the first 16 bytes with DES parity adjusted (optional
 * in §9.7.1.1; done so derived keys compare equal to the Appendix D values).
 */
import { sha1 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { adjustDesParity } from './icao-des';

export type IcaoCipher = '3des' | 'aes-128' | 'aes-192' | 'aes-256';

export const KDF_ENC = 1;
export const KDF_MAC = 2;
export const KDF_PI = 3;

export function cipherKeyLength(cipher: IcaoCipher): number {
  switch (cipher) {
    case '3des':
    case 'aes-128':
      return 16;
    case 'aes-192':
      return 24;
    case 'aes-256':
      return 32;
  }
}

export function cipherBlockSize(cipher: IcaoCipher): number {
  return cipher === '3des' ? 8 : 16;
}

export function icaoKdf(secret: Uint8Array, counter: number, cipher: IcaoCipher): Uint8Array {
  const input = new Uint8Array(secret.length + 4);
  input.set(secret);
  new DataView(input.buffer).setUint32(secret.length, counter >>> 0, false);
  const hash = cipher === 'aes-192' || cipher === 'aes-256' ? sha256(input) : sha1(input);
  input.fill(0);
  const key = hash.slice(0, cipherKeyLength(cipher));
  hash.fill(0);
  if (cipher !== '3des') return key;
  const adjusted = adjustDesParity(key);
  key.fill(0);
  return adjusted;
}
