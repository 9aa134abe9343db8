/**
 * A test-side Active Authentication checker (the verifier proper belongs to verify/passport):
 * RSA ISO/IEC 9796-2 scheme 1 with message recovery (trailer BC = SHA-1, 34CC = SHA-256;
 * σ or n − σ, B.6), ECDSA plain r‖s over SHA-256 of the nonce (9303-11 §6.1.2).
 */
import { sha1 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { p256 } from '@noble/curves/nist.js';

function big(b: Uint8Array): bigint {
  return BigInt('0x' + (Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('') || '0'));
}
function bytes(x: bigint, len: number): Uint8Array {
  const out = new Uint8Array(len);
  for (let i = len - 1; i >= 0; i--) {
    out[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  return out;
}
function pow(b: bigint, e: bigint, m: bigint): bigint {
  let r = 1n;
  for (b %= m; e > 0n; e >>= 1n, b = (b * b) % m) if (e & 1n) r = (r * b) % m;
  return r;
}

export function verifyRsaAa(n: bigint, e: bigint, nonce: Uint8Array, signature: Uint8Array): boolean {
  const k = Math.ceil(n.toString(2).length / 8);
  let f = pow(big(signature), e, n);
  if ((f & 0xfn) !== 0xcn) f = n - f;
  const fb = bytes(f, k);
  if (fb[0] !== 0x6a) return false;
  let hashLen: number;
  let trailer: number;
  let hash: (m: Uint8Array) => Uint8Array;
  if (fb[k - 1] === 0xbc) [hashLen, trailer, hash] = [20, 1, sha1];
  else if (fb[k - 2] === 0x34 && fb[k - 1] === 0xcc) [hashLen, trailer, hash] = [32, 2, sha256];
  else return false;
  const m1 = fb.subarray(1, k - trailer - hashLen);
  const d = fb.subarray(k - trailer - hashLen, k - trailer);
  const expected = hash(new Uint8Array([...m1, ...nonce]));
  return expected.every((b, i) => b === d[i]);
}

export function verifyEcdsaP256Aa(publicKey: Uint8Array, nonce: Uint8Array, signature: Uint8Array): boolean {
  return p256.verify(signature, sha256(nonce), publicKey, { prehash: false });
}
