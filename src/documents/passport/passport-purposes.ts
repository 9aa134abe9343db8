/**
 * What each kiosk purpose means for a passport: the credential (the MRZ, or the CAN on a PACE
 * chip), what is read (data minimisation: the age check reads DG1 only, the field check no DG11
 * or DG12), whether the purpose needs an address, and the checks that must pass for 'verified'.
 *
 * Address: 犯収法 counts the address among the 本人特定事項 for the counter and bank purposes.
 * Japanese passports applied for since 2020-02-04 have no address at all (no 所持人記入欄; the
 * chip never held one), and DG11 (5F42) is optional everywhere (9303-10 §4.7.11). Without it the
 * kiosk asks staff for a supplementary document (補完書類) and the evidence record notes it.
 * Whether the 2027 face-to-face method accepts a passport with a supplementary document in this
 * way is UNCONFIRMED (other-id-documents §3: 2025-12-05 amendment draft); the legal method text
 * is therefore the document's own and says so.
 */
import type { LdsFileName } from '../../cards/passport/lds-files';
import type { PurposeId } from '../../verify/report';
import type { DocumentPurpose } from '../document-driver';
import type { PassportCredential } from './passport-credentials';
import type { PassportCheckId } from './passport-report';

/** What a purpose reads from the chip, in card order (EF.COM always, to learn which DGs exist). */
export interface PassportReadPlan {
  /** Data groups read when EF.COM lists them (each once). */
  readonly dataGroups: readonly ('DG1' | 'DG2' | 'DG11' | 'DG12' | 'DG14' | 'DG15')[];
  /** Active Authentication when DG15 was read. */
  readonly activeAuthentication: boolean;
  /** Chip Authentication when DG14 was read (or PACE-CAM's proof when PACE-CAM was used). */
  readonly chipAuthentication: boolean;
  /** The purpose needs the holder's address (a supplementary document when the chip has none). */
  readonly needsAddress: boolean;
}

export interface PassportPurpose extends DocumentPurpose<PassportCredential, PassportReadPlan> {
  readonly requiredChecks: readonly PassportCheckId[];
}

/** The files every plan reads besides the data groups. */
export const PLAN_FILES: readonly LdsFileName[] = ['EF.COM', 'EF.SOD'];

const DATA_AND_SIGNER: readonly PassportCheckId[] = [
  'pp.access-control',
  'pp.secure-messaging',
  'pp.lds.structure',
  'pp.passive-auth.dg-hashes',
  'pp.passive-auth.sod-signature',
  'pp.passive-auth.dsc-chain',
  'pp.document.expiry',
];

const FULL: PassportReadPlan = {
  dataGroups: ['DG1', 'DG2', 'DG11', 'DG12', 'DG14', 'DG15'],
  activeAuthentication: true,
  chipAuthentication: true,
  needsAddress: true,
};

const FACE_TO_FACE = {
  ja: '対面・ICチップ読取と画面表示（犯収法 新イ方式）。住所の記載がない旅券は補完書類で住所を確認（適用はUNCONFIRMED）',
  en: 'Face to face, IC chip read and shown on screen (AML rule, new method i); a passport without an address is completed by a supplementary document (applicability UNCONFIRMED)',
} as const;

export const PASSPORT_PURPOSES: Readonly<Partial<Record<PurposeId, PassportPurpose>>> = {
  counter: {
    credentials: ['mrz'],
    optionalCredentials: ['can'],
    reads: FULL,
    revocation: 'none',
    requiredChecks: DATA_AND_SIGNER,
    legalMethod: FACE_TO_FACE,
  },
  bank: {
    credentials: ['mrz'],
    optionalCredentials: ['can'],
    reads: FULL,
    revocation: 'none',
    // A bank also wants proof that the chip is not a copy (Active or Chip Authentication).
    requiredChecks: [...DATA_AND_SIGNER, 'pp.chip.genuine'],
    legalMethod: FACE_TO_FACE,
  },
  field: {
    credentials: ['mrz'],
    optionalCredentials: ['can'],
    reads: { dataGroups: ['DG1', 'DG2', 'DG14', 'DG15'], activeAuthentication: true, chipAuthentication: true, needsAddress: false },
    revocation: 'none',
    requiredChecks: DATA_AND_SIGNER,
  },
  age: {
    credentials: ['mrz'],
    optionalCredentials: ['can'],
    // The birth date (DG1) signed by the state and a genuine chip; no face, no DG11/DG12.
    reads: { dataGroups: ['DG1', 'DG14', 'DG15'], activeAuthentication: true, chipAuthentication: true, needsAddress: false },
    revocation: 'none',
    requiredChecks: DATA_AND_SIGNER,
  },
};
