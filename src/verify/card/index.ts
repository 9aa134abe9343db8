/** Verification of the 券面 APs' records and chips (spec §3.3–§3.9). */
export { verifyCvCertificate, findCvCaKey, type CvCertificateCheckId, type CvCertificateResult, type CvCertificateOptions } from './cv-certificate-check';
export { verifyTextRecords, type TextRecordsInput, type TextRecordsResult } from './text-records-check';
export { verifyCardFace, verifyAgeRecord, verifyMyNumberImage, checkCardKeyConsistency, CARD_FACE_DIGEST_INFO_PREFIX, type SignedRecordResult } from './face-records-check';
export { newChallenge, verifyChipAuthentication, authenticateChip, CHALLENGE_LENGTH, type ChipAnswer, type ChallengeSigner, type ChipAuthenticationCheckId } from './chip-authentication';
export { checkCardExpiry, cardExpiryInstant } from './card-expiry';
