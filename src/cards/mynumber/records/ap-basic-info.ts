/**
 * Unsigned "AP basic info" records (single source MC; spec §3.5, §3.8):
 *   text AP EF 0005: FF40 { DF41 04 ; DF42 10 key id ; DF43 (unknown) }
 *   券面AP EF 0003:  FF30 { DF31 04 ; DF32 10 key id ; DF33 01 version ; DF34 05 自治体コード ; DF35 (key id + opaque) }
 * Field meanings beyond the layout are not confirmed, so the bytes are exposed with light decoding.
 * Unknown extra tags are ignored; the later, less-understood fields are optional.
 */
import type { BerTlv } from '../../../apdu/ber-tlv';
import { CardRecordError } from '../card-error';
import { KEY_ID_LENGTH } from './key-id';
import { asciiDigits, childrenByTag, ownCopy, parseOuter, requireLength } from './record-helpers';

export interface ApInfoBytes {
  /** The 4 DF41/DF31 bytes. */
  readonly raw: Uint8Array;
  /** Byte 0: spec version per MC. */
  readonly specVersion: number;
  /** Byte 1: extended Lc/Le support indicator per MC (raw, meaning of values UNCONFIRMED). */
  readonly extendedLengthInfo: number;
  /** Byte 2: vendor id per MC. */
  readonly vendorId: number;
  /** Byte 3: vendor-specific byte per MC. */
  readonly vendorByte: number;
}

function apInfo(tlv: BerTlv, record: string): ApInfoBytes {
  requireLength(tlv, 4, record);
  const v = tlv.value;
  return { raw: v, specVersion: v[0]!, extendedLengthInfo: v[1]!, vendorId: v[2]!, vendorByte: v[3]! };
}

export interface TextApBasicInfo {
  readonly ap: 'text';
  readonly apInfo: ApInfoBytes;
  /** DF42 — NOT the key EF 0004 certifies; meaning unknown (spec §3.4). */
  readonly keyId: Uint8Array;
  /** DF43, unknown content, if present. */
  readonly unknown: Uint8Array | undefined;
  readonly raw: Uint8Array;
}

export function parseTextApBasicInfo(bytes: Uint8Array): TextApBasicInfo {
  const record = 'text-ap/ef0005';
  const raw = ownCopy(bytes);
  const outer = parseOuter(raw, 0xff40, record);
  const f = childrenByTag(outer, [0xdf41, 0xdf42], [0xdf43], record);
  const keyId = f.get(0xdf42)!;
  requireLength(keyId, KEY_ID_LENGTH, record);
  return { ap: 'text', apInfo: apInfo(f.get(0xdf41)!, record), keyId: keyId.value, unknown: f.get(0xdf43)?.value, raw };
}

export interface FaceApBasicInfo {
  readonly ap: 'face';
  readonly apInfo: ApInfoBytes;
  /** DF32 key id (e.g. 6000024/001). */
  readonly keyId: Uint8Array;
  /** DF33, one byte. */
  readonly version: number;
  /** DF34: 全国地方公共団体コード, 5 ASCII digits (without the 6th check digit). */
  readonly municipalityCode: string;
  /** DF35: leading 16-byte key id, if present. */
  readonly extraKeyId: Uint8Array | undefined;
  /** DF35: the bytes after that key id (opaque), if present. */
  readonly extraOpaque: Uint8Array | undefined;
  readonly raw: Uint8Array;
}

export function parseFaceApBasicInfo(bytes: Uint8Array): FaceApBasicInfo {
  const record = 'face-ap/ef0003';
  const raw = ownCopy(bytes);
  const outer = parseOuter(raw, 0xff30, record);
  const f = childrenByTag(outer, [0xdf31, 0xdf32, 0xdf33, 0xdf34], [0xdf35], record);
  const keyId = f.get(0xdf32)!;
  requireLength(keyId, KEY_ID_LENGTH, record);
  const version = f.get(0xdf33)!;
  requireLength(version, 1, record);
  const extra = f.get(0xdf35);
  if (extra && extra.length < KEY_ID_LENGTH) {
    throw new CardRecordError('record-bad-length', record, 'DF35 shorter than a key id', extra.offset);
  }
  return {
    ap: 'face',
    apInfo: apInfo(f.get(0xdf31)!, record),
    keyId: keyId.value,
    version: version.value[0]!,
    municipalityCode: asciiDigits(f.get(0xdf34)!, 5, record),
    extraKeyId: extra?.value.subarray(0, KEY_ID_LENGTH),
    extraOpaque: extra?.value.subarray(KEY_ID_LENGTH),
    raw,
  };
}

export type ApBasicInfo = TextApBasicInfo | FaceApBasicInfo;

/** Either AP's basic-info EF, discriminated by `ap`. */
export function parseApBasicInfo(bytes: Uint8Array, ap: 'text' | 'face'): ApBasicInfo {
  return ap === 'text' ? parseTextApBasicInfo(bytes) : parseFaceApBasicInfo(bytes);
}
