/**
 * The evidence record kept in place of a photocopy (ux-and-anchors §3.5): one per completed
 * check, plus `revocation-resolution` records appended when a pending revocation question is
 * answered later (the original is never edited: the store is append-only).
 *
 * Never in a record: PINs or passwords, 照合番号B digits (only whether it was typed or read by
 * OCR), the My Number or its hash, raw APDU logs, face photos, check `detail` text. Personal
 * fields only as the purpose's EvidencePolicy says; the one kind of image a record may hold is
 * one a document driver names as standing in for a photocopy of the document (documentImages,
 * e.g. a residence card's signed front image). `assertNoForbiddenData` runs on every draft.
 */
import type { TransportKind } from '../transport/card-transport';
import type { CheckId, ReasonCode } from '../verify/check-catalogue';
import type { AnchorUse, CheckStatus, DocumentKind, Outcome, PurposeId, TrustMode, VerificationReport } from '../verify/report';
import { revocationToCheck, type PendingRevocation, type RevocationResult, type RevocationSource } from '../verify/revocation/revocation-checker';
import type { CardIdentifiers, DocumentEvidence, DocumentIdentifier, EvidenceFieldValue, EvidenceImage } from './card-identifiers';
import { EvidenceError } from './evidence-error';
import { isOperatorLabel } from './operator-label';
import { requiredStaffItems, retentionEnd, validatePolicy, type EvidencePolicy, type PersonalField, type StaffItem } from './evidence-policy';
import { assertNoForbiddenData, type ForbiddenDataRules } from './forbidden-data';
import { parseIsoInstant, toJstIso } from './jst-time';

/**
 * Version of the verification records written now.
 *  1: My Number Card only; staff confirmation as two tick boxes (unticked = not confirmed).
 *  2: any document kind, and `documentIdentifier` (the 記号番号); still the two tick boxes.
 *  3: as 2, and staff confirmation is one explicit answer per item (一致する / 一致しない) with
 *     the clerk who gave it; the record's outcome includes the staff's answers.
 * Records of versions 1 and 2 stay readable (evidence-record-parse.ts) and are shown and exported
 * as they are: the store is append-only, old records are never rewritten.
 */
export const EVIDENCE_RECORD_VERSION = 3 as const;
/** Versions a stored verification record may have. */
export type VerificationRecordVersion = 1 | 2 | typeof EVIDENCE_RECORD_VERSION;
/** Verification record versions this code reads back. */
export const READABLE_RECORD_VERSIONS: readonly VerificationRecordVersion[] = [1, 2, EVIDENCE_RECORD_VERSION];
/** Revocation-resolution records have not changed shape since version 1. */
export const RESOLUTION_RECORD_VERSION = 1 as const;

export type { StaffItem } from './evidence-policy';
export { isOperatorLabel } from './operator-label';
export type StaffAnswer = 'match' | 'mismatch';

export interface EvidenceCheck {
  /** A check id of the record's document (docs/checks.md). */
  readonly id: string;
  readonly status: CheckStatus;
  readonly code: string;
  /** JST with offset. */
  readonly at: string;
}

/** One staff answer: which item, 一致する or 一致しない, which clerk, when. */
export interface StaffAnswerRecord {
  readonly item: StaffItem;
  readonly answer: StaffAnswer;
  /** The clerk who gave the answer (as chosen on the counter screen). */
  readonly by: string;
  /** JST with offset. */
  readonly at: string;
}

/**
 * What the staff confirmed (version 3).
 *  - 'confirmed': every item the purpose asks for was answered 一致する;
 *  - 'mismatch': at least one item was answered 一致しない (the record's outcome is then failed);
 *  - 'not-asked': the chip check itself failed, so nothing was compared (recorded as failed).
 */
export interface StaffConfirmationRecord {
  readonly result: 'confirmed' | 'mismatch' | 'not-asked';
  /** What the face was compared with: the chip photo, or the printed photo when the chip photo could not be shown. */
  readonly faceComparedWith?: 'chip-photo' | 'printed-photo';
  readonly answers: readonly StaffAnswerRecord[];
  /** The clerk who recorded the check. */
  readonly confirmedBy: string;
  /** JST with offset. */
  readonly confirmedAt: string;
}

