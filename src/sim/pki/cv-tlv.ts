/**
 * Minimal BER-TLV header writer for the CV certificate layout (spec §3.4). Kept local because the
 * shared TLV module is written elsewhere. Lengths use the shortest form (00–7F, 81 xx, 82 xx xx),
 * which gives exactly the observed headers `7F 21 82 02 33`, `5F 4E 82 01 29`, `5F 37 82 01 00`.
 */
import { concatBytes } from '../../bytes/byte-ops';

export function tlvLength(length: number): Uint8Array {
  if (!Number.isInteger(length) || length < 0 || length > 0xffff) {
    throw new RangeError(`tlvLength: unsupported length ${length}`);
  }
  if (length < 0x80) return Uint8Array.of(length);
  if (length <= 0xff) return Uint8Array.of(0x81, length);
  return Uint8Array.of(0x82, length >>> 8, length & 0xff);
}

/** tag bytes (already encoded, e.g. [0x7F, 0x21]) ‖ length ‖ value. */
export function tlv(tag: readonly number[], value: Uint8Array): Uint8Array {
  return concatBytes(Uint8Array.from(tag), tlvLength(value.length), value);
}
