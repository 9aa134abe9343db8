import { describe, expect, it } from 'vitest';
import { RevocationScheduler, type SchedulerDeps } from '../../src/app/revocation/revocation-scheduler';

/**
 * A scheduler on a fake clock with the kiosk's defaults (look every 5 s, first retry 10 s,
 * doubling to 5 min): `advance` moves time 5 s at a time and fires the interval as a browser would.
 */
function rig(options: { refreshOk?: () => boolean; open?: () => number; hours?: number } = {}) {
  let now = 0;
  let online = true;
  const calls: string[] = [];
  let tick: (() => void) | undefined;
  let tickMs = 0;
  let onlineListener: (() => void) | undefined;
  const deps: SchedulerDeps = {
    now: () => now,
    isOnline: () => online,
    refreshHours: () => options.hours ?? 24,
    refresh: async () => {
      calls.push(`refresh@${now / 1000}s`);
      return options.refreshOk?.() ?? true;
    },
    resolve: async () => {
      calls.push(`resolve@${now / 1000}s`);
      return { open: options.open?.() ?? 0 };
    },
    setInterval: (fn, ms) => {
      tick = fn;
      tickMs = ms;
      return 1;
    },
    clearInterval: () => {
      tick = undefined;
    },
    onOnline: (fn) => {
      onlineListener = fn;
      return () => {
        onlineListener = undefined;
      };
    },
  };
  const s = new RevocationScheduler(deps);
  const settle = () => new Promise((r) => setTimeout(r, 0));
  return {
    s,
    calls,
    refreshes: () => calls.filter((c) => c.startsWith('refresh')),
    resolves: () => calls.filter((c) => c.startsWith('resolve')),
    async advance(seconds: number) {
      for (let t = 0; t < seconds * 1000; t += tickMs) {
        now += tickMs;
        tick?.();
        await settle();
      }
    },
    setOnline(v: boolean) {
      online = v;
      if (v) onlineListener?.();
    },
    settle,
    hasTimer: () => tick !== undefined,
    tickMs: () => tickMs,
  };
}

describe('RevocationScheduler', () => {
  it('looks every 5 s; refreshes and resolves on start, then again only when the period has passed', async () => {
    const r = rig({ hours: 1 });
    await r.s.start();
    expect(r.tickMs()).toBe(5_000);
    expect(r.calls).toEqual(['refresh@0s', 'resolve@0s']);
    await r.advance(3595);
    expect(r.calls).toHaveLength(2);
    await r.advance(5);
    expect(r.calls.slice(2)).toEqual(['refresh@3600s', 'resolve@3600s']);
  });

  it('a failed refresh is tried again after 10 s, then twice as long each time, at most every 5 minutes; success ends it', async () => {
    let ok = false;
    const r = rig({ refreshOk: () => ok });
    await r.s.start();
    await r.advance(5);
    expect(r.refreshes()).toEqual(['refresh@0s']);
    await r.advance(1200);
    // 10, 20, 40, 80, 160 s, then the 5-minute cap.
    expect(r.refreshes()).toEqual(['refresh@0s', 'refresh@10s', 'refresh@30s', 'refresh@70s', 'refresh@150s', 'refresh@310s', 'refresh@610s', 'refresh@910s']);
    ok = true;
    await r.advance(300);
    expect(r.refreshes().at(-1)).toBe('refresh@1210s');
    await r.advance(3600);
    expect(r.refreshes()).toHaveLength(9);
  });

  it('open questions are asked again soon and then less often while online, never while offline', async () => {
    let open = 1;
    const r = rig({ open: () => open });
    await r.s.start();
    await r.advance(70);
    expect(r.resolves()).toEqual(['resolve@0s', 'resolve@10s', 'resolve@30s', 'resolve@70s']);
    r.setOnline(false);
    await r.advance(1200);
    expect(r.resolves()).toHaveLength(4);
    r.setOnline(true); // the `online` event: at once, and the back-off starts afresh
    await r.settle();
    await r.settle();
    expect(r.resolves().slice(4)).toEqual(['resolve@1270s']);
    await r.advance(10);
    expect(r.resolves().slice(5)).toEqual(['resolve@1280s']);
    open = 0;
    await r.advance(20);
    expect(r.resolves().slice(6)).toEqual(['resolve@1300s']);
    await r.advance(3600);
    expect(r.resolves()).toHaveLength(7);
  });

  it('the online event fetches a list that could not be fetched offline', async () => {
    let online = false;
    const r = rig({ refreshOk: () => online });
    await r.s.start();
    online = true;
    r.setOnline(true);
    await r.settle();
    await r.settle();
    expect(r.refreshes()).toEqual(['refresh@0s', 'refresh@0s']);
  });

  it('Refresh now runs even when not due; a noted open question makes a tick 10 s later resolve; stop ends the timer', async () => {
    const r = rig();
    await r.s.start();
    await r.s.refreshNow();
    expect(r.calls).toEqual(['refresh@0s', 'resolve@0s', 'refresh@0s', 'resolve@0s']);
    r.s.noteOpenQuestion();
    await r.advance(5);
    expect(r.calls).toHaveLength(4);
    await r.advance(5);
    expect(r.calls.at(-1)).toBe('resolve@10s');
    r.s.stop();
    expect(r.hasTimer()).toBe(false);
  });

  it('the retry delay: 10 s doubling, capped at retryMs, never shorter than the first', () => {
    const s = new RevocationScheduler({} as SchedulerDeps);
    expect([0, 1, 2, 3, 4, 5, 6, 40].map((n) => s.retryDelay(n) / 1000)).toEqual([10, 10, 20, 40, 80, 160, 300, 300]);
  });
});
