/**
 * Trust anchors for residence cards and how they map onto Kazasu's trust modes (report.ts
 * TrustMode = production | jpki-test | simulator). Modes never mix:
 *
 * | TrustMode    | residence-card anchors                                               |
 * |--------------|----------------------------------------------------------------------|
 * | production   | MOJ production CAs (four gen-1 RSA CAs, the gen-2 CA2) — pinned by   |
 * |              | fingerprint (data/moj-anchors.json), DER imported by the operator    |
 * | jpki-test    | the issuer's official TEST hierarchy: for the residence card, MOJ's  |
 * |              | test CA2 (001460788), pinned the same way. The mode's name is J-LIS's;|
 * |              | proposal for the seam: rename it 'issuer-test' (TEST banner either   |
 * |              | way), since each document's issuer has its own test cards.           |
 * | simulator    | the Kazasu simulator's CAs (sim/residence-card, supplied by the      |
 * |              | caller so verify/ never imports sim/)                                |
 *
 * A card whose certificate chains to an anchor of another mode fails with
 * 'rc-anchor-other-mode', never passes.
 */
import type { TrustMode } from '../report';

export type RcAnchorHierarchy = 'production' | 'test' | 'simulator';

export interface RcAnchor {
  /** The CA certificate (DER). */
  readonly der: Uint8Array;
  readonly name: string;
  /** Which card generation it signs for: gen 1 RSA CAs never anchor a gen-2 card and vice versa. */
  readonly generation: 1 | 2;
  readonly hierarchy: RcAnchorHierarchy;
  /** e.g. 'moj-gen1-2024 pinned, operator-imported 2026-12-01', 'kazasu-simulator'. */
  readonly provenance: string;
  /** SHA-256 of the DER, upper-case hex. */
  readonly sha256: string;
}

/** The anchors in force for one verification, and the others (to say "another mode"). */
export interface ResidenceTrustStore {
  readonly mode: TrustMode;
  readonly anchors: readonly RcAnchor[];
  readonly otherModes: readonly RcAnchor[];
}

export function hierarchyOfMode(mode: TrustMode): RcAnchorHierarchy {
  return mode === 'production' ? 'production' : mode === 'jpki-test' ? 'test' : 'simulator';
}

/**
 * Split every known anchor into this mode's and the rest. `imported` are operator-imported MOJ
 * anchors (validateMojAnchorImport), `simulator` the simulator's CAs.
 */
export function createResidenceTrustStore(mode: TrustMode, inputs: { readonly imported?: readonly RcAnchor[]; readonly simulator?: readonly RcAnchor[] } = {}): ResidenceTrustStore {
  const all = [...(inputs.imported ?? []), ...(inputs.simulator ?? [])];
  const want = hierarchyOfMode(mode);
  return { mode, anchors: all.filter((a) => a.hierarchy === want), otherModes: all.filter((a) => a.hierarchy !== want) };
}
