import { expect, test, type Page } from '@playwright/test';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, preview, type PreviewServer } from 'vite';
import type { DemoBundle } from '../src/sim/mynumber/demo-card';
import type { fromSnapshot } from '../src/sim/card/card-snapshot';
import type { simulatedCardFor } from '../src/sim/mynumber/build-card';
import type { CcidEmulator, installAsNavigatorUsb } from '../src/sim/readers/ccid-emulator';
import type { simulatorAnchorSet } from '../src/sim/pki/sim-trust-anchors';
import type { runVerification } from '../src/session/run-verification';
import type { PURPOSES } from '../src/session/purposes';
import type { TransportError } from '../src/transport/card-transport';
import type { CcidAccessError } from '../src/transport/webusb-ccid/ccid-access-error';
import type { ccidAvailability } from '../src/transport/webusb-ccid/ccid-availability';
import type { requestCcidDevice } from '../src/transport/webusb-ccid/ccid-device-access';
import type { WebUsbCcidTransport } from '../src/transport/webusb-ccid/webusb-ccid-transport';
import type { UsbLike } from '../src/transport/webusb/webusb-types';
import type { OfflineRevocationChecker } from '../src/verify/revocation/offline-checker';
import type { allKnownAnchors, createTrustStore } from '../src/verify/trust/trust-store';

/**
 * The CCID-over-WebUSB path in Chromium (issue 5 items 3 and 8b): the emulated CCID reader
 * (src/sim/readers/ccid-emulator) is installed as the page's navigator.usb, and the real
 * transport, session and verification code read the simulated default card through it.
 *
 * As webusb-port100.spec.ts does, this file writes a small fixture page into test-results/ that
 * imports the real modules (and the demo card bundle `virtual:kazasu-sim-cards`), builds it with
 * the project's own vite.config.ts and serves it with `vite preview` on its own port (4178).
 * Nothing test-only goes into the production build.
 *
 * The fixture page is an ordinary page, so real Chrome would refuse to claim the reader's Smart
 * Card interface. The emulator models that rule: the first test tells it the page may use
 * "usb-unrestricted" (what an Isolated Web App gets), the second leaves Chrome's rule in force.
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURE = join(ROOT, 'test-results', 'webusb-ccid-fixture');
const PORT = 4178;
const URL = `http://127.0.0.1:${PORT}/`;
/** 照合番号B of the default simulated card (tests/verify-flows/flow-helpers CODE_B.default). */
const CODE_B = '55021720352285';

/** The modules the fixture page exposes (window.kazasuCcid). */
interface FixtureModules {
  readonly demoBundle: DemoBundle;
  readonly CcidEmulator: typeof CcidEmulator;
  readonly installAsNavigatorUsb: typeof installAsNavigatorUsb;
  readonly fromSnapshot: typeof fromSnapshot;
  readonly simulatedCardFor: typeof simulatedCardFor;
  readonly ccidAvailability: typeof ccidAvailability;
  readonly requestCcidDevice: typeof requestCcidDevice;
  readonly WebUsbCcidTransport: typeof WebUsbCcidTransport;
  readonly runVerification: typeof runVerification;
  readonly PURPOSES: typeof PURPOSES;
  readonly simulatorAnchorSet: typeof simulatorAnchorSet;
  readonly createTrustStore: typeof createTrustStore;
  readonly allKnownAnchors: typeof allKnownAnchors;
  readonly OfflineRevocationChecker: typeof OfflineRevocationChecker;
  readonly TransportError: typeof TransportError;
  readonly CcidAccessError: typeof CcidAccessError;
}
type FixtureWindow = Window & { kazasuCcid: FixtureModules };

type Scenario = 'clean' | 'remove' | 'unplug' | 'ordinary-page';

interface TypedError {
  readonly typed: boolean;
  readonly code: string;
  readonly reason?: string;
  readonly message: string;
}

interface RunResult {
  /** ccidAvailability(globalThis) in this real Chromium page, before the emulator is installed. */
  readonly availabilityHere: unknown;
  readonly navigatorUsbIsEmulator: boolean;
  readonly chosenProduct: string;
  readonly transportKind: string;
  readonly profile?: unknown;
  readonly outcome?: string;
  readonly reportTransport?: string;
  readonly holderName?: string;
  readonly bulkMessages: number;
  readonly bulkOutTransfers: number;
  readonly chainedResponses: number;
  readonly openError?: TypedError;
  /** The disturbed second check ('remove' / 'unplug' only). */
  readonly faultAtMessage?: number;
  readonly faultReport?: string;
  readonly faultError?: TypedError;
  readonly faultOutcomes?: readonly string[];
}

const servers: PreviewServer[] = [];

