import type { TrustMode } from '../report';

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
