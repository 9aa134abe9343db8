/**
 * The simulator's own CCITT Group 4 (ITU-T T.6) encoder and TIFF writer, to make the residence
 * card's front / name / address images from a rendered bitmap. Written in sim/ (not by calling
 * libtiff in a build step) because profiles are built at run time — in Node for tests and the
 * CLI, from JSON for any profile a user writes, and altered by forgeries — and because the
 * simulator must not share code with the decoder it feeds (src/imaging/tiff). libtiff checks
 * this encoder independently (tests/residence-card/sim-images.test.ts: `tiffcp -c none`).
 *
 * Codes: ITU-T T.4 Tables 2–3 (terminating, make-up, extended make-up) and T.6 Table 1 (modes),
 * kept here as [length, value] pairs, a different form from the decoder's tables on purpose.
 */

type Code = readonly [bits: number, value: number];

// Terminating codes 0–63, white then black (T.4 Table 2).
const WHITE_TERM: readonly Code[] = [
  [8, 0x35], [6, 0x07], [4, 0x07], [4, 0x08], [4, 0x0b], [4, 0x0c], [4, 0x0e], [4, 0x0f], [5, 0x13], [5, 0x14], [5, 0x07], [5, 0x08], [6, 0x08], [6, 0x03], [6, 0x34], [6, 0x35],
  [6, 0x2a], [6, 0x2b], [7, 0x27], [7, 0x0c], [7, 0x08], [7, 0x17], [7, 0x03], [7, 0x04], [7, 0x28], [7, 0x2b], [7, 0x13], [7, 0x24], [7, 0x18], [8, 0x02], [8, 0x03], [8, 0x1a],
  [8, 0x1b], [8, 0x12], [8, 0x13], [8, 0x14], [8, 0x15], [8, 0x16], [8, 0x17], [8, 0x28], [8, 0x29], [8, 0x2a], [8, 0x2b], [8, 0x2c], [8, 0x2d], [8, 0x04], [8, 0x05], [8, 0x0a],
  [8, 0x0b], [8, 0x52], [8, 0x53], [8, 0x54], [8, 0x55], [8, 0x24], [8, 0x25], [8, 0x58], [8, 0x59], [8, 0x5a], [8, 0x5b], [8, 0x4a], [8, 0x4b], [8, 0x32], [8, 0x33], [8, 0x34],
];
const BLACK_TERM: readonly Code[] = [
  [10, 0x37], [3, 0x02], [2, 0x03], [2, 0x02], [3, 0x03], [4, 0x03], [4, 0x02], [5, 0x03], [6, 0x05], [6, 0x04], [7, 0x04], [7, 0x05], [7, 0x07], [8, 0x04], [8, 0x07], [9, 0x18],
  [10, 0x17], [10, 0x18], [10, 0x08], [11, 0x67], [11, 0x68], [11, 0x6c], [11, 0x37], [11, 0x28], [11, 0x17], [11, 0x18], [12, 0xca], [12, 0xcb], [12, 0xcc], [12, 0xcd], [12, 0x68], [12, 0x69],
  [12, 0x6a], [12, 0x6b], [12, 0xd2], [12, 0xd3], [12, 0xd4], [12, 0xd5], [12, 0xd6], [12, 0xd7], [12, 0x6c], [12, 0x6d], [12, 0xda], [12, 0xdb], [12, 0x54], [12, 0x55], [12, 0x56], [12, 0x57],
  [12, 0x64], [12, 0x65], [12, 0x52], [12, 0x53], [12, 0x24], [12, 0x37], [12, 0x38], [12, 0x27], [12, 0x28], [12, 0x58], [12, 0x59], [12, 0x2b], [12, 0x2c], [12, 0x5a], [12, 0x66], [12, 0x67],
];
// Make-up codes 64, 128 … 1728 (T.4 Table 3).
const WHITE_MAKEUP: readonly Code[] = [
  [5, 0x1b], [5, 0x12], [6, 0x17], [7, 0x37], [8, 0x36], [8, 0x37], [8, 0x64], [8, 0x65], [8, 0x68], [8, 0x67], [9, 0xcc], [9, 0xcd], [9, 0xd2], [9, 0xd3],
  [9, 0xd4], [9, 0xd5], [9, 0xd6], [9, 0xd7], [9, 0xd8], [9, 0xd9], [9, 0xda], [9, 0xdb], [9, 0x98], [9, 0x99], [9, 0x9a], [6, 0x18], [9, 0x9b],
];
const BLACK_MAKEUP: readonly Code[] = [
  [10, 0x0f], [12, 0xc8], [12, 0xc9], [12, 0x5b], [12, 0x33], [12, 0x34], [12, 0x35], [13, 0x6c], [13, 0x6d], [13, 0x4a], [13, 0x4b], [13, 0x4c], [13, 0x4d], [13, 0x72],
  [13, 0x73], [13, 0x74], [13, 0x75], [13, 0x76], [13, 0x77], [13, 0x52], [13, 0x53], [13, 0x54], [13, 0x55], [13, 0x5a], [13, 0x5b], [13, 0x64], [13, 0x65],
];
// Extended make-up codes 1792 … 2560, both colours.
const EXTENDED_MAKEUP: readonly Code[] = [
  [11, 0x08], [11, 0x0c], [11, 0x0d], [12, 0x12], [12, 0x13], [12, 0x14], [12, 0x15], [12, 0x16], [12, 0x17], [12, 0x1c], [12, 0x1d], [12, 0x1e], [12, 0x1f],
];

