/**
 * 外字: glyphs for characters outside JIS X 0208, referenced from text by FFF1–FFF7 (licence-facts
 * §3.4). DF1/EF03 holds 外字1 (tag 48) and 外字2 (tag 49) [I×3: SOFT, MATS, CIV]; DF1/EF05
 * (記載事項変更(外字)) holds A0 追記の有無 and 外字3–7 in A1–A5 [I: MATS; TRET's field list].
 *
 * The bitmap format is [U] (layout.gaijiBitmap: 1 header byte + 32×32 dots, 1 bit per dot,
 * MSB = leftmost, row-major by default; CIV contradicts itself about compression). A value of
 * another length is kept raw and marked undecoded; staff see the glyph flagged either way.
 */
import { copyBytes } from '../../bytes/byte-ops';
import type { GaijiSlot } from './jis-x0208';
import { GAIJI_TAG, type GaijiBitmapFormat, type LicenceCardLayout } from './licence-layout';
import { LicenceRecordError } from './licence-errors';
import { indexTlvs, parseLicenceTlvs } from './licence-tlv';

/** A decoded glyph: one byte per dot, 1 = ink, row-major, `width` dots per row. */
export interface GaijiBitmap {
  readonly width: number;
  readonly height: number;
  readonly dots: Uint8Array;
}

export interface GaijiGlyph {
  readonly slot: GaijiSlot;
  /** The header bytes before the dots (文字構成 / ドット数), as written. */
  readonly header: Uint8Array;
  /** Undefined when the value does not have the configured size. */
  readonly bitmap: GaijiBitmap | undefined;
  /** The value as read. */
  readonly raw: Uint8Array;
}

export interface GaijiFile {
  readonly glyphs: readonly GaijiGlyph[];
  /** EF05 A0 追記の有無 as written (meaning [U]); undefined for EF03 or when absent. */
  readonly appended: number | undefined;
}

export function gaijiBitmapSize(f: GaijiBitmapFormat): number {
  return f.order === 'row-major' ? Math.ceil(f.width / 8) * f.height : Math.ceil(f.height / 8) * f.width;
}

/** Dots of a bitmap value in the configured format (the value without its header). */
export function decodeGaijiDots(bits: Uint8Array, f: GaijiBitmapFormat): GaijiBitmap {
  const dots = new Uint8Array(f.width * f.height);
  const bitAt = (byte: number, k: number): number => (f.bitOrder === 'msb-first' ? (byte >> (7 - k)) & 1 : (byte >> k) & 1);
  if (f.order === 'row-major') {
    const stride = Math.ceil(f.width / 8);
    for (let y = 0; y < f.height; y++) {
      for (let x = 0; x < f.width; x++) dots[y * f.width + x] = bitAt(bits[y * stride + (x >> 3)]!, x & 7);
    }
  } else {
    const stride = Math.ceil(f.height / 8);
    for (let x = 0; x < f.width; x++) {
      for (let y = 0; y < f.height; y++) dots[y * f.width + x] = bitAt(bits[x * stride + (y >> 3)]!, y & 7);
    }
  }
  return { width: f.width, height: f.height, dots };
}

function glyphOf(slot: GaijiSlot, value: Uint8Array, f: GaijiBitmapFormat): GaijiGlyph {
  const raw = copyBytes(value);
  const expected = f.headerBytes + gaijiBitmapSize(f);
  const bitmap = raw.length === expected ? decodeGaijiDots(raw.subarray(f.headerBytes), f) : undefined;
  return { slot, header: raw.slice(0, Math.min(f.headerBytes, raw.length)), bitmap, raw };
}

/** DF1/EF03 (外字1, 2) or DF1/EF05 (外字3–7). Empty values mean the slot is unused. */
export function parseGaijiFile(file: Uint8Array, which: 'ef03' | 'ef05', layout: Pick<LicenceCardLayout, 'fillerBytes' | 'gaijiBitmap'>): GaijiFile {
  const record = `df1/${which}`;
  const { items } = parseLicenceTlvs(file, { fillerBytes: layout.fillerBytes });
  const slots: ReadonlyMap<number, GaijiSlot> =
    which === 'ef03'
      ? new Map<number, GaijiSlot>([
          [GAIJI_TAG.first, 1],
          [GAIJI_TAG.second, 2],
        ])
      : new Map<number, GaijiSlot>([0, 1, 2, 3, 4].map((i) => [GAIJI_TAG.third + i, (3 + i) as GaijiSlot]));
  const known = new Set<number>(slots.keys());
  if (which === 'ef05') known.add(GAIJI_TAG.appended);
  const { byTag, unknown } = indexTlvs(items, known);
  if (unknown.length > 0) throw new LicenceRecordError('licence-record-bad-structure', record, `unexpected tag ${unknown[0]!.tag.toString(16).toUpperCase()}`, unknown[0]!.offset);
  const glyphs: GaijiGlyph[] = [];
  for (const [tag, slot] of slots) {
    const t = byTag.get(tag);
    if (t && t.length > 0) glyphs.push(glyphOf(slot, t.value, layout.gaijiBitmap));
  }
  const a0 = which === 'ef05' ? byTag.get(GAIJI_TAG.appended) : undefined;
  return { glyphs, appended: a0 && a0.length > 0 ? a0.value[0] : undefined };
}
