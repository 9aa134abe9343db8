/**
 * Second-generation files (第二世代在留カード等仕様書 001460711 §3.3.4). The PDF itself could not be
 * obtained here: the tags, lengths and codes below come from eringoio/zairyu-card-reader
 * docs/specs/moj (a summary citing the spec page by page) and are UNCONFIRMED against the PDF.
 * Each field's expected length is a constant so a correction is one edit.
 */
import { ResidenceCardError } from '../residence-card-error';
import { cardText, type CardText } from './card-text';
import { asciiField, boundedValue, compactDate, findObject, fixedValue, parseRcFile, requireObject, withoutTrailingNulls } from './rc-tlv';

/** DF1/EF03: D0 氏名イメージ (TIFF MMR, 2500 bytes) and D1 顔画像 (JPEG 2000, 3000 bytes). */
export const GEN2_NAME_IMAGE_LENGTH = 2500;
export const GEN2_FACE_LENGTH = 3000;
/** DF1/EF04: DF D1 住居地イメージ (TIFF MMR, 2500 bytes). */
export const GEN2_ADDRESS_IMAGE_LENGTH = 2500;
/** DF3/EF01: DC check code (ECDSA P-384; 96 bytes raw r‖s, or DER up to 104), DD certificate (≤ 602). */
export const GEN2_CHECK_CODE_MAX = 104;
export const GEN2_CERTIFICATE_MAX = 602;
/** The printed-entry values the signature covers are padded to 53 bytes (SPR: 34 bytes + 00s). UNCONFIRMED. */
export const GEN2_SIGNED_ENTRIES_LENGTH = 53;

/** DF1/EF01: C2 the card number as 12 ASCII characters. */
export function parseGen2CardNumber(bytes: Uint8Array): string {
  const name = 'DF1/EF01 card number';
  const f = parseRcFile(bytes, name, [0xc2]);
  const c2 = requireObject(f, 0xc2, name);
  return asciiField(fixedValue(c2, 12, name), /^[A-Z]{2}\d{8}[A-Z]{2}$/, name, 'card number', c2.offset + c2.headerLength);
}

/** Field tags of DF1/EF02 券面記載事項, their fixed value lengths, in card order. */
export const PRINTED_ENTRY_FIELDS = [
  { tag: 0xc5, key: 'cardExpiry', length: 8 }, // 有効期限 YYYYMMDD
  { tag: 0xc6, key: 'birthDate', length: 8 }, // 生年月日
  { tag: 0xc7, key: 'sex', length: 1 }, // 1 男 2 女 3 (not stated)
  { tag: 0xc8, key: 'nationality', length: 3 }, // 国籍・地域 code
  { tag: 0xc9, key: 'statusOfResidence', length: 10 }, // 在留資格 code
  { tag: 0xce, key: 'periodOfStay', length: 4 }, // 在留期間 YYMM, DDD, 0000 = indefinite
  { tag: 0xca, key: 'permissionType', length: 2 }, // 許可の種類 (residence card only)
  { tag: 0xcb, key: 'permissionDate', length: 8 }, // 許可年月日 (residence card only)
  { tag: 0xcc, key: 'workRestriction', length: 1 }, // 就労制限の有無 (residence card only)
  { tag: 0xcd, key: 'stayExpiry', length: 8 }, // 在留期間の満了日 (residence card only)
] as const;

const SPR_FIELDS = new Set([0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xce]);

export type WorkRestrictionCode = '1' | '2' | '4' | '9';

export interface PrintedEntries {
  readonly cardExpiry: string;
  readonly birthDate: string;
  readonly sex: '1' | '2' | '3';
  readonly nationality: string;
  readonly statusOfResidence: string;
  /** As stored: 'YYMM' years and months, 3 digits = days, '0000' = no limit. */
  readonly periodOfStay?: string;
  readonly permissionType?: string;
  readonly permissionDate?: string;
  readonly workRestriction?: WorkRestrictionCode;
  readonly stayExpiry?: string;
  /** The field values in card order, concatenated and 00-padded to 53 bytes: the signed form. */
  readonly signedValues: Uint8Array;
  /** Tags present, in card order (for the card-type consistency check). */
  readonly tags: readonly number[];
}

function blank(v: Uint8Array): boolean {
  return v.every((b) => b === 0x00 || b === 0x20);
}

