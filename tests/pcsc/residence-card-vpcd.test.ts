/**
 * Issue 12 §2 "Done when": `kazasu sim vpcd <residence-profile>` serves the card to a REAL pcscd
 * (vsmartcard vpcd reader), and the kiosk's bridge path — BridgeTransport over a loopback
 * WebSocket to the bridge server, `@pokusew/pcsclite` in the bridge — recognises and verifies it.
 * The card runs in its own process, started exactly as an operator would (bin/kazasu.mjs).
 *
 * Needs pcscd, vsmartcard-vpcd and the pcsclite binding; .ci/run installs them. Missing pieces
 * FAIL with instructions, never skip.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openPcscliteService } from '../../src/node/bridge/pcsclite-service';
import type { PcscService } from '../../src/node/bridge/pcsc-service';
import { CardProbe } from '../../src/documents/registry';
import type { ResidenceCardReport } from '../../src/documents/residence-card/residence-card-report';
import { runVerification } from '../../src/session/run-verification';
import { PURPOSES } from '../../src/session/purposes';
import { namedRcProfile } from '../../src/sim/residence-card/profiles';
import { environment } from '../verify-flows/flow-helpers';
import { openTransport, startTestBridge, type TestBridge } from '../bridge/bridge-rig';
import { startPcscdRig, VPCD_READER, waitFor, type PcscdRig } from './pcscd-rig';

const CLI = fileURLToPath(new URL('../../bin/kazasu.mjs', import.meta.url));

describe('kazasu sim vpcd <residence-card profile> over real pcscd, verified through the bridge', () => {
  let rig: PcscdRig | undefined;
  let service: PcscService | undefined;
  let bridge: TestBridge | undefined;
  let card: { child: ChildProcess; out: string[] } | undefined;

  const cardState = (): boolean | undefined => service?.readers().find((r) => r.name === VPCD_READER)?.cardPresent;

  /** `kazasu sim vpcd <profile>` as its own process; resolves once PC/SC sees the card. */
  async function serve(profile: string): Promise<{ child: ChildProcess; out: string[] }> {
    const out: string[] = [];
    const child = spawn(process.execPath, [CLI, 'sim', 'vpcd', profile], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (b: Buffer) => out.push(...b.toString('utf8').split('\n').filter(Boolean)));
    child.stderr!.on('data', (b: Buffer) => out.push(...b.toString('utf8').split('\n').filter(Boolean)));
    card = { child, out };
    await waitFor(`kazasu sim vpcd ${profile} to insert its card`, async () => {
      if (child.exitCode !== null) throw new Error(`kazasu sim vpcd exited ${child.exitCode}: ${out.join('\n')}`);
      return out.some((l) => l.includes('inserted')) && cardState() === true;
    }, 60_000, () => `${out.join('\n')}\n${rig?.log() ?? ''}`);
    return card;
  }

  /** Stop the card process we started (by its pid) and wait until PC/SC sees the reader empty. */
  async function stopCard(): Promise<string[]> {
    const c = card;
    card = undefined;
    if (!c) return [];
    if (c.child.exitCode === null) {
      const exited = new Promise<void>((r) => c.child.once('exit', () => r()));
      c.child.kill('SIGTERM');
      await exited;
    }
    await waitFor('PC/SC to see the reader empty', async () => cardState() === false, 15_000);
    return c.out;
  }

  beforeAll(async () => {
    rig = await startPcscdRig();
    await rig.eject();
    service = openPcscliteService();
    await waitFor('pcsclite to list the Virtual PCD reader', async () => cardState() !== undefined, 15_000, () => rig?.log() ?? '');
    bridge = await startTestBridge(service);
  }, 120_000);

  afterEach(async () => {
    await stopCard();
  });

  afterAll(async () => {
    await stopCard();
    await bridge?.close();
    await service?.close();
    await rig?.stop();
  });

  it.each([
    ['rc1-adult', 'counter', 1, 'residence-card'],
    ['rc2-special-permanent', 'counter', 2, 'special-permanent-resident'],
    ['rc2-adult', 'age', 2, 'residence-card'],
  ] as const)('%s: recognised and verified for the %s check through the bridge', async (profile, purpose, generation, kind) => {
    await serve(profile);
    const transport = await openTransport(bridge!, { reader: VPCD_READER });
    try {
      expect(transport.isCardPresent()).toBe(true);
      await transport.connect();
      // Detection as the kiosk does it: SELECT and free reads only, never an authentication.
      const probe = new CardProbe(transport);
      const found = await probe.detect({ purpose });
      probe.close();
      expect(found?.driver.kind).toBe('residence-card');
      expect(found?.detection).toMatchObject({ kind: 'match', variant: `gen${generation}-${kind}` });

      const number = namedRcProfile(profile)!.cardNumber;
      const report = (await runVerification(transport, PURPOSES[purpose], { cardNumber: number }, await environment(), undefined, { document: 'residence-card' })) as ResidenceCardReport;
      expect(report.transport).toBe('bridge');
      expect(report.outcome, report.checks.filter((c) => c.status === 'fail').map((c) => c.code).join()).toBe('verified');
      expect(report.attributes).toMatchObject({ generation, cardKind: kind });
      expect(report.checks.find((c) => c.id === 'rc.signature')?.status).toBe('pass');
      if (purpose === 'age') expect(report.attributes.age).toEqual({ over18: true, over20: true });
      else expect(report.images.photoJp2?.length).toBeGreaterThan(1000);
    } finally {
      transport.close();
    }
    const log = await stopCard();
    // The card process logs status words, never command data (the card number's keys, SM).
    expect(log.some((l) => /^APDU [0-9A-F]{8} → SW 9000$/.test(l))).toBe(true);
    expect(log.join('\n')).not.toContain(namedRcProfile(profile)!.cardNumber);
  }, 180_000);

  it('a wrong card number through the bridge is refused by the card, with no report', async () => {
    await serve('rc1-special-permanent');
    const transport = await openTransport(bridge!, { reader: VPCD_READER });
    try {
      await transport.connect();
      const e = await runVerification(transport, PURPOSES.counter, { cardNumber: 'AA00000000AA' }, await environment(), undefined, { document: 'residence-card' }).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(e).toMatchObject({ code: 'pin-wrong' });
    } finally {
      transport.close();
    }
  }, 180_000);
});
