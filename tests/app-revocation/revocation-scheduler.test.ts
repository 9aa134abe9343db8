import { describe, expect, it } from 'vitest';
import { RevocationScheduler, type SchedulerDeps } from '../../src/app/revocation/revocation-scheduler';

/** A scheduler on a fake clock: `advance` moves time and fires the interval as a browser would. */
function rig(options: { refreshOk?: () => boolean; open?: () => number; hours?: number } = {}) {
  let now = 0;
  let online = true;
  const calls: string[] = [];
  let tick: (() => void) | undefined;
  let onlineListener: (() => void) | undefined;
  const deps: SchedulerDeps = {
    now: () => now,
    isOnline: () => online,
    refreshHours: () => options.hours ?? 24,
    refresh: async () => {
      calls.push(`refresh@${now / 60_000}m`);
      return options.refreshOk?.() ?? true;
    },
    resolve: async () => {
      calls.push(`resolve@${now / 60_000}m`);
      return { open: options.open?.() ?? 0 };
    },
    setInterval: (fn) => {
      tick = fn;
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
    retryMs: 5 * 60_000,
    tickMs: 60_000,
  };
  const s = new RevocationScheduler(deps);
  const settle = () => new Promise((r) => setTimeout(r, 0));
  return {
    s,
    calls,
    async advance(minutes: number) {
      for (let i = 0; i < minutes; i++) {
        now += 60_000;
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
  };
}

describe('RevocationScheduler', () => {
  it('refreshes and resolves on start, then again only when the period has passed', async () => {
    const r = rig({ hours: 1 });
    await r.s.start();
    expect(r.calls).toEqual(['refresh@0m', 'resolve@0m']);
    await r.advance(59);
    expect(r.calls).toHaveLength(2);
    await r.advance(1);
    expect(r.calls.slice(2)).toEqual(['refresh@60m', 'resolve@60m']);
  });

  it('a failed refresh is retried every 5 minutes, not every minute', async () => {
    let ok = false;
    const r = rig({ refreshOk: () => ok });
    await r.s.start();
    await r.advance(4);
    expect(r.calls.filter((c) => c.startsWith('refresh'))).toEqual(['refresh@0m']);
    await r.advance(1);
    expect(r.calls.filter((c) => c.startsWith('refresh'))).toEqual(['refresh@0m', 'refresh@5m']);
    ok = true;
    await r.advance(5);
    await r.advance(30);
    expect(r.calls.filter((c) => c.startsWith('refresh'))).toEqual(['refresh@0m', 'refresh@5m', 'refresh@10m']);
  });

  it('open questions are asked again every 5 minutes while online, never while offline', async () => {
    let open = 1;
    const r = rig({ open: () => open });
    await r.s.start();
    r.setOnline(false);
    await r.advance(20);
    expect(r.calls.filter((c) => c.startsWith('resolve'))).toEqual(['resolve@0m']);
    r.setOnline(true); // the `online` event
    await r.settle();
    await r.settle();
    expect(r.calls.filter((c) => c.startsWith('resolve'))).toEqual(['resolve@0m', 'resolve@20m']);
    open = 0;
    await r.advance(5);
    await r.advance(30);
    expect(r.calls.filter((c) => c.startsWith('resolve'))).toEqual(['resolve@0m', 'resolve@20m', 'resolve@25m']);
  });

  it('the online event fetches a list that could not be fetched offline', async () => {
    let online = false;
    const r = rig({ refreshOk: () => online });
    await r.s.start();
    online = true;
    r.setOnline(true);
    await r.settle();
    await r.settle();
    expect(r.calls.filter((c) => c.startsWith('refresh'))).toEqual(['refresh@0m', 'refresh@0m']);
  });

  it('Refresh now runs even when not due; a noted open question makes the next tick resolve; stop ends the timer', async () => {
    const r = rig();
    await r.s.start();
    await r.s.refreshNow();
    expect(r.calls).toEqual(['refresh@0m', 'resolve@0m', 'refresh@0m', 'resolve@0m']);
    r.s.noteOpenQuestion();
    await r.advance(5);
    expect(r.calls.at(-1)).toBe('resolve@5m');
    r.s.stop();
    expect(r.hasTimer()).toBe(false);
  });
});
