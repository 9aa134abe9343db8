/**
 * A bilevel TIFF with CCITT Group 4 compression (TIFF 6.0 §3 baseline container, Section 11
 * "CCITT Bilevel Encodings", T6 compression = 4) → an 8-bit greyscale bitmap (0 black, 255 white)
 * the UI can draw and the CLI can write as PNG. The residence card stores its front image
 * (gen 1), name and address images (gen 2) this way. Only the first image of the file is
 * decoded. Every offset, count and size is checked before use; failures are TiffError.
 */
import { decodeG4Strip } from './g4-decoder';
import { TiffError } from './tiff-error';

export interface BilevelImage {
  readonly width: number;
  readonly height: number;
  /** 8-bit greyscale, row-major, 0 = black ink, 255 = paper. */
  readonly pixels: Uint8Array;
}

export interface TiffLimits {
  readonly maxWidth: number;
  readonly maxHeight: number;
  readonly maxPixels: number;
}

/** Far above any card image (the gen-1 front image is well under 1000 × 1000 px). */
export const DEFAULT_TIFF_LIMITS: TiffLimits = { maxWidth: 8192, maxHeight: 8192, maxPixels: 8_000_000 };

const TAG = {
  width: 256,
  height: 257,
  bitsPerSample: 258,
  compression: 259,
  photometric: 262,
  fillOrder: 266,
  stripOffsets: 273,
  samplesPerPixel: 277,
  rowsPerStrip: 278,
  stripByteCounts: 279,
  planarConfig: 284,
  t6Options: 293,
  tileWidth: 322,
} as const;

const TYPE_SIZE: Readonly<Record<number, number>> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8 };

interface Entry {
  readonly tag: number;
  readonly type: number;
  readonly count: number;
  /** Where the values start (inline in the entry when they fit in 4 bytes). */
  readonly at: number;
}

class Reader {
  constructor(
    readonly b: Uint8Array,
    readonly le: boolean,
  ) {}
  u16(at: number): number {
    if (at < 0 || at + 2 > this.b.length) throw new TiffError('tiff-bad-ifd', 'a 16-bit value lies outside the file', at);
    return this.le ? this.b[at]! | (this.b[at + 1]! << 8) : (this.b[at]! << 8) | this.b[at + 1]!;
  }
  u32(at: number): number {
    if (at < 0 || at + 4 > this.b.length) throw new TiffError('tiff-bad-ifd', 'a 32-bit value lies outside the file', at);
    const [a, b, c, d] = [this.b[at]!, this.b[at + 1]!, this.b[at + 2]!, this.b[at + 3]!];
    return this.le ? (a | (b << 8) | (c << 16)) + d * 0x1000000 : ((b << 16) | (c << 8) | d) + a * 0x1000000;
  }
}

function readEntries(r: Reader, ifd: number): Map<number, Entry> {
  const n = r.u16(ifd);
  if (n === 0) throw new TiffError('tiff-bad-ifd', 'the IFD has no entries', ifd);
  if (ifd + 2 + n * 12 + 4 > r.b.length) throw new TiffError('tiff-bad-ifd', `the IFD's ${n} entries run past the end of the file`, ifd);
  const entries = new Map<number, Entry>();
  const seen = new Set<number>();
  for (let i = 0; i < n; i++) {
    const e = ifd + 2 + i * 12;
    const tag = r.u16(e);
    const type = r.u16(e + 2);
    const count = r.u32(e + 4);
    // TIFF 6.0 wants ascending tags; writers that do not sort are tolerated, repeats are not.
    if (entries.has(tag) || seen.has(tag)) throw new TiffError('tiff-bad-ifd', `tag ${tag} is repeated`, e);
    seen.add(tag);
    const size = TYPE_SIZE[type];
    if (size === undefined) continue; // unknown types are ignored (TIFF 6.0 §2)
    const bytes = size * count;
    const at = bytes <= 4 ? e + 8 : r.u32(e + 8);
    if (count > 0x100000 || at + bytes > r.b.length) throw new TiffError('tiff-bad-ifd', `the values of tag ${tag} lie outside the file`, e);
    entries.set(tag, { tag, type, count, at });
  }
  return entries;
}

/** Integer values of a SHORT or LONG tag. */
function ints(r: Reader, e: Entry): number[] {
  if (e.type !== 3 && e.type !== 4) throw new TiffError('tiff-bad-ifd', `tag ${e.tag} is not SHORT or LONG`, e.at);
  const out: number[] = [];
  for (let i = 0; i < e.count; i++) out.push(e.type === 3 ? r.u16(e.at + 2 * i) : r.u32(e.at + 4 * i));
  return out;
}

