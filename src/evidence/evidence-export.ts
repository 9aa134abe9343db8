/**
 * Exports for the history screen: JSON (records plus the chain metadata needed to re-check the
 * links elsewhere) and CSV for spreadsheets. Pure functions over already-decrypted records.
 * Both hold personal data when the records do; the screen that offers them sits behind the
 * operator PIN.
 */
import { CHECK_TITLES, type CheckId } from '../verify/check-catalogue';
import type { ChainVerification } from './chain-verifier';
import { isLegacyStaffConfirmation, type EvidenceRecord, type RevocationResolutionRecord, type VerificationEvidenceRecord } from './evidence-record';
import { isErased, type ChainEntry } from './hash-chain';
import { toJstIso } from './jst-time';

export const EVIDENCE_EXPORT_FORMAT = 'kazasu.evidence-export' as const;

export interface ExportedEntry {
  readonly seq: number;
  readonly prevHash: string;
  readonly hash: string;
  readonly payloadDigest: string;
  readonly retainUntil: string;
  readonly erased: boolean;
}

export interface EvidenceExport {
  readonly format: typeof EVIDENCE_EXPORT_FORMAT;
  readonly version: 1;
  readonly exportedAt: string;
  /** Verification result at export time (with the head and checkpoint links). */
  readonly chain: ChainVerification & { readonly hashLayout: 'kazasu/evidence/entry/v1' };
  /** Link metadata of every entry read, so the chain can be re-hashed from the export alone. */
  readonly entries: readonly ExportedEntry[];
  readonly records: readonly EvidenceRecord[];
}

export function exportedEntry(e: ChainEntry): ExportedEntry {
  return { seq: e.seq, prevHash: e.prevHash, hash: e.hash, payloadDigest: e.payloadDigest, retainUntil: toJstIso(e.retainUntil), erased: isErased(e) };
}

export function buildJsonExport(records: readonly EvidenceRecord[], entries: readonly ChainEntry[], chain: ChainVerification, exportedAt: Date): EvidenceExport {
  return {
    format: EVIDENCE_EXPORT_FORMAT,
    version: 1,
    exportedAt: toJstIso(exportedAt),
    chain: { ...chain, hashLayout: 'kazasu/evidence/entry/v1' },
    entries: entries.map(exportedEntry),
    records,
  };
}

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote, CR or LF, or starts/ends with
 * a space; quotes doubled. A value a spreadsheet could read as a formula (first non-space
 * character = + - @ or their full-width forms, or a leading TAB/CR) gets a leading apostrophe
 * first (OWASP "CSV injection"), so it is shown as text.
 */
