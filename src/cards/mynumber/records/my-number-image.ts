/** 券面事項確認AP EF 0005 — 個人番号 rendered as an image (spec §3.8). */
import { childrenInOrder, ownCopy, parseOuter, requireNonEmpty, signatureValue, span, valueOffset } from './record-helpers';
import { parseRsaPublicKeyDo, type RsaPublicKey } from './rsa-public-key';

const RECORD = 'face-ap/ef0005';
const TAG = 0xff40;
const TAGS = [0xdf41, 0xdf42, 0xdf43] as const;

export interface MyNumberImage {
  /** SENSITIVE: PNG of the 12-digit 個人番号. Never log, cache or show outside the 番号法 flow. */
  readonly image: Uint8Array;
  readonly cardPublicKey: RsaPublicKey;
  /** PKCS#1 v1.5/SHA-256 over `signedBytes` by the 券面AP CV-certificate key. */
  readonly signature: Uint8Array;
  /** SENSITIVE (contains the image): exact DF41 TLV ‖ DF42 TLV. */
  readonly signedBytes: Uint8Array;
  /** SENSITIVE: the whole file as read. */
  readonly raw: Uint8Array;
}

export function parseMyNumberImage(bytes: Uint8Array): MyNumberImage {
  const raw = ownCopy(bytes);
  const outer = parseOuter(raw, TAG, RECORD);
  const [image, key, sig] = childrenInOrder(outer, TAGS, RECORD);
  requireNonEmpty(image, RECORD);
  return {
    image: image.value,
    cardPublicKey: parseRsaPublicKeyDo(key.value, valueOffset(key), RECORD),
    signature: signatureValue(sig, RECORD),
    signedBytes: span(raw, image, key),
    raw,
  };
}
