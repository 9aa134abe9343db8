import { expect, test, type Page } from '@playwright/test';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, preview, type PreviewServer } from 'vite';
import type { DemoBundle } from '../src/sim/mynumber/demo-card';
import type { fromSnapshot } from '../src/sim/card/card-snapshot';
import type { simulatedCardFor } from '../src/sim/mynumber/build-card';
import type { installAsNavigatorUsb, Rcs380Emulator } from '../src/sim/readers/rcs380-emulator';
import type { simulatorAnchorSet } from '../src/sim/pki/sim-trust-anchors';
import type { runVerification } from '../src/session/run-verification';
import type { PURPOSES } from '../src/session/purposes';
import type { TransportError } from '../src/transport/card-transport';
import type { requestPort100Device } from '../src/transport/webusb-port100/port100-device-access';
import type { WebUsbPort100Transport } from '../src/transport/webusb-port100/webusb-port100-transport';
import type { UsbLike } from '../src/transport/webusb/webusb-types';
import type { OfflineRevocationChecker } from '../src/verify/revocation/offline-checker';
import type { allKnownAnchors, createTrustStore } from '../src/verify/trust/trust-store';

/**
 * The RC-S380 (PaSoRi) WebUSB path in Chromium (issue 5 §8): the emulated reader
 * (src/sim/readers/rcs380-emulator) is installed as the page's navigator.usb, and the real
 * transport, session and verification code read the simulated default card through it.
 *
 * As in photo.spec.ts, this file writes a small fixture page into test-results/ that imports the
 * real modules (and the demo card bundle `virtual:kazasu-sim-cards`), builds it with the
 * project's own vite.config.ts and serves it with `vite preview` on its own port (4177). Nothing
 * test-only goes into the production build. The emulator is installed in the page; from there on
 * the code under test only sees `navigator.usb`.
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURE = join(ROOT, 'test-results', 'webusb-port100-fixture');
const URL = 'http://127.0.0.1:4177/';
/** 照合番号B of the default simulated card (tests/verify-flows/flow-helpers CODE_B.default). */
const CODE_B = '55021720352285';

/** The modules the fixture page exposes (window.kazasuWebUsb). */
interface FixtureModules {
  readonly demoBundle: DemoBundle;
  readonly Rcs380Emulator: typeof Rcs380Emulator;
  readonly installAsNavigatorUsb: typeof installAsNavigatorUsb;
  readonly fromSnapshot: typeof fromSnapshot;
  readonly simulatedCardFor: typeof simulatedCardFor;
  readonly requestPort100Device: typeof requestPort100Device;
  readonly WebUsbPort100Transport: typeof WebUsbPort100Transport;
  readonly runVerification: typeof runVerification;
  readonly PURPOSES: typeof PURPOSES;
  readonly simulatorAnchorSet: typeof simulatorAnchorSet;
  readonly createTrustStore: typeof createTrustStore;
  readonly allKnownAnchors: typeof allKnownAnchors;
  readonly OfflineRevocationChecker: typeof OfflineRevocationChecker;
  readonly TransportError: typeof TransportError;
}
type FixtureWindow = Window & { kazasuWebUsb: FixtureModules };

type Scenario = 'clean' | 'remove' | 'unplug';

interface RunResult {
  readonly navigatorUsbIsEmulator: boolean;
  readonly chosenProduct: string;
  readonly transportKind: string;
  /** The undisturbed counter check (every scenario runs one first). */
  readonly outcome: string;
  readonly reportTransport: string;
  readonly holderName: string | undefined;
  readonly rfFrames: number;
  readonly rfAllAnswered: boolean;
  readonly usbOutTransfers: number;
  /** The disturbed check ('remove' / 'unplug' only). */
  /** RF frame of the second connect + check at which the fault strikes. */
  readonly faultAtFrame?: number;
  readonly faultReport?: string;
  readonly faultError?: { readonly typed: boolean; readonly code: string };
  readonly faultRfOutcomes?: readonly string[];
}

const servers: PreviewServer[] = [];

