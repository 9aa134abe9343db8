import { purposeAppliesTo, type AnyDocumentDriver } from '../documents/document-driver';
import { CardProbe, DOCUMENT_DRIVERS, type DocumentReport } from '../documents/registry';
import { isKazasuError, type KazasuError } from '../errors/kazasu-error';
import { TransportError, type CardTransport } from '../transport/card-transport';
import type { DocumentKind } from '../verify/report';
import type { CredentialKind, KioskListener, KioskNotice, KioskState, TriesByCredential } from './kiosk-state';
import { PURPOSES, purposeFor, type Purpose, type PurposeId } from './purposes';
import { runVerification, type VerificationCredentials } from './run-verification';
import type { VerificationEnvironment } from './verification-environment';

/** What the staff confirmed on the result screen. */
export interface StaffConfirmations {
  readonly faceMatches: boolean;
  readonly printedCardMatches: boolean;
}

/** Everything a finished check hands to the evidence store. */
export interface CompletedCheck {
  /** The purpose as the document cites it (its own legal method where it has one). */
  readonly purpose: Purpose;
  readonly report: DocumentReport;
  readonly confirmations: StaffConfirmations;
  readonly confirmedAt: Date;
  readonly credentialEntry: 'manual';
}

export interface KioskDependencies {
  /** The reader path (simulated in demo mode). */
  readonly transport: CardTransport;
  readonly environment: () => Promise<VerificationEnvironment> | VerificationEnvironment;
  /** Append the evidence record; resolves when it is durably stored. */
  readonly recordEvidence: (check: CompletedCheck) => Promise<void>;
  readonly now?: () => Date;
  /** The documents this kiosk reads, in detection order (default: every registered document). */
  readonly documents?: readonly AnyDocumentDriver[];
}

/**
 * The kiosk's session engine (no DOM): purpose → place card → credentials (tries shown before
 * entry) → reading (progress per step) → result → staff confirmation → evidence → done → wipe.
 * It never retries a credential by itself; a wrong one returns to the credential step with the
 * counter the card reported, and one try left needs the person's explicit confirmation.
 */
export class KioskSession {
  private state: KioskState = { step: 'choose-purpose' };
  private readonly listeners = new Set<KioskListener>();
  private readonly unsubscribeTransport: () => void;
  /** Bumped on every wipe so a verification still running cannot write into a new session. */
  private generation = 0;
  /** The document staff chose for this session; undefined: any registered document. */
  private chosen: DocumentKind | undefined;
  /**
   * Wrong entries on this placement of the card, per credential without a readable counter.
   * Reset only when a card arrives or leaves (a transport event): starting the session again
   * with the card still on the reader does not give the card more guesses.
   */
  private readonly wrongOnPlacement = new Map<CredentialKind, number>();

  private readonly drivers: readonly AnyDocumentDriver[];

  constructor(private readonly deps: KioskDependencies) {
    this.drivers = deps.documents ?? DOCUMENT_DRIVERS;
    this.unsubscribeTransport = deps.transport.onEvent((e) => {
      if (e.type === 'card-present' || e.type === 'card-removed' || e.type === 'reader-removed') this.wrongOnPlacement.clear();
      if (e.type === 'card-present' && this.state.step === 'place-card') void this.cardPlaced();
      if ((e.type === 'card-removed' || e.type === 'reader-removed') && this.state.step === 'enter-credentials') {
        // The reader itself went away (unplugged, bridge stopped): say so, not "card removed".
        const notice: KioskNotice = e.type === 'card-removed' ? { code: 'card-removed' } : { code: 'reader-failed', errorCode: 'reader-unplugged' };
        this.set({ step: 'place-card', purpose: this.state.purpose, ...this.chosenDocument(), notice });
      }
    });
  }

  getState(): KioskState {
    return this.state;
  }

