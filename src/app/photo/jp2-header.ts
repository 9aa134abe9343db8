import { PhotoError } from './photo-error';

/**
 * Size guard for the card's face photo (券面AP DF27, a JP2 file): reads the JP2 boxes
 * (ISO/IEC 15444-1 Annex I) and the codestream's SIZ marker (Annex A.5.1) without decoding
 * anything, and refuses files that are too big before they reach OpenJPEG. The bytes come from a
 * card, so every length and offset is checked; the ihdr box and the SIZ marker must agree, or a
 * small ihdr could hide a huge codestream.
 */

export interface PhotoLimits {
  /** Largest accepted file, in bytes. */
  readonly maxBytes: number;
  readonly maxWidth: number;
  readonly maxHeight: number;
  /** Largest accepted component count (1 greyscale … 4 RGBA). */
  readonly maxComponents: number;
  /** Tiles allocate decoder state each; a 1×1-pixel tiling of a small image is a memory bomb. */
  readonly maxTiles: number;
}

/** Real card photos are small (size UNCONFIRMED; the simulator's are 240×320, ~10 KB). */
export const DEFAULT_PHOTO_LIMITS: PhotoLimits = {
  maxBytes: 2 * 1024 * 1024,
  maxWidth: 2000,
  maxHeight: 2000,
  maxComponents: 4,
  maxTiles: 1024,
};

export interface Jp2Header {
  readonly width: number;
  readonly height: number;
  readonly components: number;
  /** Bits per sample of the first component (SIZ Ssiz + 1), 1…16 accepted. */
  readonly bitsPerComponent: number;
}

/** `00 00 00 0C 'jP  ' 0D 0A 87 0A` — the fixed signature box every JP2 starts with. */
const SIGNATURE = [0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a] as const;
const SOC = 0xff4f;
const SIZ = 0xff51;

interface Box {
  readonly type: string;
  /** Offset of the payload (after the box header). */
  readonly start: number;
  readonly end: number;
}

/** Parses and checks the JP2 header; throws a PhotoError (never decodes pixels). */
export function readJp2Header(bytes: Uint8Array, limits: PhotoLimits = DEFAULT_PHOTO_LIMITS): Jp2Header {
  if (bytes.length > limits.maxBytes) {
    throw new PhotoError('photo-too-large', `JP2 is ${bytes.length} bytes, limit ${limits.maxBytes}`);
  }
  if (bytes.length < SIGNATURE.length || SIGNATURE.some((b, i) => bytes[i] !== b)) {
    throw new PhotoError('photo-not-jp2', 'missing JP2 signature box');
  }
  const top = readBoxes(bytes, 0, bytes.length);
  if (top[1]?.type !== 'ftyp') throw bad('the second box is not ftyp');
  const jp2hIndex = top.findIndex((b) => b.type === 'jp2h');
  const jp2cIndex = top.findIndex((b) => b.type === 'jp2c');
  if (jp2hIndex < 0) throw bad('no jp2h box');
  if (jp2cIndex < 0) throw bad('no jp2c (codestream) box');
  if (jp2cIndex < jp2hIndex) throw bad('jp2c comes before jp2h');

  const jp2h = top[jp2hIndex]!;
  const ihdr = readBoxes(bytes, jp2h.start, jp2h.end)[0];
  if (ihdr?.type !== 'ihdr' || ihdr.end - ihdr.start !== 14) throw bad('jp2h does not start with a 14-byte ihdr box');
  const height = u32(bytes, ihdr.start);
  const width = u32(bytes, ihdr.start + 4);
  const components = u16(bytes, ihdr.start + 8);
  checkSize(width, height, components, limits, 'ihdr');

  const siz = readSiz(bytes, top[jp2cIndex]!);
  checkSize(siz.width, siz.height, siz.components, limits, 'SIZ');
  if (siz.width !== width || siz.height !== height || siz.components !== components) {
    throw bad(`ihdr (${width}×${height}×${components}) and SIZ (${siz.width}×${siz.height}×${siz.components}) disagree`);
  }
  if (siz.tiles > limits.maxTiles) {
    throw new PhotoError('photo-too-large', `${siz.tiles} tiles, limit ${limits.maxTiles}`);
  }
  return { width, height, components, bitsPerComponent: siz.bitsPerComponent };
}

