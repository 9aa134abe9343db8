/**
 * The card leaves the reader at every single transmit of a counter check, before the card sees
 * the command and after it executed it. Wanted: always a SmartCardApiError 'card-removed' — never
 * a verified report, never another kind of exception — and not one more APDU after the removal.
 * The reader unplugged at every fifth transmit: always 'reader-unplugged'.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { isKazasuError } from '../../src/errors/kazasu-error';
import type { SmartCardApiEmulatorFaults } from '../../src/sim/readers/smartcard-api-emulator';
import { SmartCardApiError } from '../../src/transport/smartcard-api/smartcard-api-error';
import type { DocumentReport as VerificationReport } from '../../src/documents/registry';
import { counterCheck, rig } from './rig';

interface Outcome {
  readonly at: number;
  readonly report?: VerificationReport;
  readonly error?: unknown;
  readonly events: string[];
  readonly transmitsAfter: number;
}

async function run(faults: SmartCardApiEmulatorFaults, at: number): Promise<Outcome> {
  const { transport, emulator } = await rig();
  const events: string[] = [];
  transport.onEvent((e) => events.push(e.type));
  emulator.faults = faults;
  try {
    await transport.connect();
    const report = await counterCheck(transport);
    return { at, report, events, transmitsAfter: emulator.transmitCount - at - 1 };
  } catch (error) {
    return { at, error, events, transmitsAfter: emulator.transmitCount - at - 1 };
  } finally {
    await transport.close();
  }
}

let total = 0;
beforeAll(async () => {
  const { transport, emulator } = await rig();
  await transport.connect();
  expect((await counterCheck(transport)).outcome).toBe('verified');
  total = emulator.transmitCount;
  await transport.close();
});

describe('card removed at every transmit of a counter check', () => {
  for (const timing of ['before-command', 'after-command'] as const) {
    it(`${timing}: always card-removed, never a report, nothing sent afterwards`, async () => {
      expect(total).toBeGreaterThan(20);
      for (let at = 0; at < total; at++) {
        const o = await run({ removeCardAtTransmit: at, removeCardTiming: timing }, at);
        const where = `card removed at transmit ${at} (${timing})`;
        expect(o.report, where).toBeUndefined();
        expect(isKazasuError(o.error), `${where}: ${String(o.error)}`).toBe(true);
        expect(o.error, where).toBeInstanceOf(SmartCardApiError);
        expect([(o.error as SmartCardApiError).code, (o.error as SmartCardApiError).reason], where).toEqual(['card-removed', 'card-removed']);
        expect(o.events.at(-1), where).toBe('card-removed');
        expect(o.transmitsAfter, where).toBe(0);
      }
    }, 60_000);
  }
});

describe('reader unplugged during a counter check', () => {
  it('every fifth transmit: always reader-unplugged with reader-removed, never a report', async () => {
    for (let at = 0; at < total; at += 5) {
      const o = await run({ unplugReaderAtTransmit: at }, at);
      const where = `reader unplugged at transmit ${at}`;
      expect(o.report, where).toBeUndefined();
      expect(o.error, where).toBeInstanceOf(SmartCardApiError);
      expect([(o.error as SmartCardApiError).code, (o.error as SmartCardApiError).reason], where).toEqual(['reader-unplugged', 'reader-removed']);
      expect(o.events, where).toContain('reader-removed');
      expect(o.transmitsAfter, where).toBe(0);
    }
  }, 60_000);
});
