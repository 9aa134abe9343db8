import { expect, test, type Page } from '@playwright/test';
import type { CcidEmulator, installAsNavigatorUsb } from '../src/sim/readers/ccid-emulator';
import type { ccidAvailability } from '../src/transport/webusb-ccid/ccid-availability';
import type { requestCcidDevice } from '../src/transport/webusb-ccid/ccid-device-access';
import type { WebUsbCcidTransport } from '../src/transport/webusb-ccid/webusb-ccid-transport';
import type { UsbLike } from '../src/transport/webusb/webusb-types';
import { readerFixture, type Fixture } from './support/reader-fixture';
import type { TypedError } from './support/reader-fixture-kit';

/**
 * The CCID-over-WebUSB path in Chromium (issue 5 items 3 and 8b): the emulated CCID reader
 * (src/sim/readers/ccid-emulator) is installed as the page's navigator.usb, and the real
 * transport, session and verification code read the simulated default card through it, on a
 * fixture page of its own (support/reader-fixture.ts, port 4178).
 *
 * The fixture page is an ordinary page, so real Chrome would refuse to claim the reader's Smart
 * Card interface. The emulator models that rule: the first test tells it the page may use
 * "usb-unrestricted" (what an Isolated Web App gets), the second leaves Chrome's rule in force.
 */

interface Modules {
  readonly CcidEmulator: typeof CcidEmulator;
  readonly installAsNavigatorUsb: typeof installAsNavigatorUsb;
  readonly ccidAvailability: typeof ccidAvailability;
  readonly requestCcidDevice: typeof requestCcidDevice;
  readonly WebUsbCcidTransport: typeof WebUsbCcidTransport;
}
type FixtureWindow = Window & { kazasuFixture: Fixture<Modules> };

const fixture = readerFixture('webusb-ccid-fixture', 4178, {
  'sim/readers/ccid-emulator': ['CcidEmulator', 'installAsNavigatorUsb'],
  'transport/webusb-ccid/ccid-availability': ['ccidAvailability'],
  'transport/webusb-ccid/ccid-device-access': ['requestCcidDevice'],
  'transport/webusb-ccid/webusb-ccid-transport': ['WebUsbCcidTransport'],
});

type Scenario = 'clean' | 'remove' | 'unplug' | 'ordinary-page';

interface RunResult {
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
  readonly fault?: { readonly outcome?: string; readonly error?: TypedError };
  readonly faultOutcomes?: readonly string[];
}

/**
 * In the page: put the default demo card on an emulated CCID reader, install it as
 * navigator.usb, choose the reader with requestCcidDevice(navigator.usb), and run a counter
 * check through WebUsbCcidTransport. For 'remove' / 'unplug', a second check follows on the same
 * reader with the card taken away (or the reader unplugged) halfway through its bulk messages.
 * For 'ordinary-page' the emulator keeps Chrome's protected-class rule and opening must fail.
 */
function runInPage(page: Page, scenario: Scenario): Promise<RunResult> {
  return page.evaluate(async (scenario) => {
    const k = (window as unknown as FixtureWindow).kazasuFixture;
    // Not granted: the page must go through the chooser.
    const emulator = new k.CcidEmulator({ usbUnrestricted: scenario !== 'ordinary-page' });
    emulator.placeCard(k.defaultDemoCard());
    k.installAsNavigatorUsb(emulator.usb);

    const usb = (navigator as unknown as { usb: UsbLike }).usb;
    const device = await k.requestCcidDevice(usb);
    const transport = new k.WebUsbCcidTransport(usb, { device, responseTimeoutMs: 2000, drainMs: 5 });
    const out = k.countTransfersOut(device);
    const base = {
      navigatorUsbIsEmulator: usb === (emulator.usb as unknown),
      chosenProduct: `${device.vendorId.toString(16)}:${device.productId.toString(16)} ${device.productName ?? ''}`,
      transportKind: transport.kind,
    };
    if (scenario === 'ordinary-page') {
      const opened = await transport.connect().then(
        () => undefined,
        (e: unknown) => k.typedError(e),
      );
      return { ...base, ...(opened ? { openError: opened } : {}), bulkMessages: emulator.messageCount, bulkOutTransfers: out.count, chainedResponses: 0 };
    }

    await transport.connect();
    const report = await k.counterCheck(transport);
    const bulkMessages = emulator.messageCount;
    const clean = {
      ...base,
      profile: transport.readerProfile,
      outcome: report.outcome,
      reportTransport: report.transport,
      holderName: report.attributes.name,
      bulkMessages,
      bulkOutTransfers: out.count,
      chainedResponses: emulator.messageLog.filter((m) => m.answerChain === 0x01).length,
    };
    await transport.disconnect();
    if (scenario === 'clean') return clean;

    const logFrom = emulator.messageLog.length;
    const faultAtMessage = emulator.messageCount + Math.floor(bulkMessages / 2);
    if (scenario === 'remove') emulator.faults.removeAtMessage = faultAtMessage;
    else emulator.faults.unplugAtMessage = faultAtMessage;
    const fault = await k.disturbedCounterCheck(transport);
    const faultOutcomes = [...new Set(emulator.messageLog.slice(logFrom).map((m) => m.outcome))];
    await transport.close().catch(() => undefined);
    return { ...clean, faultAtMessage, fault, faultOutcomes };
  }, scenario);
}

