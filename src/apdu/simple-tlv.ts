/**
 * SIMPLE-TLV (ISO 7816-4 §5.2; JICSAP) used in record EFs (spec §2.7, §3 intro):
 * 1-byte tag 01..FE, length 00..FE in one byte or FF + 2-byte big-endian length.
 */
import { concatBytes, readU16be, u16be } from '../bytes/byte-ops';
import { TlvError } from './tlv-error';

export interface SimpleTlv {
  readonly tag: number;
  /** Absolute offset of the tag byte. */
  readonly offset: number;
  readonly length: number;
  /** Subarray view, no copy. */
  readonly value: Uint8Array;
}

const LONG_LENGTH = 0xff;

/** The whole buffer must be a concatenation of SIMPLE-TLVs. Each step consumes >= 2 bytes. */
export function parseSimpleTlvList(bytes: Uint8Array, baseOffset = 0): SimpleTlv[] {
  if (!Number.isInteger(baseOffset) || baseOffset < 0) {
    throw new TlvError('tlv-overrun', 'base offset must be a non-negative integer', -1);
  }
  const items: SimpleTlv[] = [];
  const end = bytes.length;
  let pos = 0;
  while (pos < end) {
    const tag = bytes[pos]!;
    if (tag === 0x00 || tag === 0xff) {
      throw new TlvError('tlv-bad-tag', `SIMPLE-TLV tag ${tag === 0 ? '00' : 'FF'} is invalid`, baseOffset + pos);
    }
    const lengthAt = pos + 1;
    if (lengthAt >= end) throw new TlvError('tlv-truncated', 'length byte missing', baseOffset + lengthAt);
    let length = bytes[lengthAt]!;
    let valueAt = lengthAt + 1;
    if (length === LONG_LENGTH) {
      if (lengthAt + 3 > end) throw new TlvError('tlv-truncated', 'FF-prefixed length is cut short', baseOffset + lengthAt);
      length = readU16be(bytes, lengthAt + 1);
      valueAt = lengthAt + 3;
    }
    if (valueAt + length > end) {
      throw new TlvError(
        'tlv-overrun',
        `value of tag ${tag.toString(16).toUpperCase().padStart(2, '0')} needs ${length} bytes but only ${end - valueAt} remain`,
        baseOffset + lengthAt,
      );
    }
    items.push({ tag, offset: baseOffset + pos, length, value: bytes.subarray(valueAt, valueAt + length) });
    pos = valueAt + length;
  }
  return items;
}

export function encodeSimpleTlv(tag: number, value: Uint8Array): Uint8Array {
  if (!Number.isInteger(tag) || tag < 0x01 || tag > 0xfe) {
    throw new TlvError('tlv-bad-tag', 'SIMPLE-TLV tag must be 01..FE', -1);
  }
  const n = value.length;
  if (n > 0xffff) throw new TlvError('tlv-bad-length', 'SIMPLE-TLV value longer than 65535 bytes', -1);
  const length = n < LONG_LENGTH ? Uint8Array.of(n) : concatBytes(Uint8Array.of(LONG_LENGTH), u16be(n));
  return concatBytes(Uint8Array.of(tag), length, value);
}
