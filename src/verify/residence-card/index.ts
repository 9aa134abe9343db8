/**
 * Residence-card verification: entry points for the document driver.
 * - verifyResidenceCard(read, trust, now) → checks + attributes + images + evidence identifier
 * - createResidenceTrustStore(mode, { imported, simulator }) and validateMojAnchorImport(bytes)
 * - RC_CHECK_TITLES / RC_REASONS (ja/en) for the global catalogue
 */
export { verifyResidenceCard, requiredResidenceChecks, decideResidenceOutcome, DEFAULT_RESIDENCE_POLICY, type ResidenceVerification, type ResidenceVerifyInput, type ResidenceVerifyPolicy, type ResidenceAttributes, type ResidenceImages, type ResidenceEvidence, type RcCheck, type SourcedValue } from './verify-residence-card';
export { createResidenceTrustStore, hierarchyOfMode, type RcAnchor, type RcAnchorHierarchy, type ResidenceTrustStore } from './rc-trust';
export { validateMojAnchorImport, importMojAnchor, residenceAnchorsFromRecords, MOJ_ANCHOR_PINS, MOJ_PUBLICATION_PAGES, RcAnchorImportError, type MojAnchorPin } from './moj-anchors';
export { RC_CHECK_TITLES, RC_REASONS, type RcCheckId, type RcReasonCode } from './residence-card-checks';
export type { Gen1Padding, Gen2SignatureEncoding } from './rc-signature';
