import { expect, test, type Page } from '@playwright/test';
import type { installAsNavigatorSmartCard, SmartCardApiEmulator } from '../src/sim/readers/smartcard-api-emulator';
import type { SmartCardApiError } from '../src/transport/smartcard-api/smartcard-api-error';
import type { SmartCardApiTransport } from '../src/transport/smartcard-api/smartcard-api-transport';
import type { smartCardAvailability } from '../src/transport/smartcard-api/smartcard-availability';
import type { webNfcStatus } from '../src/transport/web-nfc';
import { readerFixture, type Fixture } from './support/reader-fixture';
import type { TypedError } from './support/reader-fixture-kit';

/**
 * The Web Smart Card API path in Chromium (issue 5 item 4): the emulated `navigator.smartCard`
 * (src/sim/readers/smartcard-api-emulator) is installed in the page, and the real
 * SmartCardApiTransport, session and verification code read the simulated default card through
 * it. Without the emulator, plain Chromium shows what an ordinary kiosk page sees: no
 * navigator.smartCard (Isolated Web Apps only) and no Web NFC (Android only, and NDEF-only).
 * Fixture page: support/reader-fixture.ts, port 4179.
 */

interface Modules {
  readonly SmartCardApiEmulator: typeof SmartCardApiEmulator;
  readonly installAsNavigatorSmartCard: typeof installAsNavigatorSmartCard;
  readonly SmartCardApiTransport: typeof SmartCardApiTransport;
  readonly smartCardAvailability: typeof smartCardAvailability;
  readonly webNfcStatus: typeof webNfcStatus;
}
type FixtureWindow = Window & { kazasuFixture: Fixture<Modules> };

const fixture = readerFixture('smartcard-api-fixture', 4179, {
  'sim/readers/smartcard-api-emulator': ['SmartCardApiEmulator', 'installAsNavigatorSmartCard'],
  'transport/smartcard-api/smartcard-api-transport': ['SmartCardApiTransport'],
  'transport/smartcard-api/smartcard-availability': ['smartCardAvailability'],
  'transport/web-nfc': ['webNfcStatus'],
});

interface RunResult {
  readonly available: boolean;
  readonly navigatorIsEmulator: boolean;
  readonly transportKind: string;
  readonly readerName: string | undefined;
  readonly protocol: string | undefined;
  readonly atrLength: number;
  readonly outcome: string;
  readonly reportTransport: string;
  readonly holderName: string | undefined;
  readonly transmits: number;
  readonly allAnswered: boolean;
  readonly events: readonly string[];
  /** The second check with the card taken away halfway ('remove' only). */
  readonly removedAt?: number;
  readonly fault?: { readonly outcome?: string; readonly error?: TypedError };
  readonly eventsAfterFault?: readonly string[];
}

/**
 * In the page: put the default demo card into an emulated reader, install the emulator as
 * navigator.smartCard, build the transport from `window` alone and run a counter check. For
 * 'remove', a second check follows with the card taken away halfway through.
 */
function runInPage(page: Page, scenario: 'clean' | 'remove'): Promise<RunResult> {
  return page.evaluate(async (scenario) => {
    const k = (window as unknown as FixtureWindow).kazasuFixture;
    const emulator = new k.SmartCardApiEmulator();
    emulator.insertCard(k.defaultDemoCard());
    k.installAsNavigatorSmartCard(emulator.smartCard, navigator);

    const available = k.smartCardAvailability(window).usable;
    const transport = k.SmartCardApiTransport.fromGlobal(window);
    const events: string[] = [];
    transport.onEvent((e) => events.push(e.type));

    await transport.connect();
    const report = await k.counterCheck(transport);
    const base = {
      available,
      navigatorIsEmulator: (navigator as unknown as { smartCard?: unknown }).smartCard === emulator.smartCard,
      transportKind: transport.kind,
      readerName: transport.readerName,
      protocol: transport.activeProtocol,
      atrLength: transport.atr?.length ?? 0,
      outcome: report.outcome,
      reportTransport: report.transport,
      holderName: report.attributes.name,
      transmits: emulator.transmitCount,
      allAnswered: emulator.transmitLog.length > 0 && emulator.transmitLog.every((l) => l.outcome === 'answered'),
      events: [...events],
    };
    await transport.disconnect();
    if (scenario === 'clean') {
      await transport.close();
      return base;
    }

    const removedAt = emulator.transmitCount + Math.floor(base.transmits / 2);
    emulator.faults.removeCardAtTransmit = removedAt;
    const fault = await k.disturbedCounterCheck(transport);
    const eventsAfterFault = events.slice(base.events.length);
    await transport.close();
    return { ...base, removedAt, fault, eventsAfterFault };
  }, scenario);
}

