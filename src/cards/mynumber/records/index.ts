export { parseMyNumberFile, MY_NUMBER_FILE_LENGTH, type MyNumberFile } from './my-number-file';
export { parseBasicFour, type BasicFour, type WithheldText } from './basic-four';
export { isUnsafeTextCodePoint, findUnsafeText, codePointLabel, type UnsafeTextFinding } from './unsafe-text';
export { parseIntegrityRecord, type IntegrityRecord } from './integrity-record';
export {
  parseCvCertificate,
  parseCvCertificateContent,
  formatKeyId,
  keyIdHierarchy,
  KEY_ID_LENGTH,
  type CvCertificate,
  type KeyHierarchy,
} from './cv-certificate';
export { parseRsaPublicKeyDo, type RsaPublicKey } from './rsa-public-key';
export { parseSignedPublicKey, type SignedPublicKey } from './signed-public-key';
export {
  parseTextApBasicInfo,
  parseFaceApBasicInfo,
  parseApBasicInfo,
  type ApBasicInfo,
  type ApInfoBytes,
  type TextApBasicInfo,
  type FaceApBasicInfo,
} from './ap-basic-info';
export { parseSessionKey, type SessionKeyFile } from './session-key';
export { parseAgeRecord, type AgeRecord } from './age-record';
export { parseCardFaceRecord, type CardFaceRecord, type CardFaceGroups } from './card-face-record';
export { parseMyNumberImage, type MyNumberImage } from './my-number-image';
export { parseJpkiTokenInfo, JPKI_TOKEN_INFO_LENGTH, type JpkiTokenInfo, type JpkiTokenType } from './jpki-token-info';
export { parseCertificateAvailability, type CertificateAvailability } from './certificate-availability';
export { parseCommonCardInfo, type CommonCardInfo } from './common-card-info';
export { x509TotalLength, MAX_EF_SIZE } from './x509-length';
export { sexFromCardCode, sexFromJpkiCode, type CardSex, type JpkiSex } from './sex';
export { detectImageFormat, type ImageFormat } from './image-format';
export { RSA2048_SIGNATURE_LENGTH } from './record-helpers';