/** Version 1 and 2 records: two tick boxes; an unticked box was recorded as false (not an explicit answer). */
export interface LegacyStaffConfirmationRecord {
  readonly faceMatches: boolean;
  readonly printedCardMatches: boolean;
  readonly confirmedAt: string;
}

export function isLegacyStaffConfirmation(s: StaffConfirmationRecord | LegacyStaffConfirmationRecord): s is LegacyStaffConfirmationRecord {
  return !('result' in s);
}

/** Why a record's outcome is failed (chip checks are in `checks`; this names the decisive ones). */
export type FailureReason =
  | { readonly kind: 'staff-mismatch'; readonly item: StaffItem }
  | { readonly kind: 'check'; readonly id: string; readonly code: string };

/** Fields the store assigns when it appends (not part of a draft). */
export interface StoredRecordFields {
  /** crypto.randomUUID(). */
  readonly id: string;
  /** Position in the hash chain, from 1. */
  readonly seq: number;
  /** When the record was written (JST with offset). */
  readonly createdAt: string;
}

export type RevocationCheckId = Extract<CheckId, 'jpki.sign.revocation' | 'jpki.auth.revocation'>;

export interface VerificationEvidenceRecord extends StoredRecordFields {
  readonly kind: 'verification';
  /** 1 and 2 = legacy tick boxes (read only); 3 = explicit staff answers (see EVIDENCE_RECORD_VERSION). */
  readonly version: VerificationRecordVersion;
  readonly kioskId: string;
  /** Build id of the app (e.g. version + commit). */
  readonly appVersion: string;
  /** Staff member who ran the check (規則20条1項1号/2号): the clerk's name or staff number. */
  readonly operatorId: string;
  readonly purpose: PurposeId;
  /** The legal method or use cited (ux-and-anchors §3.1; letters for 2027 UNCONFIRMED). */
  readonly legalMethod: { readonly ja: string; readonly en: string };
  /** When the card was presented (JST with offset). */
  readonly presentedAt: string;
  /** When the chip read began. */
  readonly readAt: string;
  /** When verification finished. */
  readonly finishedAt: string;
  /** finishedAt − presentedAt. */
  readonly durationMs: number;
  readonly transport: TransportKind;
  /** Which document was presented ('mynumber-card' in every version 1 record). */
  readonly documentType: DocumentKind;
  /** The document's 記号番号 (from version 2; absent when the policy drops identifiers or the document has none). */
  readonly documentIdentifier?: DocumentIdentifier;
  /** Which variant of the document (version 2; e.g. 'gen2-residence-card'). */
  readonly documentVariant?: string;
  readonly cardIdentifiers: CardIdentifiers;
  /** The document's own fields the purpose keeps (version 2; see DocumentEvidence.fields). */
  readonly documentFields?: Readonly<Record<string, EvidenceFieldValue>>;
  /** Images standing in for a photocopy of the document (version 2; see EvidenceImage). */
  readonly documentImages?: Readonly<Record<string, EvidenceImage>>;
  readonly checks: readonly EvidenceCheck[];
  /** The outcome of the whole check: the chip's, turned failed when staff answered 一致しない. */
  readonly outcome: Outcome;
  /** What the chip checks alone gave (version 3; in versions 1 and 2 `outcome` is the chip's). */
  readonly chipOutcome?: Outcome;
  /** Why the outcome is failed (version 3; empty otherwise). */
  readonly failureReasons?: readonly FailureReason[];
  readonly trustMode: TrustMode;
  readonly anchors: readonly AnchorUse[];
  readonly staffConfirmations: StaffConfirmationRecord | LegacyStaffConfirmationRecord;
  /** How the 照合番号B / birth-date key was entered. NEVER the digits. */
  readonly credentialEntry: 'manual' | 'ocr';
  /** 本人特定事項, only those the purpose's policy keeps. Absent when none. */
  readonly personal?: { readonly name?: string; readonly address?: string; readonly birthDate?: string };
  /** The age check's answers (the age purpose keeps only these). */
  readonly ageAnswers?: { readonly over18: boolean; readonly over20: boolean };
  /** Revocation questions that could not be answered at the time; resolved by later records. */
  readonly pendingRevocations: readonly PendingRevocation[];
  /** End of retention (JST with offset); the record may be erased after it. */
  readonly retentionUntil: string;
}

