/**
 * Card and reader presence through a getStatusChange() loop (index.bs §getStatusChange).
 *
 * - The loop runs on its own SmartCardContext: a context runs one PC/SC operation at a time
 *   ([[operationInProgress]]), so a waiting getStatusChange would otherwise block every
 *   transmit of the card session.
 * - Every wait is bounded with an AbortSignal we abort after `waitTimeoutMs` (and on stop()).
 *   We do not pass `timeout`: an expired PC/SC timeout (SCARD_E_TIMEOUT) is not in the spec's
 *   error list and arrives as an "UnknownError" (§SmartCardError step 22), indistinguishable
 *   from a real failure, whereas an abort rejects with our own reason (§getStatusChange 9.3.5.1).
 * - An implementation that ignores the abort is caught by a second deadline; its context is
 *   then dropped and a new one established.
 * - Each call passes back the last eventState as currentState (plus eventCount), so PC/SC
 *   answers only on a real change; an answer that changed nothing is followed by a pause, so a
 *   misbehaving implementation cannot make this a busy loop.
 * - When the reader disappears (eventState unknown/unavailable, or unknown-reader /
 *   reader-unavailable errors) the loop waits on `\\?PnP?\Notification` (reader hot-plug, WICG
 *   README) and re-lists readers after every wake-up or wait expiry.
 */
import { pause, withDeadline } from './bounded-wait';
import { readerStateOf, type ReaderStateSnapshot } from './smartcard-answers';
import { SmartCardApiError, toSmartCardApiError } from './smartcard-api-error';
import {
  PNP_NOTIFICATION_READER,
  type SmartCardContextLike,
  type SmartCardReaderStateFlagsIn,
  type SmartCardReaderStateIn,
  type SmartCardResourceManagerLike,
} from './smartcard-api-types';
import { DEFAULT_CALL_TIMEOUT_MS, establishSmartCardContext, listReaderNames } from './smartcard-readers';

export interface PresenceMonitorTiming {
  /** Longest single getStatusChange wait before we abort and ask again (default 5 000 ms). */
  readonly waitTimeoutMs?: number;
  /** How long an aborted wait may take to settle before the context counts as stuck (default 2 000 ms). */
  readonly abortGraceMs?: number;
  /** Pause after an answer that changed nothing, and base back-off after a failure (default 250 ms). */
  readonly idlePauseMs?: number;
  /** Consecutive failed waits after which the monitor gives up (default 5). */
  readonly maxConsecutiveFailures?: number;
  /** Bound of listReaders / establishContext (default 10 000 ms). */
  readonly callTimeoutMs?: number;
}

export type PresenceObservation =
  | { readonly kind: 'state'; readonly readerName: string; readonly state: ReaderStateSnapshot }
  | { readonly kind: 'reader-gone'; readonly readerName: string }
  | { readonly kind: 'reader-back'; readonly readerName: string };

export interface PresenceMonitorHooks {
  /** Pick the reader to watch from the attached ones (undefined: none suits). */
  readonly pickReader: (names: readonly string[]) => string | undefined;
  readonly observe: (observation: PresenceObservation) => void;
  /** The loop gave up after repeated failures; it does not restart by itself. */
  readonly failed: (error: SmartCardApiError) => void;
}

const EXPIRED = Symbol('status-change-wait-expired');
const STOPPED = Symbol('presence-monitor-stopped');
type WaitOutcome = { readonly settled: unknown } | 'expired' | 'stopped';

/** Input flags that mirror the last answer (everything the output has that the input takes). */
function flagsIn(state: ReaderStateSnapshot): SmartCardReaderStateFlagsIn {
  const f = state.flags;
  return { unavailable: f.unavailable, empty: f.empty, present: f.present, exclusive: f.exclusive, inuse: f.inuse, mute: f.mute, unpowered: f.unpowered };
}

function sameState(a: SmartCardReaderStateFlagsIn, aCount: number | undefined, b: ReaderStateSnapshot): boolean {
  const bIn = flagsIn(b);
  const keys = Object.keys(bIn) as (keyof SmartCardReaderStateFlagsIn)[];
  return aCount === b.eventCount && keys.every((k) => (a[k] ?? false) === bIn[k]);
}

