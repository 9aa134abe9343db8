import type { DocumentEvidence } from '../../evidence/card-identifiers';
import { EvidenceError } from '../../evidence/evidence-error';
import type { EvidenceContext } from '../../evidence/evidence-record';
import type { CompletedCheck } from '../../session/kiosk-session';

/**
 * The supplementary document (補完書類) part of a check's EvidenceContext: a confirmed check of a
 * document that lacks items the purpose needs (DocumentEvidence.missingItems: a passport without
 * an address, at the counter or bank) must name the document staff checked them on; a failed or
 * mismatched check records none. Throws EvidenceError('evidence-invalid-input') when it is missing
 * or does not supply every missing item, so such a check is never stored as complete.
 */
export function supplementaryContext(check: Pick<CompletedCheck, 'staff' | 'supplementaryDocument' | 'report'>, described: Pick<DocumentEvidence, 'missingItems'>): Pick<EvidenceContext, 'supplementaryDocument'> {
  const missing = described.missingItems ?? [];
  const completes = check.staff.result !== 'mismatch' && check.report.outcome !== 'failed';
  if (!completes || missing.length === 0) return {};
  const given = check.supplementaryDocument;
  if (!given || missing.some((m) => !given.supplies.includes(m))) throw new EvidenceError('evidence-invalid-input', `a supplementary document must supply: ${missing.join(', ')}`);
  return { supplementaryDocument: { supplies: [...given.supplies], kind: given.kind } };
}
