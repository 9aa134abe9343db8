/**
 * The card's RSA public-key data object `90 <e> 91 <n>` (spec §3.4, §3.5, §3.6, §3.7, §3.8),
 * e.g. `90 03 01 00 01  91 82 01 00 <256 B>`.
 */
import { parseBerList } from '../../../apdu/ber-tlv';
import { CardRecordError } from '../card-error';
import { tagName } from './record-helpers';

export interface RsaPublicKey {
  /** Big-endian modulus without leading zero bytes (ready for a JWK `n`). */
  readonly modulus: Uint8Array;
  /** Big-endian public exponent without leading zero bytes (ready for a JWK `e`). */
  readonly exponent: Uint8Array;
  readonly exponentValue: number;
  readonly modulusBits: number;
  /** The exact `90 … 91 …` bytes. */
  readonly raw: Uint8Array;
}

const TAG_EXPONENT = 0x90;
const TAG_MODULUS = 0x91;
/** Accept 1024–4096-bit moduli; the card uses 2048 (spec §3.4). */
const MIN_MODULUS_BYTES = 128;
const MAX_MODULUS_BYTES = 512;
/** e fits in 32 bits for every sane key (the card uses 65537). */
const MAX_EXPONENT_BYTES = 4;

function stripLeadingZeros(b: Uint8Array): Uint8Array {
  let i = 0;
  while (i < b.length && b[i] === 0) i++;
  return b.subarray(i);
}

function bitLength(b: Uint8Array): number {
  if (b.length === 0) return 0;
  return (b.length - 1) * 8 + (32 - Math.clz32(b[0]!));
}

/**
 * Parse the key DO. `baseOffset` is the absolute offset of `bytes[0]` (for error offsets).
 * Rejects: tags other than exactly 90 then 91; empty, zero, even (RSA e and n are odd),
 * e = 1, e longer than 4 bytes; a modulus outside 1024–4096 bits.
 */
export function parseRsaPublicKeyDo(bytes: Uint8Array, baseOffset = 0, record = 'rsa-public-key'): RsaPublicKey {
  const items = parseBerList(bytes, baseOffset);
  const e = items[0];
  const n = items[1];
  if (!e || !n) {
    throw new CardRecordError('record-missing-field', record, 'public key needs 90 (exponent) and 91 (modulus)', baseOffset);
  }
  if (e.tag !== TAG_EXPONENT || n.tag !== TAG_MODULUS) {
    const bad = e.tag !== TAG_EXPONENT ? e : n;
    throw new CardRecordError('record-bad-structure', record, `public key: unexpected tag ${tagName(bad.tag)}`, bad.offset);
  }
  if (items.length > 2) {
    throw new CardRecordError('record-bad-structure', record, 'public key: extra objects after 91', items[2]!.offset);
  }
  const exponent = stripLeadingZeros(e.value);
  if (exponent.length === 0 || exponent.length > MAX_EXPONENT_BYTES) {
    throw new CardRecordError('record-bad-length', record, 'public exponent is empty/zero or longer than 4 bytes', e.offset);
  }
  let exponentValue = 0;
  for (const b of exponent) exponentValue = exponentValue * 256 + b;
  if (exponentValue < 3 || exponentValue % 2 === 0) {
    throw new CardRecordError('record-bad-value', record, 'public exponent must be odd and at least 3', e.offset);
  }
  const modulus = stripLeadingZeros(n.value);
  if (modulus.length < MIN_MODULUS_BYTES || modulus.length > MAX_MODULUS_BYTES) {
    throw new CardRecordError('record-bad-length', record, `modulus of ${modulus.length} significant bytes is outside 128..512`, n.offset);
  }
  if ((modulus[modulus.length - 1]! & 1) === 0) {
    throw new CardRecordError('record-bad-value', record, 'modulus is even', n.offset);
  }
  return { modulus, exponent, exponentValue, modulusBits: bitLength(modulus), raw: bytes };
}