const PASS: Code = [4, 0x1];
const HORIZONTAL: Code = [3, 0x1];
/** Vertical modes for a1 − b1 = −3 … +3. */
const VERTICAL: readonly Code[] = [[7, 0x02], [6, 0x02], [3, 0x02], [1, 0x1], [3, 0x03], [6, 0x03], [7, 0x03]];
const EOL: Code = [12, 0x001];

class BitWriter {
  private bytes: number[] = [];
  private acc = 0;
  private n = 0;

  put([bits, value]: Code): void {
    for (let i = bits - 1; i >= 0; i--) {
      this.acc = (this.acc << 1) | ((value >> i) & 1);
      this.n++;
      if (this.n === 8) {
        this.bytes.push(this.acc);
        this.acc = 0;
        this.n = 0;
      }
    }
  }

  finish(): Uint8Array {
    if (this.n > 0) this.bytes.push(this.acc << (8 - this.n));
    return Uint8Array.from(this.bytes);
  }
}

function putRun(w: BitWriter, run: number, black: boolean): void {
  const term = black ? BLACK_TERM : WHITE_TERM;
  const makeup = black ? BLACK_MAKEUP : WHITE_MAKEUP;
  let rest = run;
  while (rest >= 2560 + 64) {
    w.put(EXTENDED_MAKEUP[12]!);
    rest -= 2560;
  }
  if (rest >= 1792) {
    const m = Math.floor(rest / 64) * 64;
    w.put(EXTENDED_MAKEUP[(m - 1792) / 64]!);
    rest -= m;
  } else if (rest >= 64) {
    const m = Math.floor(rest / 64) * 64;
    w.put(makeup[m / 64 - 1]!);
    rest -= m;
  }
  w.put(term[rest]!);
}

/** First position ≥ from where the row's colour differs from `colour` (width if none). */
function nextChange(row: Uint8Array, from: number, colour: number, width: number): number {
  let x = Math.max(0, from);
  while (x < width && row[x] === colour) x++;
  return x;
}

/**
 * T.6 encoding of a bitmap (1 byte per pixel, 1 = black), rows top to bottom, followed by
 * EOFB. The first reference line is white (T.6 §2.2.1).
 */
