/**
 * Equality of two byte strings whose running time depends only on their lengths, for comparing
 * digests of card data (spec §3.3, §3.7): a byte-by-byte early exit would tell an attacker with a
 * stopwatch how much of a forged digest is right.
 */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}
