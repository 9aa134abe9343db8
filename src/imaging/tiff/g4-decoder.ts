/**
 * CCITT Group 4 (ITU-T T.6, "MMR") decoder for bilevel images: the compression of the residence
 * card's front, name and address images (在留カード等仕様書 §3.3.4.3: "MMR 圧縮(tiff)").
 *
 * Written here because the maintained JavaScript TIFF decoders either lack Group 4 (`tiff`,
 * `geotiff`) or, like `utif2`/`utif`, decode valid files correctly but spend seconds to minutes
 * on one flipped bit of a 4 KB strip (README.md). This one is linear in the input: every step
 * reads at least one bit or ends the line, each line ends after at most `width` changes, runs
 * are checked against the line, and anything malformed is a TiffError that names the byte.
 */
import { BLACK_RUNS, MODE_TABLE, WHITE_RUNS, type Mode, type RunTable } from './g4-codes';
import { TiffError } from './tiff-error';

class BitReader {
  private pos: number;
  constructor(
    private readonly data: Uint8Array,
    private readonly start: number,
    private readonly end: number,
    private readonly lsbFirst: boolean,
  ) {
    this.pos = start * 8;
  }

  get byteOffset(): number {
    return this.pos >> 3;
  }

  get exhausted(): boolean {
    return this.pos >= this.end * 8;
  }

  /** Next bit, or -1 past the end. */
  bit(): number {
    if (this.pos >= this.end * 8) return -1;
    const byte = this.data[this.pos >> 3]!;
    const shift = this.lsbFirst ? this.pos & 7 : 7 - (this.pos & 7);
    this.pos++;
    return (byte >> shift) & 1;
  }

  /** The rest of the strip is zero bits (fill) — what may follow the last row or an EOFB. */
  restIsZero(): boolean {
    for (let p = this.pos; p < this.end * 8; p++) {
      const byte = this.data[p >> 3]!;
      const shift = this.lsbFirst ? p & 7 : 7 - (p & 7);
      if ((byte >> shift) & 1) return false;
    }
    return true;
  }

  get startOffset(): number {
    return this.start;
  }
}

function readMode(r: BitReader): Mode | undefined {
  let code = 0;
  for (let len = 1; len <= 12; len++) {
    const b = r.bit();
    if (b < 0) return undefined;
    code = (code << 1) | b;
    const m = MODE_TABLE[len]!.get(code);
    if (m) return m;
  }
  throw new TiffError('tiff-g4-corrupt', 'no T.6 mode code matches', r.byteOffset);
}

/** One run of `table`'s colour: make-up codes add up until a terminating code (< 64) ends it. */
function readRun(r: BitReader, table: RunTable, limit: number): number {
  let total = 0;
  for (;;) {
    let code = 0;
    let run = -1;
    for (let len = 1; len <= 13; len++) {
      const b = r.bit();
      if (b < 0) throw new TiffError('tiff-g4-truncated', 'data ended inside a run-length code', r.byteOffset);
      code = (code << 1) | b;
      const v = table[len]!.get(code);
      if (v !== undefined) {
        run = v;
        break;
      }
    }
    if (run < 0) throw new TiffError('tiff-g4-corrupt', 'no T.4 run-length code matches', r.byteOffset);
    total += run;
    if (total > limit) throw new TiffError('tiff-g4-corrupt', `a run of ${total} pixels passes the end of the line`, r.byteOffset);
    if (run < 64) return total;
  }
}

export interface G4StripParams {
  readonly width: number;
  readonly rows: number;
  /** FillOrder 2: the first pixel is in the least significant bit. */
  readonly lsbFirst: boolean;
}

/**
 * Decode one strip into `out` (1 byte per pixel, 1 = black ink in T.6 terms, i.e. the second
 * colour; the caller maps it through the photometric interpretation), rows `firstRow…`.
 */
