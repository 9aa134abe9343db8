/**
 * What each kiosk purpose means for the My Number Card: the credentials, what is read (the
 * session never reads more: data minimisation), the revocation policy and the checks that must
 * pass for 'verified'.
 */
import type { CheckId } from '../../verify/check-catalogue';
import type { PurposeId } from '../../verify/report';
import type { DocumentPurpose } from '../document-driver';
import type { MyNumberCredential } from './mynumber-credentials';

/** What a purpose reads from the My Number Card. */
export interface MyNumberReadPlan {
  /** 券面事項入力補助AP basic-4 + integrity record + signed key, opened with 照合番号B. */
  readonly textBasicFour: boolean;
  /** 券面事項確認AP card face (photo, name/address images, birth date, sex, expiry), 照合番号B. */
  readonly cardFace: boolean;
  /** 券面AP age record only, opened with the birth-date key. */
  readonly ageRecord: boolean;
  /** Internal authentication on these APs (chip genuine). */
  readonly chipAuthentication: readonly ('text' | 'face')[];
  /** JPKI 署名用 certificate (sign password) + a challenge signature by the sign key. */
  readonly jpkiSign: boolean;
  /** JPKI 利用者証明用 certificate (free to read on the physical card; no challenge without PIN). */
  readonly jpkiAuthCertificate: boolean;
}

export interface MyNumberPurpose extends DocumentPurpose<MyNumberCredential, MyNumberReadPlan> {
  readonly requiredChecks: readonly CheckId[];
}

const CARD_SIGNATURES: readonly CheckId[] = [
  'text.cv-certificate',
  'text.integrity-signature',
  'text.basic-four-digest',
  'text.signed-key',
  'text.chip-authentication',
  'face.cv-certificate',
  'face.card-face-signature',
  'face.chip-authentication',
  'card.expiry',
  'cross.birth-date',
  'cross.sex',
];

const COUNTER_READS: MyNumberReadPlan = {
  textBasicFour: true,
  cardFace: true,
  ageRecord: false,
  chipAuthentication: ['text', 'face'],
  jpkiSign: false,
  jpkiAuthCertificate: false,
};

export const MYNUMBER_PURPOSES: Readonly<Record<PurposeId, MyNumberPurpose>> = {
  counter: {
    credentials: ['codeB'],
    reads: COUNTER_READS,
    revocation: 'none',
    requiredChecks: CARD_SIGNATURES,
  },
  bank: {
    credentials: ['codeB', 'signPassword'],
    reads: { ...COUNTER_READS, jpkiSign: true },
    revocation: 'required',
    requiredChecks: [...CARD_SIGNATURES, 'jpki.sign.chain', 'jpki.sign.challenge', 'jpki.sign.revocation', 'cross.name', 'cross.address'],
  },
  field: {
    credentials: ['codeB'],
    // The 利用者証明用 PIN is optional: given, the auth key signs a challenge too.
    optionalCredentials: ['authPin'],
    reads: { ...COUNTER_READS, jpkiAuthCertificate: true },
    revocation: 'pending-allowed',
    requiredChecks: [...CARD_SIGNATURES, 'jpki.auth.chain'],
  },
  age: {
    credentials: ['birthDateKey'],
    reads: { textBasicFour: false, cardFace: false, ageRecord: true, chipAuthentication: ['face'], jpkiSign: false, jpkiAuthCertificate: false },
    revocation: 'none',
    requiredChecks: ['face.cv-certificate', 'face.age-record-signature', 'face.chip-authentication'],
  },
};