export function parsePrintedEntries(bytes: Uint8Array): PrintedEntries {
  const name = 'DF1/EF02 printed entries';
  const f = parseRcFile(bytes, name, PRINTED_ENTRY_FIELDS.map((x) => x.tag));
  const values: Uint8Array[] = [];
  const out: Record<string, string | undefined> = {};
  for (const o of f.objects) {
    const field = PRINTED_ENTRY_FIELDS.find((x) => x.tag === o.tag)!;
    const v = fixedValue(o, field.length, name);
    values.push(v);
    const at = o.offset + o.headerLength;
    if (blank(v)) continue;
    switch (field.key) {
      case 'cardExpiry':
      case 'birthDate':
      case 'permissionDate':
      case 'stayExpiry':
        out[field.key] = compactDate(asciiField(v, /^\d{8}$/, name, field.key, at), name, field.key, at);
        break;
      case 'sex':
        out.sex = asciiField(v, /^[123]$/, name, 'sex', at);
        break;
      case 'nationality':
        out.nationality = asciiField(v, /^[A-Z0-9]{3}$/, name, 'nationality', at);
        break;
      case 'statusOfResidence':
        out.statusOfResidence = asciiField(withoutTrailingNulls(v), /^[0-9A-Za-z]+ *$/, name, 'status of residence', at).trimEnd();
        break;
      case 'periodOfStay':
        out.periodOfStay = asciiField(withoutTrailingNulls(v), /^\d{3,4}$/, name, 'period of stay', at);
        break;
      case 'permissionType':
        out.permissionType = asciiField(withoutTrailingNulls(v), /^[0-9A-Za-z]{1,2}$/, name, 'permission type', at);
        break;
      case 'workRestriction':
        out.workRestriction = asciiField(v, /^[1249]$/, name, 'work restriction', at);
        break;
    }
  }
  for (const k of ['cardExpiry', 'birthDate', 'sex', 'nationality', 'statusOfResidence'] as const) {
    if (out[k] === undefined) throw new ResidenceCardError('rc-record-malformed', `${name}: ${k} is missing`);
  }
  const total = values.reduce((n, v) => n + v.length, 0);
  if (total > GEN2_SIGNED_ENTRIES_LENGTH) throw new ResidenceCardError('rc-record-malformed', `${name}: ${total} bytes of values, more than ${GEN2_SIGNED_ENTRIES_LENGTH}`);
  const signedValues = new Uint8Array(GEN2_SIGNED_ENTRIES_LENGTH);
  let at = 0;
  for (const v of values) {
    signedValues.set(v, at);
    at += v.length;
  }
  // The card-type consistency (SPR cards carry no CA–CD) is the verifier's check, not a parse error.
  const tags = f.objects.map((o) => o.tag);
  return {
    cardExpiry: out.cardExpiry!,
    birthDate: out.birthDate!,
    sex: out.sex as PrintedEntries['sex'],
    nationality: out.nationality!,
    statusOfResidence: out.statusOfResidence!,
    ...(out.periodOfStay !== undefined ? { periodOfStay: out.periodOfStay } : {}),
    ...(out.permissionType !== undefined ? { permissionType: out.permissionType } : {}),
    ...(out.permissionDate !== undefined ? { permissionDate: out.permissionDate } : {}),
    ...(out.workRestriction !== undefined ? { workRestriction: out.workRestriction as WorkRestrictionCode } : {}),
    ...(out.stayExpiry !== undefined ? { stayExpiry: out.stayExpiry } : {}),
    signedValues,
    tags,
  };
}

/** True when the printed entries carry the residence-card-only fields (CA, CB, CC, CD). */
export function hasResidenceCardOnlyEntries(tags: readonly number[]): boolean {
  return tags.some((t) => !SPR_FIELDS.has(t));
}

/** DF1/EF03: the name image (D0) and the face (D1), each value at its fixed length. */
export function parseGen2NameAndFace(bytes: Uint8Array): { nameImage: Uint8Array; face?: Uint8Array } {
  const name = 'DF1/EF03 name and face images';
  const f = parseRcFile(bytes, name, [0xd0, 0xd1]);
  const nameImage = fixedValue(requireObject(f, 0xd0, name), GEN2_NAME_IMAGE_LENGTH, name).slice();
  const d1 = findObject(f, 0xd1);
  return d1 && d1.length > 0 ? { nameImage, face: fixedValue(d1, GEN2_FACE_LENGTH, name).slice() } : { nameImage };
}

