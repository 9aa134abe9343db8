import type { RevocationChecker } from '../verify/revocation/revocation-checker';
import type { AnchorSet, DocumentAnchor, TrustStore } from '../verify/trust/trust-anchors';

/** Everything a verification depends on besides the card: injected, so tests control it. */
export interface VerificationEnvironment {
  readonly trust: TrustStore;
  /** Every anchor of every mode, so a check can say "known, but only in another mode". */
  readonly allAnchors: AnchorSet;
  /**
   * X.509 anchors of documents that chain to their own issuer (the residence card's MOJ CAs), of
   * every mode; each driver keeps those of `trust.mode` and its document. Absent: none (such a
   * document's chain check then fails with "no anchor", never passes).
   */
  readonly documentAnchors?: readonly DocumentAnchor[];
  readonly revocation: RevocationChecker;
  /** The verification time (tests pin it; production uses the clock). */
  readonly now: () => Date;
}
