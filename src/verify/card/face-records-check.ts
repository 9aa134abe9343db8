/**
 * Step 2 of the recipe (spec §3.9) for the 券面事項確認AP: the card face (EF 0002, §3.7), the age
 * record (EF 0001, §3.6) and the My Number image (EF 0005, §3.8), each signed by the key of this
 * AP's CV certificate, and all carrying the same card key.
 */
import type { AgeRecord, MyNumberImage } from '../../cards/mynumber/records';
import type { RsaKeyMaterial } from '../crypto/rsa-public-key';
import { verifySignedRecord, type SignedRecordResult } from './signed-record';

export { verifyCardFace, CARD_FACE_DIGEST_INFO_PREFIX } from './card-face-signature';
export { checkCardKeyConsistency } from './card-key-consistency';
export type { SignedRecordResult } from './signed-record';

/** DF13 over DF11 ‖ DF12 (spec §3.6). */
export function verifyAgeRecord(age: AgeRecord, apKey: RsaKeyMaterial): Promise<SignedRecordResult> {
  return verifySignedRecord('face.age-record-signature', 'age record', age, apKey);
}

/** DF43 over DF41 ‖ DF42 (spec §3.8). The signed bytes hold the My Number image: nothing is kept. */
export function verifyMyNumberImage(img: MyNumberImage, apKey: RsaKeyMaterial): Promise<SignedRecordResult> {
  return verifySignedRecord('face.my-number-image-signature', 'My Number image', img, apKey);
}
