import { readU16be } from '../../bytes/byte-ops';
import { SimImageError } from './sim-image-error';

/**
 * Reads the header boxes of a JPEG 2000 JP2 file (ISO/IEC 15444-1 Annex I) without decoding
 * any pixels: enough to check that a face photo is a greyscale JP2 of the expected size, in
 * any JS runtime (the CI machines have no OpenJPEG tools).
 */

/** `00 00 00 0C 'jP  ' 0D 0A 87 0A`: the fixed 12-byte signature box every JP2 starts with. */
export const JP2_SIGNATURE = Uint8Array.of(0, 0, 0, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a);

export interface Jp2Info {
  /** ftyp brand, 'jp2 ' for a plain JP2. */
  readonly brand: string;
  readonly width: number;
  readonly height: number;
  /** ihdr NC: 1 for greyscale. */
  readonly components: number;
  /** ihdr BPC + 1 (unsigned samples), e.g. 8. */
  readonly bitsPerComponent: number;
  /** colr enumerated colour space if given by enumeration: 17 = greyscale, 16 = sRGB. */
  readonly enumeratedColourSpace: number | undefined;
  /** Component count in the codestream's SIZ marker (must agree with ihdr). */
  readonly codestreamComponents: number;
}

interface Box {
  readonly type: string;
  readonly start: number; // payload start
  readonly end: number;
}

export function readJp2Info(bytes: Uint8Array): Jp2Info {
  if (bytes.length < JP2_SIGNATURE.length || !JP2_SIGNATURE.every((b, i) => bytes[i] === b)) {
    throw bad('missing JP2 signature box');
  }
  const top = boxes(bytes, 0, bytes.length);
  const ftyp = top[1];
  if (!ftyp || ftyp.type !== 'ftyp') throw bad('second box is not ftyp');
  const jp2h = top.find((b) => b.type === 'jp2h');
  const jp2c = top.find((b) => b.type === 'jp2c');
  if (!jp2h || !jp2c) throw bad('jp2h or jp2c box missing');
  const inner = boxes(bytes, jp2h.start, jp2h.end);
  const ihdr = inner[0];
  if (!ihdr || ihdr.type !== 'ihdr' || ihdr.end - ihdr.start !== 14) throw bad('jp2h does not start with a 14-byte ihdr');
  const colr = inner.find((b) => b.type === 'colr');
  const enumeratedColourSpace = colr && bytes[colr.start] === 1 ? u32(bytes, colr.start + 3) : undefined;

  // Codestream: SOC (FF4F) then SIZ (FF51); Csiz sits 36 bytes into the SIZ segment (after Lsiz, Rsiz and 8 u32 sizes).
  const cs = jp2c.start;
  if (readU16be(bytes, cs) !== 0xff4f || readU16be(bytes, cs + 2) !== 0xff51) throw bad('codestream lacks SOC/SIZ');
  if (cs + 4 + 36 + 2 > jp2c.end) throw bad('SIZ marker truncated');

  return {
    brand: ascii(bytes, ftyp.start, 4),
    height: u32(bytes, ihdr.start),
    width: u32(bytes, ihdr.start + 4),
    components: readU16be(bytes, ihdr.start + 8),
    bitsPerComponent: (bytes[ihdr.start + 10]! & 0x7f) + 1,
    enumeratedColourSpace,
    codestreamComponents: readU16be(bytes, cs + 4 + 36),
  };
}

function boxes(bytes: Uint8Array, from: number, to: number): Box[] {
  const out: Box[] = [];
  let at = from;
  while (at < to) {
    if (at + 8 > to) throw bad('truncated box header');
    let length = u32(bytes, at);
    const type = ascii(bytes, at + 4, 4);
    let header = 8;
    if (length === 1) {
      // 64-bit XLBox; our files are tiny, so the high word must be 0.
      if (at + 16 > to || u32(bytes, at + 8) !== 0) throw bad('unsupported XLBox');
      length = u32(bytes, at + 12);
      header = 16;
    } else if (length === 0) {
      length = to - at; // box runs to the end
    }
    if (length < header || at + length > to) throw bad(`box ${JSON.stringify(type)} overruns its parent`);
    out.push({ type, start: at + header, end: at + length });
    at += length;
  }
  return out;
}

function u32(b: Uint8Array, o: number): number {
  return ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
}

function ascii(b: Uint8Array, o: number, n: number): string {
  return String.fromCharCode(...b.subarray(o, o + n));
}

function bad(message: string): SimImageError {
  return new SimImageError('sim-image-bad-jp2', `not a valid JP2: ${message}`);
}
