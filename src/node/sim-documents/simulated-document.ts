import type { ApduResponder } from '../../transport/apdu-responder';
import type { DocumentKind } from '../../verify/report';

/** One simulated card, ready to put on a simulated reader. */
export interface SimulatedCardOnReader {
  readonly document: DocumentKind;
  readonly profileId: string;
  readonly responder: ApduResponder;
  /**
   * The card's own credentials by the driver's credential ids (simulator test data, printed on
   * the simulated card): `--sim` uses them for credentials left off the command line. Never printed.
   */
  readonly credentials?: Readonly<Record<string, string>>;
}

/**
 * How the CLI (`kazasu read|verify --sim …`) builds the simulated cards of one document: its named
 * profiles, profile files, and forged cards. One per document, listed in ./index.ts.
 */
export interface SimulatedDocument {
  readonly kind: DocumentKind;
  /** The named profiles, in the order `kazasu sim list` shows them. */
  readonly profileIds: readonly string[];
  /** Forged-card ids `--forgery` accepts for this document. */
  readonly forgeryIds: readonly string[];
  /** Build the card of a named profile or a parsed profile file of this document. */
  card(ref: { readonly named: string } | { readonly json: unknown; readonly file: string }, options: { readonly forgery?: string }): Promise<SimulatedCardOnReader>;
}
