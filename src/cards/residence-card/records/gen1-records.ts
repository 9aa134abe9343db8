/**
 * First-generation files after authentication (在留カード等仕様書 Ver 1.5 §3.3.4.3–§3.3.4.9).
 * Values keep their fixed length (the signature covers the 7000 + 3000 value bytes with their
 * 00 padding, §3.4.3.1), so parsers return the value as stored, not trimmed.
 */
import { ResidenceCardError } from '../residence-card-error';
import { cardText, type CardText } from './card-text';
import { asciiField, boundedValue, compactDate, findObject, fixedValue, parseRcFile, requireObject, withoutTrailingNulls } from './rc-tlv';

/** §3.3.4.3–4: D0 7000 bytes, D1 3000 bytes, "Null 値(0x00)でパディング". */
export const GEN1_FRONT_IMAGE_LENGTH = 7000;
export const GEN1_FACE_LENGTH = 3000;
/** §3.3.4.9: DA 256-byte チェックコード, DB certificate up to 1200 bytes. */
export const GEN1_CHECK_CODE_LENGTH = 256;
export const GEN1_CERTIFICATE_MAX = 1200;

/** DF1/EF01: D0 券面(表)イメージ, TIFF (MMR) + 00 padding, the 7000-byte value. */
export function parseGen1FrontImage(bytes: Uint8Array): Uint8Array {
  const name = 'DF1/EF01 front image';
  const f = parseRcFile(bytes, name, [0xd0]);
  return fixedValue(requireObject(f, 0xd0, name), GEN1_FRONT_IMAGE_LENGTH, name).slice();
}

/**
 * DF1/EF02: D1 顔画像, JPEG 2000 + 00 padding (3000 bytes). Cards of holders under 16 hold no
 * photo (§3.3.5): an empty D1 or an EF of only 00 gives undefined.
 */
export function parseGen1Face(bytes: Uint8Array): Uint8Array | undefined {
  const name = 'DF1/EF02 face';
  const f = parseRcFile(bytes, name, [0xd1]);
  const d1 = findObject(f, 0xd1);
  if (!d1 || d1.length === 0) return undefined;
  return fixedValue(d1, GEN1_FACE_LENGTH, name).slice();
}

/** DF2/EF01 住居地（裏面追記）: D2 date written, D3 municipality code, D4 address (§3.3.4.5). */
export interface Gen1Address {
  /** ISO date the address was (last) written on the back, or undefined when blank. */
  readonly writtenOn?: string;
  /** 6-digit 全国地方公共団体コード, or undefined when blank. */
  readonly municipalityCode?: string;
  readonly address?: CardText;
}

function blank(v: Uint8Array): boolean {
  return v.every((b) => b === 0x00 || b === 0x20);
}

export function parseGen1Address(bytes: Uint8Array): Gen1Address {
  const name = 'DF2/EF01 address';
  const f = parseRcFile(bytes, name, [0xd2, 0xd3, 0xd4]);
  const d2 = findObject(f, 0xd2);
  const d3 = findObject(f, 0xd3);
  const d4 = findObject(f, 0xd4);
  const out: { writtenOn?: string; municipalityCode?: string; address?: CardText } = {};
  if (d2 && !blank(d2.value)) {
    const at = d2.offset + d2.headerLength;
    out.writtenOn = compactDate(asciiField(fixedValue(d2, 8, name), /^\d{8}$/, name, 'date written', at), name, 'date written', at);
  }
  if (d3 && !blank(d3.value)) {
    out.municipalityCode = asciiField(fixedValue(d3, 6, name), /^\d{6}$/, name, 'municipality code', d3.offset + d3.headerLength);
  }
  if (d4) {
    const t = cardText(boundedValue(d4, 320, name), name, d4.offset + d4.headerLength);
    if (t.text.length > 0) out.address = t;
  }
  return out;
}

/**
 * DF2/EF02 資格外活動包括許可欄 (D5) and EF03 個別許可欄 (D6): up to 120 bytes of text; an EF of
 * only 00 means the permission was withdrawn (§3.3.4.6–7) → undefined.
 */
export function parseGen1PermissionText(bytes: Uint8Array, tag: 0xd5 | 0xd6): CardText | undefined {
  const name = tag === 0xd5 ? 'DF2/EF02 comprehensive permission' : 'DF2/EF03 individual permission';
  const f = parseRcFile(bytes, name, [tag]);
  const o = findObject(f, tag);
  if (!o) return undefined;
  const t = cardText(boundedValue(o, 120, name), name, o.offset + o.headerLength);
  return t.text.length > 0 ? t : undefined;
}

/** DF2/EF04 在留期間等更新申請欄: D7 '0' none / '1' 申請中 (§3.3.4.8). */
export function parseGen1RenewalApplication(bytes: Uint8Array): boolean {
  const name = 'DF2/EF04 renewal application';
  const f = parseRcFile(bytes, name, [0xd7]);
  const d7 = requireObject(f, 0xd7, name);
  return asciiField(fixedValue(d7, 1, name), /^[01]$/, name, 'status', d7.offset + d7.headerLength) === '1';
}

/** DF3/EF01: DA チェックコード and DB 公開鍵証明書 (§3.3.4.9); both empty on under-16 cards (§3.3.5). */
export interface Gen1SignatureFile {
  /** 256 bytes, or undefined when the card holds none. */
  readonly checkCode?: Uint8Array;
  /** The DB value as stored: the DER certificate followed by 00 padding (up to 1200 bytes). */
  readonly certificate?: Uint8Array;
}

export function parseGen1SignatureFile(bytes: Uint8Array): Gen1SignatureFile {
  const name = 'DF3/EF01 signature';
  const f = parseRcFile(bytes, name, [0xda, 0xdb]);
  const da = findObject(f, 0xda);
  const db = findObject(f, 0xdb);
  const out: { checkCode?: Uint8Array; certificate?: Uint8Array } = {};
  if (da && da.length > 0) out.checkCode = fixedValue(da, GEN1_CHECK_CODE_LENGTH, name).slice();
  if (db && db.length > 0) {
    const v = boundedValue(db, GEN1_CERTIFICATE_MAX, name);
    if (withoutTrailingNulls(v).length > 0) out.certificate = v.slice();
  }
  if (out.checkCode && !out.certificate) throw new ResidenceCardError('rc-record-malformed', `${name}: a check code without a certificate`);
  return out;
}
