/** 券面事項入力補助AP EF 0007 — the card's challenge-signing key, certified by the AP key (spec §3.5). */
import { childrenInOrder, ownCopy, parseOuter, signatureValue, valueOffset } from './record-helpers';
import { parseRsaPublicKeyDo, type RsaPublicKey } from './rsa-public-key';

const RECORD = 'text-ap/ef0007';
const TAG = 0xff50;
const TAGS = [0xdf51, 0xdf52] as const;

export interface SignedPublicKey {
  /** Public half of the key that signs challenges (`80 2A`, spec §2.9). */
  readonly publicKey: RsaPublicKey;
  /** PKCS#1 v1.5/SHA-256 over `signedBytes` by the EF 0004 CV-certificate key. */
  readonly signature: Uint8Array;
  /** The exact DF51 TLV. */
  readonly signedBytes: Uint8Array;
  readonly raw: Uint8Array;
}

export function parseSignedPublicKey(bytes: Uint8Array): SignedPublicKey {
  const raw = ownCopy(bytes);
  const outer = parseOuter(raw, TAG, RECORD);
  const [key, sig] = childrenInOrder(outer, TAGS, RECORD);
  return {
    publicKey: parseRsaPublicKeyDo(key.value, valueOffset(key), RECORD),
    signature: signatureValue(sig, RECORD),
    signedBytes: key.raw,
    raw,
  };
}
