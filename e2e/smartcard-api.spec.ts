import { expect, test, type Page } from '@playwright/test';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, preview, type PreviewServer } from 'vite';
import type { DemoBundle } from '../src/sim/mynumber/demo-card';
import type { fromSnapshot } from '../src/sim/card/card-snapshot';
import type { simulatedCardFor } from '../src/sim/mynumber/build-card';
import type { installAsNavigatorSmartCard, SmartCardApiEmulator } from '../src/sim/readers/smartcard-api-emulator';
import type { simulatorAnchorSet } from '../src/sim/pki/sim-trust-anchors';
import type { runVerification } from '../src/session/run-verification';
import type { PURPOSES } from '../src/session/purposes';
import type { TransportError } from '../src/transport/card-transport';
import type { SmartCardApiError } from '../src/transport/smartcard-api/smartcard-api-error';
import type { SmartCardApiTransport } from '../src/transport/smartcard-api/smartcard-api-transport';
import type { smartCardAvailability } from '../src/transport/smartcard-api/smartcard-availability';
import type { webNfcStatus } from '../src/transport/web-nfc';
import type { OfflineRevocationChecker } from '../src/verify/revocation/offline-checker';
import type { allKnownAnchors, createTrustStore } from '../src/verify/trust/trust-store';

/**
 * The Web Smart Card API path in Chromium (issue 5 item 4): the emulated `navigator.smartCard`
 * (src/sim/readers/smartcard-api-emulator) is installed in the page, and the real
 * SmartCardApiTransport, session and verification code read the simulated default card through
 * it. Without the emulator, plain Chromium shows what an ordinary kiosk page sees: no
 * navigator.smartCard (Isolated Web Apps only) and no Web NFC (Android only, and NDEF-only).
 *
 * As in webusb-port100.spec.ts, a small fixture page in test-results/ imports the real modules
 * (and the demo card bundle), is built with the project's vite.config.ts and served with
 * `vite preview` on its own port (4179). Nothing test-only goes into the production build.
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURE = join(ROOT, 'test-results', 'smartcard-api-fixture');
const PORT = 4179;
const URL = `http://127.0.0.1:${PORT}/`;
/** 照合番号B of the default simulated card (tests/verify-flows/flow-helpers CODE_B.default). */
const CODE_B = '55021720352285';

/** The modules the fixture page exposes (window.kazasuSmartCard). */
interface FixtureModules {
  readonly demoBundle: DemoBundle;
  readonly SmartCardApiEmulator: typeof SmartCardApiEmulator;
  readonly installAsNavigatorSmartCard: typeof installAsNavigatorSmartCard;
  readonly fromSnapshot: typeof fromSnapshot;
  readonly simulatedCardFor: typeof simulatedCardFor;
  readonly SmartCardApiTransport: typeof SmartCardApiTransport;
  readonly smartCardAvailability: typeof smartCardAvailability;
  readonly webNfcStatus: typeof webNfcStatus;
  readonly runVerification: typeof runVerification;
  readonly PURPOSES: typeof PURPOSES;
  readonly simulatorAnchorSet: typeof simulatorAnchorSet;
  readonly createTrustStore: typeof createTrustStore;
  readonly allKnownAnchors: typeof allKnownAnchors;
  readonly OfflineRevocationChecker: typeof OfflineRevocationChecker;
  readonly TransportError: typeof TransportError;
}
type FixtureWindow = Window & { kazasuSmartCard: FixtureModules };

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
  readonly faultReport?: string;
  readonly faultError?: { readonly typed: boolean; readonly code: string; readonly reason: string };
  readonly eventsAfterFault?: readonly string[];
}

const servers: PreviewServer[] = [];

