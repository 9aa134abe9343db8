/**
 * When the kiosk fetches its CRLs and asks pending questions again:
 * - on start (refresh, then resolve);
 * - on schedule: a list is refreshed once `refreshHours` have passed since the last good refresh;
 * - after a failure (a list that could not be fetched, questions still open) it tries again soon
 *   and then less often: `firstRetryMs` (default 10 s), doubling up to `retryMs` (default 5 min).
 *   `navigator.onLine` only says a network interface is up: behind a captive portal, on a phone
 *   hotspot without signal or while only the revocation service is down it stays true and no
 *   `online` event comes, so reaching the service again is noticed by trying. A failed try costs
 *   one refused request; a list is downloaded in full only when the service answers;
 * - the browser's `online` event runs both at once and starts the back-off afresh (a kiosk back
 *   in the network resolves what it left pending).
 * One run at a time; nothing runs while the browser says it is offline except on `refreshNow`
 * (Settings) and `resolveNow` (a check just recorded), which report the outcome. Clock and timers
 * are injected (tests use fake ones).
 */

export interface SchedulerDeps {
  readonly now: () => number;
  readonly isOnline: () => boolean;
  readonly refreshHours: () => number;
  /** Fetch every configured list; true when each one worked (or none is configured). */
  readonly refresh: () => Promise<boolean>;
  /** Ask every open question again; how many stay open. */
  readonly resolve: () => Promise<{ readonly open: number }>;
  readonly setInterval: (fn: () => void, ms: number) => unknown;
  readonly clearInterval: (handle: unknown) => void;
  /** Subscribe to the `online` event; returns the unsubscribe. */
  readonly onOnline: (fn: () => void) => () => void;
  /** The first retry after a failure (default 10 s); each further failure doubles it. */
  readonly firstRetryMs?: number;
  /** The longest wait between retries (default 5 min). */
  readonly retryMs?: number;
  /** How often the schedule is looked at (default 5 s; a look that finds nothing due costs nothing). */
  readonly tickMs?: number;
}

export class RevocationScheduler {
  private timer: unknown;
  private unsubscribe: (() => void) | undefined;
  private running: Promise<void> = Promise.resolve();
  private lastGoodRefresh = Number.NEGATIVE_INFINITY;
  private lastRefreshAttempt = Number.NEGATIVE_INFINITY;
  /** Refreshes that failed in a row (0: the last one worked). */
  private refreshFailures = 0;
  private lastResolve = Number.NEGATIVE_INFINITY;
  /** Resolution runs in a row that left questions open. */
  private resolveFailures = 0;
  private openQuestions = 0;
  private readonly firstRetryMs: number;
  private readonly retryMs: number;

  constructor(private readonly deps: SchedulerDeps) {
    this.retryMs = deps.retryMs ?? 5 * 60_000;
    this.firstRetryMs = Math.min(deps.firstRetryMs ?? 10_000, this.retryMs);
  }

  /** Start: refresh + resolve now, then on schedule and on `online`. */
  start(): Promise<void> {
    this.stop();
    this.timer = this.deps.setInterval(() => void this.tick(), this.deps.tickMs ?? 5_000);
    this.unsubscribe = this.deps.onOnline(() => {
      // A new network: the next failure waits the shortest time again.
      this.refreshFailures = Math.min(this.refreshFailures, 1);
      this.resolveFailures = 0;
      void this.enqueue('due-or-failed', true);
    });
    return this.enqueue('always', true);
  }

  stop(): void {
    if (this.timer !== undefined) this.deps.clearInterval(this.timer);
    this.timer = undefined;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  /** Settings → "Refresh now": fetch the lists even if not due, then ask open questions. */
  refreshNow(): Promise<void> {
    return this.enqueue('always', true, true);
  }

  /** Ask open questions again now (e.g. after a check left one pending). */
  resolveNow(): Promise<void> {
    return this.enqueue('never', true, true);
  }

  /** A check just left a question open: the next online tick (or `online` event) asks it again. */
  noteOpenQuestion(): void {
    this.openQuestions++;
  }

  /** The wait after `failures` failures in a row: firstRetryMs, doubling, at most retryMs. */
  retryDelay(failures: number): number {
    const doublings = Math.min(Math.max(failures, 1) - 1, 30);
    return Math.min(this.retryMs, this.firstRetryMs * 2 ** doublings);
  }

  /** What the schedule would do now (exposed for tests and Settings). */
  due(): { readonly refresh: boolean; readonly resolve: boolean } {
    const now = this.deps.now();
    const period = this.deps.refreshHours() * 3600_000;
    const refresh = this.refreshFailures === 0 ? now - this.lastGoodRefresh >= period : now - this.lastRefreshAttempt >= this.retryDelay(this.refreshFailures);
    const resolve = this.openQuestions > 0 && now - this.lastResolve >= this.retryDelay(this.resolveFailures);
    return { refresh, resolve };
  }

  private tick(): Promise<void> {
    if (!this.deps.isOnline()) return Promise.resolve();
    const d = this.due();
    if (!d.refresh && !d.resolve) return Promise.resolve();
    return this.enqueue(d.refresh ? 'due' : 'never', true);
  }

  /**
   * `refresh`: 'always' (start, Refresh now), 'due' (the schedule, checked again when the run
   * starts), 'due-or-failed' (back online: a list that failed is fetched at once), 'never'.
   * `force`: run even when the browser says it is offline.
   */
  private enqueue(refresh: 'always' | 'due' | 'due-or-failed' | 'never', resolve: boolean, force = false): Promise<void> {
    const run = async () => {
      if (!force && !this.deps.isOnline()) return;
      const wanted = refresh === 'always' || (refresh !== 'never' && this.due().refresh) || (refresh === 'due-or-failed' && this.refreshFailures > 0);
      if (wanted) {
        this.lastRefreshAttempt = this.deps.now();
        let ok: boolean;
        try {
          ok = await this.deps.refresh();
        } catch {
          ok = false;
        }
        if (ok) this.lastGoodRefresh = this.lastRefreshAttempt;
        this.refreshFailures = ok ? 0 : this.refreshFailures + 1;
      }
      if (resolve) {
        this.lastResolve = this.deps.now();
        try {
          this.openQuestions = (await this.deps.resolve()).open;
        } catch {
          this.openQuestions = Math.max(1, this.openQuestions);
        }
        this.resolveFailures = this.openQuestions > 0 ? this.resolveFailures + 1 : 0;
      }
    };
    this.running = this.running.then(run, run);
    return this.running;
  }
}
