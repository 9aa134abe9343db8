import type { DocumentKind, TrustMode } from '../report';

/** Where an anchor belongs. 'operator' = imported by the operator at run time. */
export type AnchorHierarchy = 'production' | 'test' | 'simulator' | 'operator';

/**
 * A CA key for card-verifiable certificates (7F21), named by its full 16-byte 証明者鍵ID
 * (spec §3.4). The key is not on the card; it comes from here.
 */
export interface CvCaKey {
  readonly keyId: Uint8Array;
  /** e.g. '5000033/001'. */
  readonly name: string;
  readonly hierarchy: AnchorHierarchy;
  /** e.g. 'community-observed (soltia48/myna-card)', 'kazasu-simulator', 'operator-imported'. */
  readonly provenance: string;
  readonly modulus: Uint8Array;
  readonly exponent: Uint8Array;
}

/** A pinned X.509 root for JPKI chains (spec §4.3, §6). Never chosen by DN alone. */
export interface X509Anchor {
  readonly der: Uint8Array;
  readonly name: string;
  readonly hierarchy: AnchorHierarchy;
  readonly provenance: string;
  /** Which JPKI certificates it may anchor. */
  readonly purpose: 'sign' | 'auth' | 'any';
}

export interface AnchorSet {
  readonly cvCaKeys: readonly CvCaKey[];
  readonly x509Anchors: readonly X509Anchor[];
}

/** The anchors in force for one verification. */
export interface TrustStore extends AnchorSet {
  readonly mode: TrustMode;
}

/**
 * An X.509 CA that one document's own verifier chains its signer certificates to (the residence
 * card's MOJ CAs; later a licence's or passport's issuer CAs), of any mode: each document's
 * verifier keeps the anchors of the mode in force and names the others "another mode". Where
 * they come from is the caller's business (pinned imports, the simulator), so verify/ never
 * imports sim/ or storage.
 */
export interface DocumentAnchor {
  readonly document: DocumentKind;
  /** The CA certificate (DER). */
  readonly der: Uint8Array;
  readonly name: string;
  readonly hierarchy: 'production' | 'test' | 'simulator';
  /** e.g. 'moj-gen2-2026 pinned, operator-imported 2026-12-01', 'kazasu-simulator'. */
  readonly provenance: string;
  /** SHA-256 of the DER, upper-case hex. */
  readonly sha256: string;
  /** The card generation it signs for, where the document has generations (residence card: 1, 2). */
  readonly generation?: number;
}
