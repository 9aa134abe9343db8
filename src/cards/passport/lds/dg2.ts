/**
 * DG2, the encoded face (9303-10 §4.7.2; ISO/IEC 7816-11 biometric information templates):
 *
 *   75 { 7F61 { 02 count, 7F60 { A1 {biometric header}, 5F2E or 7F2E {biometric data block} } … } }
 *
 * The biometric data block is either an ISO/IEC 19794-5 (2005) face record ('FAC\0', tag 5F2E)
 * or an ISO/IEC 39794-5 FaceImageDataBlock ([APPLICATION 5] = 65, tag 7F2E). This module finds
 * the image bytes and their format; it never decodes the image (the app does, off the main
 * thread). The format is read from the container and cross-checked with the image's own magic
 * bytes; a disagreement is an error, because a viewer would otherwise guess.
 *
 * 39794-5 layout (facts from the ISO/IEC 39794-5 ASN.1 module as JMRTD and kmrtd implement it;
 * the standard itself not read here — UNCONFIRMED in detail): automatic tagging,
 *   FaceImageDataBlock ::= [APPLICATION 5] { versionBlock [0], representationBlocks [1] SEQUENCE OF
 *     RepresentationBlock { representationId [0], imageRepresentation [1] CHOICE { base [0] CHOICE {
 *       imageRepresentation2DBlock [0] { representationData2D [0] OCTET STRING,
 *         imageInformation2DBlock [1] { imageDataFormat [0] CHOICE { code [0] INTEGER } … } } } } … } }
 * with image data format codes unknown 0, JPEG 2, JPEG 2000 lossy 3, JPEG 2000 lossless 4.
 */
import { childrenOf, decodeSmallUnsigned, readTlv, readWhole, tagHex, valueOf, type Tlv } from './ber';
import { DG_TAGS } from './lds-files';
import { LdsError } from './lds-error';

export type FaceImageFormat = 'jpeg' | 'jpeg2000';
export type FaceContainer = 'iso19794-5' | 'iso39794-5';

export interface FaceImage {
  readonly container: FaceContainer;
  readonly format: FaceImageFormat;
  /** The image file as stored (JPEG, JP2 or a JPEG 2000 codestream); a view into the DG2 bytes. */
  readonly data: Uint8Array;
  /** Offset of `data` in DG2. */
  readonly dataOffset: number;
  readonly width?: number;
  readonly height?: number;
  /** 19794-5 only: 'M', 'F' or undefined (unspecified/unknown). */
  readonly gender?: 'M' | 'F';
}

export interface BiometricHeader {
  /** 87: format owner (0101 = ISO/IEC JTC 1 SC 37). */
  readonly formatOwner?: number;
  /** 88: format type (0008 = 19794-5 face). */
  readonly formatType?: number;
}

export interface Dg2 {
  readonly faces: readonly (FaceImage & { readonly header: BiometricHeader })[];
}

const what = 'DG2';
/** 19794-5 §5.4: facial record header 20 bytes, feature point 8 bytes, image information 12 bytes. */
const FACE_RECORD_HEADER = 20;
const FEATURE_POINT = 8;
const IMAGE_INFO = 12;

/** The format the image's own first bytes announce. */
export function sniffImageFormat(data: Uint8Array): FaceImageFormat | undefined {
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'jpeg';
  // JP2 signature box (ISO/IEC 15444-1 Annex I.5.1) or a raw codestream starting SOC SIZ.
  const jp2 = [0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a];
  if (data.length >= 12 && jp2.every((b, i) => data[i] === b)) return 'jpeg2000';
  if (data.length >= 4 && data[0] === 0xff && data[1] === 0x4f && data[2] === 0xff && data[3] === 0x51) return 'jpeg2000';
  return undefined;
}

export function parseDg2(bytes: Uint8Array): Dg2 {
  const top = readWhole(bytes, { what });
  if (top.tag !== DG_TAGS[2]) throw new LdsError('lds-unexpected-tag', `${what}: expected tag 75, found ${tagHex(top.tag)}`, top.offset);
  const groups = childrenOf(bytes, top, { what });
  if (groups.length !== 1 || groups[0]!.tag !== 0x7f61) {
    throw new LdsError('lds-unexpected-tag', `${what}: expected one biometric information group template (7F61)`, groups[0]?.offset ?? top.start);
  }
  const group = groups[0]!;
  const items = childrenOf(bytes, group, { what });
  const countTlv = items[0];
  if (!countTlv || countTlv.tag !== 0x02) throw new LdsError('lds-missing-field', `${what}: biometric count (02) missing`, group.start);
  const count = decodeSmallUnsigned(bytes, countTlv, { what: `${what} count` });
  const templates = items.slice(1);
  if (count < 1 || count !== templates.length) {
    throw new LdsError('lds-bad-value', `${what}: count ${count} but ${templates.length} biometric information template(s)`, countTlv.offset);
  }
  const faces = templates.map((t) => parseTemplate(bytes, t));
  return { faces };
}

