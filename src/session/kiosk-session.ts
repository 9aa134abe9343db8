import { purposeAppliesTo, type AnyDocumentDriver } from '../documents/document-driver';
import type { MyNumberReport } from '../documents/mynumber/mynumber-report';
import { CardProbe, DOCUMENT_DRIVERS, type DocumentReport } from '../documents/registry';
import { isKazasuError, KazasuError } from '../errors/kazasu-error';
import { requiredStaffItems, type StaffItem } from '../evidence/evidence-policy';
import { TransportError, type CardTransport } from '../transport/card-transport';
import type { DocumentKind } from '../verify/report';
import type { CredentialKind, KioskListener, KioskNotice, KioskState, StaffResult, TriesByCredential } from './kiosk-state';
import { PURPOSES, purposeFor, type Purpose, type PurposeId } from './purposes';
import { recheckRevocations } from './revocation-recheck';
import { readOtherKeys } from './key-status';
import { runVerification, type VerificationCredentials } from './run-verification';
import type { VerificationEnvironment } from './verification-environment';

export type { StaffItem } from '../evidence/evidence-policy';
export type StaffAnswer = 'match' | 'mismatch';
/** The clerk's answer per item; an item not in the map was not answered. */
export type StaffAnswers = Partial<Record<StaffItem, StaffAnswer>>;

/** What the clerk decided on the confirmation screen (or, for a failed chip check, on the result). */
export interface StaffDecision {
  /** The clerk recording the check (name or staff number, chosen on the counter screen). */
  readonly operator: string;
  readonly answers: StaffAnswers;
  /** 'printed-photo' when the chip photo could not be shown and the clerk compared the printed one. */
  readonly faceComparedWith: 'chip-photo' | 'printed-photo';
  /** How 照合番号B / the birth-date key was entered (never the digits). */
  readonly credentialEntry: 'manual' | 'ocr';
  /**
   * The supplementary document staff checked for items the document lacks (a passport without an
   * address, for the counter and bank purposes): which items it supplied and its kind (a short id).
   */
  readonly supplementaryDocument?: SupplementaryDocument;
}

/** A supplementary document (補完書類) the clerk checked, as the evidence record notes it. */
export interface SupplementaryDocument {
  readonly supplies: readonly 'address'[];
  /** Short ASCII id of the kind of document (e.g. 'residence-certificate'), never its content. */
  readonly kind: string;
}

/** Everything a finished check hands to the evidence store. */
export interface CompletedCheck {
  /** The purpose as the document cites it (its own legal method where it has one). */
  readonly purpose: Purpose;
  readonly report: DocumentReport;
  readonly staff: {
    readonly result: StaffResult;
    readonly answers: readonly { readonly item: StaffItem; readonly answer: StaffAnswer }[];
    readonly faceComparedWith?: 'chip-photo' | 'printed-photo';
  };
  /** The clerk who recorded it. */
  readonly operator: string;
  readonly confirmedAt: Date;
  readonly credentialEntry: 'manual' | 'ocr';
  readonly supplementaryDocument?: SupplementaryDocument;
}

/** A check cannot be recorded as confirmed without an explicit answer to every item. */
export class StaffAnswerMissingError extends KazasuError {
  readonly code = 'staff-answer-missing' as const;
  constructor(readonly missing: readonly StaffItem[]) {
    super(`staff answers missing: ${missing.join(', ')}`);
  }
}

/** recordFailure() is for a failed chip check; confirm() for the rest. */
export class WrongRecordPathError extends KazasuError {
  readonly code = 'record-wrong-path' as const;
}

/**
 * The staff decision as the record keeps it: any 一致しない → 'mismatch' (a failed record, the
 * other items may stay unanswered); otherwise every item must be answered 一致する → 'confirmed'.
 * Throws StaffAnswerMissingError when an item is unanswered and nothing was answered 一致しない.
 */