export interface RevocationResolutionRecord extends StoredRecordFields {
  readonly kind: 'revocation-resolution';
  readonly version: typeof RESOLUTION_RECORD_VERSION;
  /** id of the verification record whose pending question this answers. */
  readonly refersTo: string;
  readonly checkId: RevocationCheckId;
  readonly operatorId: string;
  readonly result: {
    readonly revocation: RevocationResult['status'];
    /** The check status and reason code the answer maps to (revocationToCheck). */
    readonly status: CheckStatus;
    readonly code: ReasonCode;
    readonly source: RevocationSource;
    readonly checkedAt?: string;
    readonly revokedAt?: string;
    /** RFC 5280 reason name for a revoked certificate. */
    readonly revocationReason?: string;
  };
  readonly resolvedAt: string;
  /** Same as the record it refers to, so the two are erased together. */
  readonly retentionUntil: string;
}

export type EvidenceRecord = VerificationEvidenceRecord | RevocationResolutionRecord;

type Draft<T> = Omit<T, keyof StoredRecordFields>;
export type VerificationDraft = Draft<VerificationEvidenceRecord>;
export type ResolutionDraft = Draft<RevocationResolutionRecord>;
export type EvidenceDraft = VerificationDraft | ResolutionDraft;

/**
 * What the staff answered on the confirmation screen, and when (input of buildEvidenceRecord).
 * The clerk is the context's operatorId. See StaffConfirmationRecord for `result`.
 */
export interface EvidenceStaffConfirmations {
  readonly result: StaffConfirmationRecord['result'];
  readonly answers: readonly { readonly item: StaffItem; readonly answer: StaffAnswer }[];
  readonly faceComparedWith?: 'chip-photo' | 'printed-photo';
  readonly confirmedAt: Date | string;
}

/** The kiosk purpose as the record cites it (session/purposes.ts `Purpose` fits). */
export interface EvidencePurpose {
  readonly id: PurposeId;
  readonly legalMethod: { readonly ja: string; readonly en: string };
}

export interface EvidenceContext {
  readonly purpose: EvidencePurpose;
  readonly policy: EvidencePolicy;
  readonly kioskId: string;
  readonly operatorId: string;
  readonly appVersion: string;
  readonly staffConfirmations: EvidenceStaffConfirmations;
  readonly credentialEntry: 'manual' | 'ocr';
  readonly cardIdentifiers: CardIdentifiers;
  /** The document's 記号番号, from its driver (DocumentDriver.evidence.describe). */
  readonly documentIdentifier?: DocumentIdentifier;
  /** The rest of what the driver described (variant, fields, images); see documentEvidenceContext. */
  readonly documentVariant?: string;
  readonly documentFields?: Readonly<Record<string, EvidenceFieldValue>>;
  readonly documentImages?: Readonly<Record<string, EvidenceImage>>;
  /** The document's forbidden-data rules (DocumentDriver.evidence.forbidden); default: none added. */
  readonly forbiddenData?: ForbiddenDataRules;
  /** The PendingRevocation records of every `pending` revocation check in the report. */
  readonly pendingRevocations?: readonly PendingRevocation[];
  /** When the card was presented, if the UI saw it before the read began (default: report.startedAt). */
  readonly presentedAt?: Date | string;
}

/** Which check a pending question belongs to. */
export function revocationCheckIdFor(p: Pick<PendingRevocation, 'purpose'>): RevocationCheckId {
  return p.purpose === 'sign' ? 'jpki.sign.revocation' : 'jpki.auth.revocation';
}

function bad(message: string): never {
  throw new EvidenceError('evidence-invalid-input', message);
}

const LABEL = /^[\x21-\x7e](?:[\x20-\x7e]{0,62}[\x21-\x7e])?$/;

function label(value: string, name: string): string {
  if (typeof value !== 'string' || !LABEL.test(value)) bad(`${name} must be 1–64 printable ASCII characters`);
  return value;
}

function operatorLabel(value: string, name: string): string {
  if (!isOperatorLabel(value)) bad(`${name} must be 1–64 characters without control, direction or invisible characters`);
  return value;
}

/**
 * The staff answers, checked: a record can say 'confirmed' only with an explicit 一致する for
 * every item the purpose asks; 'mismatch' needs at least one 一致しない; 'not-asked' only when
 * the chip check failed. Nothing else is recorded (an item answered twice or not asked is refused).
 */