export class SmartCardPresenceMonitor {
  private readonly waitTimeoutMs: number;
  private readonly abortGraceMs: number;
  private readonly idlePauseMs: number;
  private readonly maxFailures: number;
  private readonly callTimeoutMs: number;
  private controller: AbortController | undefined;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly smartCard: SmartCardResourceManagerLike,
    private readonly hooks: PresenceMonitorHooks,
    timing: PresenceMonitorTiming = {},
  ) {
    this.waitTimeoutMs = timing.waitTimeoutMs ?? 5_000;
    this.abortGraceMs = timing.abortGraceMs ?? 2_000;
    this.idlePauseMs = timing.idlePauseMs ?? 250;
    this.maxFailures = timing.maxConsecutiveFailures ?? 5;
    this.callTimeoutMs = timing.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
  }

  get running(): boolean {
    return this.controller !== undefined;
  }

  /** Start watching `readerName` (or, if undefined, wait for a reader to appear). */
  start(readerName: string | undefined): void {
    if (this.controller) return;
    const controller = new AbortController();
    this.controller = controller;
    this.loop = this.run(readerName, controller.signal).finally(() => {
      if (this.controller === controller) this.controller = undefined;
    });
  }

  /**
   * Stop: abort the outstanding wait and let the loop end. Resolves when it has ended, or after
   * the abort grace period if the implementation does not honour the abort.
   */
  async stop(): Promise<void> {
    const controller = this.controller;
    const loop = this.loop;
    if (!controller || !loop) return;
    this.controller = undefined;
    controller.abort(STOPPED);
    const ended = new AbortController();
    await Promise.race([loop.finally(() => ended.abort()), pause(this.abortGraceMs, ended.signal)]);
    ended.abort();
  }

  private async run(initialReader: string | undefined, signal: AbortSignal): Promise<void> {
    let context: SmartCardContextLike | undefined;
    let reader = initialReader;
    let known: SmartCardReaderStateFlagsIn = { unaware: true };
    let knownCount: number | undefined;
    let failures = 0;
    while (!signal.aborted) {
      try {
        context ??= await establishSmartCardContext(this.smartCard, this.callTimeoutMs);
        if (signal.aborted) return;
        if (reader === undefined) {
          const names = await listReaderNames(context, this.callTimeoutMs);
          if (signal.aborted) return;
          reader = this.hooks.pickReader(names);
          if (reader !== undefined) {
            known = { unaware: true };
            knownCount = undefined;
            failures = 0;
            this.hooks.observe({ kind: 'reader-back', readerName: reader });
            continue;
          }
          // pcsc-lite keeps the reader count in the high word of the PnP pseudo reader's state.
          const outcome = await this.waitOnce(context, [{ readerName: PNP_NOTIFICATION_READER, currentState: {}, currentCount: names.length }], signal);
          failures = 0;
          if (outcome !== 'expired' && outcome !== 'stopped') await pause(this.idlePauseMs, signal);
          continue;
        }
        const outcome = await this.waitOnce(context, [{ readerName: reader, currentState: known, currentCount: knownCount }], signal);
        failures = 0;
        if (outcome === 'expired' || outcome === 'stopped') continue;
        const state = readerStateOf(outcome.settled, reader);
        if (state.flags.unknown || state.flags.unavailable) {
          this.hooks.observe({ kind: 'reader-gone', readerName: reader });
          reader = undefined;
          // A reader still listed but unavailable would otherwise be picked again at once.
          await pause(this.idlePauseMs, signal);
          continue;
        }
        const unchanged = sameState(known, knownCount, state);
        known = flagsIn(state);
        knownCount = state.eventCount;
        this.hooks.observe({ kind: 'state', readerName: reader, state });
        if (unchanged) await pause(this.idlePauseMs, signal);
      } catch (e) {
        if (signal.aborted) return;
        const error = toSmartCardApiError(e, 'status-change');
        if (error.reason === 'reader-removed' && reader !== undefined) {
          this.hooks.observe({ kind: 'reader-gone', readerName: reader });
          reader = undefined;
          await pause(this.idlePauseMs, signal);
          continue;
        }
        // A failed or stuck context is not reused.
        context = undefined;
        failures++;
        if (failures >= this.maxFailures) {
          this.hooks.failed(error);
          return;
        }
        await pause(this.idlePauseMs * failures, signal);
      }
    }
  }

  /** One getStatusChange, aborted after waitTimeoutMs or on stop, and itself bounded. */
  private async waitOnce(context: SmartCardContextLike, states: readonly SmartCardReaderStateIn[], stop: AbortSignal): Promise<WaitOutcome> {
    const wait = new AbortController();
    const onStop = () => wait.abort(STOPPED);
    stop.addEventListener('abort', onStop, { once: true });
    const timer = setTimeout(() => wait.abort(EXPIRED), this.waitTimeoutMs);
    try {
      const settled: unknown = await withDeadline(
        Promise.resolve().then(() => context.getStatusChange(states, { signal: wait.signal })),
        this.waitTimeoutMs + this.abortGraceMs,
        () => new SmartCardApiError('reader-timeout', 'getStatusChange() ignored its AbortSignal'),
      );
      return { settled };
    } catch (e) {
      if (stop.aborted) return 'stopped';
      if (wait.signal.aborted && wait.signal.reason === EXPIRED && !(e instanceof SmartCardApiError)) return 'expired';
      throw e;
    } finally {
      clearTimeout(timer);
      stop.removeEventListener('abort', onStop);
    }
  }
}
