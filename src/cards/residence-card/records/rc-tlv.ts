/**
 * The data objects of a residence-card EF (在留カード等仕様書 §3.2.3.1; gen 2 the same with 2-byte
 * tags such as DF D1): T (1 byte; gen 2 also 2 bytes) ‖ L (00–7F, 81 xx, 82 xx xx) ‖ V, several
 * back to back, and "全てのデータオブジェクトは固定長" (§3.3.4) with 00 after the last object when a
 * file holds less than its capacity (§3.3.5: under-16 cards hold `DA 00 DB 00` then 00s; a
 * withdrawn permission field is all 00, §3.3.4.6). Parsing returns views into a private copy.
 */
import { copyBytes } from '../../../bytes/byte-ops';
import { ResidenceCardError } from '../residence-card-error';

/**
 * One data object. Not BER: the spec's tags are 1 byte, or 2 when the first byte's low five bits
 * are all 1 (DF D1 on gen 2 — under BER, D1's top bit would announce a third tag byte), and the
 * length is 00–7F, 81 xx or 82 xx xx (§3.2.3.1 図3-2).
 */
export interface RcTlv {
  readonly tag: number;
  /** Absolute offset of the first tag byte. */
  readonly offset: number;
  /** Tag bytes + length bytes. */
  readonly headerLength: number;
  readonly length: number;
  /** View into the file's private copy. */
  readonly value: Uint8Array;
  readonly raw: Uint8Array;
}

export interface RcFile {
  /** Private copy of the EF as read. */
  readonly raw: Uint8Array;
  readonly objects: readonly RcTlv[];
}

export function tagHex(tag: number): string {
  const s = tag.toString(16).toUpperCase();
  return s.length % 2 === 0 ? s : `0${s}`;
}

function malformed(file: string, what: string, offset?: number): never {
  throw new ResidenceCardError('rc-record-malformed', `${file}: ${what}`, offset);
}

/**
 * Parse an EF: objects until the end or until a 00 byte where a tag would start; everything
 * from there on must be 00. Lengths beyond 82 xx xx (not used by the spec) are refused; tags
 * must be in `allowed` and each may occur once.
 */
export function parseRcFile(bytes: Uint8Array, file: string, allowed: readonly number[]): RcFile {
  const raw = copyBytes(bytes);
  const objects: RcTlv[] = [];
  let pos = 0;
  while (pos < raw.length) {
    if (raw[pos] === 0x00) {
      for (let i = pos; i < raw.length; i++) if (raw[i] !== 0x00) malformed(file, 'data after the 00 padding', i);
      break;
    }
    const tlv = readTlv(raw, pos, file);
    if (!allowed.includes(tlv.tag)) malformed(file, `unexpected tag ${tagHex(tlv.tag)}`, pos);
    if (objects.some((o) => o.tag === tlv.tag)) malformed(file, `tag ${tagHex(tlv.tag)} occurs twice`, pos);
    objects.push(tlv);
    pos += tlv.raw.length;
  }
  return { raw, objects };
}

function readTlv(raw: Uint8Array, pos: number, file: string): RcTlv {
  let i = pos;
  let tag = raw[i++]!;
  if ((tag & 0x1f) === 0x1f) {
    if (i >= raw.length) malformed(file, 'two-byte tag cut short', pos);
    tag = (tag << 8) | raw[i++]!;
  }
  if (i >= raw.length) malformed(file, `tag ${tagHex(tag)} has no length`, pos);
  const l0 = raw[i++]!;
  let length: number;
  if (l0 < 0x80) length = l0;
  else if (l0 === 0x81 || l0 === 0x82) {
    const n = l0 & 0x7f;
    if (i + n > raw.length) malformed(file, `length of tag ${tagHex(tag)} cut short`, i - 1);
    length = n === 1 ? raw[i]! : (raw[i]! << 8) | raw[i + 1]!;
    i += n;
  } else malformed(file, `tag ${tagHex(tag)} has a length form the spec does not use`, i - 1);
  if (i + length > raw.length) malformed(file, `tag ${tagHex(tag)} announces ${length} bytes, only ${raw.length - i} remain`, i);
  return { tag, offset: pos, headerLength: i - pos, length, value: raw.subarray(i, i + length), raw: raw.subarray(pos, i + length) };
}

export function findObject(file: RcFile, tag: number): RcTlv | undefined {
  return file.objects.find((o) => o.tag === tag);
}

export function requireObject(file: RcFile, tag: number, name: string): RcTlv {
  const o = findObject(file, tag);
  if (!o) malformed(name, `tag ${tagHex(tag)} is missing`, 0);
  return o;
}

/** A value no longer than `max` bytes (the spec's 最大データ長). */
export function boundedValue(tlv: RcTlv, max: number, file: string): Uint8Array {
  if (tlv.length > max) malformed(file, `tag ${tagHex(tlv.tag)} holds ${tlv.length} bytes, more than its ${max}`, tlv.offset);
  return tlv.value;
}

/** A value of exactly `n` bytes. */
export function fixedValue(tlv: RcTlv, n: number, file: string): Uint8Array {
  if (tlv.length !== n) malformed(file, `tag ${tagHex(tlv.tag)} holds ${tlv.length} bytes, not ${n}`, tlv.offset);
  return tlv.value;
}

/** The value without its trailing 00 padding (a text or binary field shorter than its maximum). */
export function withoutTrailingNulls(v: Uint8Array): Uint8Array {
  let end = v.length;
  while (end > 0 && v[end - 1] === 0x00) end--;
  return v.subarray(0, end);
}

/** ASCII of the JIS X 0201 range the spec names for codes and dates; anything else is refused. */
export function asciiField(v: Uint8Array, pattern: RegExp, file: string, what: string, offset: number): string {
  let s = '';
  for (let i = 0; i < v.length; i++) {
    const b = v[i]!;
    if (b < 0x20 || b > 0x7e) malformed(file, `${what}: byte outside printable ASCII`, offset + i);
    s += String.fromCharCode(b);
  }
  if (!pattern.test(s)) malformed(file, `${what}: not in the expected form`, offset);
  return s;
}

/** 'YYYYMMDD' → 'YYYY-MM-DD', checking the calendar (no 2035-02-30). */
export function compactDate(s: string, file: string, what: string, offset: number): string {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (!m) malformed(file, `${what}: not YYYYMMDD`, offset);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) malformed(file, `${what}: not a calendar date`, offset);
  return `${m[1]}-${m[2]}-${m[3]}`;
}
