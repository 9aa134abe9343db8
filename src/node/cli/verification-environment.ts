import type { VerificationEnvironment } from '../../documents/verification-environment';
import type { TrustMode } from '../../verify/report';
import { allKnownAnchors, createTrustStore } from '../../verify/trust/trust-store';
import { loadImportedAnchors, loadImportedDocumentAnchors } from '../anchor-file-repository';
import { passportTrustFor } from '../passport-trust-file';
import { revocationFromFlag } from '../revocation-config';

/**
 * What a CLI verification depends on besides the card: the trust store of `mode` (with the
 * operator's imported anchors outside simulator mode), every known anchor (so a check can say
 * "known, but in another mode"), the issuer CAs of documents that chain to their own issuer (the
 * residence card: the simulator's CAs and the operator's imports of every mode; each driver keeps
 * those of the mode and its document), the revocation checker `--revocation` names and the clock.
 * `notes`: stored anchors ignored because they no longer match their pinned fingerprint.
 */
export async function verificationEnvironmentWithNotes(
  mode: TrustMode,
  revocation: string | undefined,
  fixedNow?: Date,
): Promise<{ readonly environment: VerificationEnvironment; readonly notes: readonly string[] }> {
  // The simulator's anchors are needed in every mode: to name them when a simulated card meets
  // production trust ("cv-issuer-other-mode").
  const { simulatorAnchorSet } = await import('../../sim/pki/sim-trust-anchors');
  const { simulatorDocumentAnchors } = await import('../sim-documents');
  const simulator = await simulatorAnchorSet();
  const imported = mode === 'simulator' ? undefined : await loadImportedAnchors(mode);
  const documentImports = await loadImportedDocumentAnchors();
  return {
    environment: {
      documentAnchors: [...(await simulatorDocumentAnchors()), ...documentImports.anchors],
      trust: createTrustStore(mode, { simulator, ...(imported ? { imported } : {}) }),
      allAnchors: allKnownAnchors({ simulator, ...(imported ? { imported } : {}) }),
      // The passport's CSCAs, master lists and CSCA CRLs in force for this mode.
      passportTrust: (await passportTrustFor(mode, fixedNow ?? new Date())).store,
      revocation: revocationFromFlag(revocation),
      now: () => fixedNow ?? new Date(),
    },
    notes: documentImports.refused.map((sha256) => `! stored anchor ${sha256} ignored: it no longer matches its pinned fingerprint (import it again)`),
  };
}

export async function verificationEnvironment(mode: TrustMode, revocation: string | undefined, fixedNow?: Date): Promise<VerificationEnvironment> {
  return (await verificationEnvironmentWithNotes(mode, revocation, fixedNow)).environment;
}
