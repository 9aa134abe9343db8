/**
 * When the kiosk fetches its CRLs and asks pending questions again:
 * - on start (refresh, then resolve);
 * - on schedule: a list is refreshed once `refreshHours` have passed since the last good refresh;
 *   a refresh that failed is retried every `retryMs` (default 5 min);
 * - open questions are retried every `retryMs` while online;
 * - the browser's `online` event runs both at once (a kiosk back in the network resolves
 *   what it left pending).
 * One run at a time; nothing runs while offline except on `refreshNow` (Settings), which reports
 * the outcome. Clock and timers are injected (tests use fake ones).
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
  readonly retryMs?: number;
  readonly tickMs?: number;
}

export class RevocationScheduler {
  private timer: unknown;
  private unsubscribe: (() => void) | undefined;
  private running: Promise<void> = Promise.resolve();
  private lastGoodRefresh = Number.NEGATIVE_INFINITY;
  private lastRefreshAttempt = Number.NEGATIVE_INFINITY;
  private lastRefreshOk = true;
  private lastResolve = Number.NEGATIVE_INFINITY;
  private openQuestions = 0;
  private readonly retryMs: number;

  constructor(private readonly deps: SchedulerDeps) {
    this.retryMs = deps.retryMs ?? 5 * 60_000;
  }

  /** Start: refresh + resolve now, then on schedule and on `online`. */
  start(): Promise<void> {
    this.stop();
    this.timer = this.deps.setInterval(() => void this.tick(), this.deps.tickMs ?? 60_000);
    this.unsubscribe = this.deps.onOnline(() => void this.enqueue('due-or-failed', true));
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

  /** What the schedule would do now (exposed for tests and Settings). */
  due(): { readonly refresh: boolean; readonly resolve: boolean } {
    const now = this.deps.now();
    const period = this.deps.refreshHours() * 3600_000;
    const refresh = this.lastRefreshOk ? now - this.lastGoodRefresh >= period : now - this.lastRefreshAttempt >= this.retryMs;
    const resolve = this.openQuestions > 0 && now - this.lastResolve >= this.retryMs;
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
      const wanted = refresh === 'always' || (refresh !== 'never' && this.due().refresh) || (refresh === 'due-or-failed' && !this.lastRefreshOk);
      if (wanted) {
        this.lastRefreshAttempt = this.deps.now();
        try {
          this.lastRefreshOk = await this.deps.refresh();
        } catch {
          this.lastRefreshOk = false;
        }
        if (this.lastRefreshOk) this.lastGoodRefresh = this.lastRefreshAttempt;
      }
      if (resolve) {
        this.lastResolve = this.deps.now();
        try {
          this.openQuestions = (await this.deps.resolve()).open;
        } catch {
          this.openQuestions = Math.max(1, this.openQuestions);
        }
      }
    };
    this.running = this.running.then(run, run);
    return this.running;
  }
}
