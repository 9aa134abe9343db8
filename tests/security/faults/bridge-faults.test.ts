/**
 * Issue 6, item 1 on the PC/SC bridge path: the kiosk's BridgeTransport → WebSocket → the real
 * bridge server → SimulatedPcscService, with the fault-injecting responder in front of the
 * simulated card. The card leaves before or after every APDU of the counter flow (the bridge's
 * own counter reads before each VERIFY included) and, at every APDU, the answer is cut or
 * rewritten. Every run: a typed error or a report; 'verified' only with the clean data; never
 * an extra VERIFY; no try used.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { SimulatedPcscService } from '../../../src/node/bridge/simulated-pcsc-service';
import { isKazasuError } from '../../../src/errors/kazasu-error';
import { runVerification } from '../../../src/session/run-verification';
import { PURPOSES } from '../../../src/session/purposes';
import type { VerificationEnvironment } from '../../../src/session/verification-environment';
import { REMOVAL_FAULT_KINDS, type ApduFaultKind } from '../../../src/sim/faults/apdu-fault';
import { FaultInjectingResponder } from '../../../src/sim/faults/fault-injecting-responder';
import type { CardModel } from '../../../src/sim/card/card-model';
import { simulatedCardFor } from '../../../src/sim/mynumber/build-card';
import type { SimulatedCard } from '../../../src/sim/card/simulated-card';
import { TransportError } from '../../../src/transport/card-transport';
import type { DocumentReport as VerificationReport } from '../../../src/documents/registry';
import { CODE_B, environment } from '../../verify-flows/flow-helpers';
import { openTransport, startTestBridge } from '../../bridge/bridge-rig';
import { recordFigure } from '../figures';
import { defaultModel } from './fault-rig';

const SOURCE = 'faults-bridge';
const KINDS: readonly ApduFaultKind[] = [...REMOVAL_FAULT_KINDS, 'truncate-tail', 'truncate-data', 'sw-6982', 'sw-6c08', 'sw-9000'];

let model: CardModel;
let env: VerificationEnvironment;

interface BridgeRun {
  readonly what: string;
  readonly report?: VerificationReport;
  readonly error?: unknown;
  readonly sim: SimulatedCard;
  readonly wrapper: FaultInjectingResponder;
}

async function bridgeRun(at: number, kind: ApduFaultKind | undefined): Promise<BridgeRun> {
  const sim = simulatedCardFor(model);
  let service: SimulatedPcscService | undefined;
  const wrapper = new FaultInjectingResponder(sim, kind === undefined ? undefined : { at, kind, removeCard: () => service?.removeCard() });
  service = new SimulatedPcscService(wrapper);
  const bridge = await startTestBridge(service);
  const transport = await openTransport(bridge);
  const what = `bridge ${kind ?? 'clean'} at APDU ${at}`;
  try {
    await transport.connect();
    return { what, sim, wrapper, report: await runVerification(transport, PURPOSES.counter, { codeB: CODE_B.default! }, env) };
  } catch (error) {
    return { what, sim, wrapper, error };
  } finally {
    transport.close();
    await bridge.close();
  }
}

beforeAll(async () => {
  model = await defaultModel();
  env = await environment();
});

describe('counter flow through the PC/SC bridge', () => {
  let clean: BridgeRun;
  beforeAll(async () => {
    clean = await bridgeRun(0, undefined);
  });

  it('clean run verified', () => {
    expect(clean.report?.outcome).toBe('verified');
    expect(clean.wrapper.record.commands).toBeGreaterThan(17);
  });

  it.each(KINDS)('%s at every APDU', async (kind) => {
    const total = clean.wrapper.record.commands;
    const runs: BridgeRun[] = [];
    for (let at = 0; at < total; at++) runs.push(await bridgeRun(at, kind));
    for (const r of runs) {
      expect(r.wrapper.record.hit, r.what).toBe(true);
      if (r.report) {
        if (r.report.outcome === 'verified') {
          expect(r.report.attributes, r.what).toEqual(clean.report!.attributes);
          expect((r.report.images as { photoJp2?: Uint8Array }).photoJp2, r.what).toEqual((clean.report!.images as { photoJp2?: Uint8Array }).photoJp2);
        }
      } else expect(isKazasuError(r.error), `${r.what}: ${String(r.error)}`).toBe(true);
      expect(r.sim.activity.verifyAttempts, r.what).toBeLessThanOrEqual(clean.sim.activity.verifyAttempts);
      expect(r.sim.activity.triesConsumed, r.what).toBe(0);
      if (kind === 'remove-before' || kind === 'remove-after') {
        expect(r.report, r.what).toBeUndefined();
        expect(r.error, r.what).toBeInstanceOf(TransportError);
        expect(['card-removed', 'no-card'], r.what).toContain((r.error as TransportError).code);
      }
    }
    recordFigure(SOURCE, 'fault-points', `counter flow, PC/SC bridge, ${kind} at every APDU`, runs.length);
  });
});
