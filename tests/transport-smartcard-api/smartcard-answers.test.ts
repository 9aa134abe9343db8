/**
 * Answers of the Web Smart Card API are checked before use: reader lists, reader states, ATRs,
 * connect results and response buffers of the wrong type or size become 'malformed-answer'.
 */
import { describe, expect, it } from 'vitest';
import {
  bytesOfBuffer,
  connectionStatusOf,
  connectResultOf,
  MAX_READERS,
  readerNamesOf,
  readerStateOf,
} from '../../src/transport/smartcard-api/smartcard-answers';
import { SmartCardApiError } from '../../src/transport/smartcard-api/smartcard-api-error';
import { SmartCardApiEmulator } from '../../src/sim/readers/smartcard-api-emulator';
import { SmartCardApiTransport } from '../../src/transport/smartcard-api/smartcard-api-transport';
import type { SmartCardContextLike } from '../../src/transport/smartcard-api/smartcard-api-types';

function malformed(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(SmartCardApiError);
    return (e as SmartCardApiError).reason;
  }
  throw new Error('accepted');
}

const state = (over: Record<string, unknown> = {}) => ({ readerName: 'R', eventState: { present: true, changed: true }, eventCount: 3, ...over });

describe('Web Smart Card API answers', () => {
  it('reader lists: strings of bounded length and number; duplicates dropped', () => {
    expect(readerNamesOf(['A', 'B', 'A'])).toEqual(['A', 'B']);
    expect(readerNamesOf([])).toEqual([]);
    for (const bad of [null, 'A', [1], [''], ['x'.repeat(257)], Array.from({ length: MAX_READERS + 1 }, (_, i) => `R${i}`)]) {
      expect(malformed(() => readerNamesOf(bad))).toBe('malformed-answer');
    }
  });

  it('reader states: one state for our reader, boolean flags, a 16-bit count, an ATR of at most 33 bytes', () => {
    const ok = readerStateOf([state({ answerToReset: new Uint8Array(9).buffer })], 'R');
    expect([ok.flags.present, ok.flags.empty, ok.eventCount, ok.atr?.length]).toEqual([true, false, 3, 9]);
    for (const bad of [[], [state(), state()], [state({ readerName: 'S' })], [state({ eventState: { present: 'yes' } })], [state({ eventCount: 70_000 })], [state({ eventCount: 1.5 })], [state({ answerToReset: new ArrayBuffer(34) })], [state({ answerToReset: 'ATR' })]]) {
      expect(malformed(() => readerStateOf(bad, 'R'))).toBe('malformed-answer');
    }
  });

  it('connect results and statuses: the methods we call, known protocols and states', () => {
    const connection = { transmit() {}, status() {}, disconnect() {} };
    expect(connectResultOf({ connection, activeProtocol: 't1' }).activeProtocol).toBe('t1');
    expect(malformed(() => connectResultOf({ connection: {}, activeProtocol: 't1' }))).toBe('malformed-answer');
    expect(malformed(() => connectResultOf({ connection, activeProtocol: 't2' }))).toBe('malformed-answer');
    expect(connectionStatusOf({ state: 't1', answerToReset: new ArrayBuffer(2) }).atr?.length).toBe(2);
    expect(malformed(() => connectionStatusOf({ state: 'on' }))).toBe('malformed-answer');
  });

  it('buffers: ArrayBuffer or a view, copied, bounded', () => {
    const source = Uint8Array.of(1, 2, 3);
    const copy = bytesOfBuffer(source.subarray(1), 10, 'x');
    source[1] = 9;
    expect([...copy]).toEqual([2, 3]);
    expect(malformed(() => bytesOfBuffer(new ArrayBuffer(11), 10, 'x'))).toBe('malformed-answer');
    expect(malformed(() => bytesOfBuffer([1, 2], 10, 'x'))).toBe('malformed-answer');
  });

  it('a context that lists junk makes connect() fail with malformed-answer, not a crash', async () => {
    const emulator = new SmartCardApiEmulator();
    const junk = {
      establishContext: async (): Promise<SmartCardContextLike> => {
        const real = await emulator.smartCard.establishContext();
        return { getStatusChange: real.getStatusChange.bind(real), connect: real.connect.bind(real), listReaders: async () => [42] as unknown as string[] };
      },
    };
    const e = await new SmartCardApiTransport(junk).connect().then(
      () => undefined,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(SmartCardApiError);
    expect((e as SmartCardApiError).reason).toBe('malformed-answer');
  });
});
