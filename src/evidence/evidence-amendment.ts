/**
 * The outcome a verification record has once later records answered its pending revocation
 * questions (revocation-resolution records: append-only, the original is never edited). For the
 * history and exports: the original outcome stays as it was recorded; this is what it amounts to now.
 *
 * Rule: each pending revocation check takes the status of its latest final answer (good → pass,
 * revoked → fail), and the outcome is decided again as the report decided it (decideOutcome) from
 * the purpose's required checks, which the caller gives (the document driver knows them; the
 * record does not list them). Without them, a record that was 'incomplete' becomes 'verified'
 * only when no check is left pending or skipped (a skipped check may have been a required one).
 */
import { decideOutcome, type CheckStatus, type Outcome } from '../verify/report';
import { isFinalResolution, type EvidenceRecord, type RevocationResolutionRecord, type VerificationEvidenceRecord } from './evidence-record';

export interface AmendedOutcome {
  readonly outcome: Outcome;
  /** True when a later record changed it. */
  readonly amended: boolean;
  /** The resolution records taken into account, in seq order. */
  readonly by: readonly RevocationResolutionRecord[];
}

export function amendedOutcome(record: VerificationEvidenceRecord, records: readonly EvidenceRecord[], required?: readonly string[]): AmendedOutcome {
  const answers = records
    .filter((r): r is RevocationResolutionRecord => r.kind === 'revocation-resolution' && r.refersTo === record.id && isFinalResolution(r))
    .sort((a, b) => a.seq - b.seq);
  if (answers.length === 0) return { outcome: record.outcome, amended: false, by: [] };
  const latest = new Map<string, CheckStatus>();
  for (const a of answers) latest.set(a.checkId, a.result.status);
  const statuses = record.checks.map((c) => (c.status === 'pending' && latest.has(c.id) ? latest.get(c.id)! : c.status));
  let outcome: Outcome = record.outcome;
  if (required) outcome = record.outcome === 'failed' ? 'failed' : decideOutcome(record.checks.map((c, i) => ({ ...c, status: statuses[i]! })), required);
  else if (statuses.includes('fail')) outcome = 'failed';
  else if (record.outcome === 'incomplete' && !statuses.some((s) => s === 'pending' || s === 'skipped')) outcome = 'verified';
  return { outcome, amended: outcome !== record.outcome, by: answers };
}
