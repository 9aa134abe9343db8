/**
 * The driver's licence (運転免許証) and the licence information on a My Number Card (マイナ免許証)
 * as a document driver: cards/licence (card library), verify/licence (checks, issuer
 * certificates), sim/licence (simulated cards). docs/licence.md describes the document.
 */
import { DL_CHECK_TITLES, DL_REASONS } from '../../verify/licence/licence-checks';
import { CHECK_TITLES, REASONS } from '../../verify/check-catalogue';
import type { DocumentDriver } from '../document-driver';
import { UnsupportedPurposeError } from '../document-errors';
import { LICENCE_CREDENTIAL_SPECS, licenceCredentialOf, type LicenceCredential } from './licence-credentials';
import { detectLicence } from './licence-detect';
import { describeLicenceEvidence, LICENCE_FORBIDDEN_DATA } from './licence-evidence';
import { LICENCE_PURPOSES } from './licence-purposes';
import { readLicenceCard } from './licence-readout';
import { LICENCE_RECORDING_REQUIRED, licenceRecordingMissing, licenceRecordingPlan } from './licence-recording';
import { RECORDING_CHECK_TITLES, RECORDING_REASONS } from '../recording-checks';
import type { LicenceReport } from './licence-report';
import { licencePlan, type LicenceStepLabel } from './licence-steps';
import { readLicenceTries } from './licence-tries';

export const LICENCE_DRIVER: DocumentDriver<LicenceReport, LicenceCredential, LicenceStepLabel> = {
  kind: 'drivers-licence',
  title: { ja: '運転免許証', en: "Driver's licence" },
  detect: detectLicence,
  credentials: LICENCE_CREDENTIAL_SPECS,
  readTries: readLicenceTries,
  credentialOf: licenceCredentialOf,
  purposes: LICENCE_PURPOSES,
  plan(purpose, credentials) {
    const p = LICENCE_PURPOSES[purpose];
    if (!p) throw new UnsupportedPurposeError('drivers-licence', purpose);
    return licencePlan(p, credentials);
  },
  // The licence's own checks plus the shared trust-anchor check, with the global catalogue's text.
  catalogue: {
    titles: { ...DL_CHECK_TITLES, 'trust.anchors': CHECK_TITLES['trust.anchors'], ...RECORDING_CHECK_TITLES },
    reasons: { ...DL_REASONS, ...RECORDING_REASONS, 'non-production-anchor': REASONS['non-production-anchor'], 'community-observed-anchor': REASONS['community-observed-anchor'] },
  },
  readout: readLicenceCard,
  readOptions: [],
  recording: {
    missingFor(purpose, recording) {
      const p = LICENCE_PURPOSES[purpose];
      if (!p) throw new UnsupportedPurposeError('drivers-licence', purpose);
      return licenceRecordingMissing(p, recording);
    },
    plan(purpose, recording) {
      const p = LICENCE_PURPOSES[purpose];
      if (!p) throw new UnsupportedPurposeError('drivers-licence', purpose);
      return licenceRecordingPlan(purpose, p, recording);
    },
    requiredChecks: () => LICENCE_RECORDING_REQUIRED,
  },
  evidence: { describe: describeLicenceEvidence, forbidden: LICENCE_FORBIDDEN_DATA },
};
