import type { ApduResponder } from '../../transport/apdu-responder';
import type { DocumentKind } from '../../verify/report';
import type { DocumentAnchor } from '../../verify/trust/trust-anchors';

/** One simulated card, ready to put on a simulated reader. */
export interface SimulatedCardOnReader {
  readonly document: DocumentKind;
  readonly profileId: string;
  readonly responder: ApduResponder;
  /** The card's answer to reset (vpcd hands it to pcscd). */
  readonly atr: Uint8Array;
}

/** A named profile, as `kazasu sim list` shows it. */
export interface SimulatedProfileEntry {
  readonly id: string;
  readonly description: { readonly ja: string; readonly en: string };
}

/**
 * How the CLI (`kazasu read|verify --sim …`, `kazasu sim list|export|vpcd`) builds the simulated
 * cards of one document: its named profiles, profile files, and forged cards. One per document,
 * listed in ./index.ts.
 */
export interface SimulatedDocument {
  readonly kind: DocumentKind;
  /** The named profiles, in the order `kazasu sim list` shows them. */
  readonly profileIds: readonly string[];
  /** Named profiles with their descriptions (`kazasu sim list`). */
  readonly profiles: readonly SimulatedProfileEntry[];
  /** Forged-card ids `--forgery` accepts for this document. */
  readonly forgeryIds: readonly string[];
  /** Build the card of a named profile or a parsed profile file of this document. */
  card(ref: SimulatedCardRef, options: { readonly forgery?: string }): Promise<SimulatedCardOnReader>;
  /** `kazasu sim export <ref> <dir>`: the card's files, certificates as PEM and a manifest; returns a summary line. */
  export(ref: SimulatedCardRef, dir: string): Promise<string>;
  /**
   * The simulator's own CAs for documents that chain to their issuer's X.509 CA (simulator trust
   * mode only; the My Number Card's simulator keys travel in the AnchorSet instead).
   */
  anchors(): Promise<readonly DocumentAnchor[]>;
}

export type SimulatedCardRef = { readonly named: string } | { readonly json: unknown; readonly file: string };
