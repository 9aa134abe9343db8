/**
 * Shared checks for My Number Card records. Every record parser copies its input once
 * (`ownCopy`) and returns views into that copy, so `wipe(record.raw)` clears every field and
 * later reuse of the caller's read buffer cannot change a parsed record.
 */
import { parseBerChildren, parseBerFile, type BerTlv } from '../../../apdu/ber-tlv';
import { copyBytes, readU16be } from '../../../bytes/byte-ops';
import { CardRecordError } from '../card-error';
import { formatIsoDate, parseCompactDate } from '../wareki';
import { findUnsafeText, type UnsafeTextFinding } from './unsafe-text';

/** RSA-2048 PKCS#1 v1.5 signature size used by every signed 券面 record (spec §3.3–§3.8). */
export const RSA2048_SIGNATURE_LENGTH = 256;
const FILLER = 0xff;

export function tagName(tag: number): string {
  const s = tag.toString(16).toUpperCase();
  return s.length % 2 === 0 ? s : `0${s}`;
}

export function ownCopy(bytes: Uint8Array): Uint8Array {
  return copyBytes(bytes);
}

/**
 * The EF's one top-level object (spec §3: one TLV then FF filler). An EF of only filler is
 * reported as `record-empty` rather than as an odd tag, because "nothing written" is a state a
 * UI should name.
 */
export function parseOuter(file: Uint8Array, expectedTag: number, record: string): BerTlv {
  if (file.every((b) => b === FILLER)) {
    throw new CardRecordError('record-empty', record, 'EF holds no data (only FF filler)', 0);
  }
  const outer = parseBerFile(file);
  if (outer.tag !== expectedTag) {
    throw new CardRecordError('record-wrong-tag', record, `expected tag ${tagName(expectedTag)}, found ${tagName(outer.tag)}`, outer.offset);
  }
  return outer;
}

/**
 * Children that must be exactly `tags` in this order. Used for signed records: the signed and
 * hashed ranges are concatenations of adjacent TLVs, so extra, missing or reordered objects would
 * make "what was signed" ambiguous.
 */
export function childrenInOrder<const T extends readonly number[]>(parent: BerTlv, tags: T, record: string): { readonly [K in keyof T]: BerTlv } {
  const children = parseBerChildren(parent);
  for (let i = 0; i < tags.length; i++) {
    const child = children[i];
    if (!child) {
      throw new CardRecordError('record-missing-field', record, `missing ${tagName(tags[i]!)} inside ${tagName(parent.tag)}`, parent.offset + parent.raw.length);
    }
    if (child.tag !== tags[i]) {
      throw new CardRecordError('record-bad-structure', record, `expected ${tagName(tags[i]!)}, found ${tagName(child.tag)}`, child.offset);
    }
  }
  if (children.length > tags.length) {
    const extra = children[tags.length]!;
    throw new CardRecordError('record-bad-structure', record, `unexpected ${tagName(extra.tag)} after the last field`, extra.offset);
  }
  return children as unknown as { readonly [K in keyof T]: BerTlv };
}

/**
 * Children looked up by tag, for unsigned informational records where order is not significant.
 * Unknown tags are ignored (forward compatibility); a repeated known tag is rejected.
 */
export function childrenByTag(parent: BerTlv, required: readonly number[], optional: readonly number[], record: string): Map<number, BerTlv> {
  const known = new Set([...required, ...optional]);
  const found = new Map<number, BerTlv>();
  for (const child of parseBerChildren(parent)) {
    if (!known.has(child.tag)) continue;
    if (found.has(child.tag)) {
      throw new CardRecordError('record-bad-structure', record, `${tagName(child.tag)} occurs more than once`, child.offset);
    }
    found.set(child.tag, child);
  }
  for (const tag of required) {
    if (!found.has(tag)) {
      throw new CardRecordError('record-missing-field', record, `missing ${tagName(tag)} inside ${tagName(parent.tag)}`, parent.offset);
    }
  }
  return found;
}

export function requireLength(tlv: BerTlv, length: number, record: string): void {
  if (tlv.length !== length) {
    throw new CardRecordError('record-bad-length', record, `${tagName(tlv.tag)} must be ${length} bytes, is ${tlv.length}`, tlv.offset);
  }
}

