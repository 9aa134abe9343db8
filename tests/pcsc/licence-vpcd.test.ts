/**
 * A simulated driver's licence over REAL PC/SC: `kazasu sim vpcd licence-default` (the CLI
 * command, as a child process) serves the card to pcscd through the vsmartcard vpcd reader; the
 * bridge reads it with pcsclite, and the kiosk's BridgeTransport + registry + licence driver +
 * verifier recognise and verify it on the other side of a loopback WebSocket.
 *
 * Needs pcscd, vsmartcard-vpcd and the pcsclite binding (.ci/run installs them). Missing pieces
 * FAIL with instructions, never skip.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CardProbe } from '../../src/documents/registry';
import { openPcscliteService } from '../../src/node/bridge/pcsclite-service';
import type { PcscService } from '../../src/node/bridge/pcsc-service';
import { SIMULATED_LICENCE } from '../../src/node/sim-documents/licence';
import { PURPOSES } from '../../src/session/purposes';
import { runVerification } from '../../src/session/run-verification';
import { environment } from '../verify-flows/flow-helpers';
import { openTransport, startTestBridge, type TestBridge } from '../bridge/bridge-rig';
import { startPcscdRig, VPCD_READER, waitFor, type PcscdRig } from './pcscd-rig';

describe('kazasu sim vpcd <licence-profile> through real pcscd, verified over the bridge', () => {
  let rig: PcscdRig | undefined;
  let service: PcscService | undefined;
  let bridge: TestBridge | undefined;
  let child: ChildProcess | undefined;
  let output = '';

  const cardState = (): boolean | undefined => service?.readers().find((r) => r.name === VPCD_READER)?.cardPresent;

  beforeAll(async () => {
    rig = await startPcscdRig();
    child = spawn(process.execPath, ['bin/kazasu.mjs', 'sim', 'vpcd', 'licence-default'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (b: Buffer) => (output = (output + b.toString('utf8')).slice(-20_000)));
    child.stderr?.on('data', (b: Buffer) => (output = (output + b.toString('utf8')).slice(-20_000)));
    service = openPcscliteService();
    await waitFor('PC/SC to see the simulated licence in the Virtual PCD reader', async () => cardState() === true, 30_000, () => `${output}\n${rig?.log() ?? ''}`);
    bridge = await startTestBridge(service);
  }, 90_000);

  afterAll(async () => {
    await bridge?.close();
    await service?.close();
    if (child && child.exitCode === null) {
      const exited = new Promise<void>((r) => child!.once('exit', () => r()));
      child.kill('SIGTERM');
      await exited;
    }
    await rig?.stop();
  });

  it('the CLI says it inserted a simulated drivers-licence', () => {
    expect(output).toContain('simulated drivers-licence "licence-default" inserted');
  });

  it('the registry recognises the licence over the bridge and reads both counters without a try; the counter check verifies', async () => {
    const transport = await openTransport(bridge!, { reader: VPCD_READER });
    try {
      await transport.connect();
      const probe = new CardProbe(transport);
      const found = await probe.detect({ purpose: 'counter' });
      expect(found?.driver.kind).toBe('drivers-licence');
      expect(await found!.driver.readTries(probe.channel, ['pin1', 'pin2'])).toEqual({ pin1: { kind: 'tries-left', left: 3 }, pin2: { kind: 'tries-left', left: 3 } });
      probe.close();
      const env = { ...(await environment()), documentAnchors: await SIMULATED_LICENCE.anchors() };
      const report = await runVerification(transport, PURPOSES.bank, { pin1: '1234', pin2: '5678' }, env, undefined, { document: found!.driver });
      expect(report.outcome, JSON.stringify(report.checks.map((c) => `${c.id}:${c.status}:${c.code}`))).toBe('verified');
      expect(report.document).toBe('drivers-licence');
      expect(report.attributes.name).toBe('桧山　健太');
    } finally {
      transport.close();
    }
    // The counter was read (empty VERIFY, 63C3) before the PIN went to the card.
    expect(output).toMatch(/APDU 00200081 → SW 63C3[\s\S]*APDU 00200081 → SW 9000/);
  }, 60_000);
});