test.beforeAll(async () => {
  rmSync(FIXTURE, { recursive: true, force: true });
  mkdirSync(FIXTURE, { recursive: true });
  const src = (path: string): string => relative(FIXTURE, join(ROOT, 'src', path)).replaceAll('\\', '/');
  writeFileSync(
    join(FIXTURE, 'index.html'),
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>webusb port100 fixture</title>' +
      '<script type="module" src="./main.ts"></script></head><body></body></html>',
  );
  writeFileSync(
    join(FIXTURE, 'main.ts'),
    [
      `import { demoBundle } from 'virtual:kazasu-sim-cards';`,
      `import { Rcs380Emulator, installAsNavigatorUsb } from '${src('sim/readers/rcs380-emulator')}';`,
      `import { fromSnapshot } from '${src('sim/card/card-snapshot')}';`,
      `import { simulatedCardFor } from '${src('sim/mynumber/build-card')}';`,
      `import { requestPort100Device } from '${src('transport/webusb-port100/port100-device-access')}';`,
      `import { WebUsbPort100Transport } from '${src('transport/webusb-port100/webusb-port100-transport')}';`,
      `import { runVerification } from '${src('session/run-verification')}';`,
      `import { PURPOSES } from '${src('session/purposes')}';`,
      `import { simulatorAnchorSet } from '${src('sim/pki/sim-trust-anchors')}';`,
      `import { createTrustStore, allKnownAnchors } from '${src('verify/trust/trust-store')}';`,
      `import { OfflineRevocationChecker } from '${src('verify/revocation/offline-checker')}';`,
      `import { TransportError } from '${src('transport/card-transport')}';`,
      `(window as any).kazasuWebUsb = { demoBundle, Rcs380Emulator, installAsNavigatorUsb, fromSnapshot, simulatedCardFor,`,
      `  requestPort100Device, WebUsbPort100Transport, runVerification, PURPOSES, simulatorAnchorSet, createTrustStore,`,
      `  allKnownAnchors, OfflineRevocationChecker, TransportError };`,
      `document.body.dataset.ready = 'yes';`,
      '',
    ].join('\n'),
  );
  const shared = { configFile: join(ROOT, 'vite.config.ts'), root: FIXTURE, logLevel: 'warn' as const };
  await build({ ...shared, build: { outDir: 'dist', emptyOutDir: true } });
  servers.push(await preview({ ...shared, build: { outDir: 'dist' }, preview: { host: '127.0.0.1', port: 4177, strictPort: true } }));
});

test.afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function openFixture(page: Page): Promise<void> {
  await page.goto(URL);
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'yes');
}

/**
 * In the page: put the default demo card (from its snapshot) on an emulated RC-S380, install it
 * as navigator.usb, choose the reader with requestPort100Device(navigator.usb), and run a counter
 * check through WebUsbPort100Transport. For 'remove' / 'unplug', a second check follows on the
 * same reader with the card taken away (or the reader unplugged) halfway through its RF frames.
 */
