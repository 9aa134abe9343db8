/**
 * AES pieces of ICAO secure messaging and PACE (9303-11 §9.8.7, §4.4.3.4): CBC without padding
 * (WebCrypto would add and strip PKCS#7), one-block ECB for the SM IV E(KS_enc, SSC), and CMAC
 * (SP 800-38B). `@noble/ciphers` provides all three (other-id-documents.md §5).
 */
import { cbc, cmac, ecb } from '@noble/ciphers/aes.js';
import { IcaoSmError } from './icao-sm-error';

export const AES_BLOCK = 16;

function checkKey(key: Uint8Array): void {
  if (key.length !== 16 && key.length !== 24 && key.length !== 32) {
    throw new IcaoSmError('sm-bad-key', `AES key must be 16, 24 or 32 bytes, got ${key.length}`);
  }
}

function checkBlocks(data: Uint8Array): void {
  if (data.length % AES_BLOCK !== 0) throw new IcaoSmError('sm-bad-padding', `AES input of ${data.length} bytes is not whole blocks`);
}

export function aesCbcEncrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  checkKey(key);
  checkBlocks(data);
  if (data.length === 0) return new Uint8Array(0);
  return cbc(key, iv, { disablePadding: true }).encrypt(data);
}

export function aesCbcDecrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  checkKey(key);
  checkBlocks(data);
  if (data.length === 0) return new Uint8Array(0);
  return cbc(key, iv, { disablePadding: true }).decrypt(data);
}

/** E(K, block) for one 16-byte block. */
export function aesEncryptBlock(key: Uint8Array, block: Uint8Array): Uint8Array {
  checkKey(key);
  if (block.length !== AES_BLOCK) throw new IcaoSmError('sm-bad-key', 'AES block must be 16 bytes');
  return ecb(key, { disablePadding: true }).encrypt(block);
}

/** AES-CMAC truncated to 8 bytes (9303-11 §9.8.7.2, §4.4.3.4). */
export function aesCmac8(key: Uint8Array, data: Uint8Array): Uint8Array {
  checkKey(key);
  return cmac(data, key).slice(0, 8);
}
