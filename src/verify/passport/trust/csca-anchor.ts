/**
 * A CSCA the passport trust store holds (passport-trust.ts explains the store). Its own module so
 * the shipped-anchor list (japan-cscas.ts) and the store share the type without importing each
 * other (the dependency rules refuse import cycles).
 */
import type { AnchorHierarchy } from '../../trust/trust-anchors';

export type CscaSource = 'shipped' | 'master-list' | 'imported' | 'simulator';

export interface CscaAnchor {
  readonly der: Uint8Array;
  /** ISO 3166 alpha-2 of the certificate's subject. */
  readonly country: string;
  /** Subject, for people. */
  readonly name: string;
  readonly hierarchy: AnchorHierarchy;
  readonly source: CscaSource;
  /** e.g. "German BSI master list 2026-05-28 …", "master list signed by …, imported 2026-…". */
  readonly provenance: string;
  /** SHA-256 of the DER, lower-case hex. */
  readonly sha256: string;
}
