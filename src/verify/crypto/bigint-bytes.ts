/** Unsigned big-endian integers ↔ BigInt, and modular exponentiation (RFC 8017 §4.1, §4.2). */

/** OS2IP: big-endian bytes → non-negative integer. */
export function bytesToBigInt(bytes: Uint8Array): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

/** I2OSP: integer → exactly `length` big-endian bytes, or undefined when it does not fit. */
export function bigIntToBytes(value: bigint, length: number): Uint8Array | undefined {
  if (value < 0n) return undefined;
  const out = new Uint8Array(length);
  let v = value;
  for (let i = length - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return v === 0n ? out : undefined;
}

/** base^exp mod m by left-to-right square-and-multiply. Public values only (not constant-time). */
export function modPow(base: bigint, exp: bigint, m: bigint): bigint {
  if (m === 1n) return 0n;
  let result = 1n;
  const b = base % m;
  for (let i = exp.toString(2).length - 1; i >= 0; i--) {
    result = (result * result) % m;
    if ((exp >> BigInt(i)) & 1n) result = (result * b) % m;
  }
  return result;
}