export function decodeG4Strip(data: Uint8Array, start: number, end: number, params: G4StripParams, out: Uint8Array, firstRow: number): void {
  const { width: w, rows } = params;
  const r = new BitReader(data, start, end, params.lsbFirst);
  // Changing elements: positions where the colour differs from the pixel before it (the line
  // starts white). ref/cur hold them followed by two sentinels at w.
  let ref = new Int32Array(w + 3);
  let refCount = 0;
  ref[0] = w;
  ref[1] = w;
  let cur = new Int32Array(w + 3);
  for (let row = 0; row < rows; row++) {
    let curCount = 0;
    let a0 = -1;
    let colour = 0; // 0 white, 1 black
    let bIndex = 0;
    const line = out.subarray((firstRow + row) * w, (firstRow + row + 1) * w);
    const fill = (from: number, to: number, c: number): void => {
      if (c === 1) line.fill(1, Math.max(0, from), to);
    };
    // Each iteration consumes at least one bit; a line has at most w + 1 changes.
    while (a0 < w) {
      // b1: first changing element on the reference line right of a0 and of opposite colour to
      // the current one, i.e. with index parity == colour (even indices turn black).
      const left = a0 < 0 ? 0 : a0 + 1;
      while (bIndex > 0 && ref[bIndex - 1]! >= left) bIndex--;
      while (bIndex < refCount && (ref[bIndex]! < left || (bIndex & 1) !== colour)) bIndex++;
      const b1 = bIndex < refCount ? ref[bIndex]! : w;
      const b2 = bIndex + 1 < refCount ? ref[bIndex + 1]! : w;
      const mode = readMode(r);
      if (!mode) {
        if (row === 0 && a0 < 0 && r.exhausted) throw new TiffError('tiff-g4-truncated', `data ended before row ${firstRow + row}`, r.byteOffset);
        throw new TiffError('tiff-g4-truncated', `data ended inside row ${firstRow + row}`, r.byteOffset);
      }
      const start0 = a0 < 0 ? 0 : a0;
      switch (mode.kind) {
        case 'pass':
          // An encoder passes only when b2 lies left of a1 ≤ width (T.6 §2.2.3.1).
          if (b2 >= w) throw new TiffError('tiff-g4-corrupt', 'pass mode past the line end', r.byteOffset);
          fill(start0, b2, colour);
          a0 = b2;
          break;
        case 'horizontal': {
          const run1 = readRun(r, colour === 0 ? WHITE_RUNS : BLACK_RUNS, w - start0);
          const a1 = start0 + run1;
          const run2 = readRun(r, colour === 0 ? BLACK_RUNS : WHITE_RUNS, w - a1);
          const a2 = a1 + run2;
          // a1 lies right of a0 except at the line start; a2 right of a1 unless the line ends.
          if ((run1 === 0 && a0 >= 0) || (run2 === 0 && a2 < w)) {
            throw new TiffError('tiff-g4-corrupt', 'horizontal mode with an empty run inside the line', r.byteOffset);
          }
          fill(start0, a1, colour);
          fill(a1, a2, 1 - colour);
          if (curCount + 2 > w + 1) throw new TiffError('tiff-g4-corrupt', 'too many changes in one line', r.byteOffset);
          cur[curCount++] = a1;
          cur[curCount++] = a2;
          a0 = a2;
          break;
        }
        case 'vertical': {
          const a1 = b1 + mode.delta;
          if (a1 < start0 || a1 > w || (a0 >= 0 && a1 <= a0)) {
            throw new TiffError('tiff-g4-corrupt', `vertical mode puts a change at ${a1}, outside ${start0}…${w}`, r.byteOffset);
          }
          fill(start0, a1, colour);
          if (curCount + 1 > w + 1) throw new TiffError('tiff-g4-corrupt', 'too many changes in one line', r.byteOffset);
          cur[curCount++] = a1;
          a0 = a1;
          colour = 1 - colour;
          break;
        }
        case 'extension':
          throw new TiffError('tiff-unsupported', 'T.6 extension (uncompressed mode) is not supported', r.byteOffset);
        case 'eol':
          throw new TiffError('tiff-g4-truncated', `end of facsimile block before row ${firstRow + row} was complete`, r.byteOffset);
      }
    }
    // The next line refers to this one.
    const swap = ref;
    ref = cur;
    cur = swap;
    refCount = curCount;
    ref[refCount] = w;
    ref[refCount + 1] = w;
  }
  // After the last row: nothing, zero fill, or EOFB (EOL EOL) then zero fill (T.6 §2.4).
  if (!r.restIsZero()) {
    const mode = readMode(r);
    if (mode?.kind !== 'eol' || readMode(r)?.kind !== 'eol' || !r.restIsZero()) {
      throw new TiffError('tiff-g4-corrupt', 'data after the last row is not an end-of-facsimile block', r.byteOffset);
    }
  }
}
