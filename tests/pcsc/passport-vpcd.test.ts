/**
 * Issue 15 "Done when": `kazasu sim vpcd <passport-profile>` serves a simulated passport to a REAL
 * pcscd (vsmartcard vpcd reader), and the kiosk's bridge path — BridgeTransport over a loopback
 * WebSocket to the bridge server, `@pokusew/pcsclite` in the bridge — recognises it (SELECT of the
 * eMRTD application only), opens it with BAC or PACE, reads it under secure messaging and verifies
 * it. The chip runs in its own process, started as an operator would (bin/kazasu.mjs).
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
import type { PassportReport } from '../../src/documents/passport/passport-report';
import { runVerification } from '../../src/session/run-verification';
import { PURPOSES } from '../../src/session/purposes';
import { MRZ, passportEnvironment } from '../passport/passport-helpers';
import { openTransport, startTestBridge, type TestBridge } from '../bridge/bridge-rig';
import { startPcscdRig, VPCD_READER, waitFor, type PcscdRig } from './pcscd-rig';

const CLI = fileURLToPath(new URL('../../bin/kazasu.mjs', import.meta.url));

describe('kazasu sim vpcd <passport profile> over real pcscd, verified through the bridge', () => {
  let rig: PcscdRig | undefined;
  let service: PcscService | undefined;
  let bridge: TestBridge | undefined;
  let card: { child: ChildProcess; out: string[] } | undefined;

  const cardState = (): boolean | undefined => service?.readers().find((r) => r.name === VPCD_READER)?.cardPresent;

  async function serve(profile: string, forgery?: string): Promise<void> {
    const out: string[] = [];
    const child = spawn(process.execPath, [CLI, 'sim', 'vpcd', profile, ...(forgery ? ['--forgery', forgery] : [])], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (b: Buffer) => out.push(...b.toString('utf8').split('\n').filter(Boolean)));
    child.stderr!.on('data', (b: Buffer) => out.push(...b.toString('utf8').split('\n').filter(Boolean)));
    card = { child, out };
    await waitFor(`kazasu sim vpcd ${profile} to insert its chip`, async () => {
      if (child.exitCode !== null) throw new Error(`kazasu sim vpcd exited ${child.exitCode}: ${out.join('\n')}`);
      return out.some((l) => l.includes('inserted')) && cardState() === true;
    }, 60_000, () => `${out.join('\n')}\n${rig?.log() ?? ''}`);
  }

  /** Stop the chip process this test started (by its pid) and wait until PC/SC sees the reader empty. */
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
    ['utopia-bac', 'bac'],
    ['germany-pace-gm', 'pace'],
    ['japan-no-address', 'pace'],
  ] as const)('%s: recognised and verified for the counter check through the bridge (%s)', async (profile, method) => {
    await serve(profile);
    const transport = await openTransport(bridge!, { reader: VPCD_READER });
    try {
      await transport.connect();
      const probe = new CardProbe(transport);
      const found = await probe.detect({ purpose: 'counter' });
      probe.close();
      expect(found?.driver.kind).toBe('passport');
      const report = (await runVerification(transport, PURPOSES.counter, { mrz: MRZ[profile]! }, await passportEnvironment(), undefined, { document: 'passport' })) as PassportReport;
      expect(report.transport).toBe('bridge');
      expect(report.outcome, report.checks.filter((c) => c.status === 'fail').map((c) => `${c.id}:${c.code}`).join()).toBe('verified');
      expect(report.attributes.access?.method).toBe(method);
      expect(report.checks.find((c) => c.id === 'pp.passive-auth.dg-hashes')?.status).toBe('pass');
      expect(report.checks.find((c) => c.id === 'pp.chip.genuine')?.status).toBe('pass');
      expect((report.images.faceJpeg ?? report.images.faceJp2)?.length).toBeGreaterThan(1000);
    } finally {
      transport.close();
    }
    const log = await stopCard();
    // The chip process logs status words, never command data (MRZ-derived keys, SM).
    expect(log.some((l) => /^APDU [0-9A-F]{8} → SW 9000$/.test(l))).toBe(true);
    expect(log.join('\n')).not.toContain(MRZ[profile]!.split(' ')[0]);
  }, 180_000);

  it('a cloned chip served through pcscd is reported as a clone', async () => {
    await serve('utopia-bac', 'cloned-chip');
    const transport = await openTransport(bridge!, { reader: VPCD_READER });
    try {
      await transport.connect();
      const report = await runVerification(transport, PURPOSES.counter, { mrz: MRZ['utopia-bac']! }, await passportEnvironment(), undefined, { document: 'passport' });
      expect(report.outcome).toBe('failed');
      expect(report.checks.find((c) => c.id === 'pp.chip.genuine')).toMatchObject({ status: 'fail', code: 'pp-chip-clone' });
    } finally {
      transport.close();
    }
  }, 180_000);
});
