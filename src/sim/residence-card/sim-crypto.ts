/**
 * The simulated card's own cryptography for the card-number authentication and secure messaging
 * (在留カード等仕様書 別添1; 第二世代: AES-128 and AES-CMAC). Written for the simulator only: it
 * uses the same libraries as the card library (des.js, @noble/ciphers, @noble/hashes) but none
 * of its code, so a mistake in one does not hide in the other.
 */
import { cbc, cmac } from '@noble/ciphers/aes.js';
import { sha1 } from '@noble/hashes/legacy.js';
import des from 'des.js';
import type { RcGeneration } from './rc-profile';

export function blockOf(g: RcGeneration): number {
  return g === 1 ? 8 : 16;
}

export function cardKey(cardNumber: string): Uint8Array {
  return sha1(new TextEncoder().encode(cardNumber)).slice(0, 16);
}

export function sessionKey(kIfd: Uint8Array, kIcc: Uint8Array): Uint8Array {
  const input = new Uint8Array(20);
  kIfd.forEach((b, i) => (input[i] = b ^ kIcc[i]!));
  input[19] = 1;
  return sha1(input).slice(0, 16);
}

function tdes(type: 'encrypt' | 'decrypt', key: Uint8Array, data: Uint8Array): Uint8Array {
  const k24 = [...key, ...key.subarray(0, 8)];
  const c = des.CBC.instantiate(des.EDE).create({ type, key: k24, iv: new Array(8).fill(0), padding: false });
  return Uint8Array.from([...c.update(data), ...c.final()]);
}

export function cardEncrypt(g: RcGeneration, key: Uint8Array, data: Uint8Array): Uint8Array {
  return g === 1 ? tdes('encrypt', key, data) : cbc(key, new Uint8Array(16), { disablePadding: true }).encrypt(data);
}

export function cardDecrypt(g: RcGeneration, key: Uint8Array, data: Uint8Array): Uint8Array {
  return g === 1 ? tdes('decrypt', key, data) : cbc(key, new Uint8Array(16), { disablePadding: true }).decrypt(data);
}

export function pad(data: Uint8Array, block: number): Uint8Array {
  const out = new Uint8Array(data.length + block - (data.length % block));
  out.set(data);
  out[data.length] = 0x80;
  return out;
}

/** Strip 80 00… ; undefined when the padding is wrong. */
export function unpad(data: Uint8Array): Uint8Array | undefined {
  let i = data.length - 1;
  while (i >= 0 && data[i] === 0) i--;
  return i >= 0 && data[i] === 0x80 ? data.subarray(0, i) : undefined;
}

function desBlock(type: 'encrypt' | 'decrypt', key: Uint8Array, block: Uint8Array): Uint8Array {
  const c = des.DES.create({ type, key: [...key], padding: false });
  return Uint8Array.from([...c.update(block), ...c.final()]);
}

/** ISO/IEC 9797-1 MAC algorithm 3 over pad(data) (gen 1) / AES-CMAC truncated to 8 (gen 2). */
export function cardMac(g: RcGeneration, key: Uint8Array, data: Uint8Array): Uint8Array {
  if (g === 2) return cmac(data, key).slice(0, 8);
  const padded = pad(data, 8);
  const ka = key.subarray(0, 8);
  const kb = key.subarray(8, 16);
  let h: Uint8Array = new Uint8Array(8);
  for (let o = 0; o < padded.length; o += 8) {
    const x = h.map((v, i) => v ^ padded[o + i]!);
    h = desBlock('encrypt', ka, x);
  }
  return desBlock('encrypt', ka, desBlock('decrypt', kb, h));
}
