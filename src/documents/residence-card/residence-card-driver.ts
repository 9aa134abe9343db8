/**
 * The residence card (在留カード) and the special permanent resident certificate
 * (特別永住者証明書), generations 1 and 2, as a document driver: detection from MF's free files,
 * the card number (no readable counter: two wrong entries per placement), the purposes, the steps
 * over cards/residence-card and verify/residence-card, `kazasu read`, and the evidence record.
 */
import { CHECK_TITLES, REASONS } from '../../verify/check-catalogue';
import { RC_CHECK_TITLES, RC_REASONS } from '../../verify/residence-card/residence-card-checks';
import type { DocumentDriver } from '../document-driver';
import { UnsupportedPurposeError } from '../document-errors';
import { RESIDENCE_CARD_CREDENTIAL_SPECS, residenceCardCredentialOf, type ResidenceCardCredential } from './residence-card-credentials';
import { detectResidenceCard } from './residence-card-detect';
import { describeResidenceCardEvidence, RESIDENCE_CARD_FORBIDDEN_DATA } from './residence-card-evidence';
import { RESIDENCE_CARD_PURPOSES } from './residence-card-purposes';
import { readResidenceCardOut } from './residence-card-readout';
import { residenceCardRecordingMissing, residenceCardRecordingPlan } from './residence-card-recording';
import { RECORDING_CHECK_TITLES, RECORDING_REASONS } from '../recording-checks';
import type { ResidenceCardReport } from './residence-card-report';
import { residenceCardPlan, type ResidenceCardStepLabel } from './residence-card-steps';
import { readResidenceCardTries } from './residence-card-tries';

export const RESIDENCE_CARD_DRIVER: DocumentDriver<ResidenceCardReport, ResidenceCardCredential, ResidenceCardStepLabel> = {
  kind: 'residence-card',
  title: { ja: '在留カード・特別永住者証明書', en: 'Residence card / special permanent resident certificate' },
  detect: (channel) => detectResidenceCard(channel),
  credentials: RESIDENCE_CARD_CREDENTIAL_SPECS,
  readTries: readResidenceCardTries,
  credentialOf: residenceCardCredentialOf,
  purposes: RESIDENCE_CARD_PURPOSES,
  plan(purpose, credentials) {
    const p = RESIDENCE_CARD_PURPOSES[purpose];
    if (!p) throw new UnsupportedPurposeError('residence-card', purpose);
    return residenceCardPlan(purpose, p, credentials);
  },
  catalogue: {
    // The shared trust.anchors check and its reasons, with exactly the text every document uses.
    titles: { ...RC_CHECK_TITLES, 'trust.anchors': CHECK_TITLES['trust.anchors'], ...RECORDING_CHECK_TITLES },
    reasons: {
      ...RC_REASONS,
      ...RECORDING_REASONS,
      'non-production-anchor': REASONS['non-production-anchor'],
      'community-observed-anchor': REASONS['community-observed-anchor'],
    },
  },
  readout: readResidenceCardOut,
  readOptions: [],
  recording: {
    missingFor(purpose, recording) {
      const p = RESIDENCE_CARD_PURPOSES[purpose];
      if (!p) throw new UnsupportedPurposeError('residence-card', purpose);
      return residenceCardRecordingMissing(p, recording);
    },
    plan(purpose, recording) {
      const p = RESIDENCE_CARD_PURPOSES[purpose];
      if (!p) throw new UnsupportedPurposeError('residence-card', purpose);
      return residenceCardRecordingPlan(purpose, p, recording);
    },
  },
  evidence: { describe: describeResidenceCardEvidence, forbidden: RESIDENCE_CARD_FORBIDDEN_DATA },
};
