import type { VerificationEnvironment } from '../../documents/verification-environment';
import type { DocumentKind, TrustMode } from '../../verify/report';
import { allKnownAnchors, createTrustStore } from '../../verify/trust/trust-store';
import { loadImportedAnchors, loadImportedDocumentAnchors } from '../anchor-file-repository';
import { revocationFromFlag } from '../revocation-config';

/**
 * What a CLI verification depends on besides the card: the trust store of `mode` (with the
 * operator's imported anchors outside simulator mode), every known anchor (so a check can say
 * "known, but in another mode"), the issuer CAs of documents that chain to their own issuer (the
 * residence card: the simulator's CAs and the operator's imports of every mode; each driver keeps
 * those of the mode and its document), the revocation checker `--revocation` names and the clock.
 * `notes`: stored anchors ignored because they no longer match their pinned fingerprint.
 *
 * `documents`: when the caller knows which document is verified (the card was recognised, or the
 * recording says), only those documents' simulator CAs are built and the passport trust only for
 * a passport — building them all was most of a `kazasu verify` run. A document left out then has
 * no simulator CAs and no passport trust: its chain checks fail ("no anchor", "unknown CSCA"),
 * never pass. Undefined: every document (the library's verificationEnvironmentFor).
 */
export async function verificationEnvironmentWithNotes(
  mode: TrustMode,
  revocation: string | undefined,
  fixedNow?: Date,
  documents?: readonly DocumentKind[],
): Promise<{ readonly environment: VerificationEnvironment; readonly notes: readonly string[] }> {
  // The simulator's anchors are needed in every mode: to name them when a simulated card meets
  // production trust ("cv-issuer-other-mode").
  // (Precomputed by the bundled CLI's build: sim-material.ts.)
  const { simulatorAnchorsOf } = await import('../sim-documents/simulator-document-anchors');
  const simulator = (await (await import('./sim-material')).precomputedSimulatorAnchorSet()) ?? (await (await import('../../sim/pki/sim-trust-anchors')).simulatorAnchorSet());
  const imported = mode === 'simulator' ? undefined : await loadImportedAnchors(mode);
  const documentImports = await loadImportedDocumentAnchors();
  const withPassport = !documents || documents.includes('passport');
  return {
    environment: {
      documentAnchors: [...(await simulatorAnchorsOf(documents)), ...documentImports.anchors],
      trust: createTrustStore(mode, { simulator, ...(imported ? { imported } : {}) }),
      allAnchors: allKnownAnchors({ simulator, ...(imported ? { imported } : {}) }),
      // The passport's CSCAs, master lists and CSCA CRLs in force for this mode.
      ...(withPassport ? { passportTrust: (await (await import('../passport-trust-file')).passportTrustFor(mode, fixedNow ?? new Date())).store } : {}),
      revocation: revocationFromFlag(revocation),
      now: () => fixedNow ?? new Date(),
    },
    notes: documentImports.refused.map((sha256) => `! stored anchor ${sha256} ignored: it no longer matches its pinned fingerprint (import it again)`),
  };
}

export async function verificationEnvironment(mode: TrustMode, revocation: string | undefined, fixedNow?: Date, documents?: readonly DocumentKind[]): Promise<VerificationEnvironment> {
  return (await verificationEnvironmentWithNotes(mode, revocation, fixedNow, documents)).environment;
}
