/** 券面事項確認AP EF 0002 — card-face record (spec §3.7). */
import { childrenInOrder, checkOffsetTable, compactDate, ownCopy, parseOuter, requireNonEmpty, signatureValue, singleAsciiChar, span, valueOffset } from './record-helpers';
import { parseRsaPublicKeyDo, type RsaPublicKey } from './rsa-public-key';
import { sexFromCardCode, type CardSex } from './sex';

const RECORD = 'face-ap/ef0002';
const TAG = 0xff20;
const TAGS = [0xdf21, 0xdf22, 0xdf23, 0xdf24, 0xdf25, 0xdf26, 0xdf27, 0xdf28, 0xdf29, 0xdf2a] as const;

export interface CardFaceGroups {
  /** Raw DF22 ‖ DF23 ‖ DF24 TLVs (birth date, sex, card key). */
  readonly g1: Uint8Array;
  /** Raw DF25 ‖ DF26 TLVs (name and address images). */
  readonly g2: Uint8Array;
  /** Raw DF27 TLV (photo). */
  readonly g3: Uint8Array;
}

export interface CardFaceRecord {
  /** 'YYYY-MM-DD' */
  readonly birthDate: string;
  readonly sexCode: string;
  readonly sex: CardSex;
  readonly cardPublicKey: RsaPublicKey;
  /** 氏名 image, PNG. Personal data. */
  readonly nameImage: Uint8Array;
  /** 住所 image, PNG. Personal data. */
  readonly addressImage: Uint8Array;
  /** 顔写真, JPEG 2000 (JP2). Personal data. */
  readonly photo: Uint8Array;
  /**
   * PKCS#1 v1.5 over DigestInfo(SHA-256, SHA256(g1)‖SHA256(g2)‖SHA256(g3)) by the 券面AP
   * CV-certificate key (spec §3.7).
   */
  readonly signature: Uint8Array;
  /** 有効期限 'YYYY-MM-DD' — NOT covered by the signature. */
  readonly expiryDate: string;
  /** セキュリティコード image, PNG — NOT covered by the signature. SENSITIVE (part of 照合番号B). */
  readonly securityCodeImage: Uint8Array;
  readonly groups: CardFaceGroups;
  /** The DF21 table: file offsets of DF22…DF2A. */
  readonly offsets: readonly number[];
  readonly raw: Uint8Array;
}

export function parseCardFaceRecord(bytes: Uint8Array): CardFaceRecord {
  const raw = ownCopy(bytes);
  const outer = parseOuter(raw, TAG, RECORD);
  const [table, birth, sex, key, name, address, photo, sig, expiry, code] = childrenInOrder(outer, TAGS, RECORD);
  const offsets = checkOffsetTable(table, [birth, sex, key, name, address, photo, sig, expiry, code], RECORD);
  for (const image of [name, address, photo, code]) requireNonEmpty(image, RECORD);
  const sexCode = singleAsciiChar(sex, RECORD);
  return {
    birthDate: compactDate(birth, RECORD),
    sexCode,
    sex: sexFromCardCode(sexCode),
    cardPublicKey: parseRsaPublicKeyDo(key.value, valueOffset(key), RECORD),
    nameImage: name.value,
    addressImage: address.value,
    photo: photo.value,
    signature: signatureValue(sig, RECORD),
    expiryDate: compactDate(expiry, RECORD),
    securityCodeImage: code.value,
    groups: { g1: span(raw, birth, key), g2: span(raw, name, address), g3: photo.raw },
    offsets,
    raw,
  };
}