test.beforeAll(async () => {
  rmSync(FIXTURE, { recursive: true, force: true });
  mkdirSync(FIXTURE, { recursive: true });
  const src = (path: string): string => relative(FIXTURE, join(ROOT, 'src', path)).replaceAll('\\', '/');
  writeFileSync(
    join(FIXTURE, 'index.html'),
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>smartcard api fixture</title>' +
      '<script type="module" src="./main.ts"></script></head><body></body></html>',
  );
  writeFileSync(
    join(FIXTURE, 'main.ts'),
    [
      `import { demoBundle } from 'virtual:kazasu-sim-cards';`,
      `import { SmartCardApiEmulator, installAsNavigatorSmartCard } from '${src('sim/readers/smartcard-api-emulator')}';`,
      `import { fromSnapshot } from '${src('sim/card/card-snapshot')}';`,
      `import { simulatedCardFor } from '${src('sim/mynumber/build-card')}';`,
      `import { SmartCardApiTransport } from '${src('transport/smartcard-api/smartcard-api-transport')}';`,
      `import { smartCardAvailability } from '${src('transport/smartcard-api/smartcard-availability')}';`,
      `import { webNfcStatus } from '${src('transport/web-nfc')}';`,
      `import { runVerification } from '${src('session/run-verification')}';`,
      `import { PURPOSES } from '${src('session/purposes')}';`,
      `import { simulatorAnchorSet } from '${src('sim/pki/sim-trust-anchors')}';`,
      `import { createTrustStore, allKnownAnchors } from '${src('verify/trust/trust-store')}';`,
      `import { OfflineRevocationChecker } from '${src('verify/revocation/offline-checker')}';`,
      `import { TransportError } from '${src('transport/card-transport')}';`,
      `(window as any).kazasuSmartCard = { demoBundle, SmartCardApiEmulator, installAsNavigatorSmartCard, fromSnapshot, simulatedCardFor,`,
      `  SmartCardApiTransport, smartCardAvailability, webNfcStatus, runVerification, PURPOSES, simulatorAnchorSet, createTrustStore,`,
      `  allKnownAnchors, OfflineRevocationChecker, TransportError };`,
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
 * In the page: put the default demo card (from its snapshot) into an emulated reader, install the
 * emulator as navigator.smartCard, build the transport from `window` alone and run a counter
 * check. For 'remove', a second check follows with the card taken away halfway through.
 */
function runInPage(page: Page, scenario: 'clean' | 'remove'): Promise<RunResult> {
  return page.evaluate(
    async ({ scenario, codeB }) => {
      const k = (window as unknown as FixtureWindow).kazasuSmartCard;
      const card = k.demoBundle.cards.find((c) => c.id === 'default');
      if (!card) throw new Error('no default demo card');
      const emulator = new k.SmartCardApiEmulator();
      emulator.insertCard(k.simulatedCardFor(k.fromSnapshot(card.snapshot)));
      k.installAsNavigatorSmartCard(emulator.smartCard, navigator);

      const available = k.smartCardAvailability(window).usable;
      const transport = k.SmartCardApiTransport.fromGlobal(window);
      const events: string[] = [];
      transport.onEvent((e) => events.push(e.type));
      const simulator = await k.simulatorAnchorSet();
      const env = {
        trust: k.createTrustStore('simulator', { simulator }),
        allAnchors: k.allKnownAnchors({ simulator }),
        revocation: new k.OfflineRevocationChecker(),
        now: () => new Date(),
      };

      await transport.connect();
      const report = await k.runVerification(transport, k.PURPOSES.counter, { codeB }, env);
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
      let faultReport: string | undefined;
      let faultError: RunResult['faultError'];
      try {
        await transport.connect();
        faultReport = (await k.runVerification(transport, k.PURPOSES.counter, { codeB }, env)).outcome;
      } catch (e) {
        faultError = {
          typed: e instanceof k.TransportError,
          code: e instanceof k.TransportError ? e.code : String(e),
          reason: String((e as Partial<SmartCardApiError>).reason),
        };
      }
      const eventsAfterFault = events.slice(base.events.length);
      await transport.close();
      return { ...base, removedAt, faultReport, faultError, eventsAfterFault };
    },
    { scenario, codeB: CODE_B },
  );
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
  await openFixture(page);
  const r = await page.evaluate(() => {
    const k = (window as unknown as FixtureWindow).kazasuSmartCard;
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
  await openFixture(page);
  const r = await runInPage(page, 'clean');
  expectVerified(r);
  test.info().annotations.push({ type: 'smartcard-api', description: `${r.transmits} APDUs over ${r.protocol}` });
});

test('the card leaves the reader mid-read → typed card-removed error, never a verified report', async ({ page }) => {
  await openFixture(page);
  const r = await runInPage(page, 'remove');
  expectVerified(r);
  expect(r.faultReport, `card removed at transmit ${r.removedAt}`).toBeUndefined();
  expect(r.faultError).toEqual({ typed: true, code: 'card-removed', reason: 'card-removed' });
  expect(r.eventsAfterFault?.at(-1)).toBe('card-removed');
});