export function requireNonEmpty(tlv: BerTlv, record: string): void {
  if (tlv.length === 0) throw new CardRecordError('record-bad-length', record, `${tagName(tlv.tag)} is empty`, tlv.offset);
}

export function valueOffset(tlv: BerTlv): number {
  return tlv.offset + tlv.headerLength;
}

/** Exactly `length` ASCII digits (0x30–0x39). */
export function asciiDigits(tlv: BerTlv, length: number, record: string): string {
  requireLength(tlv, length, record);
  return asciiDigitBytes(tlv.value, valueOffset(tlv), record, tagName(tlv.tag));
}

export function asciiDigitBytes(bytes: Uint8Array, absOffset: number, record: string, what: string): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (c < 0x30 || c > 0x39) {
      throw new CardRecordError('record-bad-value', record, `${what} must be ASCII digits`, absOffset + i);
    }
    s += String.fromCharCode(c);
  }
  return s;
}

/** 8 ASCII digits 'YYYYMMDD' forming a real Gregorian date (spec §3.2, §3.6, §3.7) → 'YYYY-MM-DD'. */
export function compactDate(tlv: BerTlv, record: string): string {
  const digits = asciiDigits(tlv, 8, record);
  const d = parseCompactDate(digits);
  if (!d) throw new CardRecordError('record-bad-value', record, `${tagName(tlv.tag)} is not a valid date`, valueOffset(tlv));
  return formatIsoDate(d);
}

/** One printable ASCII byte, e.g. the 性別 code (spec §3.2, §3.7). */
export function singleAsciiChar(tlv: BerTlv, record: string): string {
  requireLength(tlv, 1, record);
  const c = tlv.value[0]!;
  if (c < 0x20 || c > 0x7e) throw new CardRecordError('record-bad-value', record, `${tagName(tlv.tag)} is not printable ASCII`, valueOffset(tlv));
  return String.fromCharCode(c);
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Strict UTF-8 text (spec §3.2 氏名/住所): malformed UTF-8 is a malformed record. */
export function utf8Text(tlv: BerTlv, record: string): string {
  try {
    return utf8.decode(tlv.value);
  } catch {
    throw new CardRecordError('record-bad-utf8', record, `${tagName(tlv.tag)} is not valid UTF-8`, valueOffset(tlv));
  }
}

/**
 * Text for people to read (spec §3.2 氏名/住所), screened for characters that change or hide
 * what is displayed (unsafe-text.ts). Such text is withheld — `text` is undefined — so nothing
 * above the parser (report, screen, evidence, CLI output) can ever hold it; the finding says
 * which character it was, and the verifier fails the record with 'text-unsafe-characters'.
 */
export interface ScreenedText {
  readonly text: string | undefined;
  readonly unsafe: UnsafeTextFinding | undefined;
}

export function screenedUtf8Text(tlv: BerTlv, record: string): ScreenedText {
  const text = utf8Text(tlv, record);
  const unsafe = findUnsafeText(text);
  return unsafe ? { text: undefined, unsafe } : { text, unsafe: undefined };
}

export function signatureValue(tlv: BerTlv, record: string): Uint8Array {
  requireLength(tlv, RSA2048_SIGNATURE_LENGTH, record);
  return tlv.value;
}

/** Bytes of `file` from the first byte of `first` through the last byte of `last` (adjacent TLVs). */
export function span(file: Uint8Array, first: BerTlv, last: BerTlv): Uint8Array {
  return file.subarray(first.offset, last.offset + last.raw.length);
}

/**
 * Validate an offset table (spec §3.2 DF21, §3.7 DF21): `count` big-endian u16 offsets from the
 * start of the file, each of which must be exactly where the corresponding TLV starts.
 */
export function checkOffsetTable(table: BerTlv, targets: readonly BerTlv[], record: string): readonly number[] {
  if (table.length !== targets.length * 2) {
    throw new CardRecordError('record-bad-offset-table', record, `offset table must be ${targets.length * 2} bytes, is ${table.length}`, table.offset);
  }
  const offsets: number[] = [];
  for (let i = 0; i < targets.length; i++) {
    const o = readU16be(table.value, i * 2);
    if (o !== targets[i]!.offset) {
      throw new CardRecordError('record-bad-offset-table', record, `offset entry ${i} does not point at ${tagName(targets[i]!.tag)}`, valueOffset(table) + i * 2);
    }
    offsets.push(o);
  }
  return offsets;
}
