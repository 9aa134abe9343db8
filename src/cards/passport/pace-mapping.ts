/**
 * PACE nonce mappings (9303-11 §4.4.3.3):
 * - Generic Mapping: Ĝ = s·G + H with H = KA(SK_map, PK_map) (ECDH), ĝ = g^s · h (DH);
 * - Integrated Mapping: Ĝ = f_G(R_p(s, t)) with the block-cipher pseudo-random function R_p and
 *   the point encoding of Appendix B.2 (affine, needs p ≡ 3 mod 4); ĝ = R_p(s,t)^((p−1)/q) (DH);
 * - Chip Authentication Mapping: as Generic Mapping (§4.4.3.3.3).
 *
 * R_p (Figure 2 of §4.4.3.3.2 does not survive text extraction; the reading below reproduces the
 * Appendix H.1 and H.2 values byte for byte, which the tests check): k₀ = E(t, s); for i = 1..n:
 * x_i = E(k_{i−1}, c₁), k_i = E(k_{i−1}, c₀), each k truncated to the key size; output
 * int(x₁ ‖ … ‖ x_n) mod p, with n the smallest number such that n·l ≥ log₂ p + 64. E is the
 * session cipher in CBC mode with IV 0; for 3DES, k and l are 128 bits.
 */
import { aesCbcEncrypt } from '../secure-messaging/icao-aes';
import { tdesCbcEncrypt } from '../secure-messaging/icao-des';
import { cipherKeyLength, type IcaoCipher } from '../secure-messaging/icao-kdf';
import { bytesToBigint, modInverse, modPow, type DhGroup, type EcGroup, type EcPoint } from './domain-parameters';
import type { Generator } from './key-agreement';
import { PassportError } from './passport-error';

const C0_128 = hex('a668892a7c41e3ca739f40b057d85904');
const C1_128 = hex('a4e136ac725f738b01c1f60217c188ad');
const C0_256 = hex('d463d65234124ef7897054986dca0a174e28df758cbaa03f240616414d5a1676');
const C1_256 = hex('54bd7255f0aaf831bec3423fcf39d69b6cbf066677d0faae5aadd99df8e53517');

function hex(s: string): Uint8Array {
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Generic Mapping, ECDH. */
export function genericMapEc(group: EcGroup, s: Uint8Array, h: EcPoint): Generator {
  const mapped = group.curve.Point.BASE.multiply(reduceNonce(bytesToBigint(s), group.n)).add(h);
  if (mapped.is0()) throw new PassportError('pace-protocol-error', 'mapped generator is the point at infinity');
  return { kind: 'ec', point: mapped };
}

/** Generic Mapping, DH. */
export function genericMapDh(group: DhGroup, s: Uint8Array, h: bigint): Generator {
  const g = (modPow(group.g, bytesToBigint(s), group.p) * h) % group.p;
  if (g === 1n || g === 0n) throw new PassportError('pace-protocol-error', 'mapped generator is trivial');
  return { kind: 'dh', g };
}

function reduceNonce(s: bigint, n: bigint): bigint {
  const r = s % n;
  if (r === 0n) throw new PassportError('pace-protocol-error', 'nonce is a multiple of the group order');
  return r;
}

function encryptCbc(cipher: IcaoCipher, key: Uint8Array, data: Uint8Array): Uint8Array {
  return cipher === '3des' ? tdesCbcEncrypt(key, new Uint8Array(8), data) : aesCbcEncrypt(key, new Uint8Array(16), data);
}

/** Length in bytes of the IM nonce t (= key size k; 3DES counts as 128 bits). */
export function integratedNonceLength(cipher: IcaoCipher): number {
  return cipherKeyLength(cipher);
}

/** The pseudo-random function R_p(s, t) of §4.4.3.3.2, before the reduction mod p. */
export function pseudoRandomBytes(cipher: IcaoCipher, s: Uint8Array, t: Uint8Array, p: bigint): Uint8Array {
  const k = cipherKeyLength(cipher);
  if (t.length !== k) throw new PassportError('pace-protocol-error', `IM nonce t must be ${k} bytes`);
  const l = s.length;
  const wide = l * 8 > 128;
  const c0 = wide ? C0_256 : C0_128;
  const c1 = wide ? C1_256 : C1_128;
  if (c0.length !== l) throw new PassportError('pace-protocol-error', `IM nonce s of ${l} bytes does not fit ${cipher}`);
  const bits = p.toString(2).length;
  const n = Math.ceil((bits + 64) / (l * 8));
  let key = encryptCbc(cipher, t, s).slice(0, k);
  const out = new Uint8Array(n * l);
  for (let i = 0; i < n; i++) {
    out.set(encryptCbc(cipher, key, c1), i * l);
    const next = encryptCbc(cipher, key, c0).slice(0, k);
    key.fill(0);
    key = next;
  }
  key.fill(0);
  return out;
}

export function pseudoRandom(cipher: IcaoCipher, s: Uint8Array, t: Uint8Array, p: bigint): bigint {
  const r = pseudoRandomBytes(cipher, s, t, p);
  const v = bytesToBigint(r) % p;
  r.fill(0);
  return v;
}

/** Appendix B.2 point encoding f_G(t) in affine coordinates; requires p ≡ 3 mod 4. */
export function pointEncoding(group: EcGroup, t: bigint): EcPoint {
  const { p, a, b } = group;
  if (p % 4n !== 3n) throw new PassportError('pace-unsupported', `${group.name} is not usable with the Integrated Mapping (p ≢ 3 mod 4)`);
  if (t <= 0n || t >= p) throw new PassportError('pace-protocol-error', 'point-encoding input out of range');
  const m = (x: bigint) => ((x % p) + p) % p;
  const alpha = m(-t * t);
  const aa = m(alpha + alpha * alpha);
  const x2 = m(-b * modInverse(a, p) * (1n + modInverse(aa, p)));
  const x3 = m(alpha * x2);
  const h2 = m(x2 * x2 * x2 + a * x2 + b);
  const u = m(t * t * t * h2);
  const A = modPow(h2, p - 1n - (p + 1n) / 4n, p);
  const [x, y] = m(A * A * h2) === 1n ? [x2, m(A * h2)] : [x3, m(A * u)];
  let point = group.curve.Point.fromAffine({ x, y });
  if (group.h !== 1n) point = point.multiply(group.h);
  point.assertValidity();
  if (point.is0()) throw new PassportError('pace-protocol-error', 'point encoding gave the point at infinity');
  return point;
}

export function integratedMapEc(group: EcGroup, cipher: IcaoCipher, s: Uint8Array, t: Uint8Array): Generator {
  return { kind: 'ec', point: pointEncoding(group, pseudoRandom(cipher, s, t, group.p)) };
}

export function integratedMapDh(group: DhGroup, cipher: IcaoCipher, s: Uint8Array, t: Uint8Array): Generator {
  const g = modPow(pseudoRandom(cipher, s, t, group.p), (group.p - 1n) / group.q, group.p);
  if (g === 1n) throw new PassportError('pace-protocol-error', 'mapped generator is 1');
  return { kind: 'dh', g };
}