test.beforeAll(async () => {
  rmSync(FIXTURE, { recursive: true, force: true });
  mkdirSync(FIXTURE, { recursive: true });
  const src = (path: string): string => relative(FIXTURE, join(ROOT, 'src', path)).replaceAll('\\', '/');
  writeFileSync(
    join(FIXTURE, 'index.html'),
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>webusb ccid fixture</title>' +
      '<script type="module" src="./main.ts"></script></head><body></body></html>',
  );
  writeFileSync(
    join(FIXTURE, 'main.ts'),
    [
      `import { demoBundle } from 'virtual:kazasu-sim-cards';`,
      `import { CcidEmulator, installAsNavigatorUsb } from '${src('sim/readers/ccid-emulator')}';`,
      `import { fromSnapshot } from '${src('sim/card/card-snapshot')}';`,
      `import { simulatedCardFor } from '${src('sim/mynumber/build-card')}';`,
      `import { ccidAvailability } from '${src('transport/webusb-ccid/ccid-availability')}';`,
      `import { requestCcidDevice } from '${src('transport/webusb-ccid/ccid-device-access')}';`,
      `import { WebUsbCcidTransport } from '${src('transport/webusb-ccid/webusb-ccid-transport')}';`,
      `import { CcidAccessError } from '${src('transport/webusb-ccid/ccid-access-error')}';`,
      `import { runVerification } from '${src('session/run-verification')}';`,
      `import { PURPOSES } from '${src('session/purposes')}';`,
      `import { simulatorAnchorSet } from '${src('sim/pki/sim-trust-anchors')}';`,
      `import { createTrustStore, allKnownAnchors } from '${src('verify/trust/trust-store')}';`,
      `import { OfflineRevocationChecker } from '${src('verify/revocation/offline-checker')}';`,
      `import { TransportError } from '${src('transport/card-transport')}';`,
      `(window as any).kazasuCcid = { demoBundle, CcidEmulator, installAsNavigatorUsb, fromSnapshot, simulatedCardFor,`,
      `  ccidAvailability, requestCcidDevice, WebUsbCcidTransport, runVerification, PURPOSES, simulatorAnchorSet,`,
      `  createTrustStore, allKnownAnchors, OfflineRevocationChecker, TransportError, CcidAccessError };`,
      `document.body.dataset.ready = 'yes';`,
      '',
    ].join('\n'),
  );
  const shared = { configFile: join(ROOT, 'vite.config.ts'), root: FIXTURE, logLevel: 'warn' as const };
  await build({ ...shared, build: { outDir: 'dist', emptyOutDir: true } });
  servers.push(await preview({ ...shared, build: { outDir: 'dist' }, preview: { host: '127.0.0.1', port: PORT, strictPort: true } }));
});

test.afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function openFixture(page: Page): Promise<void> {
  await page.goto(URL);
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'yes');
}

/**
 * In the page: put the default demo card (from its snapshot) on an emulated CCID reader, install
 * it as navigator.usb, choose the reader with requestCcidDevice(navigator.usb), and run a counter
 * check through WebUsbCcidTransport. For 'remove' / 'unplug', a second check follows on the same
 * reader with the card taken away (or the reader unplugged) halfway through its bulk messages.
 * For 'ordinary-page' the emulator keeps Chrome's protected-class rule and opening must fail.
 */
function runInPage(page: Page, scenario: Scenario): Promise<RunResult> {
  return page.evaluate(
    async ({ scenario, codeB }) => {
      const k = (window as unknown as FixtureWindow).kazasuCcid;
      const typed = (e: unknown) => ({
        typed: e instanceof k.TransportError,
        code: e instanceof k.TransportError ? e.code : String(e),
        ...(e instanceof k.CcidAccessError ? { reason: e.reason } : {}),
        message: e instanceof Error ? e.message : String(e),
      });
      const availabilityHere = k.ccidAvailability(globalThis);
      const card = k.demoBundle.cards.find((c) => c.id === 'default');
      if (!card) throw new Error('no default demo card');
      // Not granted: the page must go through the chooser.
      const emulator = new k.CcidEmulator({ usbUnrestricted: scenario !== 'ordinary-page' });
      emulator.placeCard(k.simulatedCardFor(k.fromSnapshot(card.snapshot)));
      k.installAsNavigatorUsb(emulator.usb);

      const usb = (navigator as unknown as { usb: UsbLike }).usb;
      const device = await k.requestCcidDevice(usb);
      const transport = new k.WebUsbCcidTransport(usb, { device, responseTimeoutMs: 2000, drainMs: 5 });
      let outTransfers = 0;
      const transferOut = device.transferOut.bind(device);
      device.transferOut = (endpoint, data) => {
        outTransfers++;
        return transferOut(endpoint, data);
      };
      const base = {
        availabilityHere,
        navigatorUsbIsEmulator: usb === (emulator.usb as unknown),
        chosenProduct: `${device.vendorId.toString(16)}:${device.productId.toString(16)} ${device.productName ?? ''}`,
        transportKind: transport.kind,
      };
      if (scenario === 'ordinary-page') {
        try {
          await transport.connect();
          return { ...base, bulkMessages: emulator.messageCount, bulkOutTransfers: outTransfers, chainedResponses: 0 };
        } catch (e) {
          return { ...base, openError: typed(e), bulkMessages: emulator.messageCount, bulkOutTransfers: outTransfers, chainedResponses: 0 };
        }
      }

      const simulator = await k.simulatorAnchorSet();
      const env = {
        trust: k.createTrustStore('simulator', { simulator }),
        allAnchors: k.allKnownAnchors({ simulator }),
        revocation: new k.OfflineRevocationChecker(),
        now: () => new Date(),
      };
      await transport.connect();
      const report = await k.runVerification(transport, k.PURPOSES.counter, { codeB }, env);
      const bulkMessages = emulator.messageCount;
      const clean = {
        ...base,
        profile: transport.readerProfile,
        outcome: report.outcome,
        reportTransport: report.transport,
        holderName: report.attributes.name,
        bulkMessages,
        bulkOutTransfers: outTransfers,
        chainedResponses: emulator.messageLog.filter((m) => m.answerChain === 0x01).length,
      };
      await transport.disconnect();
      if (scenario === 'clean') return clean;

      const logFrom = emulator.messageLog.length;
      const faultAtMessage = emulator.messageCount + Math.floor(bulkMessages / 2);
      if (scenario === 'remove') emulator.faults.removeAtMessage = faultAtMessage;
      else emulator.faults.unplugAtMessage = faultAtMessage;
      let faultReport: string | undefined;
      let faultError: TypedError | undefined;
      try {
        await transport.connect();
        faultReport = (await k.runVerification(transport, k.PURPOSES.counter, { codeB }, env)).outcome;
      } catch (e) {
        faultError = typed(e);
      }
      const faultOutcomes = [...new Set(emulator.messageLog.slice(logFrom).map((m) => m.outcome))];
      await transport.close().catch(() => undefined);
      return { ...clean, faultAtMessage, faultReport, faultError, faultOutcomes };
    },
    { scenario, codeB: CODE_B },
  );
}