/** DF1/EF04: DF D1 the 住居地 image (TIFF MMR, 2500 bytes). */
export function parseGen2AddressImage(bytes: Uint8Array): Uint8Array {
  const name = 'DF1/EF04 address image';
  const f = parseRcFile(bytes, name, [0xdfd1]);
  return fixedValue(requireObject(f, 0xdfd1, name), GEN2_ADDRESS_IMAGE_LENGTH, name).slice();
}

/** DF2/EF01 (residence card): D5 包括許可 code, D6 its expiry, D7 個別許可 flag. */
export interface Gen2Permissions {
  /** '0' none, '1' within 28 h/week (no adult entertainment), '2' for education etc. */
  readonly comprehensive?: string;
  readonly comprehensiveExpiry?: string;
  readonly individual?: boolean;
}

export function parseGen2Permissions(bytes: Uint8Array): Gen2Permissions {
  const name = 'DF2/EF01 permissions';
  const f = parseRcFile(bytes, name, [0xd5, 0xd6, 0xd7]);
  const out: { comprehensive?: string; comprehensiveExpiry?: string; individual?: boolean } = {};
  const d5 = findObject(f, 0xd5);
  if (d5) {
    const v = withoutTrailingNulls(boundedValue(d5, 7, name));
    if (v.length > 0) out.comprehensive = asciiField(v, /^[0-9]$/, name, 'comprehensive permission', d5.offset + d5.headerLength);
  }
  const d6 = findObject(f, 0xd6);
  if (d6 && !blank(d6.value)) {
    const at = d6.offset + d6.headerLength;
    out.comprehensiveExpiry = compactDate(asciiField(fixedValue(d6, 8, name), /^\d{8}$/, name, 'permission expiry', at), name, 'permission expiry', at);
  }
  const d7 = findObject(f, 0xd7);
  if (d7 && !blank(d7.value)) out.individual = asciiField(fixedValue(d7, 1, name), /^[01]$/, name, 'individual permission', d7.offset + d7.headerLength) === '1';
  return out;
}

/** DF2/EF02 (residence card): D8 在留期間更新等許可申請 '0' none / '1' pending. */
export function parseGen2RenewalApplication(bytes: Uint8Array): boolean {
  const name = 'DF2/EF02 renewal application';
  const f = parseRcFile(bytes, name, [0xd8]);
  const d8 = requireObject(f, 0xd8, name);
  return asciiField(fixedValue(d8, 1, name), /^[01]$/, name, 'status', d8.offset + d8.headerLength) === '1';
}

/** DF2/EF03 その他: D9 a note flag, DE up to 200 bytes of text. */
export interface Gen2Other {
  readonly noteRecorded: boolean;
  readonly note?: CardText;
}

export function parseGen2Other(bytes: Uint8Array): Gen2Other {
  const name = 'DF2/EF03 other';
  const f = parseRcFile(bytes, name, [0xd9, 0xde]);
  const d9 = findObject(f, 0xd9);
  const noteRecorded = d9 && !blank(d9.value) ? asciiField(fixedValue(d9, 1, name), /^[01]$/, name, 'note flag', d9.offset + d9.headerLength) === '1' : false;
  const de = findObject(f, 0xde);
  const note = de ? cardText(boundedValue(de, 200, name), name, de.offset + de.headerLength) : undefined;
  return note && note.text.length > 0 ? { noteRecorded, note } : { noteRecorded };
}

/** DF3/EF01: DC check code and DD certificate. */
export interface Gen2SignatureFile {
  readonly checkCode?: Uint8Array;
  /** The DD value: the DER certificate (any 00s after it are outside DD on gen 2). */
  readonly certificate?: Uint8Array;
}

export function parseGen2SignatureFile(bytes: Uint8Array): Gen2SignatureFile {
  const name = 'DF3/EF01 signature';
  const f = parseRcFile(bytes, name, [0xdc, 0xdd]);
  const dc = findObject(f, 0xdc);
  const dd = findObject(f, 0xdd);
  const out: { checkCode?: Uint8Array; certificate?: Uint8Array } = {};
  if (dc && dc.length > 0) out.checkCode = boundedValue(dc, GEN2_CHECK_CODE_MAX, name).slice();
  if (dd && dd.length > 0) out.certificate = boundedValue(dd, GEN2_CERTIFICATE_MAX + 8, name).slice();
  return out;
}
