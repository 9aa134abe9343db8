/** Big-endian unsigned bytes ⇄ BigInt, and modular exponentiation (RFC 8017 §4.1 OS2IP/I2OSP). */
export function bytesToBigInt(bytes: Uint8Array): bigint {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return n;
}

/** I2OSP: `n` as exactly `length` big-endian bytes. Throws RangeError if it does not fit. */
export function bigIntToBytes(n: bigint, length: number): Uint8Array<ArrayBuffer> {
  if (n < 0n) throw new RangeError('bigIntToBytes: negative');
  const out = new Uint8Array(length);
  let v = n;
  for (let i = length - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  if (v !== 0n) throw new RangeError('bigIntToBytes: integer too large');
  return out;
}

/** base^exp mod m by left-to-right square-and-multiply. Not constant-time: simulator only. */
export function modPow(base: bigint, exp: bigint, m: bigint): bigint {
  if (m === 1n) return 0n;
  let result = 1n;
  const b = ((base % m) + m) % m;
  for (const bit of exp.toString(2)) {
    result = (result * result) % m;
    if (bit === '1') result = (result * b) % m;
  }
  return result;
}
