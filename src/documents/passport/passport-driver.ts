/**
 * The passport (ICAO 9303 eMRTD, any state; Japan's since 2006) as a document driver: detection
 * by SELECT of the eMRTD application, the MRZ or CAN (no readable counter), PACE with BAC
 * fallback, the purposes' reads, passive / active / chip authentication, the address policy
 * (supplementary document), `kazasu read`, and the evidence record.
 */
import { REASONS } from '../../verify/check-catalogue';
import { PP_CHECK_TITLES, PP_REASONS } from '../../verify/passport/passport-checks';
import type { DocumentDriver } from '../document-driver';
import { UnsupportedPurposeError } from '../document-errors';
import { PASSPORT_CREDENTIAL_SPECS, passportCredentialOf, type PassportCredential } from './passport-credentials';
import { detectPassport } from './passport-detect';
import { describePassportEvidence, PASSPORT_FORBIDDEN_DATA } from './passport-evidence';
import { PASSPORT_PURPOSES } from './passport-purposes';
import { readPassport } from './passport-readout';
import { passportRecordingMissing, passportRecordingPlan } from './passport-recording';
import { RECORDING_CHECK_TITLES, RECORDING_REASONS } from '../recording-checks';
import type { PassportReport } from './passport-report';
import { passportPlan, type PassportStepLabel } from './passport-steps';
import { readPassportTries } from './passport-tries';

export const PASSPORT_DRIVER: DocumentDriver<PassportReport, PassportCredential, PassportStepLabel> = {
  kind: 'passport',
  title: { ja: '旅券（パスポート）', en: 'Passport' },
  detect: (channel) => detectPassport(channel),
  credentials: PASSPORT_CREDENTIAL_SPECS,
  readTries: readPassportTries,
  credentialOf: passportCredentialOf,
  purposes: PASSPORT_PURPOSES,
  plan(purpose, credentials) {
    const p = PASSPORT_PURPOSES[purpose];
    if (!p) throw new UnsupportedPurposeError('passport', purpose);
    return passportPlan(p, credentials);
  },
  catalogue: {
    titles: { ...PP_CHECK_TITLES, ...RECORDING_CHECK_TITLES },
    // The generic codes with exactly the text every document uses.
    reasons: { ...PP_REASONS, ...RECORDING_REASONS, ok: REASONS.ok, 'not-read': REASONS['not-read'], 'not-applicable': REASONS['not-applicable'], 'read-failed': REASONS['read-failed'], 'record-malformed': REASONS['record-malformed'] },
  },
  readout: readPassport,
  readOptions: [],
  recording: {
    missingFor(purpose, recording) {
      const p = PASSPORT_PURPOSES[purpose];
      if (!p) throw new UnsupportedPurposeError('passport', purpose);
      return passportRecordingMissing(p, recording);
    },
    plan(purpose, recording) {
      const p = PASSPORT_PURPOSES[purpose];
      if (!p) throw new UnsupportedPurposeError('passport', purpose);
      return passportRecordingPlan(purpose, p, recording);
    },
  },
  evidence: { describe: describePassportEvidence, forbidden: PASSPORT_FORBIDDEN_DATA },
};
