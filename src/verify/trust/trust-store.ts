import type { TrustMode } from '../report';
import { jpkiTestAnchorSet, productionAnchorSet } from './builtin-anchors';
import type { AnchorSet, TrustStore } from './trust-anchors';

export interface TrustStoreInputs {
  /** The simulator's anchors (from sim/pki); required for mode 'simulator', ignored otherwise. */
  readonly simulator?: AnchorSet;
  /** Operator-imported anchors for this mode (e.g. the 2019 J-LIS generation). */
  readonly imported?: AnchorSet;
}

/**
 * The anchors in force for one mode. Modes never mix: production never contains a test or
 * simulator key, so a simulated card can never verify in production (ARCHITECTURE.md).
 */
export function createTrustStore(mode: TrustMode, inputs: TrustStoreInputs = {}): TrustStore {
  const base: AnchorSet =
    mode === 'production' ? productionAnchorSet() : mode === 'jpki-test' ? jpkiTestAnchorSet() : (inputs.simulator ?? { cvCaKeys: [], x509Anchors: [] });
  const imported = mode === 'simulator' ? undefined : inputs.imported;
  return {
    mode,
    cvCaKeys: [...base.cvCaKeys, ...(imported?.cvCaKeys ?? [])],
    x509Anchors: [...base.x509Anchors, ...(imported?.x509Anchors ?? [])],
  };
}

/** Every anchor of every mode, so a check can say "known, but only in another mode". */
export function allKnownAnchors(inputs: TrustStoreInputs = {}): AnchorSet {
  const sets = [productionAnchorSet(), jpkiTestAnchorSet(), inputs.simulator, inputs.imported].filter((s): s is AnchorSet => !!s);
  return { cvCaKeys: sets.flatMap((s) => s.cvCaKeys), x509Anchors: sets.flatMap((s) => s.x509Anchors) };
}
