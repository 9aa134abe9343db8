/**
 * The revocation boundary of the verifier. A RevocationChecker answers "is this JPKI
 * certificate revoked?" from one source — a CRL, an OCSP responder, a platform operator
 * (in Japan only verifiers registered with J-LIS may ask it; reference pki-and-perf.md §2.2) —
 * or says it cannot answer yet. "No answer" is never "not revoked": a missing, late or unusable
 * answer is `pending` (resolvable later from a PendingRevocation record) or `failed`.
 *
 * Revocation is done here, never by pkijs' chain engine, which treats "no CRL/OCSP" as "not
 * revoked" and ignores CRL scope (reference pki-and-perf.md §1.2).
 */
import type { CheckId, ReasonCode } from '../check-catalogue';
import { check, type Check } from '../report';

export type {
  PendingRevocation,
  RevocationChecker,
  RevocationPurpose,
  RevocationRequest,
  RevocationResult,
  RevocationSource,
  RevocationTarget,
} from './revocation-types';
import type { RevocationResult } from './revocation-types';

/** good → pass 'ok'; revoked → fail 'revoked'; pending → pending 'revocation-pending'; failed → fail <code>. */
export function revocationToCheck(
  id: Extract<CheckId, 'jpki.sign.revocation' | 'jpki.auth.revocation'>,
  r: RevocationResult,
  now: Date = new Date(),
): Check {
  switch (r.status) {
    case 'good': {
      const validity = r.nextUpdate ? `; list valid until ${r.nextUpdate}` : '';
      return check(id, 'pass', 'ok', `not revoked (${r.source}, checked ${r.checkedAt}${validity})`, now);
    }
    case 'revoked':
      return check(
        id,
        'fail',
        'revoked',
        `revoked: ${r.reason ?? 'no reason given'}, ${r.revokedAt ?? 'date not given'} (${r.source})`,
        now,
      );
    case 'pending':
      return check(id, 'pending', 'revocation-pending', `not checked yet (${r.reason}, ${r.source}); queued ${r.queuedAt}`, now);
    case 'failed':
      return check(id, 'fail', r.code, `${r.source}: ${r.detail}`, now);
  }
}

export { parsePendingRevocation, resolvePending, type PendingResolutionCerts } from './pending-revocation';
