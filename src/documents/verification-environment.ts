import type { RevocationChecker } from '../verify/revocation/revocation-checker';
import type { AnchorSet, TrustStore } from '../verify/trust/trust-anchors';

/** Everything a verification depends on besides the card: injected, so tests control it. */
export interface VerificationEnvironment {
  readonly trust: TrustStore;
  /** Every anchor of every mode, so a check can say "known, but only in another mode". */
  readonly allAnchors: AnchorSet;
  readonly revocation: RevocationChecker;
  /** The verification time (tests pin it; production uses the clock). */
  readonly now: () => Date;
}