function expectVerified(r: RunResult): void {
  expect(r.available, 'smartCardAvailability(window) after installing the emulator').toBe(true);
  expect(r.navigatorIsEmulator).toBe(true);
  expect(r.transportKind).toBe('smartcard-api');
  expect(r.readerName).toBe('Kazasu Emulated Contactless Reader 00 00');
  expect(r.protocol).toBe('t1');
  expect(r.atrLength).toBeGreaterThan(1);
  expect(r.reportTransport).toBe('smartcard-api');
  expect(r.outcome).toBe('verified');
  expect(r.holderName).toBe('山田　花子');
  expect(r.transmits, 'APDUs through SmartCardConnection.transmit').toBeGreaterThan(20);
  expect(r.allAnswered).toBe(true);
  expect(r.events).toEqual(['card-present', 'card-activated']);
}

test('plain Chromium: no navigator.smartCard (IWA only) and no Web NFC (NDEFReader)', async ({ page }) => {
  await fixture.open(page);
  const r = await page.evaluate(() => {
    const k = (window as unknown as FixtureWindow).kazasuFixture;
    let fromGlobal: { code: string; reason: string } | undefined;
    try {
      k.SmartCardApiTransport.fromGlobal(window);
    } catch (e) {
      fromGlobal = { code: (e as SmartCardApiError).code, reason: (e as SmartCardApiError).reason };
    }
    return {
      secure: window.isSecureContext,
      hasSmartCard: 'smartCard' in navigator,
      hasNdefReader: 'NDEFReader' in window,
      availability: k.smartCardAvailability(window),
      webNfc: k.webNfcStatus(window),
      fromGlobal,
    };
  });
  expect(r.secure, '127.0.0.1 is a secure context, so the reason is the missing API').toBe(true);
  expect(r.hasSmartCard).toBe(false);
  expect(r.hasNdefReader).toBe(false);
  expect(r.availability).toEqual({ usable: false, reason: 'smartcard-api-missing' });
  expect(r.webNfc).toEqual({ present: false, canReadCard: false, reason: 'web-nfc-absent' });
  expect(r.fromGlobal).toEqual({ code: 'unsupported', reason: 'smartcard-api-missing' });
});

test('a full counter check through the emulated navigator.smartCard → verified, 山田　花子', async ({ page }) => {
  await fixture.open(page);
  const r = await runInPage(page, 'clean');
  expectVerified(r);
  test.info().annotations.push({ type: 'smartcard-api', description: `${r.transmits} APDUs over ${r.protocol}` });
});

test('the card leaves the reader mid-read → typed card-removed error, never a verified report', async ({ page }) => {
  await fixture.open(page);
  const r = await runInPage(page, 'remove');
  expectVerified(r);
  expect(r.fault?.outcome, `card removed at transmit ${r.removedAt}`).toBeUndefined();
  expect(r.fault?.error).toMatchObject({ typed: true, code: 'card-removed', reason: 'card-removed' });
  expect(r.eventsAfterFault?.at(-1)).toBe('card-removed');
});
