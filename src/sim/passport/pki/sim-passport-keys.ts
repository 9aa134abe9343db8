/**
 * The simulated passports' keys — SIMULATOR KEYS, published test data, never trusted outside
 * simulator mode.
 *  - EC keys are derived from their label: d = (SHA-512("kazasu-sim-passport/" ‖ label) mod (n−1)) + 1
 *    on the key's curve, so they need no fixture and never change.
 *  - RSA keys come from fixtures/passport-sim-keys.json (scripts/mint-passport-sim-keys.ts).
 * Signing uses @noble/curves (ECDSA, RFC 6979 deterministic nonces) and WebCrypto (RSA), never
 * the verifier's code.
 */
import { sha224, sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import { sha1 as sha1Legacy } from '@noble/hashes/legacy.js';
import { brainpoolP256r1, brainpoolP384r1, brainpoolP512r1 } from '@noble/curves/misc.js';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import type { ECDSA } from '@noble/curves/abstract/weierstrass.js';
import { base64UrlToBytes } from '../../../bytes/base64';
import { copyBytes } from '../../../bytes/byte-ops';
import { SimPassportError } from './sim-passport-error';
import fixture from './fixtures/passport-sim-keys.json' with { type: 'json' };


export type SimCurve = 'P-256' | 'P-384' | 'P-521' | 'brainpoolP256r1' | 'brainpoolP384r1' | 'brainpoolP512r1';
export type SimHash = 'SHA-1' | 'SHA-224' | 'SHA-256' | 'SHA-384' | 'SHA-512';

export const SIM_CURVES: Readonly<Record<SimCurve, { curve: ECDSA; oid: string }>> = {
  'P-256': { curve: p256, oid: '1.2.840.10045.3.1.7' },
  'P-384': { curve: p384, oid: '1.3.132.0.34' },
  'P-521': { curve: p521, oid: '1.3.132.0.35' },
  brainpoolP256r1: { curve: brainpoolP256r1, oid: '1.3.36.3.3.2.8.1.1.7' },
  brainpoolP384r1: { curve: brainpoolP384r1, oid: '1.3.36.3.3.2.8.1.1.11' },
  brainpoolP512r1: { curve: brainpoolP512r1, oid: '1.3.36.3.3.2.8.1.1.13' },
};

export function simHash(hash: SimHash, data: Uint8Array): Uint8Array {
  switch (hash) {
    case 'SHA-1': return sha1Legacy(data);
    case 'SHA-224': return sha224(data);
    case 'SHA-256': return sha256(data);
    case 'SHA-384': return sha384(data);
    case 'SHA-512': return sha512(data);
  }
}

export interface SimEcKey {
  readonly kind: 'ec';
  readonly label: string;
  readonly curve: SimCurve;
  /** Private scalar, big-endian, the curve's scalar length. */
  readonly privateKey: Uint8Array;
  /** Uncompressed public point 04 ‖ X ‖ Y. */
  readonly publicPoint: Uint8Array;
}

export interface SimRsaKey {
  readonly kind: 'rsa';
  readonly label: string;
  readonly privateJwk: JsonWebKey;
  readonly modulus: Uint8Array;
  readonly exponent: Uint8Array;
  readonly bits: number;
}

export type SimKey = SimEcKey | SimRsaKey;

function toBig(b: Uint8Array): bigint {
  let v = 0n;
  for (const x of b) v = (v << 8n) | BigInt(x);
  return v;
}

function toBytes(v: bigint, len: number): Uint8Array {
  const out = new Uint8Array(len);
  for (let i = len - 1; i >= 0; i--, v >>= 8n) out[i] = Number(v & 0xffn);
  return out;
}

const ecCache = new Map<string, SimEcKey>();

/** The EC key `label` on `curve` (derived, see the module comment). */
export function simEcKey(label: string, curve: SimCurve): SimEcKey {
  const id = `${curve}/${label}`;
  let k = ecCache.get(id);
  if (!k) {
    const c = SIM_CURVES[curve].curve;
    const n = c.Point.CURVE().n;
    const len = c.Point.Fn.BYTES;
    const d = (toBig(sha512(new TextEncoder().encode(`kazasu-sim-passport/${label}`))) % (n - 1n)) + 1n;
    const privateKey = toBytes(d, len);
    k = { kind: 'ec', label, curve, privateKey, publicPoint: c.getPublicKey(privateKey, false) };
    ecCache.set(id, k);
  }
  return k;
}

export const RSA_KEY_IDS = ['csca-xu', 'dsc-xu-pss', 'aa-rsa-1024', 'aa-rsa-2048', 'aa-rsa-clone'] as const;
export type SimRsaKeyId = (typeof RSA_KEY_IDS)[number];

export function simRsaKey(id: SimRsaKeyId): SimRsaKey {
  const raw = (fixture.keys as Record<string, Record<string, string> | undefined>)[id];
  if (!raw) throw new SimPassportError('sim-pp-unknown-key', `no simulated passport RSA key "${id}"`);
  const modulus = base64UrlToBytes(raw.n!);
  const privateJwk: JsonWebKey = { kty: 'RSA', n: raw.n!, e: raw.e!, d: raw.d!, p: raw.p!, q: raw.q!, dp: raw.dp!, dq: raw.dq!, qi: raw.qi! };
  return { kind: 'rsa', label: id, privateJwk, modulus, exponent: base64UrlToBytes(raw.e!), bits: modulus.length * 8 };
}

/** ECDSA (r, s) over hash(data), deterministic (RFC 6979), high-S allowed as real signers do. */
export function ecdsaSign(key: SimEcKey, hash: SimHash, data: Uint8Array): { r: bigint; s: bigint; plain: Uint8Array } {
  const c = SIM_CURVES[key.curve].curve;
  const plain = c.sign(simHash(hash, data), key.privateKey, { prehash: false, lowS: false, format: 'compact' });
  const half = plain.length / 2;
  return { r: toBig(plain.subarray(0, half)), s: toBig(plain.subarray(half)), plain };
}

const rsaImports = new Map<string, Promise<CryptoKey>>();

const HASH_LEN: Readonly<Record<SimHash, number>> = { 'SHA-1': 20, 'SHA-224': 28, 'SHA-256': 32, 'SHA-384': 48, 'SHA-512': 64 };

function mgf1(hash: SimHash, seed: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let c = 0, off = 0; off < length; c++, off += HASH_LEN[hash]) {
    const block = simHash(hash, new Uint8Array([...seed, c >>> 24, (c >>> 16) & 0xff, (c >>> 8) & 0xff, c & 0xff]));
    out.set(block.subarray(0, Math.min(block.length, length - off)), off);
  }
  return out;
}

