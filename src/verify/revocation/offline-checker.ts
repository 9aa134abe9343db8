/**
 * The checker for purposes that run with no network at all (e.g. a field check): every answer
 * is `pending` 'offline', with a record the evidence store keeps and resolves later.
 */
import type { RevocationChecker, RevocationRequest, RevocationResult, RevocationTarget } from './revocation-checker';
import { checkRequest, pending } from './revocation-target';

export class OfflineRevocationChecker implements RevocationChecker {
  readonly source = 'offline' as const;

  check(req: RevocationRequest): Promise<RevocationResult> {
    return checkRequest(this, req);
  }

  async checkTarget(t: RevocationTarget): Promise<RevocationResult> {
    return pending(t, 'offline', 'offline');
  }
}
