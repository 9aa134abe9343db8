/** 券面事項入力補助AP EF 0003 — digests of EF 0001/0002 plus the AP's signature (spec §3.3). */
import { childrenInOrder, ownCopy, parseOuter, requireLength, signatureValue, span } from './record-helpers';

const RECORD = 'text-ap/ef0003';
const TAG = 0xff30;
const TAGS = [0xdf31, 0xdf32, 0xdf33] as const;
const SHA256_LENGTH = 32;

export interface IntegrityRecord {
  /** SHA-256 of the 17-byte physical EF 0001 (filler included). */
  readonly myNumberDigest: Uint8Array;
  /** SHA-256 of EF 0002 from DF22 through the end of DF25. */
  readonly basicFourDigest: Uint8Array;
  /** RSASSA-PKCS1-v1_5/SHA-256 by the key in this AP's CV certificate (EF 0004). */
  readonly signature: Uint8Array;
  /** Exact DF31 TLV ‖ DF32 TLV bytes (70 with minimal lengths) — what the signature covers. */
  readonly signedBytes: Uint8Array;
  readonly raw: Uint8Array;
}

export function parseIntegrityRecord(bytes: Uint8Array): IntegrityRecord {
  const raw = ownCopy(bytes);
  const outer = parseOuter(raw, TAG, RECORD);
  const [d1, d2, sig] = childrenInOrder(outer, TAGS, RECORD);
  requireLength(d1, SHA256_LENGTH, RECORD);
  requireLength(d2, SHA256_LENGTH, RECORD);
  return {
    myNumberDigest: d1.value,
    basicFourDigest: d2.value,
    signature: signatureValue(sig, RECORD),
    signedBytes: span(raw, d1, d2),
    raw,
  };
}
