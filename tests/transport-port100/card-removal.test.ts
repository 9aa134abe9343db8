/**
 * The card leaves the field at every single RF frame of a counter check (activation included).
 * Wanted: the outcome is always a TransportError ('no-card' before activation, 'card-removed'
 * after) — never a 'verified' report, never another kind of exception — and the host gives up
 * within 1 + maxRetries frames of the removal.
 *
 * A removal during chip authentication is thrown too (authenticateChip rethrows TransportErrors),
 * so no frame index yields a report at all.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { isKazasuError } from '../../src/errors/kazasu-error';
import { TransportError } from '../../src/transport/card-transport';
import type { Rcs380Faults } from '../../src/sim/readers/rcs380-emulator';
import type { TypeBCardOptions } from '../../src/sim/readers/type-b-picc';
import type { WebUsbPort100Options } from '../../src/transport/webusb-port100/webusb-port100-transport';
import type { DocumentReport as VerificationReport } from '../../src/documents/registry';
import { counterCheck, rig } from './rig';

interface Setup {
  readonly card?: TypeBCardOptions;
  readonly transport?: WebUsbPort100Options;
  readonly faults?: Partial<Rcs380Faults>;
}

interface Outcome {
  readonly frame: number;
  readonly error?: unknown;
  readonly report?: VerificationReport;
  readonly events: string[];
  /** RF frames the host sent from the removal on. */
  readonly framesAfter: number;
}

/** Frames a complete, undisturbed connect + counter check takes with this setup. */
async function frameCount(setup: Setup): Promise<number> {
  const { transport, emulator } = await rig(setup);
  Object.assign(emulator.faults, setup.faults);
  await transport.connect();
  expect((await counterCheck(transport)).outcome).toBe('verified');
  return emulator.rfFrameCount;
}

async function removeAt(setup: Setup, frame: number): Promise<Outcome> {
  const { transport, emulator } = await rig(setup);
  Object.assign(emulator.faults, setup.faults, { removeAtFrame: frame });
  const events: string[] = [];
  transport.onEvent((e) => events.push(e.type));
  try {
    await transport.connect();
    const report = await counterCheck(transport);
    return { frame, report, events, framesAfter: emulator.rfFrameCount - frame };
  } catch (error) {
    return { frame, error, events, framesAfter: emulator.rfFrameCount - frame };
  }
}

async function sweep(setup: Setup, step: number): Promise<Outcome[]> {
  const total = await frameCount(setup);
  const out: Outcome[] = [];
  for (let frame = 0; frame < total; frame += step) out.push(await removeAt(setup, frame));
  return out;
}

function checkSafe(outcomes: readonly Outcome[]): void {
  expect(outcomes.length).toBeGreaterThan(20);
  for (const o of outcomes) {
    const where = `card removed at frame ${o.frame}`;
    if (o.report) {
      // Never a verified report from a card that left; the failing check names the read.
      expect(o.report.outcome, where).not.toBe('verified');
      expect(o.report.checks.some((c) => c.status === 'fail' && c.code === 'read-failed'), where).toBe(true);
      expect(o.events, where).toContain('card-removed');
      continue;
    }
    expect(isKazasuError(o.error), `${where}: ${String(o.error)}`).toBe(true);
    expect(o.error, where).toBeInstanceOf(TransportError);
    const code = (o.error as TransportError).code;
    if (o.frame === 0) expect(code, where).toBe('no-card');
    else {
      expect(code, where).toBe('card-removed');
      expect(o.events.at(-1), where).toBe('card-removed');
    }
    // The frame that found no card, then at most maxRetries (3) recovery frames.
    expect(o.framesAfter, where).toBeLessThanOrEqual(4);
  }
}

describe('card removed at every frame of a counter check (FSC 256)', () => {
  let outcomes: Outcome[];
  beforeAll(async () => {
    outcomes = await sweep({}, 1);
  }, 60_000);

  it('always a typed error (or, during chip authentication, a failed report); never verified', () => {
    checkSafe(outcomes);
  });

  it('reports come back only for removals during chip authentication (INTERNAL AUTHENTICATE)', () => {
    for (const o of outcomes.filter((x) => x.report)) {
      const failed = o.report!.checks.filter((c) => c.status === 'fail').map((c) => c.id);
      expect(failed.every((id) => id.endsWith('.chip-authentication')), `frame ${o.frame}: ${failed.join(', ')}`).toBe(true);
    }
  });

  it('always a TransportError, also during chip authentication', () => {
    expect(outcomes.filter((o) => o.report).map((o) => o.frame)).toEqual([]);
  });
});

describe('card removed during heavy chaining with WTX (FSC 32, FSD 64)', () => {
  it('every 3rd frame index: always a typed error or a failed report; never verified', async () => {
    // About 3× the frames of the FSC 256 run; every third index keeps the run short while still
    // hitting chained sends, chained receives and WTX exchanges.
    checkSafe(await sweep({ card: { fsci: 2 }, transport: { fsdi: 5 }, faults: { wtx: { apdus: 'all', count: 1, wtxm: 2 } } }, 3));
  }, 60_000);
});
