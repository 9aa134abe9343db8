import { version as packageVersion } from '../../../package.json';
import { KazasuError, isKazasuError } from '../../errors/kazasu-error';
import { evidencePolicyFor } from '../../evidence/evidence-policy';
import { deriveCardIdentifiers } from '../../evidence/card-identifiers';
import { buildEvidenceRecord } from '../../evidence/evidence-record';
import { EvidenceStore } from '../../evidence/evidence-store';
import { openOperatorPinStore, type OperatorPinStore } from '../../evidence/operator-pin';
import { KioskSession, type CompletedCheck } from '../../session/kiosk-session';
import type { TrustMode } from '../../verify/report';
import type { DemoWorld } from '../demo/demo-world';

/**
 * Everything the kiosk needs besides React: the session engine, the reader, trust, and the
 * evidence store. Loaded by dynamic import after the first screen is up (this module pulls in
 * the card library, the verifier and, in demo mode, the simulator).
 */
export interface KioskRuntime {
  readonly session: KioskSession;
  /** Demo mode: the simulated reader and cards (real readers come with issue 5). */
  readonly demo: DemoWorld;
  readonly trustMode: TrustMode;
  readonly evidence: EvidenceAccess;
}

/** The evidence store and the operator PIN, or why they could not be opened. */
export type EvidenceAccess =
  | { readonly ok: true; readonly store: EvidenceStore; readonly pins: OperatorPinStore }
  | { readonly ok: false; readonly code: string };

export interface EvidenceContextSource {
  readonly kioskId: string;
  readonly operatorId: string;
  /** When the card was seen on the reader. */
  readonly presentedAt: Date | undefined;
}

export interface RuntimeOptions {
  readonly apduDelayMs: () => number;
  readonly evidenceContext: () => EvidenceContextSource;
  readonly onEvidenceError: (code: string) => void;
}

export const APP_VERSION = `kazasu-${packageVersion}`;

/** The evidence could not be written; carries the underlying code so the done screen can show it. */
class EvidenceNotSavedError extends KazasuError {
  constructor(readonly code: string, options?: { cause?: unknown }) {
    super(`evidence not saved: ${code}`, options);
  }
}

async function openEvidence(): Promise<EvidenceAccess> {
  if (typeof indexedDB === 'undefined') return { ok: false, code: 'evidence-storage-failed' };
  try {
    const [store, pins] = await Promise.all([EvidenceStore.open({ indexedDB }), openOperatorPinStore({ indexedDB })]);
    return { ok: true, store, pins };
  } catch (e) {
    return { ok: false, code: isKazasuError(e) ? e.code : 'evidence-storage-failed' };
  }
}

export async function createKioskRuntime(options: RuntimeOptions): Promise<KioskRuntime> {
  // The simulator is its own chunk: only demo mode loads it.
  const [demo, evidence] = await Promise.all([import('../demo/demo-world').then((m) => m.loadDemoWorld(options.apduDelayMs)), openEvidence()]);
  let purpose: CompletedCheck['purpose']['id'] | undefined;

  const recordEvidence = async (check: CompletedCheck): Promise<void> => {
    try {
      if (!evidence.ok) throw new EvidenceNotSavedError(evidence.code);
      const context = options.evidenceContext();
      const readAt = new Date(check.report.startedAt);
      const presentedAt = context.presentedAt && context.presentedAt <= readAt ? context.presentedAt : readAt;
      // Identifiers other than the My Number, derived from the card material the report carries
      // in memory (the certificates themselves are never stored).
      const material = check.report.material;
      const cardIdentifiers = await deriveCardIdentifiers({
        ...(check.report.attributes.cardExpiry ? { cardExpiry: check.report.attributes.cardExpiry } : {}),
        ...(material.cardFaceSignature ? { cardFaceSignature: material.cardFaceSignature } : {}),
        jpkiCertificates: [
          ...(material.jpkiSignCertificate ? [{ purpose: 'sign' as const, der: material.jpkiSignCertificate }] : []),
          ...(material.jpkiAuthCertificate ? [{ purpose: 'auth' as const, der: material.jpkiAuthCertificate }] : []),
        ],
      });
      const draft = buildEvidenceRecord(check.report, {
        purpose: check.purpose,
        policy: evidencePolicyFor(check.purpose.id),
        kioskId: context.kioskId,
        operatorId: context.operatorId,
        appVersion: APP_VERSION,
        staffConfirmations: { ...check.confirmations, confirmedAt: check.confirmedAt },
        credentialEntry: check.credentialEntry,
        cardIdentifiers,
        pendingRevocations: material.pendingRevocations,
        presentedAt,
      });
      await evidence.store.append(draft);
    } catch (e) {
      const code = isKazasuError(e) ? e.code : 'evidence-storage-failed';
      options.onEvidenceError(code);
      throw e instanceof EvidenceNotSavedError ? e : new EvidenceNotSavedError(code, { cause: e });
    }
  };

  const session = new KioskSession({
    transport: demo.transport,
    environment: () => demo.environment(purpose ?? 'counter'),
    recordEvidence,
  });
  session.subscribe((s) => {
    if (s.step === 'choose-purpose') purpose = undefined;
    else if ('purpose' in s) purpose = s.purpose;
  });

  return { session, demo, trustMode: 'simulator', evidence };
}