function staffRecord(context: EvidenceContext, chipOutcome: Outcome, confirmedMs: number, operatorId: string): StaffConfirmationRecord {
  const s = context.staffConfirmations;
  const required = requiredStaffItems(context.purpose.id);
  const answers = Array.isArray(s.answers) ? s.answers : bad('staffConfirmations.answers must be a list');
  const seen = new Set<StaffItem>();
  for (const a of answers) {
    if (!required.includes(a.item)) bad(`staff item ${String(a.item)} is not asked for ${context.purpose.id}`);
    if (seen.has(a.item)) bad(`staff item ${a.item} answered twice`);
    if (a.answer !== 'match' && a.answer !== 'mismatch') bad(`staff answer for ${a.item} must be match or mismatch`);
    seen.add(a.item);
  }
  if (s.result === 'confirmed') {
    if (chipOutcome === 'failed') bad('a failed chip check cannot be recorded as confirmed');
    for (const item of required) {
      if (!answers.some((a) => a.item === item && a.answer === 'match')) bad(`confirmed needs an explicit match for ${item}`);
    }
  } else if (s.result === 'mismatch') {
    if (!answers.some((a) => a.answer === 'mismatch')) bad('mismatch needs at least one mismatch answer');
  } else if (s.result === 'not-asked') {
    if (chipOutcome !== 'failed') bad('not-asked is only for a failed chip check');
    if (answers.length > 0) bad('not-asked carries no answers');
  } else {
    bad('staffConfirmations.result must be confirmed, mismatch or not-asked');
  }
  const faceAsked = answers.some((a) => a.item === 'face');
  if (s.faceComparedWith !== undefined && s.faceComparedWith !== 'chip-photo' && s.faceComparedWith !== 'printed-photo') bad('faceComparedWith');
  const at = toJstIso(confirmedMs);
  return {
    result: s.result,
    ...(faceAsked ? { faceComparedWith: s.faceComparedWith ?? 'chip-photo' } : {}),
    answers: required.flatMap((item) => answers.filter((a) => a.item === item).map((a) => ({ item, answer: a.answer, by: operatorId, at }))),
    confirmedBy: operatorId,
    confirmedAt: at,
  };
}

function instant(value: Date | string, name: string): number {
  const ms = value instanceof Date ? value.getTime() : parseIsoInstant(value);
  if (!Number.isFinite(ms)) bad(`${name} is not a valid time`);
  return ms;
}

