/**
 * Kiosk inactivity: after `warnAfterMs` without activity a warning appears; `wipeAfterMs` after
 * the last activity everything personal is wiped. WCAG 2.2.1 (Timing Adjustable): the warning
 * gives at least 20 s and one simple action ("continue") extends it, at least 10 times.
 * No DOM: the UI reports activity and renders the state; timers are injected for tests.
 */
export interface IdlePolicy {
  /** Total inactivity before the wipe (default 60 s). */
  readonly wipeAfterMs: number;
  /** How long the warning shows before the wipe (≥ 20 s, default 20 s). */
  readonly warningMs: number;
  /** How many times the person may extend (≥ 10). */
  readonly maxExtensions: number;
}

export const DEFAULT_IDLE_POLICY: IdlePolicy = { wipeAfterMs: 60_000, warningMs: 20_000, maxExtensions: 10 };

export type IdleState = { readonly phase: 'active' } | { readonly phase: 'warning'; readonly wipeAt: number } | { readonly phase: 'wiped' };

export interface IdleClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realClock: IdleClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
};

export class IdleTimer {
  private state: IdleState = { phase: 'active' };
  private handle: unknown;
  private extensions = 0;
  private running = false;

  constructor(
    private readonly onChange: (s: IdleState) => void,
    private readonly onWipe: () => void,
    readonly policy: IdlePolicy = DEFAULT_IDLE_POLICY,
    private readonly clock: IdleClock = realClock,
  ) {
    if (policy.warningMs < 20_000) throw new RangeError('WCAG 2.2.1: the warning must give at least 20 s');
    if (policy.wipeAfterMs <= policy.warningMs) throw new RangeError('wipeAfterMs must exceed warningMs');
  }

  /** Start watching (a session with personal data began). */
  start(): void {
    this.running = true;
    this.extensions = 0;
    this.activity();
  }

  /** Stop watching (back at the start screen: nothing to wipe). */
  stop(): void {
    this.running = false;
    this.clock.clearTimeout(this.handle);
    this.setState({ phase: 'active' });
  }

  /** Any touch, key or card event. During the warning it counts as "continue" (an extension). */
  activity(): void {
    if (!this.running) return;
    if (this.state.phase === 'warning') {
      if (this.extensions >= this.policy.maxExtensions) return;
      this.extensions++;
    }
    this.clock.clearTimeout(this.handle);
    this.setState({ phase: 'active' });
    this.handle = this.clock.setTimeout(() => this.warn(), this.policy.wipeAfterMs - this.policy.warningMs);
  }

  getState(): IdleState {
    return this.state;
  }

  private warn(): void {
    const wipeAt = this.clock.now() + this.policy.warningMs;
    this.setState({ phase: 'warning', wipeAt });
    this.handle = this.clock.setTimeout(() => this.wipe(), this.policy.warningMs);
  }

  private wipe(): void {
    this.running = false;
    this.setState({ phase: 'wiped' });
    this.onWipe();
  }

  private setState(s: IdleState): void {
    this.state = s;
    this.onChange(s);
  }
}
