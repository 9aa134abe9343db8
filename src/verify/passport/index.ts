/**
 * Passport (ICAO 9303 eMRTD) verification: passive authentication, Active Authentication,
 * Chip Authentication results, the clone verdict, document expiry, and the passport trust store.
 * LDS parsing lives in cards/passport/lds (the driver needs it while talking to the chip).
 */
export * from './passport-checks';
export { PassportVerifyError, type PassportVerifyErrorCode } from './passport-verify-error';
export { parsePassportCertificate, type PassportCertificate, type CertName } from './certificate';
export { verifyCmsSignature, type CmsSignatureOutcome } from './sod-signature';
export { validateDsc, type DscChainResult } from './dsc-chain';
export { passiveAuthentication, type PassiveAuthInput, type PassiveAuthResult, type DscSummary } from './passive-auth';
export { checkSod, type CheckSodOptions } from './check-sod';
export { checkActiveAuthentication, verifyRsaActiveAuthentication, verifyEcdsaActiveAuthentication, type ActiveAuthInput } from './active-auth';
export { checkChipAuthentication, chipKeysOf, verifyPaceCamMapping, type ChipAuthReport, type ChipAuthenticationReport, type PaceCamReport, type VerifiedChipKeys } from './chip-auth';
export { judgeChipGenuineness } from './chip-genuineness';
export { checkDocumentExpiry } from './document-expiry';
export { verifyCardSecurity, type CardSecurityResult } from './card-security';
export { alpha2OfIcaoCode } from './icao-country-codes';
export * from './trust/passport-trust';
export { japanCscaAnchors } from './trust/japan-cscas';
export { importMasterList, parseCscaMasterList, OID_CSCA_MASTER_LIST, type MasterListImport } from './trust/master-list';
export { importCscaCrl, decodeCscaCrl, checkDscRevocation, type CrlImport } from './trust/csca-crl';
export { derObjects, pemBlocks } from './trust/pem-blocks';
export { verifyPassportRead, type PassportReadInput, type PassportVerification } from './verify-passport';
export { passportTrustToJson, passportTrustFromJson, PASSPORT_TRUST_FORMAT, type PassportTrustJson } from './trust/trust-json';