function pickPersonal(report: VerificationReport, keep: readonly PersonalField[]): VerificationDraft['personal'] {
  const out: { name?: string; address?: string; birthDate?: string } = {};
  for (const f of keep) {
    const v = report.attributes[f];
    if (typeof v === 'string' && v !== '') out[f] = v;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function pickIdentifiers(report: VerificationReport, given: CardIdentifiers, keep: boolean): CardIdentifiers {
  if (!keep) return {};
  const cardExpiry = given.cardExpiry ?? report.attributes.cardExpiry;
  return {
    ...(cardExpiry !== undefined ? { cardExpiry } : {}),
    ...(given.jpkiCertificates && given.jpkiCertificates.length > 0
      ? { jpkiCertificates: given.jpkiCertificates.map((c) => ({ purpose: c.purpose, issuer: c.issuer, serialHex: c.serialHex })) }
      : {}),
    ...(given.cardFaceSignatureSha256 !== undefined ? { cardFaceSignatureSha256: given.cardFaceSignatureSha256 } : {}),
    ...(given.signerCertificateSha256 !== undefined ? { signerCertificateSha256: given.signerCertificateSha256 } : {}),
  };
}

/** What a driver's DocumentEvidence puts into an EvidenceContext (spread it in). */
export function documentEvidenceContext(d: DocumentEvidence): Pick<EvidenceContext, 'cardIdentifiers' | 'documentIdentifier' | 'documentVariant' | 'documentFields' | 'documentImages'> {
  return {
    cardIdentifiers: d.cardIdentifiers,
    ...(d.identifier ? { documentIdentifier: d.identifier } : {}),
    ...(d.variant !== undefined ? { documentVariant: d.variant } : {}),
    ...(d.fields ? { documentFields: d.fields } : {}),
    ...(d.images ? { documentImages: d.images } : {}),
  };
}

const FIELD_NAME = /^[a-z][A-Za-z0-9]{0,39}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const MEDIA_TYPES: readonly string[] = ['image/tiff', 'image/jp2', 'image/png'];
/** Largest image a record keeps (base64 characters): a residence card front image is 9,336. */
const MAX_IMAGE_BASE64 = 64 * 1024;

function pickFields(fields: EvidenceContext['documentFields']): VerificationDraft['documentFields'] {
  if (!fields) return undefined;
  const out: Record<string, EvidenceFieldValue> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (!FIELD_NAME.test(k)) bad(`documentFields: ${k} is not a field name`);
    if (typeof v === 'boolean') out[k] = v;
    else if (typeof v === 'string' && v.length <= 400) out[k] = v;
    else bad(`documentFields.${k} must be a boolean or a string of at most 400 characters`);
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function pickImages(images: EvidenceContext['documentImages']): VerificationDraft['documentImages'] {
  if (!images) return undefined;
  const out: Record<string, EvidenceImage> = {};
  for (const [k, v] of Object.entries(images)) {
    if (!FIELD_NAME.test(k)) bad(`documentImages: ${k} is not an image name`);
    if (!MEDIA_TYPES.includes(v.mediaType) || typeof v.base64 !== 'string' || v.base64.length > MAX_IMAGE_BASE64 || !BASE64.test(v.base64) || typeof v.signed !== 'boolean') {
      bad(`documentImages.${k} must be a TIFF, JPEG 2000 or PNG image of at most 48 KiB, base64`);
    }
    out[k] = { mediaType: v.mediaType, base64: v.base64, signed: v.signed };
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * One evidence draft from a finished report. Pure: no clock, no randomness (the store adds id,
 * seq and createdAt). Retention counts from the report's finishedAt. Throws
 * EvidenceError('evidence-invalid-input') for inconsistent input and ForbiddenDataError when the
 * result would hold forbidden data.
 */
export function buildEvidenceRecord(report: VerificationReport, context: EvidenceContext): VerificationDraft {
  const { purpose } = context;
  if (report.purpose !== purpose.id) bad(`report purpose ${report.purpose} does not match ${purpose.id}`);
  const policy = validatePolicy(context.policy);
  const readMs = instant(report.startedAt, 'report.startedAt');
  const finishedMs = instant(report.finishedAt, 'report.finishedAt');
  const presentedMs = context.presentedAt !== undefined ? instant(context.presentedAt, 'presentedAt') : readMs;
  if (presentedMs > readMs || readMs > finishedMs) bad('times must satisfy presentedAt ≤ readAt ≤ finishedAt');
  const confirmedMs = instant(context.staffConfirmations.confirmedAt, 'staffConfirmations.confirmedAt');
  if (context.credentialEntry !== 'manual' && context.credentialEntry !== 'ocr') bad('credentialEntry must be manual or ocr');

  const pendingChecks = new Set(report.checks.filter((c) => c.status === 'pending').map((c) => c.id));
  const pendingRevocations = [...(context.pendingRevocations ?? [])];
  for (const p of pendingRevocations) {
    if (p.kind !== 'kazasu.pending-revocation' || p.version !== 1) bad('pendingRevocations: not a PendingRevocation');
    if (!pendingChecks.has(revocationCheckIdFor(p))) bad(`pendingRevocations: the report has no pending ${revocationCheckIdFor(p)} check`);
  }

  const keepIdentifiers = policy.keepCardIdentifiers ?? true;
  const identifier = keepIdentifiers ? context.documentIdentifier : undefined;
  if (identifier && (typeof identifier.scheme !== 'string' || !LABEL.test(identifier.scheme) || typeof identifier.value !== 'string' || !LABEL.test(identifier.value))) {
    bad('documentIdentifier must be a scheme and a value of 1–64 printable ASCII characters');
  }
  const personal = pickPersonal(report, policy.keepPersonal);
  const variant = context.documentVariant;
  if (variant !== undefined && (typeof variant !== 'string' || !LABEL.test(variant))) bad('documentVariant must be 1–64 printable ASCII characters');
  const fields = policy.keepDocumentFields ? pickFields(context.documentFields) : undefined;
  const images = policy.keepDocumentFields ? pickImages(context.documentImages) : undefined;
  const age = report.attributes.age;
  const operatorId = operatorLabel(context.operatorId, 'operatorId');
  const staff = staffRecord(context, report.outcome, confirmedMs, operatorId);
  const failureReasons: FailureReason[] = [
    ...report.checks.filter((c) => c.status === 'fail').map((c): FailureReason => ({ kind: 'check', id: c.id, code: c.code })),
    ...staff.answers.filter((a) => a.answer === 'mismatch').map((a): FailureReason => ({ kind: 'staff-mismatch', item: a.item })),
  ];
  const draft: VerificationDraft = {
    kind: 'verification',
    version: EVIDENCE_RECORD_VERSION,
    kioskId: label(context.kioskId, 'kioskId'),
    appVersion: label(context.appVersion, 'appVersion'),
    operatorId,
    purpose: purpose.id,
    legalMethod: { ja: purpose.legalMethod.ja, en: purpose.legalMethod.en },
    presentedAt: toJstIso(presentedMs),
    readAt: toJstIso(readMs),
    finishedAt: toJstIso(finishedMs),
    durationMs: finishedMs - presentedMs,
    transport: report.transport,
    documentType: report.document,
    ...(identifier ? { documentIdentifier: { scheme: identifier.scheme, value: identifier.value } } : {}),
    ...(variant !== undefined ? { documentVariant: variant } : {}),
    cardIdentifiers: pickIdentifiers(report, context.cardIdentifiers, keepIdentifiers),
    ...(fields ? { documentFields: fields } : {}),
    ...(images ? { documentImages: images } : {}),
    checks: report.checks.map((c) => ({ id: c.id, status: c.status, code: c.code, at: toJstIso(instant(c.at, 'check.at')) })),
    outcome: staff.result === 'mismatch' ? 'failed' : report.outcome,
    chipOutcome: report.outcome,
    failureReasons,
    trustMode: report.trustMode,
    anchors: report.anchors.map((a) => ({ kind: a.kind, name: a.name, hierarchy: a.hierarchy, provenance: a.provenance })),
    staffConfirmations: staff,
    credentialEntry: context.credentialEntry,
    ...(personal ? { personal } : {}),
    ...(age ? { ageAnswers: { over18: age.over18 === true, over20: age.over20 === true } } : {}),
    pendingRevocations: pendingRevocations.map((p) => ({ ...p })),
    retentionUntil: toJstIso(retentionEnd(new Date(finishedMs), policy)),
  };
  return assertNoForbiddenData(draft, context.forbiddenData);
}

/**
 * The draft of a record answering `original`'s pending question `checkId`. Pure. The result is
 * mapped with revocationToCheck so it reads like the live check would have; free-text detail is
 * not kept. Throws EvidenceError('evidence-not-pending') when the original has no such question.
 */
export function buildRevocationResolution(
  original: VerificationEvidenceRecord,
  checkId: RevocationCheckId,
  result: RevocationResult,
  resolvedAt: Date,
  operatorId: string,
): ResolutionDraft {
  instant(resolvedAt, 'resolvedAt');
  if (!original.pendingRevocations.some((p) => revocationCheckIdFor(p) === checkId)) {
    throw new EvidenceError('evidence-not-pending', `record has no pending ${checkId} question`);
  }
  const mapped = revocationToCheck(checkId, result, resolvedAt);
  const draft: ResolutionDraft = {
    kind: 'revocation-resolution',
    version: RESOLUTION_RECORD_VERSION,
    refersTo: original.id,
    checkId,
    operatorId: operatorLabel(operatorId, 'operatorId'),
    result: {
      revocation: result.status,
      status: mapped.status,
      code: mapped.code,
      source: result.source,
      ...(result.status === 'good' || result.status === 'revoked' ? { checkedAt: toJstIso(instant(result.checkedAt, 'result.checkedAt')) } : {}),
      ...(result.status === 'revoked' && result.revokedAt ? { revokedAt: toJstIso(instant(result.revokedAt, 'result.revokedAt')) } : {}),
      ...(result.status === 'revoked' && result.reason && /^[A-Za-z]{1,40}$/.test(result.reason) ? { revocationReason: result.reason } : {}),
    },
    resolvedAt: toJstIso(resolvedAt),
    retentionUntil: original.retentionUntil,
  };
  return assertNoForbiddenData(draft);
}

/** A resolution with a definite answer (good or revoked) closes the question; failed or pending leave it open. */
export function isFinalResolution(r: RevocationResolutionRecord): boolean {
  return r.result.revocation === 'good' || r.result.revocation === 'revoked';
}
