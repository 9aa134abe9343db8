import { expect, test, type Page } from '@playwright/test';
import type { installAsNavigatorUsb, Rcs380Emulator } from '../src/sim/readers/rcs380-emulator';
import type { requestPort100Device } from '../src/transport/webusb-port100/port100-device-access';
import type { WebUsbPort100Transport } from '../src/transport/webusb-port100/webusb-port100-transport';
import type { UsbLike } from '../src/transport/webusb/webusb-types';
import { readerFixture, type Fixture } from './support/reader-fixture';
import type { HostIsoDepRun } from './support/reader-fixture-kit';

/**
 * The RC-S380 (PaSoRi) WebUSB path in Chromium (issue 5 §8): the emulated reader
 * (src/sim/readers/rcs380-emulator) is installed as the page's navigator.usb, and the real
 * transport, session and verification code read the simulated default card through it, on a
 * fixture page of its own (support/reader-fixture.ts, port 4177).
 */

interface Modules {
  readonly Rcs380Emulator: typeof Rcs380Emulator;
  readonly installAsNavigatorUsb: typeof installAsNavigatorUsb;
  readonly requestPort100Device: typeof requestPort100Device;
  readonly WebUsbPort100Transport: typeof WebUsbPort100Transport;
}
type FixtureWindow = Window & { kazasuFixture: Fixture<Modules> };

const fixture = readerFixture('webusb-port100-fixture', 4177, {
  'sim/readers/rcs380-emulator': ['Rcs380Emulator', 'installAsNavigatorUsb'],
  'transport/webusb-port100/port100-device-access': ['requestPort100Device'],
  'transport/webusb-port100/webusb-port100-transport': ['WebUsbPort100Transport'],
});

/**
 * In the page: put the default demo card on an emulated RC-S380, install it as navigator.usb,
 * choose the reader with requestPort100Device(navigator.usb), and run the scenario through
 * WebUsbPort100Transport.
 */
function runInPage(page: Page, scenario: 'clean' | 'remove' | 'unplug'): Promise<HostIsoDepRun> {
  return page.evaluate(async (scenario) => {
    const k = (window as unknown as FixtureWindow).kazasuFixture;
    const emulator = new k.Rcs380Emulator(); // not granted: the page must go through the chooser
    emulator.placeCard(k.defaultDemoCard());
    k.installAsNavigatorUsb(emulator.usb);
    const usb = (navigator as unknown as { usb: UsbLike }).usb;
    const device = await k.requestPort100Device(usb);
    const transport = new k.WebUsbPort100Transport(usb, { device, ackTimeoutMs: 200, responseMarginMs: 200, drainMs: 5 });
    return k.hostIsoDepRun(emulator, device, transport, scenario);
  }, scenario);
}

function expectVerifiedOverWebUsb(r: HostIsoDepRun): void {
  expect(r.navigatorUsbIsEmulator, 'navigator.usb is the emulated reader').toBe(true);
  expect(r.chosenProduct).toBe('54c:6c3 RC-S380/P');
  expect(r.transportKind).toBe('webusb-port100');
  expect(r.reportTransport).toBe('webusb-port100');
  expect(r.outcome).toBe('verified');
  expect(r.holderName).toBe('山田　花子');
  expect(r.rfFrames, 'InCommRF frames through the emulated firmware').toBeGreaterThan(10);
  expect(r.rfAllAnswered).toBe(true);
  expect(r.blockRates, 'the default card offers 106 kbit/s only').toEqual([106]);
  expect(r.usbOutTransfers, 'bulk OUT transfers on the chosen USBDevice').toBeGreaterThan(r.rfFrames);
}

test('a full counter check through navigator.usb (emulated RC-S380) → verified, 山田　花子', async ({ page }) => {
  await fixture.open(page);
  const r = await runInPage(page, 'clean');
  expectVerifiedOverWebUsb(r);
  test.info().annotations.push({ type: 'webusb', description: `${r.rfFrames} RF frames, ${r.usbOutTransfers} bulk OUT transfers` });
});

test('the card leaves the reader mid-read → typed card-removed error, never a verified report', async ({ page }) => {
  await fixture.open(page);
  const r = await runInPage(page, 'remove');
  expectVerifiedOverWebUsb(r);
  expect(r.fault?.outcome, `card removed at RF frame ${r.faultAtFrame}`).toBeUndefined();
  expect(r.fault?.error).toMatchObject({ typed: true, code: 'card-removed' });
  test.info().annotations.push({ type: 'fault', description: `at RF frame ${r.faultAtFrame} of ${r.rfFrames}; RF outcomes from the second connect on: ${r.faultRfOutcomes?.join(', ')}` });
  expect(r.faultRfOutcomes).toContain('no-card');
});

test('the reader is unplugged mid-read → typed reader-unplugged error, never a verified report', async ({ page }) => {
  await fixture.open(page);
  const r = await runInPage(page, 'unplug');
  expectVerifiedOverWebUsb(r);
  expect(r.fault?.outcome, `reader unplugged at RF frame ${r.faultAtFrame}`).toBeUndefined();
  expect(r.fault?.error).toMatchObject({ typed: true, code: 'reader-unplugged' });
  test.info().annotations.push({ type: 'fault', description: `at RF frame ${r.faultAtFrame} of ${r.rfFrames}; RF outcomes from the second connect on: ${r.faultRfOutcomes?.join(', ')}` });
  expect(r.faultRfOutcomes).toContain('unplugged');
});
