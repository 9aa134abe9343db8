/**
 * Presence through the getStatusChange loop: cards arriving and leaving, a card swapped between
 * two looks, the reader leaving and coming back, and the loop's waits staying bounded even when
 * the implementation ignores its AbortSignal. Tests wait for events, never for time.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_EMULATED_READER } from '../../src/sim/readers/smartcard-api-emulator';
import { SmartCardApiError } from '../../src/transport/smartcard-api/smartcard-api-error';
import type { SmartCardReaderEvent } from '../../src/transport/smartcard-api/smartcard-api-transport';
import { counterCheck, events, nextEvent, rejection, rig } from './rig';

const GET_CHALLENGE = Uint8Array.of(0x00, 0x84, 0x00, 0x00, 0x08);

/** Wait (by polling, not by asserting time) until `cond` holds; fails after many tries. */
async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 2_000; i++) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 2));
  }
  throw new Error(`never: ${what}`);
}

function readerEvents(t: { onReaderEvent(l: (e: SmartCardReaderEvent) => void): () => void }): SmartCardReaderEvent[] {
  const seen: SmartCardReaderEvent[] = [];
  t.onReaderEvent((e) => seen.push(e));
  return seen;
}

describe('SmartCardApiTransport presence', () => {

  it('card taken away and put back during a session → card-removed, card-present; the old session never continues', async () => {
    const { transport, emulator, sim } = await rig();
    const seen = events(transport);
    await transport.connect(); // also starts the loop for the session
    expect(transport.monitoring).toBe(true);
    await until(() => emulator.contexts.some((c) => c.busy), 'the loop waits on its context');
    const removed = nextEvent(transport, 'card-removed');
    const back = nextEvent(transport, 'card-present');
    emulator.removeCard();
    await removed;
    emulator.insertCard(sim);
    await back;
    expect(seen).toEqual(['card-present', 'card-activated', 'card-removed', 'card-present']);
    const e = await rejection(transport.transmit(GET_CHALLENGE));
    expect(e).toBeInstanceOf(SmartCardApiError);
    expect((e as SmartCardApiError).reason).toBe('card-removed');
    await transport.close();
  });

  it('a card swapped within one driver poll (still "present", event count +2) → card-removed, card-present', async () => {
    const { transport, emulator, sim } = await rig();
    const seen = events(transport);
    await transport.connect(); // also starts the loop for the session
    expect(transport.monitoring).toBe(true);
    await until(() => emulator.contexts.some((c) => c.busy), 'the loop waits on its context');
    const removed = nextEvent(transport, 'card-removed');
    const back = nextEvent(transport, 'card-present');
    emulator.swapCard(sim);
    await removed;
    await back;
    expect(seen).toEqual(['card-present', 'card-activated', 'card-removed', 'card-present']);
    const e = await rejection(transport.transmit(GET_CHALLENGE));
    expect(e).toBeInstanceOf(SmartCardApiError);
    expect((e as SmartCardApiError).reason).toBe('card-removed');
    await transport.connect();
    expect((await counterCheck(transport)).outcome).toBe('verified');
    await transport.disconnect();
    expect(transport.monitoring).toBe(false); // started by connect, ended by disconnect
  });

  it('reader unplugged and plugged back → reader-removed, reader events, then the card again', async () => {
    const { transport, emulator, sim } = await rig();
    const seen = events(transport);
    const readers = readerEvents(transport);
    transport.startMonitoring();
    await nextEvent(transport, 'card-present');
    const gone = nextEvent(transport, 'reader-removed');
    emulator.removeReader();
    await gone;
    expect(transport.readerName).toBeUndefined();
    const again = nextEvent(transport, 'card-present');
    emulator.addReader(DEFAULT_EMULATED_READER);
    emulator.insertCard(sim);
    await again;
    expect(seen).toEqual(['card-present', 'reader-removed', 'card-present']);
    expect(readers.map((r) => r.type)).toEqual(['reader-ready', 'reader-lost', 'reader-ready']);
    await transport.connect();
    expect((await counterCheck(transport)).outcome).toBe('verified');
    await transport.close();
    expect(transport.monitoring).toBe(false);
  });

  it('every wait is bounded: the loop aborts and re-asks while nothing happens', async () => {
    const { transport, emulator } = await rig({ transport: { waitTimeoutMs: 10 } });
    transport.startMonitoring();
    await until(() => emulator.statusChangeCalls >= 4, 'several bounded waits');
    await transport.stopMonitoring();
    expect(emulator.contexts.every((c) => !c.busy)).toBe(true);
  });

  it('an implementation that ignores the abort → the loop gives up with a typed monitor-failed', async () => {
    const { transport, emulator } = await rig({ transport: { waitTimeoutMs: 10, abortGraceMs: 10, maxConsecutiveFailures: 3 } });
    emulator.faults.ignoreAbort = true;
    const readers = readerEvents(transport);
    transport.startMonitoring();
    await until(() => readers.some((r) => r.type === 'monitor-failed'), 'monitor-failed');
    const failed = readers.find((r) => r.type === 'monitor-failed') as Extract<SmartCardReaderEvent, { type: 'monitor-failed' }>;
    expect(failed.error).toBeInstanceOf(SmartCardApiError);
    expect([failed.error.code, failed.error.reason]).toEqual(['timeout', 'reader-timeout']);
    expect(transport.monitoring).toBe(false);
    // A stuck context was never reused: each attempt established a new one.
    expect(emulator.contexts.length).toBeGreaterThanOrEqual(3);
  });

  it('PC/SC going away makes the loop give up with a typed monitor-failed', async () => {
    const { transport, emulator } = await rig({ transport: { maxConsecutiveFailures: 2 } });
    const readers = readerEvents(transport);
    transport.startMonitoring();
    await nextEvent(transport, 'card-present');
    emulator.stopService();
    await until(() => readers.some((r) => r.type === 'monitor-failed'), 'monitor-failed');
    const failed = readers.find((r) => r.type === 'monitor-failed') as Extract<SmartCardReaderEvent, { type: 'monitor-failed' }>;
    expect(failed.error.reason).toBe('pcsc-unavailable');
  });
});
