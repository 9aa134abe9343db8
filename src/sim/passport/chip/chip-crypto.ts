/**
 * The simulated chip's own symmetric crypto (it never calls the card library): two-key 3DES and
 * the ISO/IEC 9797-1 MAC algorithm 3 with `des.js`, AES-CBC/ECB/CMAC with `@noble/ciphers`, and
 * the 9303-11 §9.7.1 KDF. Written from the spec text, independently of src/cards.
 */
// @ts-ignore -- des.js has no type declarations.
import * as desLib from 'des.js';
import { cbc, cmac, ecb } from '@noble/ciphers/aes.js';
import { sha1 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';

export type ChipCipher = '3des' | 'aes-128' | 'aes-192' | 'aes-256';

type Mode = { create(o: Record<string, unknown>): { update(d: ArrayLike<number>): number[]; final(): number[] } };
const lib = ((desLib as { default?: unknown }).default ?? desLib) as { DES: Mode; EDE: Mode; CBC: { instantiate(m: Mode): Mode } };
const EDE_CBC = lib.CBC.instantiate(lib.EDE);
const DES_CBC = lib.CBC.instantiate(lib.DES);

function drive(m: Mode, opts: Record<string, unknown>, data: Uint8Array): Uint8Array {
  const c = m.create({ ...opts, padding: false });
  return Uint8Array.from([...c.update(data), ...c.final()]);
}

export function blockOf(cipher: ChipCipher): number {
  return cipher === '3des' ? 8 : 16;
}

export function keyBytesOf(cipher: ChipCipher): number {
  return cipher === 'aes-192' ? 24 : cipher === 'aes-256' ? 32 : 16;
}

/** Method-2 padding: 80 then zeros to the next block boundary (always at least one byte). */
export function chipPad(data: Uint8Array, block: number): Uint8Array {
  const n = data.length + 1;
  const out = new Uint8Array(Math.ceil(n / block) * block);
  out.set(data);
  out[data.length] = 0x80;
  return out;
}

/** Strip method-2 padding; undefined when it is not there. */
export function chipUnpad(data: Uint8Array): Uint8Array | undefined {
  for (let i = data.length - 1; i >= 0; i--) {
    if (data[i] === 0x80) return data.slice(0, i);
    if (data[i] !== 0x00) return undefined;
  }
  return undefined;
}

/** CBC encryption/decryption with the session cipher; `iv` all zero unless given. */
export function chipCbc(cipher: ChipCipher, key: Uint8Array, data: Uint8Array, decrypt: boolean, iv?: Uint8Array): Uint8Array {
  if (data.length === 0) return new Uint8Array(0);
  if (cipher === '3des') {
    const k24 = Uint8Array.from([...key.subarray(0, 16), ...key.subarray(0, 8)]);
    return drive(EDE_CBC, { type: decrypt ? 'decrypt' : 'encrypt', key: k24, iv: iv ?? new Uint8Array(8) }, data);
  }
  const c = cbc(key, iv ?? new Uint8Array(16), { disablePadding: true });
  return decrypt ? c.decrypt(data) : c.encrypt(data);
}

export function aesBlock(key: Uint8Array, block: Uint8Array): Uint8Array {
  return ecb(key, { disablePadding: true }).encrypt(block);
}

/**
 * MAC as the session cipher defines it, over `message` that the caller has NOT padded:
 * 3DES — pad (method 2), DES-CBC with Ka, then D(Kb), E(Ka) on the last block;
 * AES — CMAC over the method-2 padded message (SM) or the raw message (`raw`, PACE tokens).
 */
export function chipMac(cipher: ChipCipher, key: Uint8Array, message: Uint8Array, raw = false): Uint8Array {
  if (cipher === '3des') {
    const padded = chipPad(message, 8);
    const ka = key.subarray(0, 8);
    const kb = key.subarray(8, 16);
    const chain = drive(DES_CBC, { type: 'encrypt', key: ka, iv: new Uint8Array(8) }, padded);
    const last = chain.subarray(chain.length - 8);
    const step = drive(lib.DES, { type: 'decrypt', key: kb }, last);
    return drive(lib.DES, { type: 'encrypt', key: ka }, step);
  }
  return cmac(raw ? message : chipPad(message, 16), key).subarray(0, 8);
}

/** KDF(K, c) of 9303-11 §9.7.1; 3DES keys get odd parity (D.1 step 4). */
export function chipKdf(secret: Uint8Array, counter: number, cipher: ChipCipher): Uint8Array {
  const input = Uint8Array.from([...secret, counter >>> 24, (counter >>> 16) & 0xff, (counter >>> 8) & 0xff, counter & 0xff]);
  const digest = cipher === 'aes-192' || cipher === 'aes-256' ? sha256(input) : sha1(input);
  const key = digest.slice(0, keyBytesOf(cipher));
  if (cipher === '3des') {
    for (let i = 0; i < key.length; i++) {
      let b = key[i]!;
      let parity = 0;
      for (let bit = 1; bit < 8; bit++) parity ^= (b >> bit) & 1;
      b = (b & 0xfe) | (parity ^ 1);
      key[i] = b;
    }
  }
  return key;
}

export function chipSha1(data: Uint8Array): Uint8Array {
  return sha1(data);
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i]! ^ b[i]!;
  return d === 0;
}

export function toBig(b: Uint8Array): bigint {
  return b.length === 0 ? 0n : BigInt('0x' + Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(''));
}

export function fromBig(x: bigint, length?: number): Uint8Array {
  let h = x.toString(16);
  if (h.length % 2) h = '0' + h;
  const raw = Uint8Array.from(h.match(/../g)!.map((p) => parseInt(p, 16)));
  if (length === undefined) return raw;
  const out = new Uint8Array(length);
  out.set(raw.subarray(Math.max(0, raw.length - length)), Math.max(0, length - raw.length));
  return out;
}

export function powMod(b: bigint, e: bigint, m: bigint): bigint {
  let r = 1n;
  let x = ((b % m) + m) % m;
  for (let k = e; k > 0n; k >>= 1n) {
    if (k & 1n) r = (r * x) % m;
    x = (x * x) % m;
  }
  return r;
}

export function invMod(a: bigint, m: bigint): bigint {
  // Fermat is not usable for composite m (RSA φ), so extended Euclid.
  let [r0, r1] = [((a % m) + m) % m, m];
  let [s0, s1] = [1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return ((s0 % m) + m) % m;
}
