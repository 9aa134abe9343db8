/**
 * BER-TLV as the My Number Card writes it (spec §3): long-form private tags such as FF 20 /
 * DF 21, long-form lengths that may be non-minimal (82 00 9F), and FF filler after the object
 * in transparent EFs. Parsing returns views into the input; nothing is copied.
 */
import { concatBytes } from '../bytes/byte-ops';
import { TlvError } from './tlv-error';

export { TlvError, type TlvErrorCode } from './tlv-error';

export interface BerTlv {
  /** All tag bytes big-endian in one number: 0x30, 0x5F4E, 0x7F21, 0xFF20, 0xDF21. */
  readonly tag: number;
  /** Bit 6 (0x20) of the first tag byte. */
  readonly constructed: boolean;
  /** Absolute offset of the first tag byte. */
  readonly offset: number;
  /** Tag bytes + length bytes. */
  readonly headerLength: number;
  /** Value length. */
  readonly length: number;
  /** Subarray view, no copy. */
  readonly value: Uint8Array;
  /** Exact tag‖length‖value as it appears (non-minimal lengths kept), subarray view. */
  readonly raw: Uint8Array;
}

const MAX_TAG_BYTES = 3;
const MAX_LENGTH_BYTES = 4;
const FILLER = 0xff;

function checkStart(bytes: Uint8Array, offset: number, baseOffset: number): void {
  if (!Number.isInteger(baseOffset) || baseOffset < 0) {
    throw new TlvError('tlv-overrun', 'base offset must be a non-negative integer', -1);
  }
  if (!Number.isInteger(offset) || offset < 0 || offset > bytes.length) {
    throw new TlvError('tlv-overrun', `start offset ${offset} lies outside the ${bytes.length}-byte buffer`, -1);
  }
}

/** Reads exactly one TLV at `offset`; its value must lie inside `bytes`. */
export function parseBerTlv(bytes: Uint8Array, offset = 0, baseOffset = 0): BerTlv {
  checkStart(bytes, offset, baseOffset);
  const abs = (i: number): number => baseOffset + i;
  const end = bytes.length;

  // Tag (ISO 7816-4 §6.2 / X.690 §8.1.2): low 5 bits all set -> more bytes while b8 is set.
  if (offset >= end) throw new TlvError('tlv-truncated', 'expected a tag, found end of data', abs(offset));
  const first = bytes[offset]!;
  if (first === 0x00) {
    // 00 is BER end-of-contents / ISO 7816-4 padding, never a data object here.
    throw new TlvError('tlv-bad-tag', 'tag 00 is not a data object', abs(offset));
  }
  let tag = first;
  let pos = offset + 1;
  if ((first & 0x1f) === 0x1f) {
    // Bounded: at most MAX_TAG_BYTES - 1 subsequent bytes. A 2nd byte of 0x80 (non-minimal) is tolerated.
    for (;;) {
      if (pos >= end) throw new TlvError('tlv-truncated', 'multi-byte tag is cut short', abs(offset));
      const b = bytes[pos]!;
      tag = tag * 0x100 + b;
      pos++;
      if ((b & 0x80) === 0) break;
      if (pos - offset >= MAX_TAG_BYTES) {
        throw new TlvError('tlv-bad-tag', `tag longer than ${MAX_TAG_BYTES} bytes`, abs(offset));
      }
    }
  }

  // Length (X.690 §8.1.3): short form 00..7F; 81..84 long form, non-minimal accepted (spec §3).
  const lengthAt = pos;
  if (pos >= end) throw new TlvError('tlv-truncated', 'length field missing', abs(lengthAt));
  const l0 = bytes[pos]!;
  pos++;
  let length: number;
  if (l0 < 0x80) {
    length = l0;
  } else if (l0 === 0x80) {
    throw new TlvError('tlv-indefinite-length', 'indefinite length (80) is not allowed', abs(lengthAt));
  } else {
    const count = l0 & 0x7f;
    if (count > MAX_LENGTH_BYTES) {
      throw new TlvError('tlv-bad-length', `length field 0x${l0.toString(16)} announces ${count} length bytes`, abs(lengthAt));
    }
    if (pos + count > end) throw new TlvError('tlv-truncated', 'long-form length is cut short', abs(lengthAt));
    length = 0;
    for (let i = 0; i < count; i++) length = length * 0x100 + bytes[pos + i]!;
    pos += count;
  }

  const valueEnd = pos + length;
  if (valueEnd > end) {
    throw new TlvError(
      'tlv-overrun',
      `value of tag ${tagHex(tag)} needs ${length} bytes but only ${end - pos} remain`,
      abs(lengthAt),
    );
  }
  return {
    tag,
    constructed: (first & 0x20) !== 0,
    offset: abs(offset),
    headerLength: pos - offset,
    length,
    value: bytes.subarray(pos, valueEnd),
    raw: bytes.subarray(offset, valueEnd),
  };
}