function single(r: Reader, entries: Map<number, Entry>, tag: number, fallback?: number): number {
  const e = entries.get(tag);
  if (!e) {
    if (fallback === undefined) throw new TiffError('tiff-bad-ifd', `required tag ${tag} is missing`);
    return fallback;
  }
  const v = ints(r, e);
  if (v.length !== 1) throw new TiffError('tiff-bad-ifd', `tag ${tag} must have one value`, e.at);
  return v[0]!;
}

/** Decode the first image of a bilevel CCITT Group 4 TIFF. Trailing bytes (the card's 00 padding) are ignored. */
export function decodeBilevelTiff(bytes: Uint8Array, limits: TiffLimits = DEFAULT_TIFF_LIMITS): BilevelImage {
  if (!(bytes instanceof Uint8Array) || bytes.length < 8) throw new TiffError('tiff-bad-header', 'too short for a TIFF header', 0);
  const order = (bytes[0]! << 8) | bytes[1]!;
  if (order !== 0x4949 && order !== 0x4d4d) throw new TiffError('tiff-bad-header', 'no II/MM byte-order mark', 0);
  const r = new Reader(bytes, order === 0x4949);
  if (r.u16(2) !== 42) throw new TiffError('tiff-bad-header', 'magic number is not 42 (BigTIFF and others are not supported)', 2);
  const ifd = r.u32(4);
  if (ifd < 8 || ifd + 2 > bytes.length) throw new TiffError('tiff-bad-header', 'the first IFD lies outside the file', 4);
  const entries = readEntries(r, ifd);

  if (entries.has(TAG.tileWidth)) throw new TiffError('tiff-unsupported', 'tiled TIFF');
  const width = single(r, entries, TAG.width);
  const height = single(r, entries, TAG.height);
  if (width < 1 || height < 1 || width > limits.maxWidth || height > limits.maxHeight || width * height > limits.maxPixels) {
    throw new TiffError('tiff-too-large', `${width} × ${height} pixels is outside the decoder's limits`);
  }
  const compression = single(r, entries, TAG.compression, 1);
  if (compression !== 4) throw new TiffError('tiff-unsupported', `compression ${compression} is not CCITT Group 4`);
  if (single(r, entries, TAG.bitsPerSample, 1) !== 1) throw new TiffError('tiff-unsupported', 'not a bilevel image (BitsPerSample ≠ 1)');
  if (single(r, entries, TAG.samplesPerPixel, 1) !== 1) throw new TiffError('tiff-unsupported', 'more than one sample per pixel');
  if (single(r, entries, TAG.planarConfig, 1) !== 1) throw new TiffError('tiff-unsupported', 'planar configuration 2');
  const photometric = single(r, entries, TAG.photometric);
  if (photometric !== 0 && photometric !== 1) throw new TiffError('tiff-unsupported', `photometric interpretation ${photometric} is not bilevel`);
  const fillOrder = single(r, entries, TAG.fillOrder, 1);
  if (fillOrder !== 1 && fillOrder !== 2) throw new TiffError('tiff-bad-ifd', `fill order ${fillOrder}`);
  // T6Options bit 1 would allow uncompressed mode; the decoder refuses it if it ever appears.
  single(r, entries, TAG.t6Options, 0);
  const rowsPerStrip = Math.min(single(r, entries, TAG.rowsPerStrip, 0xffffffff), height);
  if (rowsPerStrip < 1) throw new TiffError('tiff-bad-ifd', 'RowsPerStrip is 0');
  const offsetsEntry = entries.get(TAG.stripOffsets);
  const countsEntry = entries.get(TAG.stripByteCounts);
  if (!offsetsEntry || !countsEntry) throw new TiffError('tiff-bad-ifd', 'StripOffsets or StripByteCounts is missing');
  const offsets = ints(r, offsetsEntry);
  const counts = ints(r, countsEntry);
  const strips = Math.ceil(height / rowsPerStrip);
  if (offsets.length !== strips || counts.length !== strips) throw new TiffError('tiff-bad-ifd', `expected ${strips} strips, found ${offsets.length} offsets and ${counts.length} byte counts`, offsetsEntry.at);

  const ink = new Uint8Array(width * height);
  for (let s = 0; s < strips; s++) {
    const start = offsets[s]!;
    const end = start + counts[s]!;
    if (start < 8 || end > bytes.length || end <= start) throw new TiffError('tiff-bad-ifd', `strip ${s} lies outside the file`, offsetsEntry.at);
    const rows = Math.min(rowsPerStrip, height - s * rowsPerStrip);
    decodeG4Strip(bytes, start, end, { width, rows, lsbFirst: fillOrder === 2 }, ink, s * rowsPerStrip);
  }
  // Decoded 1 = the code's second colour; photometric 0 (WhiteIsZero) shows it black, 1 white.
  const pixels = new Uint8Array(width * height);
  const one = photometric === 0 ? 0 : 255;
  const zero = 255 - one;
  for (let i = 0; i < pixels.length; i++) pixels[i] = ink[i] ? one : zero;
  return { width, height, pixels };
}