/**
 * RSASSA-PSS (RFC 8017 §8.1.1, EMSA-PSS-ENCODE §9.1.1, MGF1 with the same hash, salt = hash
 * length) with a DETERMINISTIC salt — SHA-x("kazasu-sim-pss" ‖ key ‖ message) — so simulated
 * security objects are byte-identical on every run. (Real signers use random salts; verifiers
 * cannot tell the difference.)
 */
function pssSign(key: SimRsaKey, hash: SimHash, data: Uint8Array): Uint8Array {
  const hLen = HASH_LEN[hash];
  const modBits = toBig(key.modulus).toString(2).length;
  const emBits = modBits - 1;
  const emLen = Math.ceil(emBits / 8);
  const mHash = simHash(hash, data);
  const salt = simHash(hash, new Uint8Array([...new TextEncoder().encode(`kazasu-sim-pss/${key.label}/`), ...mHash]));
  const h = simHash(hash, new Uint8Array([...new Uint8Array(8), ...mHash, ...salt]));
  const db = new Uint8Array(emLen - hLen - 1);
  db[db.length - hLen - 1] = 0x01;
  db.set(salt, db.length - hLen);
  const mask = mgf1(hash, h, db.length);
  for (let i = 0; i < db.length; i++) db[i] = db[i]! ^ mask[i]!;
  db[0] = db[0]! & (0xff >> (8 * emLen - emBits));
  const em = new Uint8Array([...db, ...h, 0xbc]);
  const k = modulusLength(key);
  const padded = new Uint8Array(k);
  padded.set(em, k - em.length);
  return rsaPrivateRaw(key, padded);
}

/** RSASSA-PKCS1-v1_5 (WebCrypto, deterministic) or RSASSA-PSS (deterministic salt, see pssSign). */
export async function rsaSign(key: SimRsaKey, scheme: 'pkcs1' | 'pss', hash: Exclude<SimHash, 'SHA-224'>, data: Uint8Array): Promise<Uint8Array> {
  if (scheme === 'pss') return pssSign(key, hash, data);
  const name = 'RSASSA-PKCS1-v1_5';
  const id = `${key.label}|${name}|${hash}`;
  let p = rsaImports.get(id);
  if (!p) {
    p = globalThis.crypto.subtle.importKey('jwk', key.privateJwk, { name, hash }, false, ['sign']);
    rsaImports.set(id, p);
  }
  return new Uint8Array(await globalThis.crypto.subtle.sign({ name }, await p, copyBytes(data)));
}

/** Raw RSA private operation m^d mod n (for ISO/IEC 9796-2 Active Authentication). */
export function rsaPrivateRaw(key: SimRsaKey, m: Uint8Array): Uint8Array {
  const jwk = key.privateJwk;
  const n = toBig(base64UrlToBytes(jwk.n!));
  const d = toBig(base64UrlToBytes(jwk.d!));
  const x = toBig(m);
  if (x >= n) throw new SimPassportError('sim-pp-bad-params', 'RSA message representative out of range');
  let result = 1n;
  let b = x % n;
  for (let e = d; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % n;
    b = (b * b) % n;
  }
  return toBytes(result, modulusLength(key));
}

export function modulusLength(key: SimRsaKey): number {
  let i = 0;
  while (i < key.modulus.length - 1 && key.modulus[i] === 0) i++;
  return key.modulus.length - i;
}
