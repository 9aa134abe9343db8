/**
 * The kiosk engine on the bridge path: tries read through the bridge, and a bridge that goes
 * away mid-session ends on the placement screen with a reader-failed notice carrying the
 * bridge's reason (what the UI explains), never a result.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedPcscService } from '../../src/node/bridge/simulated-pcsc-service';
import { KioskSession } from '../../src/session/kiosk-session';
import { simulatedCardFor } from '../../src/sim/mynumber/build-card';
import type { BridgeTransport } from '../../src/transport/bridge/bridge-transport';
import { card, CODE_B, environment } from '../verify-flows/flow-helpers';
import { openTransport, startTestBridge, type TestBridge } from './bridge-rig';

let bridge: TestBridge | undefined;
let transport: BridgeTransport | undefined;
afterEach(async () => {
  transport?.close();
  await bridge?.close();
  bridge = undefined;
});

async function until(session: KioskSession, step: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (session.getState().step === step) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`never reached ${step}; at ${session.getState().step}`);
}

describe('KioskSession over the bridge', () => {
  it('reads the tries through the bridge; the bridge stopping mid-session gives reader-failed / bridge-closed', async () => {
    bridge = await startTestBridge(new SimulatedPcscService(simulatedCardFor((await card('default')).model)));
    transport = await openTransport(bridge);
    const env = await environment();
    let evidence = 0;
    const session = new KioskSession({ transport, environment: () => env, recordEvidence: async () => void evidence++ });
    session.choosePurpose('counter');
    await until(session, 'enter-credentials');
    expect(session.getState()).toMatchObject({ tries: { codeB: { kind: 'tries-left', left: 10 } } });

    // The bridge stops while the person types: the kiosk returns to placement saying the reader
    // went away (not that the card was removed).
    await bridge.close();
    bridge = undefined;
    await new Promise((r) => setTimeout(r, 50));
    expect(session.getState()).toMatchObject({ step: 'place-card', notice: { code: 'reader-failed', errorCode: 'reader-unplugged' } });
    expect(evidence).toBe(0);
  });

  it('a reader held by another page: reader-failed with the bridge’s reason (reader-busy)', async () => {
    const service = new SimulatedPcscService(simulatedCardFor((await card('default')).model));
    bridge = await startTestBridge(service);
    transport = await openTransport(bridge);
    const other = await openTransport(bridge);
    await other.connect();
    const env = await environment();
    const session = new KioskSession({ transport, environment: () => env, recordEvidence: async () => undefined });
    session.choosePurpose('counter');
    for (let i = 0; i < 300 && !('notice' in session.getState()); i++) await new Promise((r) => setTimeout(r, 10));
    expect(session.getState()).toMatchObject({ step: 'place-card', notice: { code: 'reader-failed', errorCode: 'permission-denied', reason: 'reader-busy' } });
    other.close();
  });
});