export function csvField(value: string): string {
  let s = value;
  if (/^[\t\r]/.test(s) || /^[\s\u3000]*[=+\-@＝＋－＠]/.test(s)) s = `'${s}`;
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRow(values: readonly string[]): string {
  return values.map(csvField).join(',');
}

type Row = Record<string, string>;

const BASE_COLUMNS = [
  'kind',
  'id',
  'seq',
  'createdAt',
  'purpose',
  'legalMethodJa',
  'legalMethodEn',
  'outcome',
  'chipOutcome',
  'failureReasons',
  'trustMode',
  'transport',
  'presentedAt',
  'readAt',
  'finishedAt',
  'durationMs',
  'documentType',
  'documentIdentifierScheme',
  'documentIdentifier',
  'documentVariant',
  'cardExpiry',
  'jpkiCertificates',
  'cardFaceSignatureSha256',
  'signerCertificateSha256',
  'credentialEntry',
  'staffResult',
  'staffFace',
  'staffPrintedCard',
  'staffApplicationForm',
  'staffFaceComparedWith',
  'staffConfirmedBy',
  'staffConfirmedAt',
  'staffFaceMatches',
  'staffPrintedCardMatches',
  'operatorId',
  'kioskId',
  'appVersion',
  'over18',
  'over20',
  'pendingRevocations',
  'refersTo',
  'resolvedCheck',
  'resolution',
  'resolvedAt',
  'retentionUntil',
] as const;

const PERSONAL_COLUMNS = [
  ['personalName', 'name'],
  ['personalAddress', 'address'],
  ['personalBirthDate', 'birthDate'],
] as const;

const bool = (b: boolean | undefined): string => (b === undefined ? '' : b ? 'yes' : 'no');

/** Staff columns: version 2 answers (match / mismatch / empty = not asked), or version 1 tick boxes. */
function staffColumns(r: VerificationEvidenceRecord): Row {
  const s = r.staffConfirmations;
  if (isLegacyStaffConfirmation(s)) {
    return { staffResult: 'legacy-ticks', staffFaceMatches: bool(s.faceMatches), staffPrintedCardMatches: bool(s.printedCardMatches), staffConfirmedAt: s.confirmedAt };
  }
  const answer = (item: string) => s.answers.find((a) => a.item === item)?.answer ?? '';
  return {
    staffResult: s.result,
    staffFace: answer('face'),
    staffPrintedCard: answer('printed-card'),
    staffApplicationForm: answer('application-form'),
    staffFaceComparedWith: s.faceComparedWith ?? '',
    staffConfirmedBy: s.confirmedBy,
    staffConfirmedAt: s.confirmedAt,
  };
}

function verificationRow(r: VerificationEvidenceRecord): Row {
  const row: Row = {
    kind: r.kind,
    id: r.id,
    seq: String(r.seq),
    createdAt: r.createdAt,
    purpose: r.purpose,
    legalMethodJa: r.legalMethod.ja,
    legalMethodEn: r.legalMethod.en,
    outcome: r.outcome,
    chipOutcome: r.chipOutcome ?? '',
    failureReasons: (r.failureReasons ?? []).map((f) => (f.kind === 'check' ? `${f.id}:${f.code}` : `staff:${f.item}`)).join('; '),
    trustMode: r.trustMode,
    transport: r.transport,
    presentedAt: r.presentedAt,
    readAt: r.readAt,
    finishedAt: r.finishedAt,
    durationMs: String(r.durationMs),
    documentType: r.documentType,
    documentIdentifierScheme: r.documentIdentifier?.scheme ?? '',
    documentIdentifier: r.documentIdentifier?.value ?? '',
    cardExpiry: r.cardIdentifiers.cardExpiry ?? '',
    jpkiCertificates: (r.cardIdentifiers.jpkiCertificates ?? []).map((c) => `${c.purpose} ${c.serialHex} (${c.issuer})`).join('; '),
    cardFaceSignatureSha256: r.cardIdentifiers.cardFaceSignatureSha256 ?? '',
    signerCertificateSha256: r.cardIdentifiers.signerCertificateSha256 ?? '',
    documentVariant: r.documentVariant ?? '',
    credentialEntry: r.credentialEntry,
    ...staffColumns(r),
    operatorId: r.operatorId,
    kioskId: r.kioskId,
    appVersion: r.appVersion,
    over18: bool(r.ageAnswers?.over18),
    over20: bool(r.ageAnswers?.over20),
    pendingRevocations: r.pendingRevocations.map((p) => `${p.purpose} ${p.serialHex}`).join('; '),
    retentionUntil: r.retentionUntil,
  };
  for (const [col, field] of PERSONAL_COLUMNS) row[col] = r.personal?.[field] ?? '';
  // A document's own fields (a residence card's nationality, period of stay…) as `field:<name>`;
  // images stay in the JSON export only (a spreadsheet cell is no place for a TIFF).
  for (const [k, v] of Object.entries(r.documentFields ?? {})) row[`field:${k}`] = typeof v === 'boolean' ? bool(v) : v;
  if (r.documentImages) row.documentImages = Object.keys(r.documentImages).sort().join('; ');
  for (const c of r.checks) row[`check:${c.id}`] = `${c.status}:${c.code}`;
  return row;
}

function resolutionRow(r: RevocationResolutionRecord): Row {
  return {
    kind: r.kind,
    id: r.id,
    seq: String(r.seq),
    createdAt: r.createdAt,
    operatorId: r.operatorId,
    refersTo: r.refersTo,
    resolvedCheck: r.checkId,
    resolution: `${r.result.status}:${r.result.code}`,
    resolvedAt: r.resolvedAt,
    retentionUntil: r.retentionUntil,
    [`check:${r.checkId}`]: `${r.result.status}:${r.result.code}`,
  };
}

/**
 * One row per record, CRLF line ends. Check columns (`check:<id>`, value `status:code`) appear for
 * every check any record has (the My Number Card's in catalogue order, other documents' after); personal columns only when some record keeps
 * that field. `excelBom` prefixes U+FEFF so Excel opens UTF-8 Japanese text correctly.
 */
export function buildCsvExport(records: readonly EvidenceRecord[], options: { readonly excelBom?: boolean } = {}): string {
  const rows = records.map((r) => (r.kind === 'verification' ? verificationRow(r) : resolutionRow(r)));
  const personal = PERSONAL_COLUMNS.map(([c]) => c).filter((c) => rows.some((row) => (row[c] ?? '') !== ''));
  const documentColumns = [...new Set(rows.flatMap((row) => Object.keys(row).filter((k) => k.startsWith('field:') || k === 'documentImages')))].sort();
  const present = new Set(rows.flatMap((row) => Object.keys(row).filter((k) => k.startsWith('check:'))));
  // The My Number Card's checks in catalogue order, then any other document's in id order.
  const known = (Object.keys(CHECK_TITLES) as CheckId[]).map((id) => `check:${id}`);
  const checkColumns = [...known.filter((c) => present.has(c)), ...[...present].filter((c) => !known.includes(c)).sort()];
  const columns = [...BASE_COLUMNS, ...personal, ...documentColumns, ...checkColumns];
  const lines = [csvRow(columns), ...rows.map((row) => csvRow(columns.map((c) => row[c] ?? '')))];
  return (options.excelBom ? '\uFEFF' : '') + lines.join('\r\n') + '\r\n';
}