  subscribe(listener: KioskListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Staff chose a purpose and, optionally, the document they expect. Without `document` any
   * registered document may be placed: the kiosk says which one it is.
   */
  choosePurpose(id: PurposeId, document?: DocumentKind): void {
    this.chosen = document;
    this.set({ step: 'place-card', purpose: id, ...this.chosenDocument() });
    if (this.deps.transport.isCardPresent()) void this.cardPlaced();
  }

  /**
   * The card is on the reader: find out which document it is (without spending a try; an
   * unknown card, another document than the one chosen, or one that does not support the
   * purpose is refused plainly), then read the tries of every credential the purpose needs.
   */
  async cardPlaced(): Promise<void> {
    const s = this.state;
    if (s.step !== 'place-card') return;
    const gen = this.generation;
    const back = (notice: KioskNotice) => this.set({ step: 'place-card', purpose: s.purpose, ...this.chosenDocument(), notice });
    try {
      await this.deps.transport.connect();
      const probe = new CardProbe(this.deps.transport);
      try {
        const found = await probe.detect({ purpose: s.purpose }, this.drivers);
        if (gen !== this.generation) return;
        if (!found) return back({ code: 'document-unknown', supported: this.drivers.map((d) => d.kind) });
        const document = found.driver.kind;
        if (this.chosen !== undefined && this.chosen !== document) return back({ code: 'document-mismatch', expected: this.chosen, found: document });
        const use = found.driver.purposes[s.purpose];
        if (!use) return back({ code: 'document-purpose-unsupported', document });
        const variant = found.detection.variant;
        if (!purposeAppliesTo(use, variant)) return back({ code: 'document-purpose-unsupported', document, ...(variant !== undefined ? { variant } : {}) });
        const needed = use.credentials as readonly CredentialKind[];
        const tries = (await found.driver.readTries(probe.channel, needed)) as TriesByCredential;
        if (gen !== this.generation) return;
        this.set({ step: 'enter-credentials', purpose: s.purpose, document, needed, tries });
      } finally {
        probe.close();
      }
    } catch (e) {
      if (gen !== this.generation) return;
      back(noticeForReadError(e));
    }
  }

  /**
   * Run the verification with what was entered. `confirmLastTry` is the person's answer to
   * "only one try is left — use it?"; without it the card is never asked.
   */
  async submitCredentials(values: Partial<Record<CredentialKind, string>>, confirmLastTry = false): Promise<void> {
    const s = this.state;
    if (s.step !== 'enter-credentials') return;
    const gen = this.generation;
    // Refuse locally when a needed key is blocked or at its last try without confirmation:
    // no VERIFY is sent (the pin guard would refuse too; this keeps the card untouched).
    for (const kind of s.needed) {
      const t = s.tries[kind];
      if (t?.kind === 'blocked') return this.set({ ...s, notice: { code: 'credential-blocked', credential: kind } });
      if (this.attemptsExhausted(s.document, kind)) return this.set({ ...s, notice: { code: 'credential-attempts-exhausted', credential: kind } });
      if (t?.kind === 'tries-left' && t.left === 1 && !confirmLastTry) return this.set({ ...s, notice: { code: 'credential-last-try', credential: kind } });
    }
    const purpose = PURPOSES[s.purpose];
    const { document } = s;
    this.set({ step: 'reading', purpose: s.purpose, document, done: 0, total: 1 });
    // Only what the document can use, and nothing empty; the card module checks each format
    // (and upper-cases the sign password) right before its VERIFY.
    const credentials: Partial<Record<CredentialKind, string>> = {};
    for (const [kind, value] of Object.entries(values) as [CredentialKind, string | undefined][]) {
      if (value && kind in this.driverFor(document).credentials) credentials[kind] = value;
    }
    try {
      const env = await this.deps.environment();
      const entered: VerificationCredentials = { ...credentials, confirmLastTry };
      const report = await runVerification(
        this.deps.transport,
        purpose,
        entered,
        env,
        (current, done, total) => {
          if (gen === this.generation) this.set({ step: 'reading', purpose: s.purpose, document, current, done, total });
        },
        { document: this.driverFor(document) },
      );
      if (gen !== this.generation) return wipeReport(report);
      this.set({ step: 'result', purpose: s.purpose, report });
    } catch (e) {
      if (gen !== this.generation) return;
      await this.recoverFrom(e, s.purpose, document, s.needed);
    }
  }

  /** Staff confirmed (or not) the face and the printed card; store the evidence, then finish. */
  async confirm(confirmations: StaffConfirmations): Promise<void> {
    const s = this.state;
    if (s.step !== 'result') return;
    const gen = this.generation;
    const now = this.deps.now?.() ?? new Date();
    let saved = false;
    try {
      const cited = purposeFor(PURPOSES[s.purpose], this.driverFor(s.report.document).purposes[s.purpose]?.legalMethod);
      await this.deps.recordEvidence({ purpose: cited, report: s.report, confirmations, confirmedAt: now, credentialEntry: 'manual' });
      saved = true;
    } catch (e) {
      if (!isKazasuError(e)) throw e;
    }
    if (gen !== this.generation) return;
    wipeReport(s.report);
    this.set({ step: 'done', purpose: s.purpose, outcome: s.report.outcome, evidenceSaved: saved });
  }

  /** Forget everything about this person and return to the start (idle timeout, cancel, done). */
  wipe(): void {
    this.generation++;
    this.chosen = undefined;
    if (this.state.step === 'result') wipeReport(this.state.report);
    this.set({ step: 'choose-purpose' });
  }

  dispose(): void {
    this.wipe();
    this.unsubscribeTransport();
    this.listeners.clear();
  }

  // ------------------------------------------------------------------ internals

  /** The driver of a document the session found on the reader. */
  private driverFor(document: DocumentKind): AnyDocumentDriver {
    const driver = this.drivers.find((d) => d.kind === document);
    if (!driver) throw new Error(`no driver for ${document}`);
    return driver;
  }

  /** A credential with no readable counter that was wrong as often as its document allows on this placement. */
  private attemptsExhausted(document: DocumentKind, credential: CredentialKind): boolean {
    const spec = this.driverFor(document).credentials[credential];
    if (!spec || spec.counterReadable) return false;
    return (this.wrongOnPlacement.get(credential) ?? 0) >= (spec.attemptsPerPlacement ?? 1);
  }

  /** The document staff chose for this session, as a state field. */
  private chosenDocument(): { readonly document?: DocumentKind } {
    return this.chosen !== undefined ? { document: this.chosen } : {};
  }

  /** Tries of `needed` on `document`, re-read after a credential error (the card is known by now). */
  private async readTries(document: DocumentKind, needed: readonly CredentialKind[]): Promise<TriesByCredential> {
    await this.deps.transport.connect();
    const probe = new CardProbe(this.deps.transport);
    try {
      return (await this.driverFor(document).readTries(probe.channel, needed)) as TriesByCredential;
    } finally {
      probe.close();
    }
  }

  private async recoverFrom(e: unknown, purpose: PurposeId, document: DocumentKind, needed: readonly CredentialKind[]): Promise<void> {
    if (!isKazasuError(e)) {
      this.set({ step: 'error', errorCode: 'internal-error' });
      throw e;
    }
    const err = e as KazasuError & { retriesLeft?: number; field?: string; reason?: string; command?: string };
    if (err.code === 'card-removed' || err.code === 'no-card') {
      this.set({ step: 'place-card', purpose, ...this.chosenDocument(), notice: { code: 'card-removed' } });
      return;
    }
    if (err instanceof TransportError) {
      this.set({ step: 'place-card', purpose, ...this.chosenDocument(), notice: readerFailure(err) });
      return;
    }
    const credential = this.driverFor(document).credentialOf(err, needed) as CredentialKind;
    if (err.code === 'pin-wrong' || err.code === 'pin-blocked' || err.code === 'pin-last-try-unconfirmed' || err.code === 'credential-format') {
      // Re-read the counters so the screen shows what the card says now.
      let tries: TriesByCredential = {};
      try {
        tries = await this.readTries(document, needed);
      } catch {
        /* the notice below still says what happened */
      }
      if (err.code === 'pin-wrong') this.wrongOnPlacement.set(credential, (this.wrongOnPlacement.get(credential) ?? 0) + 1);
      const notice: KioskNotice =
        err.code === 'pin-wrong' && this.attemptsExhausted(document, credential)
          ? { code: 'credential-attempts-exhausted', credential }
          : err.code === 'pin-wrong'
          ? { code: 'credential-wrong', credential, ...(err.retriesLeft !== undefined ? { retriesLeft: err.retriesLeft } : {}) }
          : err.code === 'pin-blocked'
            ? { code: 'credential-blocked', credential }
            : err.code === 'pin-last-try-unconfirmed'
              ? { code: 'credential-last-try', credential }
              : { code: 'credential-format', credential, reason: err.reason ?? 'format' };
      this.set({ step: 'enter-credentials', purpose, document, needed, tries, notice });
      return;
    }
    this.set({ step: 'place-card', purpose, ...this.chosenDocument(), notice: { code: 'card-unreadable', errorCode: err.code } });
  }

  private set(state: KioskState): void {
    this.state = state;
    for (const l of this.listeners) l(state);
  }
}

/** A reader-level failure, with the path's reason when it has one (a stable string). */
function readerFailure(err: TransportError): KioskNotice {
  const reason = (err as TransportError & { reason?: unknown }).reason;
  return typeof reason === 'string' ? { code: 'reader-failed', errorCode: err.code, reason } : { code: 'reader-failed', errorCode: err.code };
}

function noticeForReadError(e: unknown): KioskNotice {
  if (isKazasuError(e) && (e.code === 'card-removed' || e.code === 'no-card')) return { code: 'card-removed' };
  if (e instanceof TransportError) return readerFailure(e);
  if (isKazasuError(e)) return { code: 'card-unreadable', errorCode: e.code };
  throw e;
}

/** Zero the personal bytes a report holds (images, certificates); text is dropped with the object. */
function wipeReport(report: DocumentReport): void {
  for (const v of [...Object.values(report.images), ...Object.values(report.material)]) if (v instanceof Uint8Array) v.fill(0);
}
