import { expect, test, type Page } from '@playwright/test';
import type { Rcs300Emulator } from '../src/sim/readers/rcs300-emulator';
import type { installAsNavigatorUsb } from '../src/sim/readers/rcs380-emulator';
import type { requestRcs300Device } from '../src/transport/webusb-rcs300/rcs300-device-access';
import type { WebUsbRcs300Transport } from '../src/transport/webusb-rcs300/webusb-rcs300-transport';
import type { UsbLike } from '../src/transport/webusb/webusb-types';
import { readerFixture, type Fixture } from './support/reader-fixture';
import type { HostIsoDepRun } from './support/reader-fixture-kit';

/**
 * The Sony RC-S300 from an ordinary page in Chromium (issue 13): the emulated reader
 * (src/sim/readers/rcs300-emulator) is installed as the page's navigator.usb; the real transport
 * claims vendor interface 1 (the CCID interface 0 is a protected class an ordinary page cannot
 * claim), runs a PC/SC transparent session in CCID escape messages and ISO-DEP in the page, and
 * the real session and verification code read the simulated default card through it. Fixture
 * page: support/reader-fixture.ts, port 4181.
 *
 * What this shows is the code against the emulator, which follows the public RC-S300 sources;
 * the bytes marked UNCONFIRMED in src/transport/webusb-rcs300 are not proven by it.
 */

interface Modules {
  readonly Rcs300Emulator: typeof Rcs300Emulator;
  readonly installAsNavigatorUsb: typeof installAsNavigatorUsb;
  readonly requestRcs300Device: typeof requestRcs300Device;
  readonly WebUsbRcs300Transport: typeof WebUsbRcs300Transport;
}
type FixtureWindow = Window & { kazasuFixture: Fixture<Modules> };

const fixture = readerFixture('webusb-rcs300-fixture', 4181, {
  'sim/readers/rcs300-emulator': ['Rcs300Emulator'],
  'sim/readers/rcs380-emulator': ['installAsNavigatorUsb'],
  'transport/webusb-rcs300/rcs300-device-access': ['requestRcs300Device'],
  'transport/webusb-rcs300/webusb-rcs300-transport': ['WebUsbRcs300Transport'],
});

interface Rcs300Run extends HostIsoDepRun {
  /** Escape messages on interface 1 during the whole run (a disturbed second check included). */
  readonly escapeMessages: number;
  /** The first transparent-session commands the reader saw (data object tags, hex). */
  readonly sessionStart: readonly string[];
  /** What claiming the CCID interface 0 from this page gave (Chrome's protected-class rule). */
  readonly ccidInterfaceClaim: string;
}

/**
 * In the page: the default demo card (with the given ATQB bit-rate capability byte) on an
 * emulated RC-S300, chosen with requestRcs300Device(navigator.usb), and the scenario through
 * WebUsbRcs300Transport.
 */
function runInPage(page: Page, scenario: 'clean' | 'remove' | 'unplug', bitRateCapability = 0x00): Promise<Rcs300Run> {
  return page.evaluate(
    async ({ scenario, bitRateCapability }) => {
      const k = (window as unknown as FixtureWindow).kazasuFixture;
      const emulator = new k.Rcs300Emulator(); // not granted: the page must go through the chooser
      emulator.placeCard(k.defaultDemoCard(), { bitRateCapability });
      k.installAsNavigatorUsb(emulator.usb);
      const usb = (navigator as unknown as { usb: UsbLike }).usb;
      const device = await k.requestRcs300Device(usb);
      const transport = new k.WebUsbRcs300Transport(usb, { device, responseTimeoutMs: 2000, drainMs: 5 });
      const run = await k.hostIsoDepRun(emulator, device, transport, scenario);
      const ccidInterfaceClaim = await device.claimInterface(0).then(
        () => 'claimed',
        (e: unknown) => `refused: ${(e as { name?: string }).name ?? String(e)}`,
      );
      const hex = (n: number) => n.toString(16).toUpperCase();
      return {
        ...run,
        escapeMessages: emulator.escapeLog.length,
        sessionStart: emulator.sessionLog.slice(0, 4).map((l) => l.tags.map(hex).join(' ')),
        ccidInterfaceClaim,
      };
    },
    { scenario, bitRateCapability },
  );
}

function expectVerifiedOverInterface1(r: Rcs300Run, rate: number): void {
  expect(r.navigatorUsbIsEmulator, 'navigator.usb is the emulated reader').toBe(true);
  expect(r.chosenProduct).toBe('54c:dc9 RC-S300/P');
  expect(r.transportKind).toBe('webusb-rcs300');
  expect(r.reportTransport).toBe('webusb-rcs300');
  expect(r.outcome).toBe('verified');
  expect(r.holderName).toBe('山田　花子');
  expect(r.rfFrames, 'transparent exchanges through the emulated reader').toBeGreaterThan(10);
  expect(r.rfAllAnswered).toBe(true);
  expect(r.blockRates).toEqual([rate]);
  // End a stale session, start ours, RF off (open), then RF on + Switch Protocol (connect).
  expect(r.sessionStart.slice(0, 3)).toEqual(['82', '81', '83']);
  expect(r.escapeMessages, 'escape messages on interface 1').toBeGreaterThan(r.rfFrames);
  // One escape message (one bulk OUT transfer) per RF frame, and the session commands besides.
  expect(r.usbOutTransfers, 'bulk OUT transfers on the chosen USBDevice during the first check').toBeGreaterThan(r.rfFrames);
}

test('an ordinary page: a full counter check through interface 1 of an emulated RC-S300 → verified, 山田　花子; interface 0 stays protected', async ({ page }) => {
  await fixture.open(page);
  const r = await runInPage(page, 'clean');
  expectVerifiedOverInterface1(r, 106);
  expect(r.ccidInterfaceClaim).toBe('refused: SecurityError');
  test.info().annotations.push({ type: 'webusb-rcs300', description: `${r.rfFrames} RF frames, ${r.escapeMessages} escape messages, ${r.usbOutTransfers} bulk OUT transfers` });
});

test('a card offering 212 and 424 kbit/s (ATQB bit-rate byte B3) is read at 424', async ({ page }) => {
  await fixture.open(page);
  const r = await runInPage(page, 'clean', 0xb3);
  expectVerifiedOverInterface1(r, 424);
});

test('the card leaves the reader mid-read → typed card-removed error, never a verified report', async ({ page }) => {
  await fixture.open(page);
  const r = await runInPage(page, 'remove');
  expectVerifiedOverInterface1(r, 106);
  expect(r.fault?.outcome, `card removed at RF frame ${r.faultAtFrame}`).toBeUndefined();
  expect(r.fault?.error).toMatchObject({ typed: true, code: 'card-removed' });
  expect(r.faultRfOutcomes).toContain('no-card');
  test.info().annotations.push({ type: 'fault', description: `at RF frame ${r.faultAtFrame} of ${r.rfFrames}; RF outcomes from the second connect on: ${r.faultRfOutcomes?.join(', ')}` });
});

test('the reader is unplugged mid-read → typed reader-unplugged error, never a verified report', async ({ page }) => {
  await fixture.open(page);
  const r = await runInPage(page, 'unplug');
  expectVerifiedOverInterface1(r, 106);
  expect(r.fault?.outcome, `reader unplugged at RF frame ${r.faultAtFrame}`).toBeUndefined();
  expect(r.fault?.error).toMatchObject({ typed: true, code: 'reader-unplugged' });
  expect(r.faultRfOutcomes).toContain('unplugged');
});
