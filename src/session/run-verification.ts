/**
 * The one verification runner: purpose → the document driver's steps → one report. It knows no
 * document: the driver (documents/<doc>/) says what each step reads and checks; the runner
 * reports progress once per step (so the total is the step count, never a guess), collects the
 * checks and anchors, and decides the outcome from the purpose's required checks.
 *
 * Credential problems (wrong 照合番号B, blocked or last-try PIN, a bad format) and a card that
 * leaves the reader are thrown as typed errors — they are not verification results, and the
 * caller decides what the person sees.
 */
import type { AnyDocumentDriver, EnteredCredentials, StepContext } from '../documents/document-driver';
import { documentDriver, type CredentialKind, type DocumentReport } from '../documents/registry';
import { UnknownDocumentError, UnsupportedPurposeError } from '../documents/document-errors';
import { dedupeAnchors } from '../documents/step-helpers';
import type { CardTransport } from '../transport/card-transport';
import { decideOutcome, type AnchorUse, type AnyCheck, type DocumentKind, type VerificationReport } from '../verify/report';
import type { Purpose } from './purposes';
import type { ProgressListener, VerificationEnvironment, VerificationStep } from './verification-environment';

/**
 * What the person and the clerk entered, by credential id (every registered document's ids), and
 * whether the person confirmed using a last try. Lives only for this call; never stored or logged.
 */
export type VerificationCredentials = Readonly<Partial<Record<CredentialKind, string>>> & {
  /** The person confirmed using a last remaining try (pin-guard refuses otherwise). */
  readonly confirmLastTry?: boolean;
};

export interface VerificationOptions {
  /**
   * The document on the reader, by kind (a registered driver) or as a driver. Default
   * 'mynumber-card' (the kiosk's first document); a caller that does not know the card asks the
   * registry first (CardProbe.detect).
   */
  readonly document?: DocumentKind | AnyDocumentDriver;
}

/**
 * Read and verify the card on `transport` as `options.document` for one purpose. Reads only what
 * the driver's plan for the purpose names; every check goes into one report.
 */
export async function runVerification(
  transport: CardTransport,
  purpose: Purpose,
  credentials: VerificationCredentials,
  env: VerificationEnvironment,
  onProgress?: ProgressListener,
  options: VerificationOptions = {},
): Promise<DocumentReport> {
  const chosen = options.document ?? 'mynumber-card';
  const driver = typeof chosen === 'string' ? documentDriver(chosen) : chosen;
  const kind = typeof chosen === 'string' ? chosen : chosen.kind;
  if (!driver) throw new UnknownDocumentError();
  if (!driver.purposes[purpose.id]) throw new UnsupportedPurposeError(kind, purpose.id);
  const { confirmLastTry = false, ...values } = credentials;
  const entered: EnteredCredentials = { values, confirmLastTry };
  const startedAt = env.now();
  const checks: AnyCheck[] = [];
  const anchors: AnchorUse[] = [];
  const ctx: StepContext = {
    transport,
    env,
    purpose: purpose.id,
    credentials: entered,
    now: () => env.now(),
    add: (...cs) => void checks.push(...cs),
    useAnchor: (a) => void anchors.push(a),
    anchors: () => dedupeAnchors(anchors),
  };
  const plan = driver.plan(purpose.id, entered);
  const total = plan.steps.length;
  const state = plan.open(ctx);
  let parts: ReturnType<typeof plan.finish>;
  try {
    let done = 0;
    for (const step of plan.steps) {
      onProgress?.(step.label as VerificationStep, ++done, total);
      await step.run(state, ctx);
    }
    parts = plan.finish(state, ctx);
  } finally {
    plan.close(state);
  }
  const report: VerificationReport = {
    document: driver.kind,
    purpose: purpose.id,
    startedAt: startedAt.toISOString(),
    finishedAt: env.now().toISOString(),
    transport: transport.kind,
    trustMode: env.trust.mode,
    anchors: dedupeAnchors(anchors),
    checks,
    ...parts,
    outcome: decideOutcome(checks, driver.purposes[purpose.id]!.requiredChecks),
  };
  // The driver built attributes, images and material for its own report type and its steps
  // added only its own check ids; the core fields above are the same for every document.
  return report as DocumentReport;
}

export { ageAnswers, MissingCredentialError } from '../documents/step-helpers';
