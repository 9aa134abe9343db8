/** The passport card layer's public surface for the document driver (issue 15). */
export { PassportCard, dg14SecurityInfos, type PassportPassword, type PassportDetection, type AuthenticateOptions, type AccessResult, type PassportCardOptions } from './passport-card';
export { mrzKeyFromFields, mrzFieldsFromLines, mrzCheckDigit, wipeMrzKey, type MrzFields, type MrzKey, type MrzCheckDigits } from './mrz-key';
export { canKey, wipeCanKey, type CanKey } from './can';
export { PassportError, type PassportErrorCode } from './passport-error';
export { parseSecurityInfos, SecurityInfosError, type SecurityInfo, type PaceInfo, type ChipAuthenticationPublicKeyInfo } from './security-infos';
export { verifyPaceCam, type PaceCamEvidence } from './pace';
export type { ActiveAuthenticationResponse } from './active-authentication';
export type { ChipAuthenticationResult } from './chip-authentication';
export { LDS_FILES, EMRTD_AID, DG_TAGS, type LdsFileName } from './lds-files';
export { webCryptoRandom, type RandomSource } from './random-source';
