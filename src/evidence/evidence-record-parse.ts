import { EvidenceError } from './evidence-error';
import { DOCUMENT_KINDS } from '../verify/report';
import { READABLE_RECORD_VERSIONS, RESOLUTION_RECORD_VERSION, type EvidenceRecord, type RevocationResolutionRecord, type VerificationEvidenceRecord } from './evidence-record';
import { parseIsoInstant } from './jst-time';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Shape check of a record read back from storage (after AES-GCM authenticated it, so this
 * catches version drift and bugs, not attackers). Throws EvidenceError('evidence-record-malformed').
 *
 * Versions: verification records 1 (My Number Card only, before the document seam), 2 (any
 * document, optional `documentIdentifier`, `documentVariant`, `documentFields`,
 * `documentImages`, staff tick boxes) and 3 (as 2, with explicit staff answers and the clerk who
 * gave them); an older record reads back as it was stored (its bytes are what the hash chain
 * covers).
 * Revocation-resolution records: version 1.
 */
export function parseEvidenceRecord(value: unknown): EvidenceRecord {
  const fail = (what: string): never => {
    throw new EvidenceError('evidence-record-malformed', `stored record: ${what}`);
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('not an object');
  const o = value as Record<string, unknown>;
  const versions: readonly unknown[] = o.kind === 'verification' ? READABLE_RECORD_VERSIONS : [RESOLUTION_RECORD_VERSION];
  if (!versions.includes(o.version)) fail('version');
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
    const staff = o.staffConfirmations as { answers?: unknown; faceMatches?: unknown; printedCardMatches?: unknown };
    if (o.version === 3 && !Array.isArray(staff.answers)) fail('staffConfirmations.answers');
    if (o.version !== 3 && (typeof staff.faceMatches !== 'boolean' || typeof staff.printedCardMatches !== 'boolean')) fail('staffConfirmations');
    if (typeof o.legalMethod !== 'object' || o.legalMethod === null) fail('legalMethod');
    if (o.version === 1 && o.documentType !== 'mynumber-card') fail('documentType');
    if (!(DOCUMENT_KINDS as readonly unknown[]).includes(o.documentType)) fail('documentType');
    if (o.version === 1 && o.documentIdentifier !== undefined) fail('documentIdentifier');
    if (o.documentIdentifier !== undefined) {
      const id = o.documentIdentifier as Record<string, unknown> | null;
      if (typeof id !== 'object' || id === null || typeof id.scheme !== 'string' || typeof id.value !== 'string') fail('documentIdentifier');
    }
    if (typeof o.cardIdentifiers !== 'object' || o.cardIdentifiers === null) fail('cardIdentifiers');
    for (const k of ['documentVariant', 'documentFields', 'documentImages'] as const) {
      if (o[k] === undefined) continue;
      if (o.version === 1) fail(k);
      if (k === 'documentVariant' ? typeof o[k] !== 'string' : typeof o[k] !== 'object' || o[k] === null || Array.isArray(o[k])) fail(k);
    }
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
