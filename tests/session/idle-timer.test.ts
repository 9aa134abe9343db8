import { describe, expect, it } from 'vitest';
import { IdleTimer, type IdleClock, type IdleState } from '../../src/session/idle-timer';

/** A manual clock: time only moves when the test says so. */
function manualClock() {
  let t = 0;
  const timers: { at: number; fn: () => void; id: number }[] = [];
  let next = 1;
  const clock: IdleClock = {
    now: () => t,
    setTimeout: (fn, ms) => {
      const id = next++;
      timers.push({ at: t + ms, fn, id });
      return id;
    },
    clearTimeout: (h) => {
      const i = timers.findIndex((x) => x.id === h);
      if (i >= 0) timers.splice(i, 1);
    },
  };
  const advance = (ms: number) => {
    const end = t + ms;
    for (;;) {
      timers.sort((a, b) => a.at - b.at);
      const due = timers[0];
      if (!due || due.at > end) break;
      timers.shift();
      t = due.at; // timers set by a firing timer count from its own time
      due.fn();
    }
    t = end;
  };
  return { clock, advance };
}

describe('IdleTimer (WCAG 2.2.1)', () => {
  it('warns 20 s before the wipe at 60 s of inactivity, and wipes', () => {
    const { clock, advance } = manualClock();
    const states: IdleState['phase'][] = [];
    let wiped = 0;
    const t = new IdleTimer((s) => states.push(s.phase), () => wiped++, undefined, clock);
    t.start();
    advance(39_999);
    expect(t.getState().phase).toBe('active');
    advance(1);
    expect(t.getState()).toEqual({ phase: 'warning', wipeAt: 60_000 });
    advance(19_999);
    expect(wiped).toBe(0);
    advance(1);
    expect(wiped).toBe(1);
    expect(t.getState().phase).toBe('wiped');
  });

  it('one action during the warning extends, at least 10 times', () => {
    const { clock, advance } = manualClock();
    let wiped = 0;
    const t = new IdleTimer(() => {}, () => wiped++, undefined, clock);
    t.start();
    for (let i = 0; i < 10; i++) {
      advance(40_000);
      expect(t.getState().phase).toBe('warning');
      t.activity();
      expect(t.getState().phase).toBe('active');
    }
    advance(60_000);
    expect(wiped).toBe(1);
  });

  it('refuses a policy that gives less than 20 s of warning', () => {
    expect(() => new IdleTimer(() => {}, () => {}, { wipeAfterMs: 30_000, warningMs: 10_000, maxExtensions: 10 })).toThrow(RangeError);
  });
});
