/**
 * What each purpose keeps in its evidence record and for how long (ux-and-anchors §3.3, §3.5).
 * Data minimisation: personal fields are copied from the report only when the policy names
 * them; everything else in the record identifies the check, not the person.
 */
import type { PurposeId } from '../verify/report';
import { EvidenceError } from './evidence-error';

export type PersonalField = 'name' | 'address' | 'birthDate';
export const PERSONAL_FIELDS: readonly PersonalField[] = ['name', 'address', 'birthDate'];

export interface EvidencePolicy {
  /** 本人特定事項 copied into the record (only those the report actually holds). */
  readonly keepPersonal: readonly PersonalField[];
  /** Days from the end of the check until the record may be erased. */
  readonly retentionDays: number;
  /**
   * Keep card identifiers (expiry, JPKI issuer + serial, card-face signature fingerprint).
   * Default true; the age check drops them, since they would link an anonymous age answer to
   * one card.
   */
  readonly keepCardIdentifiers?: boolean;
  /**
   * Keep the document's own fields and images a driver names for the purpose
   * (DocumentEvidence.fields / .images: a residence card's nationality and period of stay, the
   * signed front image that stands in for a photocopy). Personal data, so the default follows
   * `keepPersonal`: kept when the purpose keeps any personal field, dropped otherwise (age).
   */
  readonly keepDocumentFields?: boolean;
}

/**
 * 7 years in days, rounded UP: 7 × 365 plus the most leap days any 7-year span can hold (2),
 * so the record never expires before the 7th anniversary.
 */
export const SEVEN_YEARS_DAYS = 7 * 365 + 2;
/** 1 year including a possible leap day. */
export const ONE_YEAR_DAYS = 366;
const MAX_RETENTION_DAYS = 50 * 366;

/**
 * Defaults per purpose.
 *  - counter, bank: 犯収法 確認記録 — name, address and date of birth, 7 years (法6条, 規則20条;
 *    ux §3.3). The law counts 7 years from the END of the transaction or business relationship;
 *    we count from the end of the check, a stand-in we can compute at write time. For a
 *    relationship that continues (an account that stays open) this is SHORTER than the law
 *    asks: the business's own 確認記録 system must keep its copy (export) until 7 years after
 *    the relationship ends. Retention of a stored record cannot be extended (it is bound into
 *    the hash chain).
 *  - field: name and date of birth for 1 year. UNCONFIRMED policy (no statute read for it);
 *    configure per deployment.
 *  - age: nothing personal (only the 18+/20+ answers the report already reduced the birth date
 *    to), no card identifiers, 30 days.
 */
export const DEFAULT_EVIDENCE_POLICIES: Readonly<Record<PurposeId, EvidencePolicy>> = {
  counter: { keepPersonal: ['name', 'address', 'birthDate'], retentionDays: SEVEN_YEARS_DAYS, keepCardIdentifiers: true },
  bank: { keepPersonal: ['name', 'address', 'birthDate'], retentionDays: SEVEN_YEARS_DAYS, keepCardIdentifiers: true },
  field: { keepPersonal: ['name', 'birthDate'], retentionDays: ONE_YEAR_DAYS, keepCardIdentifiers: true },
  age: { keepPersonal: [], retentionDays: 30, keepCardIdentifiers: false },
};

/** The default policy of a purpose, with optional deployment overrides; validated. */
export function evidencePolicyFor(purpose: PurposeId, overrides: Partial<EvidencePolicy> = {}): EvidencePolicy {
  const base = DEFAULT_EVIDENCE_POLICIES[purpose];
  if (!base) throw new EvidenceError('evidence-invalid-input', `no evidence policy for purpose ${String(purpose)}`);
  return validatePolicy({ ...base, ...overrides });
}

/** Throws EvidenceError('evidence-invalid-input') for an unknown field or an unusable retention. */
export function validatePolicy(policy: EvidencePolicy): EvidencePolicy {
  for (const f of policy.keepPersonal) {
    if (!PERSONAL_FIELDS.includes(f)) throw new EvidenceError('evidence-invalid-input', `unknown personal field ${String(f)}`);
  }
  if (!Number.isInteger(policy.retentionDays) || policy.retentionDays < 1 || policy.retentionDays > MAX_RETENTION_DAYS) {
    throw new EvidenceError('evidence-invalid-input', 'retentionDays must be an integer from 1 to 18300');
  }
  return {
    keepPersonal: [...new Set(policy.keepPersonal)],
    retentionDays: policy.retentionDays,
    keepCardIdentifiers: policy.keepCardIdentifiers ?? true,
    keepDocumentFields: policy.keepDocumentFields ?? policy.keepPersonal.length > 0,
  };
}

/** End of retention: `from` plus whole days (UTC milliseconds; JST has no DST, so days are exact). */
export function retentionEnd(from: Date, policy: EvidencePolicy): Date {
  return new Date(from.getTime() + policy.retentionDays * 86_400_000);
}

/**
 * What the clerk compares before a check can be recorded as confirmed (ux-and-anchors §1.2 step
 * 6, §6 step 5): the person's face with the photo, the printed card with the chip data, and for
 * a bank account the application form with the chip data. The age check reads no name or photo
 * from the chip, so only the face is compared (with the photo printed on the card).
 */
export type StaffItem = 'face' | 'printed-card' | 'application-form';

const STAFF_ITEMS: Readonly<Record<PurposeId, readonly StaffItem[]>> = {
  counter: ['face', 'printed-card'],
  bank: ['face', 'printed-card', 'application-form'],
  field: ['face', 'printed-card'],
  age: ['face'],
};

/** The items the clerk must answer for a purpose (unknown purposes: face and printed card). */
export function requiredStaffItems(purpose: PurposeId): readonly StaffItem[] {
  return STAFF_ITEMS[purpose] ?? ['face', 'printed-card'];
}