function parseTemplate(bytes: Uint8Array, bit: Tlv) {
  if (bit.tag !== 0x7f60) throw new LdsError('lds-unexpected-tag', `${what}: expected biometric information template 7F60, found ${tagHex(bit.tag)}`, bit.offset);
  const parts = childrenOf(bytes, bit, { what });
  const bht = parts[0];
  if (!bht || (bht.tag & 0xf0) !== 0xa0 || bht.tag > 0xaf) throw new LdsError('lds-missing-field', `${what}: biometric header template (A1) missing`, bit.start);
  const header = parseHeader(bytes, bht);
  const bdb = parts[1];
  if (!bdb) throw new LdsError('lds-missing-field', `${what}: biometric data block missing`, bht.next);
  if (parts.length > 2) throw new LdsError('lds-unexpected-tag', `${what}: unexpected tag ${tagHex(parts[2]!.tag)} after the biometric data block`, parts[2]!.offset);
  let face: FaceImage;
  if (bdb.tag === 0x5f2e) face = parse19794(bytes, bdb);
  else if (bdb.tag === 0x7f2e) face = parse39794(bytes, bdb);
  else throw new LdsError('lds-unexpected-tag', `${what}: expected biometric data block 5F2E or 7F2E, found ${tagHex(bdb.tag)}`, bdb.offset);
  return { ...face, header };
}

function parseHeader(bytes: Uint8Array, bht: Tlv): BiometricHeader {
  let formatOwner: number | undefined;
  let formatType: number | undefined;
  for (const e of childrenOf(bytes, bht, { what })) {
    const n = e.end - e.start;
    const v = n >= 1 && n <= 2 ? (n === 1 ? bytes[e.start]! : bytes[e.start]! * 256 + bytes[e.start + 1]!) : undefined;
    if (e.tag === 0x87) formatOwner = v;
    else if (e.tag === 0x88) formatType = v;
  }
  return { ...(formatOwner !== undefined ? { formatOwner } : {}), ...(formatType !== undefined ? { formatType } : {}) };
}

function u(bytes: Uint8Array, at: number, n: number): number {
  let v = 0;
  for (let i = 0; i < n; i++) v = v * 256 + bytes[at + i]!;
  return v;
}

/** ISO/IEC 19794-5:2005 §5.4–§5.8: general header, one facial record header, image information. */
function parse19794(bytes: Uint8Array, bdb: Tlv): FaceImage {
  const s = bdb.start;
  const end = bdb.end;
  const need = (at: number, n: number, field: string) => {
    if (at + n > end) throw new LdsError('lds-truncated', `${what}: 19794-5 ${field} runs past the data block`, at);
  };
  need(s, 14, 'general header');
  if (!(bytes[s] === 0x46 && bytes[s + 1] === 0x41 && bytes[s + 2] === 0x43 && bytes[s + 3] === 0x00)) {
    throw new LdsError('lds-bad-value', `${what}: 19794-5 format identifier is not 'FAC\\0'`, s);
  }
  // Version '010\0' (2005) — other versions have other layouts.
  if (!(bytes[s + 4] === 0x30 && bytes[s + 5] === 0x31 && bytes[s + 6] === 0x30 && bytes[s + 7] === 0x00)) {
    throw new LdsError('lds-unsupported', `${what}: 19794-5 version is not '010'`, s + 4);
  }
  const recordLength = u(bytes, s + 8, 4);
  if (recordLength !== end - s) throw new LdsError('lds-bad-value', `${what}: 19794-5 record length ${recordLength} but the data block holds ${end - s} bytes`, s + 8);
  const faces = u(bytes, s + 12, 2);
  if (faces < 1) throw new LdsError('lds-bad-value', `${what}: 19794-5 record holds no face`, s + 12);
  // The first facial record; further records in one block are rare and not shown.
  const r = s + 14;
  need(r, FACE_RECORD_HEADER, 'facial record header');
  const faceLength = u(bytes, r, 4);
  const points = u(bytes, r + 4, 2);
  const genderCode = bytes[r + 6]!;
  const info = r + FACE_RECORD_HEADER + points * FEATURE_POINT;
  need(info, IMAGE_INFO, 'image information');
  if (faceLength < FACE_RECORD_HEADER + points * FEATURE_POINT + IMAGE_INFO || r + faceLength > end) {
    throw new LdsError('lds-bad-value', `${what}: 19794-5 facial record length ${faceLength} does not fit`, r);
  }
  const dataType = bytes[info + 1]!;
  const width = u(bytes, info + 2, 2);
  const height = u(bytes, info + 4, 2);
  const dataStart = info + IMAGE_INFO;
  const data = bytes.subarray(dataStart, r + faceLength);
  if (data.length === 0) throw new LdsError('lds-missing-field', `${what}: 19794-5 image data is empty`, dataStart);
  // Image data type (19794-5 §5.7.2): 00 JPEG, 01 JPEG 2000.
  const declared: FaceImageFormat | undefined = dataType === 0 ? 'jpeg' : dataType === 1 ? 'jpeg2000' : undefined;
  if (!declared) throw new LdsError('lds-unsupported', `${what}: 19794-5 image data type ${dataType} is neither JPEG nor JPEG 2000`, info + 1);
  const format = agree(declared, data, dataStart);
  const gender = genderCode === 1 ? 'M' : genderCode === 2 ? 'F' : undefined;
  return { container: 'iso19794-5', format, data, dataOffset: dataStart, width, height, ...(gender ? { gender } : {}) };
}

