import { MyNumberCard } from '../cards/mynumber/mynumber-card';
import type { RetryStatus } from '../cards/iso7816/pin-guard';
import { isKazasuError, KazasuError } from '../errors/kazasu-error';
import { requiredStaffItems, type StaffItem } from '../evidence/evidence-policy';
import { TransportError, type CardTransport } from '../transport/card-transport';
import type { VerificationReport } from '../verify/report';
import type { CredentialKind, KioskListener, KioskNotice, KioskState, StaffResult, TriesByCredential } from './kiosk-state';
import { PURPOSES, type Purpose, type PurposeId } from './purposes';
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
}

/** Everything a finished check hands to the evidence store. */
export interface CompletedCheck {
  readonly purpose: Purpose;
  readonly report: VerificationReport;
  readonly staff: {
    readonly result: StaffResult;
    readonly answers: readonly { readonly item: StaffItem; readonly answer: StaffAnswer }[];
    readonly faceComparedWith?: 'chip-photo' | 'printed-photo';
  };
  /** The clerk who recorded it. */
  readonly operator: string;
  readonly confirmedAt: Date;
  readonly credentialEntry: 'manual' | 'ocr';
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
}

const CREDENTIALS_FOR: Record<PurposeId, readonly CredentialKind[]> = {
  counter: ['codeB'],
  bank: ['codeB', 'signPassword'],
  field: ['codeB'],
  age: ['birthDateKey'],
};

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

  constructor(private readonly deps: KioskDependencies) {
    this.unsubscribeTransport = deps.transport.onEvent((e) => {
      if (e.type === 'card-present' && this.state.step === 'place-card') void this.afterSideRead(() => this.cardPlaced());
      if ((e.type === 'card-removed' || e.type === 'reader-removed') && this.state.step === 'enter-credentials') {
        // The reader itself went away (unplugged, bridge stopped): say so, not "card removed".
        const notice: KioskNotice = e.type === 'card-removed' ? { code: 'card-removed' } : { code: 'reader-failed', errorCode: 'reader-unplugged' };
        this.set({ step: 'place-card', purpose: this.state.purpose, notice });
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

  choosePurpose(id: PurposeId): void {
    this.set({ step: 'place-card', purpose: id });
    if (this.deps.transport.isCardPresent()) void this.afterSideRead(() => this.cardPlaced());
  }

  /** The card is on the reader: read the tries of every credential the purpose needs. */
  async cardPlaced(): Promise<void> {
    const s = this.state;
    if (s.step !== 'place-card') return;
    const gen = this.generation;
    const needed = CREDENTIALS_FOR[s.purpose];
    try {
      const tries = await this.readTries(needed);
      if (gen !== this.generation) return;
      this.set({ step: 'enter-credentials', purpose: s.purpose, needed, tries });
    } catch (e) {
      if (gen !== this.generation) return;
      this.set({ step: 'place-card', purpose: s.purpose, notice: noticeForReadError(e) });
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
      if (t?.kind === 'tries-left' && t.left === 1 && !confirmLastTry) return this.set({ ...s, notice: { code: 'credential-last-try', credential: kind } });
    }
    const purpose = PURPOSES[s.purpose];
    this.set({ step: 'reading', purpose: s.purpose, done: 0, total: 1 });
    const credentials: VerificationCredentials = {
      ...(values.codeB ? { codeB: values.codeB } : {}),
      ...(values.signPassword ? { signPassword: values.signPassword.toUpperCase() } : {}),
      ...(values.birthDateKey ? { birthDateKey: values.birthDateKey } : {}),
      ...(values.authPin ? { authPin: values.authPin } : {}),
      confirmLastTry,
    };
    try {
      const env = await this.deps.environment();
      const report = await runVerification(this.deps.transport, purpose, credentials, env, (current, done, total) => {
        if (gen === this.generation) this.set({ step: 'reading', purpose: s.purpose, current, done, total });
      });
      if (gen !== this.generation) return wipeReport(report);
      this.set({ step: 'result', purpose: s.purpose, report });
    } catch (e) {
      if (gen !== this.generation) return;
      await this.recoverFrom(e, s.purpose, s.needed);
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
      const env = await this.deps.environment();
      report = await recheckRevocations(s.report, PURPOSES[s.purpose], env);
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

  private async finish(s: Extract<KioskState, { step: 'result' }>, staff: CompletedCheck['staff'], decision: Pick<StaffDecision, 'operator' | 'credentialEntry'>): Promise<void> {
    const gen = this.generation;
    const now = this.deps.now?.() ?? new Date();
    let saved = false;
    try {
      await this.deps.recordEvidence({ purpose: PURPOSES[s.purpose], report: s.report, staff, operator: decision.operator, confirmedAt: now, credentialEntry: decision.credentialEntry });
      saved = true;
    } catch (e) {
      if (!isKazasuError(e)) throw e;
    }
    if (gen !== this.generation) return;
    wipeReport(s.report);
    const outcome = staff.result === 'mismatch' ? 'failed' : s.report.outcome;
    this.set({ step: 'done', purpose: s.purpose, outcome, evidenceSaved: saved, staffResult: staff.result });
  }

  private async readTries(needed: readonly CredentialKind[]): Promise<TriesByCredential> {
    const transport = this.deps.transport;
    await transport.connect();
    const card = new MyNumberCard(transport);
    const tries: TriesByCredential = {};
    try {
      for (const kind of needed) {
        if (kind === 'codeB') tries.codeB = worst(await card.text.retries('codeB'), await card.face.retries('codeB'));
        if (kind === 'birthDateKey') tries.birthDateKey = await card.face.retries('birthDate');
        if (kind === 'signPassword') {
          const availability = await card.jpki.readCertificateAvailability();
          // No sign certificate (e.g. under 15): the verification reports it; no key to count.
          if (availability.hasSignCertificate) tries.signPassword = await card.jpki.retries('sign');
        }
        if (kind === 'authPin') tries.authPin = await card.jpki.retries('auth');
      }
    } finally {
      card.close();
    }
    return tries;
  }

  private async recoverFrom(e: unknown, purpose: PurposeId, needed: readonly CredentialKind[]): Promise<void> {
    if (!isKazasuError(e)) {
      this.set({ step: 'error', errorCode: 'internal-error' });
      throw e;
    }
    const err = e as KazasuError & { retriesLeft?: number; field?: string; reason?: string; command?: string };
    if (err.code === 'card-removed' || err.code === 'no-card') {
      this.set({ step: 'place-card', purpose, notice: { code: 'card-removed' } });
      return;
    }
    if (err instanceof TransportError) {
      this.set({ step: 'place-card', purpose, notice: readerFailure(err) });
      return;
    }
    const credential = credentialOf(err, needed);
    if (err.code === 'pin-wrong' || err.code === 'pin-blocked' || err.code === 'pin-last-try-unconfirmed' || err.code === 'credential-format') {
      // Re-read the counters so the screen shows what the card says now.
      let tries: TriesByCredential = {};
      try {
        tries = await this.readTries(needed);
      } catch {
        /* the notice below still says what happened */
      }
      const notice: KioskNotice =
        err.code === 'pin-wrong'
          ? { code: 'credential-wrong', credential, ...(err.retriesLeft !== undefined ? { retriesLeft: err.retriesLeft } : {}) }
          : err.code === 'pin-blocked'
            ? { code: 'credential-blocked', credential }
            : err.code === 'pin-last-try-unconfirmed'
              ? { code: 'credential-last-try', credential }
              : { code: 'credential-format', credential, reason: err.reason ?? 'format' };
      this.set({ step: 'enter-credentials', purpose, needed, tries, notice });
      return;
    }
    this.set({ step: 'place-card', purpose, notice: { code: 'card-unreadable', errorCode: err.code } });
  }

  private set(state: KioskState): void {
    this.state = state;
    for (const l of this.listeners) l(state);
  }
}

/** The smaller of two counters (照合番号B opens two APs, each with its own counter). */
function worst(a: RetryStatus, b: RetryStatus): RetryStatus {
  if (a.kind === 'blocked' || b.kind === 'blocked') return { kind: 'blocked' };
  if (a.kind === 'tries-left' && b.kind === 'tries-left') return a.left <= b.left ? a : b;
  return a.kind === 'tries-left' ? a : b;
}

/** Which credential a PIN error is about, from the VERIFY header's key reference (P2 = 80|SFI). */
function credentialOf(err: { command?: string; field?: string; message: string }, needed: readonly CredentialKind[]): CredentialKind {
  const header = err.command ?? err.message;
  const p2 = /00 20 00 ([0-9A-F]{2})/.exec(header)?.[1];
  if (p2 === '9B') return 'signPassword';
  if (p2 === '98') return 'authPin';
  if (p2 === '91') return 'birthDateKey';
  if (p2 === '95' || p2 === '92') return 'codeB';
  if (err.field === 'signPassword') return 'signPassword';
  if (err.field === 'birthDateKey') return 'birthDateKey';
  if (err.field === 'verificationCodeB') return 'codeB';
  return needed[0] ?? 'codeB';
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
function wipeReport(report: VerificationReport): void {
  for (const v of [...Object.values(report.images), ...Object.values(report.material)]) if (v instanceof Uint8Array) v.fill(0);
}
