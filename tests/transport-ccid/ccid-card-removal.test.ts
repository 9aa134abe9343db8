/**
 * The card leaves in the middle of every APDU the card works on, after the reader sent a time
 * extension (a CCID reader's own case; removal at every bulk message, at both APDU levels, is in
 * tests/transport-conformance/card-removal-sweep.test.ts). Wanted: always 'card-removed', never
 * a report, and nothing more sent once the reader answered "no card".
 */
import { describe, expect, it } from 'vitest';
import { isKazasuError } from '../../src/errors/kazasu-error';
import type { ApduResponder } from '../../src/transport/apdu-responder';
import { TransportError } from '../../src/transport/card-transport';
import type { DocumentReport as VerificationReport } from '../../src/documents/registry';
import { counterCheck, rig } from './rig';

interface Outcome {
  readonly at: number;
  readonly error?: unknown;
  readonly report?: VerificationReport;
  readonly events: string[];
  /** How the reader answered the last bulk message the host sent. */
  readonly lastMessage: string | undefined;
}

/** The card leaves while working on its `apdu`-th command (after any time extensions were sent). */
async function removeDuringApdu(apdu: number): Promise<Outcome> {
  const { transport, emulator, sim } = await rig();
  let n = 0;
  const leaving: ApduResponder = {
    powerOn: () => sim.powerOn(),
    powerOff: () => sim.powerOff(),
    process: async (c) => {
      const r = await sim.process(c);
      if (n++ === apdu) emulator.removeCard();
      return r;
    },
  };
  emulator.placeCard(leaving);
  emulator.faults.timeExtension = { messages: 'all', count: 1 };
  const events: string[] = [];
  transport.onEvent((e) => events.push(e.type));
  const last = () => emulator.messageLog.at(-1)?.outcome;
  try {
    await transport.connect();
    return { at: apdu, report: await counterCheck(transport), events, lastMessage: last() };
  } catch (error) {
    return { at: apdu, error, events, lastMessage: last() };
  }
}

function checkSafe(outcomes: readonly Outcome[], what: string): void {
  expect(outcomes.length).toBeGreaterThan(15);
  for (const o of outcomes) {
    const where = `card removed at ${what} ${o.at}`;
    expect(o.report?.outcome, where).toBeUndefined();
    expect(isKazasuError(o.error), `${where}: ${String(o.error)}`).toBe(true);
    expect(o.error, where).toBeInstanceOf(TransportError);
    const code = (o.error as TransportError).code;
    expect(['no-card', 'card-removed'], where).toContain(code);
    // Whoever was told a card was there is told it left (at message 0 the card was never seen).
    if (code === 'card-removed' || o.events.includes('card-present')) expect(o.events.at(-1), where).toBe('card-removed');
    else expect(o.events, where).toEqual([]);
    expect(o.events, where).not.toContain('reader-removed');
    expect(o.lastMessage, where).toBe('no-card');
  }
}

describe('card removed while it processes each APDU (after a time extension)', () => {
  it('always card-removed, never a report', async () => {
    const { transport, sim } = await rig();
    await transport.connect();
    await counterCheck(transport);
    const apdus = sim.activity.commands;
    const outcomes: Outcome[] = [];
    for (let apdu = 0; apdu < apdus; apdu++) outcomes.push(await removeDuringApdu(apdu));
    checkSafe(outcomes, 'APDU');
    expect(outcomes.every((o) => (o.error as TransportError).code === 'card-removed')).toBe(true);
  }, 60_000);
});
