/**
 * The simulated chip's PACE arithmetic, written on its own: nonce length, the IM pseudo-random
 * function R_p(s,t) (9303-11 §4.4.3.3.2) and the point encoding f_G in Jacobian coordinates
 * (Appendix B.3, the variant the card library does not use; see the sign note below), the DH IM
 * map, GM maps.
 */
import { chipCbc, keyBytesOf, powMod, invMod, toBig, type ChipCipher } from './chip-crypto';
import type { ChipGroup, ChipPoint } from './chip-groups';

const CONSTANTS = {
  c0: { 16: 'a668892a7c41e3ca739f40b057d85904', 32: 'd463d65234124ef7897054986dca0a174e28df758cbaa03f240616414d5a1676' },
  c1: { 16: 'a4e136ac725f738b01c1f60217c188ad', 32: '54bd7255f0aaf831bec3423fcf39d69b6cbf066677d0faae5aadd99df8e53517' },
} as const;

function unhex(h: string): Uint8Array {
  return Uint8Array.from(h.match(/../g)!.map((p) => parseInt(p, 16)));
}

/** Nonce s: l bits, the smallest multiple of the block size that is ≥ the key size (3DES: 128). */
export function chipNonceLength(cipher: ChipCipher): number {
  return keyBytesOf(cipher) <= 16 ? 16 : 32;
}

export function chipPrf(cipher: ChipCipher, s: Uint8Array, t: Uint8Array, p: bigint): bigint {
  const l = s.length as 16 | 32;
  const k = keyBytesOf(cipher);
  const c0 = unhex(CONSTANTS.c0[l]);
  const c1 = unhex(CONSTANTS.c1[l]);
  const rounds = Math.ceil((p.toString(2).length + 64) / (8 * l));
  const blocks: Uint8Array[] = [];
  let key = chipCbc(cipher, t, s, false).subarray(0, k);
  for (let i = 0; i < rounds; i++) {
    blocks.push(chipCbc(cipher, key, c1, false));
    key = chipCbc(cipher, key, c0, false).subarray(0, k);
  }
  const all = new Uint8Array(rounds * l);
  blocks.forEach((b, i) => all.set(b, i * l));
  return toBig(all) % p;
}

/** f_G(t), Appendix B.3 (Jacobian), returned as an affine point. */
export function chipPointEncode(group: Extract<ChipGroup, { type: 'ec' }>, t: bigint): ChipPoint {
  const { p, a, b } = group;
  const md = (v: bigint) => ((v % p) + p) % p;
  const alpha = md(-(t * t));
  const Z = md(a * (alpha + alpha * alpha));
  const X2 = md(-b * Z * (1n + alpha + alpha * alpha));
  const X3 = md(alpha * X2);
  const Z2 = md(Z * Z);
  const Z4 = md(Z2 * Z2);
  const Z6 = md(Z4 * Z2);
  const h2 = md(X2 * X2 * X2 + a * X2 * Z4 + b * Z6);
  const U = md(-alpha * t * h2);
  const A = powMod(h2, p - 1n - (p + 1n) / 4n, p);
  const [X, Y] = md(A * A * h2) === 1n ? [X2, md(A * h2)] : [X3, md(A * U)];
  const zi = invMod(Z, p);
  const zi2 = md(zi * zi);
  // B.3 as printed (A computed from h2 = h2_affine·Z⁶) gives y only up to the factor
  // (Z^((p−1)/2))³ = ±1, the Legendre symbol of Z; B.1 says both variants give the same point,
  // and H.1 prints the B.2 point, so that factor is divided out here.
  const legendre = powMod(Z, (p - 1n) / 2n, p);
  let pt = group.curve.Point.fromAffine({ x: md(X * zi2), y: md(Y * zi2 * zi * legendre) });
  if (group.h !== 1n) pt = pt.multiply(group.h);
  return pt;
}

export function chipImGenerator(group: ChipGroup, cipher: ChipCipher, s: Uint8Array, t: Uint8Array): ChipPoint | bigint {
  const r = chipPrf(cipher, s, t, group.p);
  if (group.type === 'ec') return chipPointEncode(group, r);
  return powMod(r, (group.p - 1n) / group.q, group.p);
}

export function chipGmGenerator(group: ChipGroup, s: Uint8Array, h: ChipPoint | bigint): ChipPoint | bigint {
  if (group.type === 'ec') return group.curve.Point.BASE.multiply(toBig(s) % group.n).add(h as ChipPoint);
  return (powMod(group.g, toBig(s), group.p) * (h as bigint)) % group.p;
}
