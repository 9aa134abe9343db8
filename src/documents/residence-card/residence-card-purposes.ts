/**
 * What each kiosk purpose means for a residence card / special permanent resident certificate.
 *
 * Every purpose opens the card with the card number (nothing on the chip but MF's two free files
 * can be read without it) and checks the same chip evidence: the card type against the chip,
 * the card number, the check code over the signed data, its signer certificate chained to a
 * pinned MOJ CA of the trust mode and valid now, and the front / name image. The purposes differ
 * in what they read, keep and cite:
 *
 * - counter (窓口): everything on the chip, shown to staff; the record keeps the 記号番号 (card
 *   number), the holder's signed fields (gen 2) or the signed front image (gen 1, in place of a
 *   photocopy), the address.
 * - bank (口座開設, 犯収法): a bank opening an account for a foreign resident needs, beyond the
 *   本人特定事項: the document and its number, the nationality, the status and period of stay
 *   and their end (to manage the account when the stay ends), the card's expiry — gen 2 signs
 *   them as text; gen 1 holds them only in the signed front image, which the record keeps as the
 *   photocopy replacement and staff read on screen. There is no JPKI-like signature certificate
 *   on a residence card, so the bank's method is the face-to-face IC read (犯収法施行規則6条1項1号,
 *   the 2027 "new イ" method; rule letters UNCONFIRMED like session/purposes.ts), not ワ. No
 *   revocation service exists for residence cards that a kiosk can query (MOJ's 失効情報照会 is a
 *   web page for people), so revocation is 'none'; the stay- and card-expiry checks fail an
 *   expired card.
 * - field (offline): the same chip checks; nothing needs a network. The record keeps the card
 *   number and the (gen 2) birth date only.
 * - age: only generation 2 signs the birth date as text. The chip proves 18+/20+ from it; only
 *   the signed files are read (never the address, permissions or note). Generation 1 holds the
 *   birth date only inside the front image, so the age check is not offered for it (the kiosk
 *   says so when the card is placed, before the number is asked for).
 *
 * Card expiry (gen 2) and the period of stay are checks of their own; they are not in
 * `requiredChecks` because generation 1 cannot answer them from the chip (skipped, "read it on
 * the front image") — an expired gen-2 card or stay still FAILS, since any failed check fails
 * the outcome.
 */
import type { RcCheckId } from '../../verify/residence-card/residence-card-checks';
import type { PurposeId } from '../../verify/report';
import type { DocumentPurpose } from '../document-driver';
import type { ResidenceCardCredential } from './residence-card-credentials';
import type { ResidenceCardVariant } from './residence-card-detect';

/** What a purpose reads from the card: every file, or the signed ones only (ResidenceCard.readAll). */
export interface ResidenceCardReadPlan {
  readonly scope: 'all' | 'signed';
  /** Answer 18+/20+ from the signed birth date (and show nothing else of it). */
  readonly ageOnly: boolean;
}

export interface ResidenceCardPurpose extends DocumentPurpose<ResidenceCardCredential, ResidenceCardReadPlan> {
  readonly requiredChecks: readonly RcCheckId[];
  readonly variants?: readonly ResidenceCardVariant[];
}

const CHIP_CHECKS: readonly RcCheckId[] = ['rc.card-type', 'rc.card-number', 'rc.signature', 'rc.certificate-chain', 'rc.certificate-validity', 'rc.front-image'];
const ALL: ResidenceCardReadPlan = { scope: 'all', ageOnly: false };

export const RESIDENCE_CARD_PURPOSES: Readonly<Partial<Record<PurposeId, ResidenceCardPurpose>>> = {
  counter: { credentials: ['cardNumber'], reads: ALL, revocation: 'none', requiredChecks: CHIP_CHECKS },
  bank: {
    credentials: ['cardNumber'],
    reads: ALL,
    revocation: 'none',
    requiredChecks: CHIP_CHECKS,
    legalMethod: {
      ja: '対面・在留カード等のICチップ読取と画面表示（犯収法 新イ方式）、在留期間等を記録',
      en: 'Face to face, residence card IC chip read and shown on screen (AML rule, new method i); period of stay recorded',
    },
  },
  field: { credentials: ['cardNumber'], reads: ALL, revocation: 'none', requiredChecks: CHIP_CHECKS },
  age: {
    credentials: ['cardNumber'],
    reads: { scope: 'signed', ageOnly: true },
    revocation: 'none',
    // The name image is signed data too, but the age check shows no name.
    requiredChecks: ['rc.card-type', 'rc.card-number', 'rc.signature', 'rc.certificate-chain', 'rc.certificate-validity', 'rc.card-expiry'],
    variants: ['gen2-residence-card', 'gen2-special-permanent-resident'],
    legalMethod: { ja: '年齢確認のみ（第2世代在留カード等の署名付き生年月日）', en: 'Age only (signed birth date of a second-generation residence card)' },
  },
};