interface SizInfo {
  readonly width: number;
  readonly height: number;
  readonly components: number;
  readonly bitsPerComponent: number;
  readonly tiles: number;
}

function readSiz(bytes: Uint8Array, jp2c: Box): SizInfo {
  const at = jp2c.start;
  // SOC, SIZ, Lsiz, Rsiz, 8 × u32, Csiz: 2 + 2 + 2 + 2 + 32 + 2 bytes before the component list.
  if (at + 42 > jp2c.end) throw bad('codestream too short for SIZ');
  if (u16(bytes, at) !== SOC || u16(bytes, at + 2) !== SIZ) throw bad('codestream does not start with SOC, SIZ');
  const lsiz = u16(bytes, at + 4);
  const xsiz = u32(bytes, at + 8);
  const ysiz = u32(bytes, at + 12);
  const xosiz = u32(bytes, at + 16);
  const yosiz = u32(bytes, at + 20);
  const xtsiz = u32(bytes, at + 24);
  const ytsiz = u32(bytes, at + 28);
  const xtosiz = u32(bytes, at + 32);
  const ytosiz = u32(bytes, at + 36);
  const components = u16(bytes, at + 40);
  if (lsiz !== 38 + 3 * components || at + 4 + lsiz > jp2c.end) throw bad('SIZ length does not match its component count');
  if (xosiz >= xsiz || yosiz >= ysiz) throw bad('SIZ image offset outside the image');
  if (xtsiz === 0 || ytsiz === 0 || xtosiz > xosiz || ytosiz > yosiz) throw bad('SIZ tiling is invalid');
  const tiles = Math.ceil((xsiz - xtosiz) / xtsiz) * Math.ceil((ysiz - ytosiz) / ytsiz);
  let bitsPerComponent = 0;
  for (let c = 0; c < components; c++) {
    const ssiz = bytes[at + 42 + 3 * c]!;
    const bits = (ssiz & 0x7f) + 1;
    if (bits > 16) throw new PhotoError('photo-too-large', `component ${c} has ${bits} bits per sample`);
    if (bytes[at + 43 + 3 * c] === 0 || bytes[at + 44 + 3 * c] === 0) throw bad(`component ${c} has zero subsampling`);
    if (c === 0) bitsPerComponent = bits;
  }
  return { width: xsiz - xosiz, height: ysiz - yosiz, components, bitsPerComponent, tiles };
}

function checkSize(width: number, height: number, components: number, limits: PhotoLimits, where: string): void {
  if (width === 0 || height === 0 || components === 0) throw bad(`${where} declares an empty image`);
  if (width > limits.maxWidth || height > limits.maxHeight) {
    throw new PhotoError('photo-too-large', `${where} declares ${width}×${height}, limit ${limits.maxWidth}×${limits.maxHeight}`);
  }
  if (components > limits.maxComponents) {
    throw new PhotoError('photo-too-large', `${where} declares ${components} components, limit ${limits.maxComponents}`);
  }
}

function readBoxes(bytes: Uint8Array, from: number, to: number): Box[] {
  const out: Box[] = [];
  let at = from;
  while (at < to) {
    if (at + 8 > to) throw bad(`truncated box header at offset ${at}`);
    let length = u32(bytes, at);
    const type = String.fromCharCode(bytes[at + 4]!, bytes[at + 5]!, bytes[at + 6]!, bytes[at + 7]!);
    let header = 8;
    if (length === 1) {
      // XLBox (64-bit length): a face photo never needs one beyond 2^32, so the high word must be 0.
      if (at + 16 > to || u32(bytes, at + 8) !== 0) throw bad(`unsupported box length at offset ${at}`);
      length = u32(bytes, at + 12);
      header = 16;
    } else if (length === 0) {
      length = to - at; // the last box runs to the end of its parent
    }
    if (length < header || at + length > to) throw bad(`box ${JSON.stringify(type)} at offset ${at} overruns its parent`);
    out.push({ type, start: at + header, end: at + length });
    at += length;
  }
  return out;
}

function u16(b: Uint8Array, o: number): number {
  return (b[o]! << 8) | b[o + 1]!;
}

function u32(b: Uint8Array, o: number): number {
  return ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
}

function bad(message: string): PhotoError {
  return new PhotoError('photo-bad-jp2', `not a valid JP2: ${message}`);
}
