/**
 * Card keys leave the verifier as copies. A parsed record's key is a view into the record's
 * buffer (records/record-helpers.ts), so handing it on would keep the whole file reachable —
 * for EF 0005 that is the My Number image — and wiping the record would zero the key.
 */
import type { RsaPublicKey } from '../../cards/mynumber/records';

export function detachedKey(key: RsaPublicKey): RsaPublicKey {
  return { modulus: key.modulus.slice(), exponent: key.exponent.slice(), exponentValue: key.exponentValue, modulusBits: key.modulusBits, raw: key.raw.slice() };
}