function tagHex(tag: number): string {
  const s = tag.toString(16).toUpperCase();
  return s.length % 2 === 0 ? s : `0${s}`;
}

/**
 * A transparent EF: one TLV at offset 0, then only FF filler (spec §3, §3.1: the My Number EF
 * is `FF 10 0C` + 12 digits + `FF FF`).
 */
export function parseBerFile(bytes: Uint8Array): BerTlv {
  const tlv = parseBerTlv(bytes, 0, 0);
  for (let i = tlv.raw.length; i < bytes.length; i++) {
    if (bytes[i] !== FILLER) {
      throw new TlvError('tlv-trailing-data', 'only FF filler may follow the top-level object', i);
    }
  }
  return tlv;
}

/** The whole buffer must be a concatenation of TLVs. Each step consumes >= 2 bytes. */
export function parseBerList(bytes: Uint8Array, baseOffset = 0): BerTlv[] {
  const items: BerTlv[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    const item = parseBerTlv(bytes, pos, baseOffset);
    items.push(item);
    pos += item.raw.length;
  }
  return items;
}

/**
 * Children of any TLV whose value is a TLV list. Not restricted to constructed tags: the card
 * nests 90/91 inside primitive-tagged DF12/DF24 (spec §3.6, §3.7).
 */
export function parseBerChildren(parent: BerTlv): BerTlv[] {
  return parseBerList(parent.value, parent.offset + parent.headerLength);
}

/**
 * The one item with `tag`, or undefined. A repeated tag is ambiguous (which copy was signed,
 * which is shown?), so it is an error rather than "first wins".
 */
export function findTag(items: readonly BerTlv[], tag: number): BerTlv | undefined {
  let found: BerTlv | undefined;
  for (const item of items) {
    if (item.tag !== tag) continue;
    if (found) throw new TlvError('tlv-duplicate-tag', `tag ${tagHex(tag)} occurs more than once`, item.offset);
    found = item;
  }
  return found;
}

/** Like findTag but a missing tag is a 'tlv-missing-tag' error at the start of the list (0 if empty). */
export function requireTag(items: readonly BerTlv[], tag: number, where: string): BerTlv {
  const found = findTag(items, tag);
  if (!found) {
    throw new TlvError('tlv-missing-tag', `${where}: required tag ${tagHex(tag)} is missing`, items[0]?.offset ?? 0);
  }
  return found;
}

/**
 * Minimal length field by default; `minLengthBytes` (1..4) forces the long form with at least
 * that many bytes, e.g. (159, 2) -> 82 00 9F as on real cards (spec §3).
 */
export function encodeBerLength(length: number, minLengthBytes = 0): Uint8Array {
  if (!Number.isInteger(length) || length < 0 || length > 0xffffffff) {
    throw new TlvError('tlv-bad-length', 'length must be an integer 0..2^32-1', -1);
  }
  if (!Number.isInteger(minLengthBytes) || minLengthBytes < 0 || minLengthBytes > MAX_LENGTH_BYTES) {
    throw new TlvError('tlv-bad-length', `minLengthBytes must be 0..${MAX_LENGTH_BYTES}`, -1);
  }
  if (length < 0x80 && minLengthBytes === 0) return Uint8Array.of(length);
  let needed = 1;
  while (needed < MAX_LENGTH_BYTES && length >= 2 ** (8 * needed)) needed++;
  const count = Math.max(needed, minLengthBytes);
  const out = new Uint8Array(1 + count);
  out[0] = 0x80 | count;
  let rest = length;
  for (let i = count; i >= 1; i--) {
    out[i] = rest % 0x100;
    rest = Math.floor(rest / 0x100);
  }
  return out;
}

/** Tag number -> its bytes, checking that they form exactly one well-formed tag. */
function encodeTag(tag: number): Uint8Array {
  if (!Number.isInteger(tag) || tag <= 0 || tag > 0xffffff) {
    throw new TlvError('tlv-bad-tag', 'tag must be 1..3 bytes and not 00', -1);
  }
  const bytes = tag > 0xffff ? Uint8Array.of(tag >>> 16, (tag >>> 8) & 0xff, tag & 0xff)
    : tag > 0xff ? Uint8Array.of(tag >>> 8, tag & 0xff)
    : Uint8Array.of(tag);
  const multi = (bytes[0]! & 0x1f) === 0x1f;
  let ok = multi === bytes.length > 1;
  for (let i = 1; i < bytes.length; i++) {
    const last = i === bytes.length - 1;
    if (((bytes[i]! & 0x80) === 0) !== last) ok = false;
  }
  if (!ok) throw new TlvError('tlv-bad-tag', `0x${tagHex(tag)} is not a well-formed BER tag`, -1);
  return bytes;
}

export function encodeBerTlv(tag: number, value: Uint8Array, opts?: { minLengthBytes?: number }): Uint8Array {
  return concatBytes(encodeTag(tag), encodeBerLength(value.length, opts?.minLengthBytes), value);
}
