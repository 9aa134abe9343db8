/**
 * The simulated passport's own DER/BER writer: the X.690 helpers of sim/revocation/der-writer
 * (independent of the verifier's readers) plus what the LDS needs — multi-byte application tags
 * (5F1F, 7F61), big unsigned INTEGERs and the string types of X.501 names.
 */
import { concatBytes } from '../../../bytes/byte-ops';
import { derLength } from '../../revocation/der-writer';

export { BOOLEAN_TRUE, NULL, bitString, explicit, extension, integerSmall, octetString, oid, seq, set, time, tlv } from '../../revocation/der-writer';

/** Tag bytes of a tag written as a number (0x61, 0x5F1F, 0x7F61). */
function tagBytes(tag: number): number[] {
  const out: number[] = [];
  for (let t = tag; t > 0; t = Math.floor(t / 256)) out.unshift(t & 0xff);
  return out.length ? out : [0];
}

/** TLV with a tag of one to three bytes. */
export function tlvT(tag: number, ...content: readonly Uint8Array[]): Uint8Array {
  const body = concatBytes(...content);
  return concatBytes(Uint8Array.from(tagBytes(tag)), derLength(body.length), body);
}

/** INTEGER of an unsigned big-endian magnitude (adds 00 when the top bit is set). */
export function integerBytes(magnitude: Uint8Array): Uint8Array {
  let i = 0;
  while (i < magnitude.length - 1 && magnitude[i] === 0) i++;
  const m = magnitude.subarray(i);
  return tlvT(0x02, (m[0] ?? 0) >= 0x80 ? concatBytes(Uint8Array.of(0), m) : m);
}

export function integerBig(v: bigint): Uint8Array {
  let hex = v.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  return integerBytes(Uint8Array.from(hex.match(/../g)!.map((h) => parseInt(h, 16))));
}

export const printable = (s: string): Uint8Array => tlvT(0x13, new TextEncoder().encode(s));
export const utf8 = (s: string): Uint8Array => tlvT(0x0c, new TextEncoder().encode(s));
export const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

/** BER indefinite-length form of a constructed TLV (tag, 80, content, 00 00), as the NZ SOD uses. */
export function indefinite(tag: number, ...content: readonly Uint8Array[]): Uint8Array {
  return concatBytes(Uint8Array.from(tagBytes(tag)), Uint8Array.of(0x80), ...content, Uint8Array.of(0, 0));
}
