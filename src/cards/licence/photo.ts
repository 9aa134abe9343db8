/**
 * DF2/EF01 写真, 2005 bytes, PIN1 + PIN2: `5F 40 82 xx xx <image>`, the image at most 2000 bytes
 * [I×4: MATS, SOFT, WATA, CIV], JPEG 2000 [I×5]. Whether the value is a raw codestream or a JP2
 * file is unsettled (SOFT scans for the FF 4F SOC marker; WATA hands the bytes to NSImage, which
 * takes either), so both are recognised. The card's bytes are returned untouched for the
 * signature; for display, a raw codestream is also wrapped in a minimal JP2 container
 * (ISO/IEC 15444-1 Annex I: signature, ftyp, jp2h = ihdr + colr, jp2c), the form the kiosk's photo
 * decoder and its size guard take.
 */
import { concatBytes, copyBytes } from '../../bytes/byte-ops';
import { PHOTO_TAG, type LicenceCardLayout } from './licence-layout';
import { LicenceRecordError } from './licence-errors';
import { hexTag, parseLicenceTlvs } from './licence-tlv';

export type PhotoFormat = 'j2k-codestream' | 'jp2' | 'unknown';

export interface CodestreamInfo {
  readonly width: number;
  readonly height: number;
  readonly components: number;
  /** Bits per sample of component 0. */
  readonly bitsPerComponent: number;
  /** All components have the same depth and no sign bit (needed for a plain ihdr). */
  readonly uniformUnsigned: boolean;
}

export interface LicencePhoto {
  readonly format: PhotoFormat;
  /** The image bytes exactly as read (the tag 5F40 value). */
  readonly image: Uint8Array;
  /** From the codestream's SIZ marker; undefined when it could not be found. */
  readonly info: CodestreamInfo | undefined;
  /** A JP2 file for display: the image itself when it is one, a wrapped codestream otherwise. */
  readonly jp2: Uint8Array | undefined;
}

const RECORD = 'df2/ef01';
/** The photo value's limit [I: SOFT, CIV]. */
export const PHOTO_MAX_BYTES = 2000;
const JP2_SIGNATURE = Uint8Array.of(0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a);
const MAX_DIMENSION = 4096;