function runInPage(page: Page, scenario: Scenario): Promise<RunResult> {
  return page.evaluate(
    async ({ scenario, codeB }) => {
      const k = (window as unknown as FixtureWindow).kazasuWebUsb;
      const card = k.demoBundle.cards.find((c) => c.id === 'default');
      if (!card) throw new Error('no default demo card');
      const emulator = new k.Rcs380Emulator(); // not granted: the page must go through the chooser
      emulator.placeCard(k.simulatedCardFor(k.fromSnapshot(card.snapshot)));
      k.installAsNavigatorUsb(emulator.usb);

      const usb = (navigator as unknown as { usb: UsbLike }).usb;
      const device = await k.requestPort100Device(usb);
      const transport = new k.WebUsbPort100Transport(usb, { device, ackTimeoutMs: 200, responseMarginMs: 200, drainMs: 5 });
      const simulator = await k.simulatorAnchorSet();
      const env = {
        trust: k.createTrustStore('simulator', { simulator }),
        allAnchors: k.allKnownAnchors({ simulator }),
        revocation: new k.OfflineRevocationChecker(),
        now: () => new Date(),
      };

      let outTransfers = 0;
      const transferOut = device.transferOut.bind(device);
      device.transferOut = (endpoint, data) => {
        outTransfers++;
        return transferOut(endpoint, data);
      };

      await transport.connect();
      const report = await k.runVerification(transport, k.PURPOSES.counter, { codeB }, env);
      const rfFrames = emulator.rfFrameCount;
      const base = {
        navigatorUsbIsEmulator: usb === (emulator.usb as unknown),
        chosenProduct: `${device.vendorId.toString(16)}:${device.productId.toString(16)} ${device.productName ?? ''}`,
        transportKind: transport.kind,
        outcome: report.outcome,
        reportTransport: report.transport,
        holderName: report.attributes.name,
        rfFrames,
        rfAllAnswered: emulator.rfLog.length > 0 && emulator.rfLog.every((l) => l.outcome === 'answered'),
        usbOutTransfers: outTransfers,
      };
      if (scenario === 'clean') {
        await transport.disconnect();
        return base;
      }

      await transport.disconnect();
      const logFrom = emulator.rfLog.length;
      const faultAtFrame = Math.floor(rfFrames / 2); // RF frames into the second connect + check
      const faultAtIndex = emulator.rfFrameCount + faultAtFrame; // the emulator counts from its start
      if (scenario === 'remove') emulator.faults.removeAtFrame = faultAtIndex;
      else emulator.faults.unplugAtFrame = faultAtIndex;
      let faultReport: string | undefined;
      let faultError: RunResult['faultError'];
      try {
        await transport.connect();
        faultReport = (await k.runVerification(transport, k.PURPOSES.counter, { codeB }, env)).outcome;
      } catch (e) {
        faultError = {
          typed: e instanceof k.TransportError,
          code: e instanceof k.TransportError ? e.code : String(e),
        };
      }
      const faultRfOutcomes = [...new Set(emulator.rfLog.slice(logFrom).map((l) => l.outcome))];
      await transport.close().catch(() => undefined);
      return { ...base, faultAtFrame, faultReport, faultError, faultRfOutcomes };
    },
    { scenario, codeB: CODE_B },
  );
}

function expectVerifiedOverWebUsb(r: RunResult): void {
  expect(r.navigatorUsbIsEmulator, 'navigator.usb is the emulated reader').toBe(true);
  expect(r.chosenProduct).toBe('54c:6c3 RC-S380/P');
  expect(r.transportKind).toBe('webusb-port100');
  expect(r.reportTransport).toBe('webusb-port100');
  expect(r.outcome).toBe('verified');
  expect(r.holderName).toBe('山田　花子');
  expect(r.rfFrames, 'InCommRF frames through the emulated firmware').toBeGreaterThan(10);
  expect(r.rfAllAnswered).toBe(true);
  expect(r.usbOutTransfers, 'bulk OUT transfers on the chosen USBDevice').toBeGreaterThan(r.rfFrames);
}

test('a full counter check through navigator.usb (emulated RC-S380) → verified, 山田　花子', async ({ page }) => {
  await openFixture(page);
  const r = await runInPage(page, 'clean');
  expectVerifiedOverWebUsb(r);
  test.info().annotations.push({ type: 'webusb', description: `${r.rfFrames} RF frames, ${r.usbOutTransfers} bulk OUT transfers` });
});

test('the card leaves the reader mid-read → typed card-removed error, never a verified report', async ({ page }) => {
  await openFixture(page);
  const r = await runInPage(page, 'remove');
  expectVerifiedOverWebUsb(r);
  expect(r.faultReport, `card removed at RF frame ${r.faultAtFrame}`).toBeUndefined();
  expect(r.faultError).toEqual({ typed: true, code: 'card-removed' });
  test.info().annotations.push({ type: 'fault', description: `at RF frame ${r.faultAtFrame} of ${r.rfFrames}; RF outcomes from the second connect on: ${r.faultRfOutcomes?.join(', ')}` });
  expect(r.faultRfOutcomes).toContain('no-card');
});

test('the reader is unplugged mid-read → typed reader-unplugged error, never a verified report', async ({ page }) => {
  await openFixture(page);
  const r = await runInPage(page, 'unplug');
  expectVerifiedOverWebUsb(r);
  expect(r.faultReport, `reader unplugged at RF frame ${r.faultAtFrame}`).toBeUndefined();
  expect(r.faultError).toEqual({ typed: true, code: 'reader-unplugged' });
  test.info().annotations.push({ type: 'fault', description: `at RF frame ${r.faultAtFrame} of ${r.rfFrames}; RF outcomes from the second connect on: ${r.faultRfOutcomes?.join(', ')}` });
  expect(r.faultRfOutcomes).toContain('unplugged');
});
