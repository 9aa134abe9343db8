/**
 * Two-key triple DES and the ISO/IEC 9797-1 MAC algorithm 3 ("retail MAC") for BAC and 3DES
 * secure messaging (9303-11 §4.3.3, §9.8.6). WebCrypto has no DES, so this uses `des.js`
 * (other-id-documents.md §5). Keys are K1 ‖ K2 (16 bytes); 3DES runs as K1, K2, K1.
 */
// @ts-ignore -- des.js ships no type declarations; the part used here is typed below.
import * as desModule from 'des.js';
import { IcaoSmError } from './icao-sm-error';

interface DesCipher {
  update(data: ArrayLike<number>): number[];
  final(): number[];
}
interface DesFactory {
  create(options: { type: 'encrypt' | 'decrypt'; key: ArrayLike<number>; iv?: ArrayLike<number>; padding?: boolean }): DesCipher;
}
interface DesJs {
  DES: DesFactory;
  EDE: DesFactory;
  CBC: { instantiate(base: DesFactory): DesFactory };
}

const desJs: DesJs = ((desModule as { default?: DesJs }).default ?? desModule) as DesJs;
const DesCbc = desJs.CBC.instantiate(desJs.DES);
const EdeCbc = desJs.CBC.instantiate(desJs.EDE);

export const DES_BLOCK = 8;

function run(cipher: DesCipher, data: Uint8Array): Uint8Array {
  const a = cipher.update(data);
  const b = cipher.final();
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function checkKey(key: Uint8Array): void {
  if (key.length !== 16) throw new IcaoSmError('sm-bad-key', `3DES key must be 16 bytes, got ${key.length}`);
}

function checkBlocks(data: Uint8Array): void {
  if (data.length % DES_BLOCK !== 0) throw new IcaoSmError('sm-bad-padding', `3DES input of ${data.length} bytes is not whole blocks`);
}

function edeKey(key: Uint8Array): Uint8Array {
  const k = new Uint8Array(24);
  k.set(key);
  k.set(key.subarray(0, 8), 16);
  return k;
}

/** 3DES-CBC without padding (callers pad). */
export function tdesCbcEncrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  checkKey(key);
  checkBlocks(data);
  if (data.length === 0) return new Uint8Array(0);
  const k = edeKey(key);
  try {
    return run(EdeCbc.create({ type: 'encrypt', key: k, iv, padding: false }), data);
  } finally {
    k.fill(0);
  }
}

export function tdesCbcDecrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  checkKey(key);
  checkBlocks(data);
  if (data.length === 0) return new Uint8Array(0);
  const k = edeKey(key);
  try {
    return run(EdeCbc.create({ type: 'decrypt', key: k, iv, padding: false }), data);
  } finally {
    k.fill(0);
  }
}

/**
 * ISO/IEC 9797-1 MAC algorithm 3 with DES, IV 0, over data that is already padded (method 2):
 * single-DES CBC with K1 over every block, then the last block decrypted with K2 and encrypted
 * with K1 again. 8-byte result (9303-11 §9.8.6.2).
 */
export function retailMac(key: Uint8Array, padded: Uint8Array): Uint8Array {
  checkKey(key);
  checkBlocks(padded);
  if (padded.length === 0) throw new IcaoSmError('sm-bad-padding', 'retail MAC of empty input');
  const k1 = key.subarray(0, 8);
  const k2 = key.subarray(8, 16);
  const chained = run(DesCbc.create({ type: 'encrypt', key: k1, iv: new Uint8Array(8), padding: false }), padded);
  const last = chained.slice(chained.length - 8);
  const d = run(desJs.DES.create({ type: 'decrypt', key: k2, padding: false }), last);
  const mac = run(desJs.DES.create({ type: 'encrypt', key: k1, padding: false }), d);
  chained.fill(0);
  d.fill(0);
  return mac;
}

/** Sets the least significant bit of every byte so each byte has odd parity (9303-11 D.1 step 4). */
export function adjustDesParity(key: Uint8Array): Uint8Array {
  const out = new Uint8Array(key.length);
  for (let i = 0; i < key.length; i++) {
    const b = key[i]! & 0xfe;
    let ones = 0;
    for (let x = b; x; x >>= 1) ones += x & 1;
    out[i] = ones % 2 === 0 ? b | 1 : b;
  }
  return out;
}
