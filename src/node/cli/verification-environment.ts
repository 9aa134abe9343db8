import type { VerificationEnvironment } from '../../documents/verification-environment';
import type { TrustMode } from '../../verify/report';
import { allKnownAnchors, createTrustStore } from '../../verify/trust/trust-store';
import { loadImportedAnchors } from '../anchor-file-repository';
import { revocationFromFlag } from '../revocation-config';

/**
 * What a CLI verification depends on besides the card: the trust store of `mode` (with the
 * operator's imported anchors outside simulator mode), every known anchor (so a check can say
 * "known, but in another mode"), the revocation checker `--revocation` names and the clock.
 */
export async function verificationEnvironment(mode: TrustMode, revocation: string | undefined, fixedNow?: Date): Promise<VerificationEnvironment> {
  // The simulator's anchors are needed in every mode: to name them when a simulated card meets
  // production trust ("cv-issuer-other-mode").
  const { simulatorAnchorSet } = await import('../../sim/pki/sim-trust-anchors');
  const simulator = await simulatorAnchorSet();
  const imported = mode === 'simulator' ? undefined : await loadImportedAnchors(mode);
  return {
    trust: createTrustStore(mode, { simulator, ...(imported ? { imported } : {}) }),
    allAnchors: allKnownAnchors({ simulator, ...(imported ? { imported } : {}) }),
    revocation: revocationFromFlag(revocation),
    now: () => fixedNow ?? new Date(),
  };
}
