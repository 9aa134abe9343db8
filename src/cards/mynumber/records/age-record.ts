/** 券面事項確認AP EF 0001 — age-verification record (spec §3.6). */
import { childrenInOrder, compactDate, ownCopy, parseOuter, signatureValue, span, valueOffset } from './record-helpers';
import { parseRsaPublicKeyDo, type RsaPublicKey } from './rsa-public-key';

const RECORD = 'face-ap/ef0001';
const TAG = 0xff10;
const TAGS = [0xdf11, 0xdf12, 0xdf13] as const;

export interface AgeRecord {
  /** 'YYYY-MM-DD' */
  readonly birthDate: string;
  /** The card's challenge-signing key (same as EF 0002 DF24, EF 0005 DF42). */
  readonly cardPublicKey: RsaPublicKey;
  /** PKCS#1 v1.5/SHA-256 over `signedBytes` by the 券面AP CV-certificate key. */
  readonly signature: Uint8Array;
  /** Exact DF11 TLV ‖ DF12 TLV. */
  readonly signedBytes: Uint8Array;
  readonly raw: Uint8Array;
}

export function parseAgeRecord(bytes: Uint8Array): AgeRecord {
  const raw = ownCopy(bytes);
  const outer = parseOuter(raw, TAG, RECORD);
  const [birth, key, sig] = childrenInOrder(outer, TAGS, RECORD);
  return {
    birthDate: compactDate(birth, RECORD),
    cardPublicKey: parseRsaPublicKeyDo(key.value, valueOffset(key), RECORD),
    signature: signatureValue(sig, RECORD),
    signedBytes: span(raw, birth, key),
    raw,
  };
}
