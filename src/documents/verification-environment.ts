import type { RevocationChecker } from '../verify/revocation/revocation-checker';
import type { PassportTrustStore } from '../verify/passport/trust/passport-trust';
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
  /**
   * The passport's trust material in force: the CSCAs of `trust.mode`, imported master lists and
   * CSCA CRLs (verify/passport/trust). Absent: the passport driver uses Japan's shipped CSCAs in
   * production mode and none in the other modes, so a passport then fails with "unknown CSCA".
   */
  readonly passportTrust?: PassportTrustStore;
  readonly revocation: RevocationChecker;
  /** The verification time (tests pin it; production uses the clock). */
  readonly now: () => Date;
}