function expectVerifiedOverWebUsb(r: RunResult): void {
  expect(r.navigatorUsbIsEmulator, 'navigator.usb is the emulated reader').toBe(true);
  expect(r.chosenProduct).toBe('54c:dc9 RC-S300/P');
  expect(r.transportKind).toBe('webusb-ccid');
  expect(r.profile).toEqual({ exchangeLevel: 'extended-apdu', maxMessageLength: 522, maxSlotIndex: 0, source: 'descriptor' });
  expect(r.reportTransport).toBe('webusb-ccid');
  expect(r.outcome).toBe('verified');
  expect(r.holderName).toBe('山田　花子');
  expect(r.bulkMessages, 'CCID messages through the emulated reader').toBeGreaterThan(20);
  expect(r.chainedResponses, 'responses longer than one message came chained').toBeGreaterThan(0);
  expect(r.bulkOutTransfers, 'bulk OUT transfers on the chosen USBDevice').toBeGreaterThanOrEqual(r.bulkMessages);
}

test('the fixture is an ordinary page: ccidAvailability says the CCID path is not available here', async ({ page }) => {
  await openFixture(page);
  const availability = await page.evaluate(() => (window as unknown as FixtureWindow).kazasuCcid.ccidAvailability(globalThis));
  expect(availability).toEqual({ usable: false, reason: 'not-isolated-context' });
});

test('a full counter check through navigator.usb (emulated CCID reader, usb-unrestricted) → verified, 山田　花子', async ({ page }) => {
  await openFixture(page);
  const r = await runInPage(page, 'clean');
  expectVerifiedOverWebUsb(r);
  test.info().annotations.push({ type: 'webusb-ccid', description: `${r.bulkMessages} CCID messages, ${r.bulkOutTransfers} bulk OUT transfers` });
});

test('an ordinary page: the protected Smart Card class cannot be claimed → typed protected-class-blocked', async ({ page }) => {
  await openFixture(page);
  const r = await runInPage(page, 'ordinary-page');
  expect(r.navigatorUsbIsEmulator).toBe(true);
  expect(r.chosenProduct).toBe('54c:dc9 RC-S300/P');
  expect(r.openError).toMatchObject({ typed: true, code: 'permission-denied', reason: 'protected-class-blocked' });
  expect(r.openError?.message).toMatch(/Isolated Web App.*Electron.*PC\/SC bridge/);
  expect(r.bulkMessages, 'nothing reached the reader').toBe(0);
});

test('the card leaves the reader mid-read → typed card-removed error, never a verified report', async ({ page }) => {
  await openFixture(page);
  const r = await runInPage(page, 'remove');
  expectVerifiedOverWebUsb(r);
  expect(r.faultReport, `card removed at message ${r.faultAtMessage}`).toBeUndefined();
  expect(r.faultError).toMatchObject({ typed: true, code: 'card-removed' });
  expect(r.faultOutcomes).toContain('no-card');
  test.info().annotations.push({ type: 'fault', description: `at bulk message ${r.faultAtMessage}; outcomes from the second connect on: ${r.faultOutcomes?.join(', ')}` });
});

test('the reader is unplugged mid-read → typed reader-unplugged error, never a verified report', async ({ page }) => {
  await openFixture(page);
  const r = await runInPage(page, 'unplug');
  expectVerifiedOverWebUsb(r);
  expect(r.faultReport, `reader unplugged at message ${r.faultAtMessage}`).toBeUndefined();
  expect(r.faultError).toMatchObject({ typed: true, code: 'reader-unplugged' });
  expect(r.faultOutcomes).toContain('ignored');
});