export function staffOutcome(purpose: PurposeId, answers: StaffAnswers): CompletedCheck['staff'] {
  const items = requiredStaffItems(purpose);
  const given = items.filter((i) => answers[i] === 'match' || answers[i] === 'mismatch').map((item) => ({ item, answer: answers[item]! }));
  if (given.some((a) => a.answer === 'mismatch')) return { result: 'mismatch', answers: given };
  const missing = items.filter((i) => !given.some((a) => a.item === i));
  if (missing.length > 0) throw new StaffAnswerMissingError(missing);
  return { result: 'confirmed', answers: given };
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
  /** The locked-key read of the last result (checkOtherKeys); the next card read waits for it, so no two APDU sequences interleave. */
  private sideRead: Promise<unknown> = Promise.resolve();
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
      if (e.type === 'card-present' && this.state.step === 'place-card') void this.afterSideRead(() => this.cardPlaced());
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
    if (this.deps.transport.isCardPresent()) void this.afterSideRead(() => this.cardPlaced());
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
        // The document staff chose is tried first: a card two drivers recognise (a My Number Card
        // carrying the licence application, the マイナ免許証) is read as the one staff expect.
        const chosen = this.chosen;
        const order = chosen === undefined ? this.drivers : [...this.drivers.filter((d) => d.kind === chosen), ...this.drivers.filter((d) => d.kind !== chosen)];
        const found = await probe.detect({ purpose: s.purpose }, order);
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
        this.set({ step: 'enter-credentials', purpose: s.purpose, document, needed, tries, ...(variant !== undefined ? { variant } : {}) });
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
      await this.recoverFrom(e, s.purpose, document, s.needed, s.variant);
    }
  }

  /**
   * The clerk's answers for a verified or incomplete chip check: store the evidence, then
   * finish. Refuses (StaffAnswerMissingError, nothing stored) unless every item has an explicit
   * 一致する / 一致しない; any 一致しない makes it a failed record with that reason.
   */
  async confirm(decision: StaffDecision): Promise<void> {
    const s = this.state;
    if (s.step !== 'result') return;
    if (s.report.outcome === 'failed') throw new WrongRecordPathError('a failed chip check is recorded with recordFailure()');
    const staff = staffOutcome(s.purpose, decision.answers);
    const withFace = staff.answers.some((a) => a.item === 'face') ? { faceComparedWith: decision.faceComparedWith } : {};
    await this.finish(s, { ...staff, ...withFace }, decision);
  }

  /** A failed chip check: record it as failed (nothing for the clerk to compare), then finish. */
  async recordFailure(decision: Pick<StaffDecision, 'operator' | 'credentialEntry'>): Promise<void> {
    const s = this.state;
    if (s.step !== 'result') return;
    if (s.report.outcome !== 'failed') throw new WrongRecordPathError('only a failed chip check is recorded without staff answers');
    await this.finish(s, { result: 'not-asked', answers: [] }, decision);
  }

  /**
   * Ask the revocation service again for every revocation check of the result on screen that
   * is pending or failed for want of an answer (offline, no answer, a service error). The
   * checks, the pending questions and the outcome are replaced with the new answers; a check
   * that passed or said revoked is never asked again. The state says when it is running and
   * whether anything was still left unanswered.
   */
  async recheckRevocation(): Promise<void> {
    const s = this.state;
    if (s.step !== 'result' || s.recheck?.status === 'running') return;
    const gen = this.generation;
    this.set({ ...s, recheck: { status: 'running' } });
    let report = s.report;
    try {
      // Only the My Number Card's JPKI checks ask a revocation service so far.
      if (s.report.document === 'mynumber-card') {
        const env = await this.deps.environment();
        const required = this.driverFor(s.report.document).purposes[s.purpose]?.requiredChecks ?? [];
        report = await recheckRevocations(s.report as MyNumberReport, required, env);
      }
    } catch (e) {
      if (!isKazasuError(e)) throw e;
    }
    if (gen !== this.generation) return;
    const current = this.state;
    if (current.step !== 'result') return;
    const stillOpen = report.checks.some((c) => (c.id === 'jpki.sign.revocation' || c.id === 'jpki.auth.revocation') && c.status !== 'pass' && c.code !== 'revoked' && c.status !== 'skipped');
    this.set({ ...current, report, recheck: { status: stillOpen ? 'still-open' : 'answered', at: (this.deps.now?.() ?? new Date()).toISOString() } });
  }

  /**
   * Which other keys of the card on the reader are locked (none used: empty VERIFYs read the
   * counters), so the clerk can tell the holder to reset them at the municipal office. Best
   * effort: a card that left or does not answer gives no hint.
   */
  async checkOtherKeys(): Promise<void> {
    const s = this.state;
    if (s.step !== 'result' || s.report.document !== 'mynumber-card' || !this.deps.transport.isCardPresent()) return;
    const gen = this.generation;
    let locked: Awaited<ReturnType<typeof readOtherKeys>> = [];
    const read = readOtherKeys(this.deps.transport);
    this.sideRead = read.catch(() => undefined);
    try {
      locked = await read;
    } catch (e) {
      if (!isKazasuError(e)) throw e;
      return;
    }
    if (gen !== this.generation) return;
    const current = this.state;
    if (current.step === 'result' && current.report === s.report) this.set({ ...current, lockedKeys: locked });
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

  private afterSideRead(fn: () => Promise<void>): Promise<void> {
    return this.sideRead.then(fn, fn);
  }

  private async finish(s: Extract<KioskState, { step: 'result' }>, staff: CompletedCheck['staff'], decision: Pick<StaffDecision, 'operator' | 'credentialEntry' | 'supplementaryDocument'>): Promise<void> {
    const gen = this.generation;
    const now = this.deps.now?.() ?? new Date();
    let saved = false;
    try {
      const cited = purposeFor(PURPOSES[s.purpose], this.driverFor(s.report.document).purposes[s.purpose]?.legalMethod);
      // A supplementary document only completes a confirmed check (a mismatch is a failed record).
      const supplementary = staff.result === 'confirmed' && decision.supplementaryDocument ? { supplementaryDocument: decision.supplementaryDocument } : {};
      await this.deps.recordEvidence({ purpose: cited, report: s.report, staff, operator: decision.operator, confirmedAt: now, credentialEntry: decision.credentialEntry, ...supplementary });
      saved = true;
    } catch (e) {
      if (!isKazasuError(e)) throw e;
    }
    if (gen !== this.generation) return;
    wipeReport(s.report);
    const outcome = staff.result === 'mismatch' ? 'failed' : s.report.outcome;
    this.set({ step: 'done', purpose: s.purpose, outcome, evidenceSaved: saved, staffResult: staff.result });
  }

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

  private async recoverFrom(e: unknown, purpose: PurposeId, document: DocumentKind, needed: readonly CredentialKind[], variant?: string): Promise<void> {
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
    // A credential the chip cannot take at all (a BAC-only passport given the CAN): back to the
    // entry with the reason; nothing was counted.
    if (err.code === 'bac-not-available') {
      this.set({ step: 'enter-credentials', purpose, document, needed, tries: await this.readTries(document, needed).catch(() => ({})), notice: { code: 'credential-format', credential, reason: 'bac-not-available' } });
      return;
    }
    const kind = CREDENTIAL_ERROR_CODES[err.code] ?? err.code;
    if (kind === 'pin-wrong' || kind === 'pin-blocked' || kind === 'pin-last-try-unconfirmed' || kind === 'credential-format') {
      // Re-read the counters so the screen shows what the card says now.
      let tries: TriesByCredential = {};
      try {
        tries = await this.readTries(document, needed);
      } catch {
        /* the notice below still says what happened */
      }
      if (kind === 'pin-wrong') this.wrongOnPlacement.set(credential, (this.wrongOnPlacement.get(credential) ?? 0) + 1);
      const notice: KioskNotice =
        kind === 'pin-wrong' && this.attemptsExhausted(document, credential)
          ? { code: 'credential-attempts-exhausted', credential }
          : kind === 'pin-wrong'
          ? { code: 'credential-wrong', credential, ...(err.retriesLeft !== undefined ? { retriesLeft: err.retriesLeft } : {}) }
          : kind === 'pin-blocked'
            ? { code: 'credential-blocked', credential }
            : kind === 'pin-last-try-unconfirmed'
              ? { code: 'credential-last-try', credential }
              : { code: 'credential-format', credential, reason: err.reason ?? 'format' };
      this.set({ step: 'enter-credentials', purpose, document, needed, tries, notice, ...(variant !== undefined ? { variant } : {}) });
      return;
    }
    this.set({ step: 'place-card', purpose, ...this.chosenDocument(), notice: { code: 'card-unreadable', errorCode: err.code } });
  }

  private set(state: KioskState): void {
    this.state = state;
    for (const l of this.listeners) l(state);
  }
}

/**
 * Card-library codes that mean what a PIN error means, for credentials without a PIN: the
 * passport's MRZ or CAN refused by BAC or PACE (wrong), or PACE's password blocked.
 */
const CREDENTIAL_ERROR_CODES: Readonly<Record<string, 'pin-wrong' | 'pin-blocked'>> = {
  'bac-wrong-mrz': 'pin-wrong',
  'pace-wrong-password': 'pin-wrong',
  'pace-password-blocked': 'pin-blocked',
};

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
