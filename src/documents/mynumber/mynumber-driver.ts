/**
 * The My Number Card (マイナンバーカード) as a document driver: the first document, unchanged in
 * behaviour by the seam (tests/documents/mynumber-apdu-sequence.test.ts pins its APDUs).
 */
import { CHECK_TITLES, REASONS } from '../../verify/check-catalogue';
import type { DocumentDriver } from '../document-driver';
import { UnsupportedPurposeError } from '../document-errors';
import { RECORDING_CHECK_TITLES, RECORDING_REASONS } from '../recording-checks';
import { MYNUMBER_CREDENTIAL_SPECS, myNumberCredentialOf, type MyNumberCredential } from './mynumber-credentials';
import { detectMyNumberCard } from './mynumber-detect';
import { describeMyNumberEvidence, MYNUMBER_FORBIDDEN_DATA } from './mynumber-evidence';
import { MYNUMBER_PURPOSES } from './mynumber-purposes';
import type { MyNumberReport } from './mynumber-report';
import { MYNUMBER_READ_OPTIONS, readMyNumberCard } from './mynumber-readout';
import { myNumberPlan, myNumberRecordingMissing, myNumberRecordingPlan, type MyNumberStepLabel } from './mynumber-steps';
import { readMyNumberTries } from './mynumber-tries';

export const MYNUMBER_DRIVER: DocumentDriver<MyNumberReport, MyNumberCredential, MyNumberStepLabel> = {
  kind: 'mynumber-card',
  title: { ja: 'マイナンバーカード', en: 'My Number Card' },
  detect: detectMyNumberCard,
  credentials: MYNUMBER_CREDENTIAL_SPECS,
  readTries: readMyNumberTries,
  credentialOf: myNumberCredentialOf,
  purposes: MYNUMBER_PURPOSES,
  plan(purpose, credentials) {
    const p = MYNUMBER_PURPOSES[purpose];
    if (!p) throw new UnsupportedPurposeError('mynumber-card', purpose);
    return myNumberPlan(p, credentials);
  },
  // The shared checks (trust anchors, cross-checks, revocation) are in this catalogue too: the
  // My Number Card was the first document and verify/check-catalogue.ts still holds both.
  // Verification from a recording adds the shared recording.* checks and reasons.
  catalogue: { titles: { ...CHECK_TITLES, ...RECORDING_CHECK_TITLES }, reasons: { ...REASONS, ...RECORDING_REASONS } },
  readout: readMyNumberCard,
  readOptions: MYNUMBER_READ_OPTIONS,
  recording: {
    missingFor(purpose, recording) {
      const p = MYNUMBER_PURPOSES[purpose];
      if (!p) throw new UnsupportedPurposeError('mynumber-card', purpose);
      return myNumberRecordingMissing(p, recording);
    },
    plan(purpose, recording) {
      const p = MYNUMBER_PURPOSES[purpose];
      if (!p) throw new UnsupportedPurposeError('mynumber-card', purpose);
      return myNumberRecordingPlan(p, purpose, recording);
    },
  },
  evidence: { describe: describeMyNumberEvidence, forbidden: MYNUMBER_FORBIDDEN_DATA },
};