export function encodeG4(black: Uint8Array, width: number, height: number): Uint8Array {
  const w = new BitWriter();
  let ref = new Uint8Array(width);
  for (let y = 0; y < height; y++) {
    const cur = black.subarray(y * width, (y + 1) * width);
    const pixel = (row: Uint8Array, x: number) => (x < 0 ? 0 : row[x]!);
    let a0 = -1;
    let colour = 0;
    for (;;) {
      // a1: next change on the coding line right of a0; b1: next change on the reference line
      // right of a0 whose colour (after the change) is opposite to a0's colour; b2 after b1.
      const a1 = nextChange(cur, a0 + 1, colour, width);
      let b1 = a0 + 1;
      while (b1 < width && !(ref[b1] !== colour && pixel(ref, b1 - 1) === colour)) b1++;
      const b2 = b1 >= width ? width : nextChange(ref, b1, ref[b1]!, width);
      if (b2 < a1) {
        w.put(PASS);
        a0 = b2;
      } else if (Math.abs(a1 - b1) <= 3) {
        w.put(VERTICAL[a1 - b1 + 3]!);
        a0 = a1;
        colour = 1 - colour;
      } else {
        const a2 = a1 >= width ? width : nextChange(cur, a1, 1 - colour, width);
        w.put(HORIZONTAL);
        putRun(w, a1 - Math.max(0, a0), colour === 1);
        putRun(w, a2 - a1, colour === 0);
        a0 = a2;
      }
      if (a0 >= width) break;
    }
    ref = cur.slice();
  }
  w.put(EOL);
  w.put(EOL);
  return w.finish();
}

/**
 * A little-endian TIFF holding one Group 4 strip: ImageWidth, ImageLength, BitsPerSample 1,
 * Compression 4, Photometric (0 = WhiteIsZero, the fax default), StripOffsets, SamplesPerPixel,
 * RowsPerStrip, StripByteCounts, X/YResolution and ResolutionUnit (inch). Which photometric
 * interpretation and resolution real cards use is UNCONFIRMED (a sample in dadachi/readmynumber-
 * plus is 674 × 425, min-is-black), so both are parameters.
 */
export function writeG4Tiff(black: Uint8Array, width: number, height: number, options: { photometric?: 0 | 1; dpi?: number } = {}): Uint8Array {
  const photometric = options.photometric ?? 0;
  const bits = photometric === 0 ? black : Uint8Array.from(black, (b) => 1 - b);
  const strip = encodeG4(bits, width, height);
  const dpi = options.dpi ?? 200;
  type Tag = [tag: number, type: number, count: number, value: number];
  const tags: Tag[] = [
    [256, 3, 1, width],
    [257, 3, 1, height],
    [258, 3, 1, 1],
    [259, 3, 1, 4],
    [262, 3, 1, photometric],
    [273, 4, 1, 0], // patched below
    [277, 3, 1, 1],
    [278, 3, 1, height],
    [279, 4, 1, strip.length],
    [282, 5, 1, 0], // XResolution → rational
    [283, 5, 1, 0], // YResolution → rational
    [296, 3, 1, 2],
  ];
  const ifdAt = 8;
  const ifdSize = 2 + tags.length * 12 + 4;
  const rationalAt = ifdAt + ifdSize;
  const stripAt = rationalAt + 8;
  const out = new Uint8Array(stripAt + strip.length);
  const dv = new DataView(out.buffer);
  out.set([0x49, 0x49, 42, 0], 0);
  dv.setUint32(4, ifdAt, true);
  dv.setUint16(ifdAt, tags.length, true);
  tags.forEach(([tag, type, count, value], i) => {
    const o = ifdAt + 2 + i * 12;
    dv.setUint16(o, tag, true);
    dv.setUint16(o + 2, type, true);
    dv.setUint32(o + 4, count, true);
    if (tag === 273) dv.setUint32(o + 8, stripAt, true);
    else if (type === 5) dv.setUint32(o + 8, rationalAt, true);
    else if (type === 3) dv.setUint16(o + 8, value, true);
    else dv.setUint32(o + 8, value, true);
  });
  dv.setUint32(ifdAt + 2 + tags.length * 12, 0, true);
  dv.setUint32(rationalAt, dpi, true);
  dv.setUint32(rationalAt + 4, 1, true);
  out.set(strip, stripAt);
  return out;
}
