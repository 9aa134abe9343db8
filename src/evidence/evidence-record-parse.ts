import { EvidenceError } from './evidence-error';
import { READABLE_RECORD_VERSIONS, type EvidenceRecord, type RevocationResolutionRecord, type VerificationEvidenceRecord } from './evidence-record';
import { parseIsoInstant } from './jst-time';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Shape check of a record read back from storage (after AES-GCM authenticated it, so this
 * catches version drift and bugs, not attackers). Throws EvidenceError('evidence-record-malformed').
 */
export function parseEvidenceRecord(value: unknown): EvidenceRecord {
  const fail = (what: string): never => {
    throw new EvidenceError('evidence-record-malformed', `stored record: ${what}`);
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('not an object');
  const o = value as Record<string, unknown>;
  if (typeof o.version !== 'number' || !READABLE_RECORD_VERSIONS.includes(o.version)) fail('version');
  if (typeof o.id !== 'string' || !UUID.test(o.id)) fail('id');
  if (typeof o.seq !== 'number' || !Number.isSafeInteger(o.seq) || o.seq < 1) fail('seq');
  for (const k of ['createdAt', 'retentionUntil'] as const) {
    if (typeof o[k] !== 'string' || !Number.isFinite(parseIsoInstant(o[k] as string))) fail(k);
  }
  if (typeof o.operatorId !== 'string') fail('operatorId');
  if (o.kind === 'verification') {
    if (typeof o.purpose !== 'string' || typeof o.outcome !== 'string') fail('purpose/outcome');
    if (!Array.isArray(o.checks) || !Array.isArray(o.pendingRevocations) || !Array.isArray(o.anchors)) fail('checks/pendingRevocations/anchors');
    if (typeof o.staffConfirmations !== 'object' || o.staffConfirmations === null) fail('staffConfirmations');
    if (o.version !== 1 && !Array.isArray((o.staffConfirmations as { answers?: unknown }).answers)) fail('staffConfirmations.answers');
    if (typeof o.legalMethod !== 'object' || o.legalMethod === null) fail('legalMethod');
    return o as unknown as VerificationEvidenceRecord;
  }
  if (o.kind === 'revocation-resolution') {
    if (typeof o.refersTo !== 'string' || !UUID.test(o.refersTo)) fail('refersTo');
    if (o.checkId !== 'jpki.sign.revocation' && o.checkId !== 'jpki.auth.revocation') fail('checkId');
    if (typeof o.result !== 'object' || o.result === null) fail('result');
    return o as unknown as RevocationResolutionRecord;
  }
  return fail('kind');
}
