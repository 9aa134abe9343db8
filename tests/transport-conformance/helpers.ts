/** What every transport test needs: the default card's 照合番号B, a counter check, typed rejections, events. */
import { card, CODE_B, environment } from '../verify-flows/flow-helpers';
import { simulatedCardFor } from '../../src/sim/mynumber/build-card';
import type { SimulatedCard } from '../../src/sim/card/simulated-card';
import { runVerification } from '../../src/session/run-verification';
import { PURPOSES } from '../../src/session/purposes';
import type { CardEvent, CardTransport } from '../../src/transport/card-transport';
import type { MyNumberReport } from '../../src/documents/mynumber/mynumber-report';

export const DEFAULT_CODE_B = CODE_B.default!;

/** A fresh simulated default card (its own state and activity counters). */
export async function defaultCard(): Promise<SimulatedCard> {
  return simulatedCardFor((await card('default')).model);
}

/** A full counter check of the default card through `transport` (already connected). */
export async function counterCheck(transport: CardTransport): Promise<MyNumberReport> {
  // The default card is a My Number Card: its report has the My Number shape.
  return (await runVerification(transport, PURPOSES.counter, { codeB: DEFAULT_CODE_B }, await environment())) as MyNumberReport;
}

/** What `p` rejected with (fails the test if it resolves). */
export async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

type Observable = { onEvent(l: (e: CardEvent) => void): () => void };

/** Every card event `t` emits from now on, in order. */
export function events(t: Observable): CardEvent['type'][] {
  const seen: CardEvent['type'][] = [];
  t.onEvent((e) => seen.push(e.type));
  return seen;
}

/** Resolves at the next event of `type` (tests await events, never time). */
export function nextEvent(t: Observable, type: CardEvent['type']): Promise<void> {
  return new Promise((resolve) => {
    const off = t.onEvent((e) => {
      if (e.type === type) {
        off();
        resolve();
      }
    });
  });
}
