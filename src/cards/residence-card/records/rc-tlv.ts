/**
 * The data objects of a residence-card EF (在留カード等仕様書 §3.2.3.1; gen 2 the same with 2-byte
 * tags such as DF D1): T (1 byte; gen 2 also 2 bytes) ‖ L (00–7F, 81 xx, 82 xx xx) ‖ V, several
 * back to back, and "全てのデータオブジェクトは固定長" (§3.3.4) with 00 after the last object when a
 * file holds less than its capacity (§3.3.5: under-16 cards hold `DA 00 DB 00` then 00s; a
 * withdrawn permission field is all 00, §3.3.4.6). Parsing returns views into a private copy.
 */
import { parseBerTlv, type BerTlv } from '../../../apdu/ber-tlv';
import { TlvError } from '../../../apdu/tlv-error';
import { copyBytes } from '../../../bytes/byte-ops';
import { ResidenceCardError } from '../residence-card-error';

export interface RcFile {
  /** Private copy of the EF as read. */
  readonly raw: Uint8Array;
  readonly objects: readonly BerTlv[];
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
  const objects: BerTlv[] = [];
  let pos = 0;
  while (pos < raw.length) {
    if (raw[pos] === 0x00) {
      for (let i = pos; i < raw.length; i++) if (raw[i] !== 0x00) malformed(file, 'data after the 00 padding', i);
      break;
    }
    let tlv: BerTlv;
    try {
      tlv = parseBerTlv(raw, pos, 0);
    } catch (e) {
      if (e instanceof TlvError) malformed(file, `bad data object (${e.code})`, e.offset >= 0 ? e.offset : pos);
      throw e;
    }
    const lengthBytes = tlv.headerLength - (tlv.tag > 0xff ? 2 : 1);
    if (tlv.tag > 0xffff || lengthBytes > 3) malformed(file, `tag ${tagHex(tlv.tag)} uses a tag or length form the spec does not`, pos);
    if (!allowed.includes(tlv.tag)) malformed(file, `unexpected tag ${tagHex(tlv.tag)}`, pos);
    if (objects.some((o) => o.tag === tlv.tag)) malformed(file, `tag ${tagHex(tlv.tag)} occurs twice`, pos);
    objects.push(tlv);
    pos += tlv.raw.length;
  }
  return { raw, objects };
}

export function findObject(file: RcFile, tag: number): BerTlv | undefined {
  return file.objects.find((o) => o.tag === tag);
}

export function requireObject(file: RcFile, tag: number, name: string): BerTlv {
  const o = findObject(file, tag);
  if (!o) malformed(name, `tag ${tagHex(tag)} is missing`, 0);
  return o;
}

/** A value no longer than `max` bytes (the spec's 最大データ長). */
export function boundedValue(tlv: BerTlv, max: number, file: string): Uint8Array {
  if (tlv.length > max) malformed(file, `tag ${tagHex(tlv.tag)} holds ${tlv.length} bytes, more than its ${max}`, tlv.offset);
  return tlv.value;
}

/** A value of exactly `n` bytes. */
export function fixedValue(tlv: BerTlv, n: number, file: string): Uint8Array {
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
