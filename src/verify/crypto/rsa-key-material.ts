/**
 * Checks on an RSA public key before it is used (spec §3.4–§3.8: every card and CA key is
 * RSA-2048 with e = 65537). Keys come from card bytes or from configuration, so nothing about
 * them is assumed.
 */

/** What the verifier needs of a key: the records' RsaPublicKey and CvCaKey both fit. */
export interface RsaKeyMaterial {
  /** Big-endian modulus; leading zero bytes are ignored. */
  readonly modulus: Uint8Array;
  /** Big-endian public exponent; leading zero bytes are ignored. */
  readonly exponent: Uint8Array;
}

/** No key below RSA-2048 is accepted (the card uses 2048 throughout). */
export const MIN_RSA_MODULUS_BITS = 2048;
/** Upper bound keeps the BigInt public operation cheap on hostile input. */
export const MAX_RSA_MODULUS_BITS = 4096;
/** e fits in 32 bits for every sane key (the card's is 65537). */
const MAX_EXPONENT_BYTES = 4;

/** A validated key: minimal big-endian n and e, and k = |n| in bytes (RFC 8017 §3.1). */
export interface CheckedRsaKey {
  readonly n: Uint8Array;
  readonly e: Uint8Array;
  readonly k: number;
  readonly bits: number;
}

function stripLeadingZeros(b: Uint8Array): Uint8Array {
  let i = 0;
  while (i < b.length && b[i] === 0) i++;
  return b.subarray(i);
}

function bitLength(b: Uint8Array): number {
  return b.length === 0 ? 0 : (b.length - 1) * 8 + (32 - Math.clz32(b[0]!));
}

/**
 * The validated form of `key`, or a short English reason it is refused: modulus outside
 * 2048–4096 bits or even; exponent empty, even, below 3 or longer than 4 bytes.
 */
export function checkRsaKey(key: RsaKeyMaterial): CheckedRsaKey | string {
  if (!(key.modulus instanceof Uint8Array) || !(key.exponent instanceof Uint8Array)) return 'key bytes missing';
  const n = stripLeadingZeros(key.modulus);
  const e = stripLeadingZeros(key.exponent);
  const bits = bitLength(n);
  if (bits < MIN_RSA_MODULUS_BITS) return `modulus of ${bits} bits is below ${MIN_RSA_MODULUS_BITS}`;
  if (bits > MAX_RSA_MODULUS_BITS) return `modulus of ${bits} bits is above ${MAX_RSA_MODULUS_BITS}`;
  if ((n[n.length - 1]! & 1) === 0) return 'modulus is even';
  if (e.length === 0 || e.length > MAX_EXPONENT_BYTES) return 'public exponent is zero or longer than 4 bytes';
  let ev = 0;
  for (const b of e) ev = ev * 256 + b;
  if (ev < 3 || ev % 2 === 0) return 'public exponent must be odd and at least 3';
  return { n, e, k: n.length, bits };
}

/** Undefined for a usable key, else why it is refused. */
export function rsaKeyProblem(key: RsaKeyMaterial): string | undefined {
  const c = checkRsaKey(key);
  return typeof c === 'string' ? c : undefined;
}

/** Same key (same n and e, ignoring leading zeros)? Public values, so a plain comparison. */
export function sameRsaKey(a: RsaKeyMaterial, b: RsaKeyMaterial): boolean {
  const eq = (x: Uint8Array, y: Uint8Array) => x.length === y.length && x.every((v, i) => v === y[i]);
  return eq(stripLeadingZeros(a.modulus), stripLeadingZeros(b.modulus)) && eq(stripLeadingZeros(a.exponent), stripLeadingZeros(b.exponent));
}
