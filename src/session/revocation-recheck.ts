import { validateJpkiCertificate } from '../verify/jpki/jpki-chain';
import { resolvePending } from '../verify/revocation/pending-revocation';
import { revocationToCheck, type PendingRevocation, type RevocationPurpose, type RevocationResult } from '../verify/revocation/revocation-checker';
import type { MyNumberReport } from '../documents/mynumber/mynumber-report';
import { decideOutcome, type Check } from '../verify/report';
import type { VerificationEnvironment } from './verification-environment';

const REVOCATION_CHECKS = { sign: 'jpki.sign.revocation', auth: 'jpki.auth.revocation' } as const;

/** A revocation check worth asking again: no answer yet, or the service failed (never 'good' or 'revoked'). */
export function isRecheckable(c: Pick<Check, 'id' | 'status' | 'code'>): boolean {
  if (c.id !== REVOCATION_CHECKS.sign && c.id !== REVOCATION_CHECKS.auth) return false;
  return c.status === 'pending' || (c.status === 'fail' && c.code !== 'revoked' && c.code.startsWith('revocation-'));
}

/**
 * The report with its open revocation checks asked again through `env.revocation` (the "re-check
 * revocation" button). The certificate is still in the report's memory (material), so the
 * chain is validated again to name its root, and the question goes out exactly as during the
 * read; a pending question keeps its original queuedAt. Checks, pending questions and the
 * outcome are replaced; nothing else of the report changes (images and material are the same
 * objects, wiped with it).
 */
export async function recheckRevocations(report: MyNumberReport, requiredChecks: readonly string[], env: VerificationEnvironment): Promise<MyNumberReport> {
  let checks: readonly Check[] = report.checks;
  let pendings: readonly PendingRevocation[] = report.material.pendingRevocations;
  for (const p of ['sign', 'auth'] as const satisfies readonly RevocationPurpose[]) {
    const id = REVOCATION_CHECKS[p];
    const old = checks.find((c) => c.id === id);
    if (!old || !isRecheckable(old)) continue;
    const der = p === 'sign' ? report.material.jpkiSignCertificate : report.material.jpkiAuthCertificate;
    if (!der) continue;
    const now = env.now();
    const chain = await validateJpkiCertificate(der, p, env.trust, now);
    if (!chain.anchor || chain.check.status !== 'pass') continue;
    const pending = pendings.find((x) => x.purpose === p);
    const result: RevocationResult = pending
      ? await resolvePending(pending, env.revocation, { issuers: [chain.anchor.der], certificate: der }, now)
      : await env.revocation.check({ certificate: der, issuer: chain.anchor.der, purpose: p, now });
    const next = revocationToCheck(id, result, now);
    checks = checks.map((c) => (c.id === id ? next : c));
    pendings = [...pendings.filter((x) => x.purpose !== p), ...(result.status === 'pending' ? [result.pending] : [])];
  }
  if (checks === report.checks) return report;
  return { ...report, checks, material: { ...report.material, pendingRevocations: pendings }, outcome: decideOutcome(checks, requiredChecks) };
}
