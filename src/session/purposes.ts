import type { CheckId } from '../verify/check-catalogue';

export type PurposeId = 'counter' | 'bank' | 'field' | 'age';

/** What a purpose reads from the card. The session engine never reads more (data minimisation). */
export interface ReadPlan {
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

export type RevocationPolicy =
  /** Revocation must be answered good for 'verified'. */
  | 'required'
  /** Checked when online, otherwise shown as pending; never blocks the offline flow. */
  | 'pending-allowed'
  | 'none';

export interface Purpose {
  readonly id: PurposeId;
  readonly title: { readonly ja: string; readonly en: string };
  /** The legal method or use the evidence record cites (ux-and-anchors §3.1; letters UNCONFIRMED for 2027). */
  readonly legalMethod: { readonly ja: string; readonly en: string };
  /** Credentials the person or the clerk provides. */
  readonly credentials: readonly ('codeB' | 'signPassword' | 'birthDateKey')[];
  readonly reads: ReadPlan;
  readonly revocation: RevocationPolicy;
  /** Checks that must pass for 'verified'. */
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

const COUNTER_READS: ReadPlan = {
  textBasicFour: true,
  cardFace: true,
  ageRecord: false,
  chipAuthentication: ['text', 'face'],
  jpkiSign: false,
  jpkiAuthCertificate: false,
};

export const PURPOSES: Readonly<Record<PurposeId, Purpose>> = {
  counter: {
    id: 'counter',
    title: { ja: '窓口での本人確認', en: 'Counter identity check' },
    legalMethod: { ja: '対面・ICチップ読取と画面表示（犯収法 新イ方式）', en: 'Face to face, IC chip read and shown on screen (AML rule, new method i)' },
    credentials: ['codeB'],
    reads: COUNTER_READS,
    revocation: 'none',
    requiredChecks: CARD_SIGNATURES,
  },
  bank: {
    id: 'bank',
    title: { ja: '口座開設（銀行）', en: 'Bank account opening' },
    legalMethod: { ja: 'ICチップ読取＋署名用電子証明書（犯収法 ワ方式）', en: 'IC chip read + JPKI signature certificate (AML rule, method wa)' },
    credentials: ['codeB', 'signPassword'],
    reads: { ...COUNTER_READS, jpkiSign: true },
    revocation: 'required',
    requiredChecks: [
      ...CARD_SIGNATURES,
      'jpki.sign.chain',
      'jpki.sign.challenge',
      'jpki.sign.revocation',
      'cross.name',
      'cross.address',
    ],
  },
  field: {
    id: 'field',
    title: { ja: '現場確認（オフライン）', en: 'Field check (offline)' },
    legalMethod: { ja: '対面・ICチップ読取（オフライン、失効確認は後で）', en: 'Face to face, IC chip read offline (revocation checked later)' },
    credentials: ['codeB'],
    reads: { ...COUNTER_READS, jpkiAuthCertificate: true },
    revocation: 'pending-allowed',
    requiredChecks: [...CARD_SIGNATURES, 'jpki.auth.chain'],
  },
  age: {
    id: 'age',
    title: { ja: '年齢確認', en: 'Age check' },
    legalMethod: { ja: '年齢確認のみ（生年月日の署名とICチップ）', en: 'Age only (signed birth date and chip)' },
    credentials: ['birthDateKey'],
    reads: { textBasicFour: false, cardFace: false, ageRecord: true, chipAuthentication: ['face'], jpkiSign: false, jpkiAuthCertificate: false },
    revocation: 'none',
    requiredChecks: ['face.cv-certificate', 'face.age-record-signature', 'face.chip-authentication'],
  },
};

export function purpose(id: string): Purpose | undefined {
  return Object.prototype.hasOwnProperty.call(PURPOSES, id) ? PURPOSES[id as PurposeId] : undefined;
}
