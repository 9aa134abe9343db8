/** A record signed as a whole with RSASSA-PKCS1-v1_5/SHA-256 by the AP key (spec §3.5, §3.6, §3.8). */
import type { RsaPublicKey } from '../../cards/mynumber/records';
import { verifyPkcs1Sha256, type RsaKeyMaterial } from '../crypto/rsa-public-key';
import type { CheckId } from '../check-catalogue';
import { check, type Check } from '../report';
import { detachedKey } from './key-copy';

export interface SignedRecordResult {
  readonly check: Check;
  /** A copy of the card key the record carries, only when its signature verified. */
  readonly cardKey?: RsaPublicKey;
}

export async function verifySignedRecord(
  id: CheckId,
  what: string,
  record: { readonly signedBytes: Uint8Array; readonly signature: Uint8Array; readonly cardPublicKey: RsaPublicKey },
  apKey: RsaKeyMaterial,
): Promise<SignedRecordResult> {
  if (!(await verifyPkcs1Sha256(apKey, record.signedBytes, record.signature))) {
    return { check: check(id, 'fail', 'record-signature-invalid', `${what} signature does not verify under the AP key`) };
  }
  return { check: check(id, 'pass', 'ok', `${what} signed by the AP key`), cardKey: detachedKey(record.cardPublicKey) };
}
