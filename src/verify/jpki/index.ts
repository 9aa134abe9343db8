/** JPKI (公的個人認証) certificate verification: chain, attributes, challenge (spec §4). */
export { validateJpkiCertificate, type JpkiChainOptions, type JpkiChainResult } from './jpki-chain';
export { parseJpkiCertificate, type ParsedJpkiCertificate } from './jpki-certificate';
export { parseJpkiSignAttributes, type JpkiSignAttributes } from './jpki-attributes';
export { parseJpkiCertificateSummary, type JpkiCertificateSummary } from './jpki-certificate-summary';
export { jpkiChallengeDigestInfo, verifyJpkiChallenge, SHA256_DIGEST_INFO_PREFIX } from './jpki-challenge';
export { JpkiVerifyError, type JpkiVerifyErrorCode } from './jpki-errors';
export { DEFAULT_JPKI_POLICY_ARCS, JPKI_SAN_OID, type JpkiPolicyArcs, type JpkiPurpose } from './jpki-oids';
