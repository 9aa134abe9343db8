/**
 * The fault sweep over every APDU of the licence flow (detect → counter → PIN1 → PIN2 → read →
 * verify): one damaged answer at a time — bits flipped, bytes lost or added, wrong status words,
 * the card leaving — and the flow either completes or stops with a typed error. No fault can make
 * the library spend a PIN try the person did not give: at most one VERIFY per PIN, none consumed
 * with the right PINs, and with a wrong PIN1 never more than that one try.
 */
import { describe, expect, it } from 'vitest';
import { isKazasuError } from '../../src/errors/kazasu-error';
import { FaultInjectingResponder } from '../../src/sim/faults/fault-injecting-responder';
import { REMOVAL_FAULT_KINDS, RESPONSE_FAULT_KINDS, type ApduFaultKind } from '../../src/sim/faults/apdu-fault';
import { simulatedLicenceCardFor } from '../../src/sim/licence';
import { SimulatedTransport } from '../../src/transport/simulated-transport';
import { licence, readAndVerifyLicence } from './licence-helpers';

const KINDS: readonly ApduFaultKind[] = [...RESPONSE_FAULT_KINDS, ...REMOVAL_FAULT_KINDS];

async function sweep(pin1: string, maxConsumed: number): Promise<{ runs: number; completed: number }> {
  const model = (await licence('licence-default')).model;
  // Count the flow's APDUs once, without faults.
  const probe = new FaultInjectingResponder(simulatedLicenceCardFor(model), undefined);
  await readAndVerifyLicence(model, { pin1, pin2: '5678', wrap: () => probe }).catch(() => undefined);
  const total = probe.record.commands;
  let runs = 0;
  let completed = 0;
  for (let at = 0; at < total; at++) {
    for (const kind of KINDS) {
      const sim = simulatedLicenceCardFor(model);
      let removeCard: (() => void) | undefined;
      const faulty = new FaultInjectingResponder(sim, { at, kind, removeCard: () => removeCard?.() });
      try {
        await readAndVerifyLicence(model, {
          pin1,
          pin2: '5678',
          wrap: () => faulty,
          onTransport: (t) => {
            removeCard = () => (t.inner as SimulatedTransport).removeCard();
          },
        });
        completed++;
      } catch (e) {
        expect(isKazasuError(e), `${kind} at ${at}: ${String(e)}`).toBe(true);
      }
      runs++;
      expect(sim.activity.verifyAttempts, `${kind} at ${at}`).toBeLessThanOrEqual(2);
      expect(sim.activity.triesConsumed, `${kind} at ${at}`).toBeLessThanOrEqual(maxConsumed);
    }
  }
  return { runs, completed };
}

describe('fault sweep over the licence flow', () => {
  it('right PINs: every fault at every APDU gives a result or a typed error, and no try is ever spent', async () => {
    const { runs, completed } = await sweep('1234', 0);
    expect(runs).toBeGreaterThan(200);
    expect(completed).toBeGreaterThan(0);
  }, 120_000);

  it('a wrong PIN1: at most the one try the person’s entry allowed, whatever the card answers', async () => {
    const { runs } = await sweep('0000', 1);
    expect(runs).toBeGreaterThan(50);
  }, 120_000);
});
