/**
 * The block-cipher operations secure messaging needs, with no padding anywhere (callers pad with
 * padding.ts): two-key triple DES in CBC mode and Retail MAC (des.js; WebCrypto has no DES), AES
 * in CBC and ECB mode and AES-CMAC (@noble/ciphers; WebCrypto's AES-CBC forces PKCS#7).
 * Synchronous and pure, so the same code runs in Node and the browser. Shared by the residence
 * card's scheme and ICAO SM.
 */
import { cbc, cmac, ecb } from '@noble/ciphers/aes.js';
import des from 'des.js';
import { SecureMessagingError } from './sm-error';

export const DES_BLOCK = 8;
export const AES_BLOCK = 16;

function checkKey(key: Uint8Array, lengths: readonly number[], what: string): void {
  if (!(key instanceof Uint8Array) || !lengths.includes(key.length)) {
    throw new SecureMessagingError('sm-bad-key', `${what} key must be ${lengths.join(' or ')} bytes`);
  }
}

function checkBlocks(data: Uint8Array, block: number, what: string): void {
  if (!(data instanceof Uint8Array) || data.length % block !== 0) {
    throw new SecureMessagingError('sm-bad-cryptogram-length', `${what}: ${data?.length ?? 0} bytes is not a whole number of ${block}-byte blocks`);
  }
}

function zeroIv(n: number, iv?: Uint8Array): Uint8Array {
  if (iv === undefined) return new Uint8Array(n);
  if (iv.length !== n) throw new SecureMessagingError('sm-bad-key', `IV must be ${n} bytes`);
  return iv;
}

/** K1 ‖ K2 → K1 ‖ K2 ‖ K1, the 24-byte form des.js's EDE takes for two-key triple DES. */
function ede24(key: Uint8Array): Uint8Array {
  checkKey(key, [16], 'two-key triple DES');
  const k = new Uint8Array(24);
  k.set(key, 0);
  k.set(key.subarray(0, 8), 16);
  return k;
}

function desCbc(type: 'encrypt' | 'decrypt', key: Uint8Array, data: Uint8Array, iv?: Uint8Array): Uint8Array {
  checkBlocks(data, DES_BLOCK, `3DES-CBC ${type}`);
  const k = ede24(key);
  try {
    const c = des.CBC.instantiate(des.EDE).create({ type, key: k, iv: zeroIv(DES_BLOCK, iv), padding: false });
    const out = c.update(data).concat(c.final());
    return Uint8Array.from(out);
  } finally {
    k.fill(0);
  }
}

/** Two-key triple DES (K1 ‖ K2, 16 bytes), CBC, IV zero unless given, no padding. */
export function tdesCbcEncrypt(key: Uint8Array, data: Uint8Array, iv?: Uint8Array): Uint8Array {
  return desCbc('encrypt', key, data, iv);
}

export function tdesCbcDecrypt(key: Uint8Array, data: Uint8Array, iv?: Uint8Array): Uint8Array {
  return desCbc('decrypt', key, data, iv);
}

function singleDes(type: 'encrypt' | 'decrypt', key: Uint8Array, block: Uint8Array): Uint8Array {
  const c = des.DES.create({ type, key, padding: false });
  return Uint8Array.from(c.update(block).concat(c.final()));
}

/**
 * Retail MAC, ISO/IEC 9797-1 MAC algorithm 3 with single DES (16-byte key K1 ‖ K2): CBC-DES
 * under K1 over `data`, then the last block decrypted under K2 and encrypted under K1. `data`
 * must already be padded (the residence card and BAC use padding method 2: padIso9797M2).
 */
export function retailMac(key: Uint8Array, data: Uint8Array): Uint8Array {
  checkKey(key, [16], 'Retail MAC');
  checkBlocks(data, DES_BLOCK, 'Retail MAC');
  if (data.length === 0) throw new SecureMessagingError('sm-bad-cryptogram-length', 'Retail MAC over no data');
  const k1 = key.subarray(0, 8);
  const k2 = key.subarray(8, 16);
  let chain: Uint8Array = new Uint8Array(DES_BLOCK);
  for (let off = 0; off < data.length; off += DES_BLOCK) {
    const x = new Uint8Array(DES_BLOCK);
    for (let i = 0; i < DES_BLOCK; i++) x[i] = chain[i]! ^ data[off + i]!;
    chain = singleDes('encrypt', k1, x);
  }
  return singleDes('encrypt', k1, singleDes('decrypt', k2, chain));
}

/** AES-128/192/256, CBC, IV zero unless given, no padding. */
export function aesCbcEncrypt(key: Uint8Array, data: Uint8Array, iv?: Uint8Array): Uint8Array {
  checkKey(key, [16, 24, 32], 'AES');
  checkBlocks(data, AES_BLOCK, 'AES-CBC encrypt');
  return cbc(key, zeroIv(AES_BLOCK, iv), { disablePadding: true }).encrypt(data);
}

export function aesCbcDecrypt(key: Uint8Array, data: Uint8Array, iv?: Uint8Array): Uint8Array {
  checkKey(key, [16, 24, 32], 'AES');
  checkBlocks(data, AES_BLOCK, 'AES-CBC decrypt');
  return cbc(key, zeroIv(AES_BLOCK, iv), { disablePadding: true }).decrypt(data);
}

/** AES in ECB mode on whole blocks (ICAO SM derives its IV as E(KSenc, SSC)). */
export function aesEcbEncrypt(key: Uint8Array, data: Uint8Array): Uint8Array {
  checkKey(key, [16, 24, 32], 'AES');
  checkBlocks(data, AES_BLOCK, 'AES-ECB encrypt');
  return ecb(key, { disablePadding: true }).encrypt(data);
}

/** AES-CMAC (RFC 4493 / NIST SP 800-38B), the full 16-byte tag; callers truncate. */
export function aesCmac(key: Uint8Array, data: Uint8Array): Uint8Array {
  checkKey(key, [16, 24, 32], 'AES-CMAC');
  return cmac(data, key);
}

/** Constant-time comparison of two MACs or cryptograms. */
export function equalBytesConstantTime(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}