function expectVerifiedOverWebUsb(r: RunResult): void {
  expect(r.navigatorUsbIsEmulator, 'navigator.usb is the emulated reader').toBe(true);
  expect(r.chosenProduct).toBe('54c:dc9 RC-S300/P');
  expect(r.transportKind).toBe('webusb-ccid');
  // dwFeatures 0x000404BA: automatic voltage (0x08) among them, so power-on asks for automatic (CCID §5.1 Table 5.1-1).
  expect(r.profile).toEqual({ exchangeLevel: 'extended-apdu', maxMessageLength: 522, maxSlotIndex: 0, source: 'descriptor', features: 0x000404ba, voltageSupport: 7 });
  expect(r.reportTransport).toBe('webusb-ccid');
  expect(r.outcome).toBe('verified');
  expect(r.holderName).toBe('山田　花子');
  expect(r.bulkMessages, 'CCID messages through the emulated reader').toBeGreaterThan(20);
  expect(r.chainedResponses, 'responses longer than one message came chained').toBeGreaterThan(0);
  expect(r.bulkOutTransfers, 'bulk OUT transfers on the chosen USBDevice').toBeGreaterThanOrEqual(r.bulkMessages);
}

test('the fixture is an ordinary page: ccidAvailability says the CCID path is not available here', async ({ page }) => {
  await fixture.open(page);
  const availability = await page.evaluate(() => (window as unknown as FixtureWindow).kazasuFixture.ccidAvailability(globalThis));
  expect(availability).toEqual({ usable: false, reason: 'not-isolated-context' });
});

test('a full counter check through navigator.usb (emulated CCID reader, usb-unrestricted) → verified, 山田　花子', async ({ page }) => {
  await fixture.open(page);
  const r = await runInPage(page, 'clean');
  expectVerifiedOverWebUsb(r);
  test.info().annotations.push({ type: 'webusb-ccid', description: `${r.bulkMessages} CCID messages, ${r.bulkOutTransfers} bulk OUT transfers` });
});

test('an ordinary page: the protected Smart Card class cannot be claimed → typed protected-class-blocked', async ({ page }) => {
  await fixture.open(page);
  const r = await runInPage(page, 'ordinary-page');
  expect(r.navigatorUsbIsEmulator).toBe(true);
  expect(r.chosenProduct).toBe('54c:dc9 RC-S300/P');
  expect(r.openError).toMatchObject({ typed: true, code: 'permission-denied', reason: 'protected-class-blocked' });
  expect(r.openError?.message).toMatch(/Isolated Web App.*Electron.*PC\/SC bridge/);
  expect(r.bulkMessages, 'nothing reached the reader').toBe(0);
});

test('the card leaves the reader mid-read → typed card-removed error, never a verified report', async ({ page }) => {
  await fixture.open(page);
  const r = await runInPage(page, 'remove');
  expectVerifiedOverWebUsb(r);
  expect(r.fault?.outcome, `card removed at message ${r.faultAtMessage}`).toBeUndefined();
  expect(r.fault?.error).toMatchObject({ typed: true, code: 'card-removed' });
  expect(r.faultOutcomes).toContain('no-card');
  test.info().annotations.push({ type: 'fault', description: `at bulk message ${r.faultAtMessage}; outcomes from the second connect on: ${r.faultOutcomes?.join(', ')}` });
});

test('the reader is unplugged mid-read → typed reader-unplugged error, never a verified report', async ({ page }) => {
  await fixture.open(page);
  const r = await runInPage(page, 'unplug');
  expectVerifiedOverWebUsb(r);
  expect(r.fault?.outcome, `reader unplugged at message ${r.faultAtMessage}`).toBeUndefined();
  expect(r.fault?.error).toMatchObject({ typed: true, code: 'reader-unplugged' });
  expect(r.faultOutcomes).toContain('ignored');
});
