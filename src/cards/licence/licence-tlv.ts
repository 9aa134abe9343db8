/**
 * The TLV form licence files use (licence-facts §1.6): one-byte tags (the photo's 5F 40 and, on the
 * マイナ免許証, tags above FF are the exceptions), lengths of one byte, `81 xx` or `82 xx xx`
 * [I: TRET and MATS handle 81/82, HMPOW 82; TAKU cites spec p.8 "基本符号化TLV"], values that may
 * be empty [I: TRET, SOFT, HMPOW], then filler to the end of the file [I: TRET, MATS stop at FF].
 *
 * Not BER: tag 1F (条件4) and 5F (新住所地公安委員会名15) would start multi-byte tags in BER, so
 * the generic apdu/ber-tlv parser cannot read these files. Parsing returns views, no copies.
 */
import { TlvError } from '../../apdu/tlv-error';

export interface LicenceTlv {
  readonly tag: number;
  /** Absolute offset of the first tag byte. */
  readonly offset: number;
  readonly headerLength: number;
  readonly length: number;
  /** Subarray view of the value. */
  readonly value: Uint8Array;
  /** tag ‖ length ‖ value as on the card, subarray view. */
  readonly raw: Uint8Array;
}

export interface LicenceTlvOptions {
  /** Bytes that may fill the file after the last TLV (the layout's `fillerBytes`). */
  readonly fillerBytes: readonly number[];
  /**
   * First bytes that open a two-byte tag: 5F for the photo; 01 for the マイナ免許証's tags
   * 0100–010D (how those are written is [U], see mynumber-ap/mnc-layout.ts).
   */
  readonly twoByteTagFirstBytes?: readonly number[];
}

export interface LicenceTlvFile {
  readonly items: readonly LicenceTlv[];
  /** Where the filler begins (= file length when there is none). */
  readonly end: number;
}

function hexTag(tag: number): string {
  const s = tag.toString(16).toUpperCase();
  return s.length % 2 === 0 ? s : `0${s}`;
}

function allFiller(bytes: Uint8Array, from: number, filler: readonly number[]): boolean {
  for (let i = from; i < bytes.length; i++) if (!filler.includes(bytes[i]!)) return false;
  return true;
}

/**
 * Every TLV of a licence file, in order, up to the filler. Each step consumes at least two bytes,
 * so the loop ends; every length is checked against what is left.
 */
export function parseLicenceTlvs(bytes: Uint8Array, options: LicenceTlvOptions): LicenceTlvFile {
  const items: LicenceTlv[] = [];
  const wide = options.twoByteTagFirstBytes ?? [];
  let pos = 0;
  while (pos < bytes.length) {
    if (allFiller(bytes, pos, options.fillerBytes)) return { items, end: pos };
    const start = pos;
    const first = bytes[pos]!;
    if (first === 0x00) throw new TlvError('tlv-bad-tag', 'tag 00 is not a data object', start);
    let tag = first;
    pos++;
    if (wide.includes(first)) {
      if (pos >= bytes.length) throw new TlvError('tlv-truncated', 'two-byte tag is cut short', start);
      tag = (first << 8) | bytes[pos]!;
      pos++;
    }
    if (pos >= bytes.length) throw new TlvError('tlv-truncated', `length of tag ${hexTag(tag)} missing`, pos);
    const lengthAt = pos;
    const l0 = bytes[pos++]!;
    let length: number;
    if (l0 < 0x80) length = l0;
    else if (l0 === 0x81 || l0 === 0x82) {
      const n = l0 & 0x03;
      if (pos + n > bytes.length) throw new TlvError('tlv-truncated', `length of tag ${hexTag(tag)} is cut short`, lengthAt);
      length = n === 1 ? bytes[pos]! : (bytes[pos]! << 8) | bytes[pos + 1]!;
      pos += n;
    } else {
      throw new TlvError('tlv-bad-length', `length byte ${hexTag(l0)} of tag ${hexTag(tag)} is not 00–7F, 81 or 82`, lengthAt);
    }
    if (pos + length > bytes.length) {
      throw new TlvError('tlv-overrun', `value of tag ${hexTag(tag)} needs ${length} bytes but only ${bytes.length - pos} remain`, lengthAt);
    }
    items.push({
      tag,
      offset: start,
      headerLength: pos - start,
      length,
      value: bytes.subarray(pos, pos + length),
      raw: bytes.subarray(start, pos + length),
    });
    pos += length;
  }
  return { items, end: pos };
}

/**
 * Items by tag. A repeated tag is ambiguous (which copy is the licence's?) and rejected; tags not
 * in `known` are returned apart so a caller can report them without trusting them.
 */
export function indexTlvs(items: readonly LicenceTlv[], known: ReadonlySet<number>): { byTag: Map<number, LicenceTlv>; unknown: LicenceTlv[] } {
  const byTag = new Map<number, LicenceTlv>();
  const unknown: LicenceTlv[] = [];
  for (const item of items) {
    if (!known.has(item.tag)) {
      unknown.push(item);
      continue;
    }
    if (byTag.has(item.tag)) throw new TlvError('tlv-duplicate-tag', `tag ${hexTag(item.tag)} occurs more than once`, item.offset);
    byTag.set(item.tag, item);
  }
  return { byTag, unknown };
}

export function valueOffset(tlv: LicenceTlv): number {
  return tlv.offset + tlv.headerLength;
}

export { hexTag };

