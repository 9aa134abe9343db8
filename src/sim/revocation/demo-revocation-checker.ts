import type { RevocationChecker, RevocationRequest, RevocationResult, RevocationTarget } from '../../verify/revocation/revocation-checker';
import { toHex } from '../../bytes/hex';
import { checkRequest, pending } from '../../verify/revocation/revocation-target';

/**
 * Demo mode's simulated revocation service: like the simulated card, it stands in for a real
 * platform operator so a clerk can see "revoked" and "pending" without a network. It answers
 * from the serials the demo bundle lists as revoked, and answers pending whenever the device is
 * offline. It is clearly a simulator component and is never used outside simulator trust mode.
 */
export class DemoRevocationChecker implements RevocationChecker {
  readonly source = 'platform' as const;
  private readonly revoked: ReadonlySet<string>;

  constructor(revokedSerialsHex: readonly string[], private readonly isOnline: () => boolean = () => globalThis.navigator?.onLine ?? true) {
    this.revoked = new Set(revokedSerialsHex.map((s) => s.toUpperCase().replace(/^0+/, '')));
  }

  check(req: RevocationRequest): Promise<RevocationResult> {
    return checkRequest(this, req);
  }

  async checkTarget(t: RevocationTarget): Promise<RevocationResult> {
    if (!this.isOnline()) return pending(t, 'platform', 'offline');
    const checkedAt = t.now.toISOString();
    if (this.revoked.has(toHex(t.serial).replace(/^0+/, ''))) {
      return { status: 'revoked', source: 'platform', checkedAt, reason: 'affiliationChanged', revokedAt: '2026-10-01T00:00:00.000Z' };
    }
    return { status: 'good', source: 'platform', checkedAt };
  }
}