function u32(b: Uint8Array, at: number): number {
  return ((b[at]! << 24) >>> 0) + ((b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!);
}

function startsWith(b: Uint8Array, prefix: Uint8Array): boolean {
  if (b.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (b[i] !== prefix[i]) return false;
  return true;
}

/** SIZ of a codestream that starts with SOC FF4F + SIZ FF51 (ISO/IEC 15444-1 A.5.1). */
export function readCodestreamInfo(cs: Uint8Array): CodestreamInfo | undefined {
  if (cs.length < 4 + 38 + 3 || cs[0] !== 0xff || cs[1] !== 0x4f || cs[2] !== 0xff || cs[3] !== 0x51) return undefined;
  const lsiz = (cs[4]! << 8) | cs[5]!;
  if (lsiz < 41 || 4 + lsiz > cs.length) return undefined;
  const xsiz = u32(cs, 8);
  const ysiz = u32(cs, 12);
  const xo = u32(cs, 16);
  const yo = u32(cs, 20);
  const csiz = (cs[40]! << 8) | cs[41]!;
  if (csiz < 1 || csiz > 4 || lsiz !== 38 + 3 * csiz) return undefined;
  const width = xsiz - xo;
  const height = ysiz - yo;
  if (!(width > 0 && height > 0 && width <= MAX_DIMENSION && height <= MAX_DIMENSION)) return undefined;
  const ssiz0 = cs[42]!;
  let uniform = (ssiz0 & 0x80) === 0;
  for (let c = 1; c < csiz; c++) if (cs[42 + 3 * c] !== ssiz0) uniform = false;
  return { width, height, components: csiz, bitsPerComponent: (ssiz0 & 0x7f) + 1, uniformUnsigned: uniform };
}

/** The codestream inside a JP2 file's top-level jp2c box, or undefined. */
export function jp2Codestream(file: Uint8Array): Uint8Array | undefined {
  if (!startsWith(file, JP2_SIGNATURE)) return undefined;
  let pos = 0;
  for (let guard = 0; pos + 8 <= file.length && guard < 64; guard++) {
    let len = u32(file, pos);
    let header = 8;
    if (len === 1) {
      if (pos + 16 > file.length || u32(file, pos + 8) !== 0) return undefined;
      len = u32(file, pos + 12);
      header = 16;
    } else if (len === 0) len = file.length - pos;
    if (len < header || pos + len > file.length) return undefined;
    const type = String.fromCharCode(file[pos + 4]!, file[pos + 5]!, file[pos + 6]!, file[pos + 7]!);
    if (type === 'jp2c') return file.subarray(pos + header, pos + len);
    pos += len;
  }
  return undefined;
}

function box(type: string, ...payload: Uint8Array[]): Uint8Array {
  const body = concatBytes(...payload);
  const out = new Uint8Array(8 + body.length);
  const n = out.length;
  out.set([n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff], 0);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(body, 8);
  return out;
}

const be32 = (n: number): Uint8Array => Uint8Array.of(n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);

/** A minimal JP2 around a raw codestream (greyscale or sRGB, uniform unsigned samples). */
export function wrapCodestreamAsJp2(cs: Uint8Array, info: CodestreamInfo): Uint8Array | undefined {
  if (!info.uniformUnsigned || (info.components !== 1 && info.components !== 3)) return undefined;
  const ihdr = box('ihdr', be32(info.height), be32(info.width), Uint8Array.of(0, info.components, info.bitsPerComponent - 1, 7, 0, 0));
  const colr = box('colr', Uint8Array.of(1, 0, 0), be32(info.components === 1 ? 17 : 16));
  const ftyp = box('ftyp', Uint8Array.of(0x6a, 0x70, 0x32, 0x20), be32(0), Uint8Array.of(0x6a, 0x70, 0x32, 0x20));
  return concatBytes(JP2_SIGNATURE, ftyp, box('jp2h', ihdr, colr), box('jp2c', cs));
}

export function classifyImage(image: Uint8Array): { format: PhotoFormat; info: CodestreamInfo | undefined; jp2: Uint8Array | undefined } {
  if (startsWith(image, JP2_SIGNATURE)) {
    const cs = jp2Codestream(image);
    const info = cs ? readCodestreamInfo(cs) : undefined;
    return { format: 'jp2', info, jp2: info ? image : undefined };
  }
  const info = readCodestreamInfo(image);
  if (info) return { format: 'j2k-codestream', info, jp2: wrapCodestreamAsJp2(image, info) };
  return { format: 'unknown', info: undefined, jp2: undefined };
}

export function parsePhoto(file: Uint8Array, layout: Pick<LicenceCardLayout, 'fillerBytes'>): LicencePhoto {
  const { items } = parseLicenceTlvs(file, { fillerBytes: layout.fillerBytes, twoByteTagFirstBytes: [0x5f] });
  const item = items[0];
  if (!item) throw new LicenceRecordError('licence-record-empty', RECORD, 'no photo written', 0);
  if (item.tag !== PHOTO_TAG) throw new LicenceRecordError('licence-record-wrong-tag', RECORD, `expected tag 5F40, found ${hexTag(item.tag)}`, item.offset);
  if (items.length > 1) throw new LicenceRecordError('licence-record-bad-structure', RECORD, 'more than one object', items[1]!.offset);
  if (item.length === 0) throw new LicenceRecordError('licence-record-empty', RECORD, 'the photo is empty', item.offset);
  if (item.length > PHOTO_MAX_BYTES) throw new LicenceRecordError('licence-record-bad-length', RECORD, `photo of ${item.length} bytes (limit ${PHOTO_MAX_BYTES})`, item.offset);
  const image = copyBytes(item.value);
  return { image, ...classifyImage(image) };
}
