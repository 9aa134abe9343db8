/**
 * Revocation questions left pending (offline, no answer, a list past nextUpdate) are asked again
 * when the kiosk is online; a definite answer (good or revoked) is appended to the evidence store
 * as a `revocation-resolution` record referring to the original (append-only, hash-chained like
 * every record; the original is never edited). Failed or still-pending answers add nothing: the
 * question stays open for the next try.
 */
import type { PendingRevocationItem, ResolutionInput } from '../../evidence/evidence-store';
import { resolvePending, type RevocationChecker } from '../../verify/revocation/revocation-checker';

export interface PendingEvidence {
  pendingRevocations(): Promise<PendingRevocationItem[]>;
  appendResolution(input: ResolutionInput): Promise<unknown>;
}

export interface ResolutionRun {
  /** Answers appended now. */
  readonly resolved: number;
  /** Questions still open. */
  readonly open: number;
}

export async function resolveOpenRevocations(deps: {
  readonly store: PendingEvidence;
  readonly checker: RevocationChecker;
  /** Pinned issuer certificates (DER); the one matching a record's hashes is used. */
  readonly issuers: readonly Uint8Array[];
  readonly operatorId: string;
  readonly now: () => Date;
}): Promise<ResolutionRun> {
  let resolved = 0;
  let open = 0;
  for (const item of await deps.store.pendingRevocations()) {
    let result;
    try {
      result = await resolvePending(item.pending, deps.checker, { issuers: deps.issuers }, deps.now());
    } catch {
      open++; // a malformed stored question stays in the history as it is
      continue;
    }
    if (result.status === 'good' || result.status === 'revoked') {
      await deps.store.appendResolution({ refersTo: item.record.id, checkId: item.checkId, result, operatorId: deps.operatorId, resolvedAt: deps.now() });
      resolved++;
    } else {
      open++;
    }
  }
  return { resolved, open };
}