function agree(declared: FaceImageFormat, data: Uint8Array, at: number): FaceImageFormat {
  const sniffed = sniffImageFormat(data);
  if (sniffed !== declared) {
    throw new LdsError('lds-bad-value', `${what}: image declared as ${declared} but its bytes ${sniffed ? `are ${sniffed}` : 'are neither JPEG nor JPEG 2000'}`, at);
  }
  return declared;
}

/** Context-specific child [n] of `t`, if present. */
function ctx(bytes: Uint8Array, t: Tlv, n: number): Tlv | undefined {
  return childrenOf(bytes, t, { what }).find((c) => c.tagClass === 2 && (c.tag & 0x1f) === n && c.tag < 0x100);
}

function need39794(t: Tlv | undefined, field: string, at: number): Tlv {
  if (!t) throw new LdsError('lds-missing-field', `${what}: 39794-5 ${field} missing`, at);
  return t;
}

/** ISO/IEC 39794-5 FaceImageDataBlock; the first representation with a 2D image is used. */
function parse39794(bytes: Uint8Array, bdb: Tlv): FaceImage {
  // 7F2E holds the FaceImageDataBlock (65); some encoders wrap it once more (UNCONFIRMED which).
  let block = readTlv(bytes, bdb.start, bdb.end, { what });
  if (block.tag !== 0x65 && block.constructed) block = childrenOf(bytes, block, { what })[0] ?? block;
  if (block.tag !== 0x65) throw new LdsError('lds-unexpected-tag', `${what}: 39794-5 FaceImageDataBlock (65) expected, found ${tagHex(block.tag)}`, block.offset);
  const reps = need39794(ctx(bytes, block, 1), 'representationBlocks [1]', block.start);
  const kids = childrenOf(bytes, reps, { what });
  // SEQUENCE OF RepresentationBlock; JMRTD also accepts the single block's fields directly.
  const blocks = kids.length > 0 && kids.every((k) => k.tag === 0x30) ? kids : [reps];
  for (const rep of blocks) {
    const imageRep = ctx(bytes, rep, 1);
    const base = imageRep && imageRep.constructed ? ctx(bytes, imageRep, 0) : undefined;
    const twoD = base && base.constructed ? ctx(bytes, base, 0) : undefined;
    if (!twoD || !twoD.constructed) continue;
    const dataTlv = need39794(ctx(bytes, twoD, 0), 'representationData2D [0]', twoD.start);
    if (dataTlv.constructed) throw new LdsError('lds-unsupported', `${what}: 39794-5 constructed image data`, dataTlv.offset);
    const infoBlock = need39794(ctx(bytes, twoD, 1), 'imageInformation2DBlock [1]', twoD.start);
    const formatChoice = need39794(ctx(bytes, infoBlock, 0), 'imageDataFormat [0]', infoBlock.start);
    const codeTlv = need39794(formatChoice.constructed ? ctx(bytes, formatChoice, 0) : undefined, 'image data format code', formatChoice.start);
    const code = decodeSmallUnsigned(bytes, codeTlv, { what: `${what} 39794-5 format code` });
    const declared: FaceImageFormat | undefined = code === 2 ? 'jpeg' : code === 3 || code === 4 ? 'jpeg2000' : undefined;
    if (!declared) throw new LdsError('lds-unsupported', `${what}: 39794-5 image data format ${code} is neither JPEG nor JPEG 2000`, codeTlv.offset);
    const data = valueOf(bytes, dataTlv);
    if (data.length === 0) throw new LdsError('lds-missing-field', `${what}: 39794-5 image data is empty`, dataTlv.start);
    return { container: 'iso39794-5', format: agree(declared, data, dataTlv.start), data, dataOffset: dataTlv.start };
  }
  throw new LdsError('lds-missing-field', `${what}: 39794-5 block holds no 2D face image`, block.offset);
}
