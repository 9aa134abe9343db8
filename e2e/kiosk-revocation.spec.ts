import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, preview, type PreviewServer } from 'vite';
import WebSocket from 'ws';
import { revocationMessage, type RevocationMessageKey } from '../src/app/i18n/revocation-catalogue';
import type { Language } from '../src/app/i18n/catalogue';
import type { ImportedAnchorRecord } from '../src/verify/trust/anchor-import';
import { answerAll, checkRow, CLERK, confirmAndRecord, enterCodeB, leaveAdmin, openAdmin, openKiosk as openFreshKiosk, startReading, text } from './support/kiosk';
import { startCorsFront, type CorsFront } from './support/cors-loopback';

/**
 * Revocation in the kiosk on a non-simulated reader path (issue 13): the real `kazasu bridge`
 * serves a simulated card (as kiosk-bridge.spec.ts), the simulator's anchors are imported into the
 * kiosk as production anchors (as an operator imports J-LIS roots), and the bank purpose checks
 * the signature certificate against a CRL (or an OCSP responder) from the simulator's responders
 * on 127.0.0.1, reached through a CORS front. The app is built here with
 * KAZASU_REVOCATION_CONFIG naming those loopback endpoints, so its CSP connect-src allows them
 * (served by `vite preview` on port 4183, like crl-worker.spec.ts's fixture).
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const APP_DIST = join(ROOT, 'test-results', 'revocation-app');
const PORT = 4183;
const BASE = `http://127.0.0.1:${PORT}`;
const CARDS = {
  default: { codeB: '55021720352285', password: 'KAZASU1' },
  'revoked-certificate': { codeB: '54093020328120', password: 'REVOKED79' },
} as const;
type CardId = keyof typeof CARDS;

let responders: ChildProcess | undefined;
let crlFront: CorsFront;
let ocspFront: CorsFront;
let app: PreviewServer;
let anchors: ImportedAnchorRecord[];
let urls: { sign: string; auth: string; ocsp: string };

const rt = (key: RevocationMessageKey, language: Language = 'ja', vars?: Record<string, string | number>) => revocationMessage(language, key, vars);

test.beforeAll(async () => {
  test.setTimeout(300_000);
  const child = spawn(process.execPath, ['--import', 'tsx', 'e2e/support/revocation-responders.ts'], { stdio: ['pipe', 'pipe', 'pipe'] });
  responders = child;
  let out = '';
  let err = '';
  child.stderr?.on('data', (b: Buffer) => (err += b.toString('utf8')));
  const started = await new Promise<{ crlOrigin: string; ocspOrigin: string; ocspPath: string; anchors: ImportedAnchorRecord[] }>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`responders did not start:\n${err}`)), 120_000);
    child.stdout?.on('data', (b: Buffer) => {
      out += b.toString('utf8');
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) {
        clearTimeout(timer);
        done(JSON.parse(line) as never);
      }
    });
    child.on('exit', (code) => fail(new Error(`responders exited ${code}:\n${err}`)));
  });
  crlFront = await startCorsFront(started.crlOrigin);
  ocspFront = await startCorsFront(started.ocspOrigin);
  urls = { sign: `${crlFront.origin}/crl/sign.crl`, auth: `${crlFront.origin}/crl/auth.crl`, ocsp: `${ocspFront.origin}${started.ocspPath}` };
  const dir = mkdtempSync(join(tmpdir(), 'kazasu-e2e-revocation-'));
  const configFile = join(dir, 'revocation.json');
  writeFileSync(configFile, JSON.stringify({ crlUrls: { sign: urls.sign, auth: urls.auth }, ocspUrl: urls.ocsp, refreshHours: 24 }));
  anchors = started.anchors;
  process.env.KAZASU_REVOCATION_CONFIG = configFile;
  try {
    const shared = { configFile: join(ROOT, 'vite.config.ts'), root: ROOT, logLevel: 'warn' as const };
    await build({ ...shared, build: { outDir: APP_DIST, emptyOutDir: true } });
    app = await preview({ ...shared, build: { outDir: APP_DIST }, preview: { host: '127.0.0.1', port: PORT, strictPort: true } });
  } finally {
    delete process.env.KAZASU_REVOCATION_CONFIG;
    rmSync(dir, { recursive: true, force: true });
  }
});

test.afterAll(async () => {
  await app?.close();
  await Promise.all([crlFront?.close(), ocspFront?.close()]);
  responders?.kill('SIGTERM');
});

interface BridgeProcess {
  readonly url: string;
  readonly token: string;
  stop(): void;
}

async function startBridge(profile: CardId): Promise<BridgeProcess> {
  const home = mkdtempSync(join(tmpdir(), 'kazasu-e2e-bridge-'));
  const child: ChildProcess = spawn(process.execPath, ['bin/kazasu.mjs', 'bridge', '--sim', profile, '--port', '0', '--allow-origin', BASE], {
    env: { ...process.env, KAZASU_HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const found = await new Promise<{ url: string; token: string }>((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`bridge did not start:\n${out}`)), 60_000);
    child.stdout?.on('data', (b: Buffer) => {
      out += b.toString('utf8');
      const url = /listening on (ws:\/\/\S+\/)/.exec(out)?.[1];
      const token = /new pairing token: ([A-Za-z0-9_-]{43})/.exec(out)?.[1];
      if (url && token) {
        clearTimeout(timer);
        resolvePromise({ url, token });
      }
    });
    child.on('exit', (code) => reject(new Error(`bridge exited ${code}:\n${out}`)));
  });
  return {
    ...found,
    stop: () => {
      child.kill('SIGTERM');
      rmSync(home, { recursive: true, force: true });
    },
  };
}

let bridge: BridgeProcess | undefined;
test.afterEach(() => {
  crlFront?.setReachable(true);
  bridge?.stop();
  bridge = undefined;
});

test.use({ baseURL: BASE });
test.describe.configure({ timeout: 180_000 });

/**
 * The kiosk after first setup, with no revocation endpoint set yet (each test sets them in
 * Settings) and the simulator's anchors imported as production ones (IndexedDB 'kazasu-trust').
 */
async function openKiosk(page: Page, language: Language): Promise<void> {
  const empty = { crlUrls: { sign: '', auth: '' }, ocspUrl: '', platformEndpoint: '', refreshHours: 24 };
  const settings = { clerks: [CLERK], kioskId: 'e2e-kiosk', defaultLanguage: language, demoApduDelayMs: 0, revocation: empty };
  await page.addInitScript((s) => {
    if (localStorage.getItem('kazasu.settings.v1') === null) localStorage.setItem('kazasu.settings.v1', s);
  }, JSON.stringify(settings));
  await openFreshKiosk(page, { language });
  await page.evaluate(
    (records) =>
      new Promise<void>((done, fail) => {
        const open = indexedDB.open('kazasu-trust', 1);
        open.onupgradeneeded = () => open.result.createObjectStore('anchors');
        open.onerror = () => fail(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('anchors', 'readwrite');
          tx.objectStore('anchors').put(records, 'imported');
          tx.oncomplete = () => {
            open.result.close();
            done();
          };
          tx.onerror = () => fail(tx.error);
        };
      }),
    anchors,
  );
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: text('purpose.heading', language) })).toBeVisible({ timeout: 30_000 });
}

interface SetUpOptions {
  readonly endpoints: { readonly crl: boolean; readonly ocsp: boolean };
  readonly profile?: CardId;
  /** Reach the bridge through relayLoopback (for a test that takes the browser offline). */
  readonly context?: BrowserContext;
  /** Runs after the reader is chosen and before the endpoints are saved (saving fetches the lists). */
  readonly beforeSave?: () => Promise<void>;
}

/** Settings: the bridge as reader (production trust, the default), then the revocation endpoints. */
async function setUp(page: Page, language: Language, options: SetUpOptions): Promise<void> {
  const { endpoints, profile = 'default' } = options;
  bridge = await startBridge(profile);
  if (options.context) await relayLoopback(options.context, bridge.url);
  await openAdmin(page, 'settings', language);
  await expect(page.getByTestId('revocation-none')).toHaveText(rt('rev.none', language));
  await page.getByLabel(text('settings.bridge.url', language)).fill(bridge.url);
  await page.getByLabel(text('settings.bridge.token', language)).fill(bridge.token);
  await page.getByTestId('reader-path-bridge').getByRole('button', { name: text('settings.reader.use', language) }).click();
  await expect(page.getByTestId('reader-current')).toContainText('Kazasu Simulated Reader', { timeout: 30_000 });
  await expect(page.getByTestId('trust-mode')).toHaveText(text('settings.trustMode.production', language));
  const panel = page.getByTestId('revocation-settings');
  await options.beforeSave?.();
  await panel.getByLabel(rt('rev.crl.sign', language)).fill(endpoints.crl ? urls.sign : '');
  await panel.getByLabel(rt('rev.crl.auth', language)).fill(endpoints.crl ? urls.auth : '');
  await panel.getByLabel(rt('rev.ocsp', language)).fill(endpoints.ocsp ? urls.ocsp : '');
  await panel.getByRole('button', { name: rt('rev.save', language) }).click();
  await expect(panel.getByText(rt('rev.saved', language))).toBeVisible();
}

/**
 * Chromium's offline emulation (context.setOffline) is not a device without network: it also
 * holds every frame on an open WebSocket to 127.0.0.1 (delivered only when back online) and
 * refuses new loopback connections and fetches — measured with Debian Chromium 156 — so the
 * kiosk's requests to the local bridge never get an answer and card detection never finishes.
 * A real kiosk offline still reaches its own loopback. The test restores that: the page's
 * WebSocket to the bridge is carried by Playwright (routeWebSocket) to a Node WebSocket that
 * connects to the real bridge, sending the page's origin (the bridge checks it and the pairing
 * MAC binds it). The app's code and the bridge protocol are unchanged; only the path between
 * them stops being subject to the emulation.
 */
async function relayLoopback(context: BrowserContext, url: string): Promise<void> {
  await context.routeWebSocket(url, (route) => {
    const upstream = new WebSocket(url, { origin: BASE });
    const queued: string[] = [];
    upstream.on('open', () => queued.splice(0).forEach((m) => upstream.send(m)));
    upstream.on('message', (data: Buffer) => route.send(data.toString('utf8')));
    upstream.on('close', (code: number) => route.close({ code: code === 1005 || code === 1006 ? 1000 : code }));
    upstream.on('error', () => undefined); // 'close' follows
    route.onMessage((m) => {
      const message = typeof m === 'string' ? m : m.toString('utf8');
      if (upstream.readyState === WebSocket.OPEN) upstream.send(message);
      else queued.push(message);
    });
    route.onClose(() => upstream.close());
  });
}

async function bankCheck(page: Page, language: Language, card: CardId = 'default'): Promise<string | null> {
  await leaveAdmin(page, language);
  await page.locator('button[data-purpose="bank"]').click();
  await expect(page.locator('#cred-heading')).toBeVisible({ timeout: 30_000 });
  await enterCodeB(page, CARDS[card].codeB);
  // The password is the customer's, typed on the hand-over step.
  await page.getByRole('button', { name: text('cred.toHandover', language) }).click();
  await page.locator('#sign-password').fill(CARDS[card].password);
  await startReading(page, language);
  const outcome = page.getByTestId('outcome');
  await expect(outcome).toBeVisible({ timeout: 60_000 });
  return outcome.getAttribute('data-outcome');
}

async function record(page: Page, language: Language): Promise<void> {
  await confirmAndRecord(page, language);
  await expect(page.getByTestId('evidence-status')).toHaveAttribute('data-saved', 'true', { timeout: 30_000 });
  await page.getByRole('button', { name: text('done.next', language) }).click();
}

/** An incomplete result is recorded through its secondary action (the re-check is the primary one). */
async function recordIncomplete(page: Page, language: Language): Promise<void> {
  await page.getByRole('button', { name: text('result.toConfirmIncomplete', language), exact: true }).click();
  await expect(page.locator('#confirm-heading')).toBeFocused();
  await answerAll(page, language);
  await page.getByRole('button', { name: text('confirm.record', language) }).click();
  await expect(page.getByTestId('evidence-status')).toHaveAttribute('data-saved', 'true', { timeout: 30_000 });
  await page.getByRole('button', { name: text('done.next', language) }).click();
}

async function screenshots(page: Page, name: string): Promise<void> {
  mkdirSync('e2e/screenshots', { recursive: true });
  for (const [w, h] of [[1280, 800], [800, 1280]] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({ path: `e2e/screenshots/${name}-${w}x${h}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

for (const language of ['ja', 'en'] as const) {
  test(`${language}: the bank check on the bridge verifies against the CRL on loopback; Settings shows the list`, async ({ page }) => {
    await openKiosk(page, language);
    await setUp(page, language, { endpoints: { crl: true, ocsp: false } });
    const sign = page.getByTestId('crl-list-sign');
    await expect(sign.getByTestId('crl-entries')).toHaveText('1', { timeout: 60_000 });
    await expect(sign.getByTestId('crl-issuer')).toContainText('sign');
    await expect(sign.getByTestId('crl-next-update')).not.toHaveText('—');
    await expect(sign.getByTestId('crl-fetched-at')).not.toHaveText('—');
    await expect(page.getByTestId('crl-list-auth').getByTestId('crl-entries')).toHaveText('0');
    await expect(page.getByTestId('revocation-origins')).toContainText(crlFront.origin, { useInnerText: false });
    await screenshots(page, `settings-revocation-${language}`);
    expect(await bankCheck(page, language)).toBe('verified');
    await expect(checkRow(page, 'jpki.sign.revocation')).toHaveAttribute('data-status', 'pass');
    await record(page, language);
  });

  test(`${language}: the revoked card fails on the CRL`, async ({ page }) => {
    await openKiosk(page, language);
    await setUp(page, language, { endpoints: { crl: true, ocsp: false }, profile: 'revoked-certificate' });
    await expect(page.getByTestId('crl-list-sign').getByTestId('crl-entries')).toHaveText('1', { timeout: 60_000 });
    expect(await bankCheck(page, language, 'revoked-certificate')).toBe('failed');
    await expect(checkRow(page, 'jpki.sign.revocation')).toHaveAttribute('data-status', 'fail');
    await screenshots(page, `result-revoked-${language}`);
  });

  test(`${language}: offline the bank check is pending and recorded; back online it is resolved and the record amended`, async ({ page, context }) => {
    await openKiosk(page, language);
    // The device goes offline after the reader is set up and before any list is fetched: the
    // browser says so (navigator.onLine false, as the app reads it) and the revocation service
    // is out of reach; the bridge on 127.0.0.1 still answers (relayLoopback).
    await setUp(page, language, {
      endpoints: { crl: true, ocsp: false },
      context,
      beforeSave: async () => {
        // An installed kiosk: the app (and the CRL worker's script) come from the service
        // worker's precache; before it controls the page, nothing of the app loads offline.
        await page.evaluate(() => navigator.serviceWorker.ready);
        await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 60_000 });
        crlFront.setReachable(false);
        await context.setOffline(true);
      },
    });
    await expect(page.getByTestId('crl-list-sign').getByTestId('crl-problem')).toHaveAttribute('data-code', 'crl-download-failed', { timeout: 60_000 });
    expect(await page.evaluate(() => navigator.onLine)).toBe(false);

    expect(await bankCheck(page, language)).toBe('incomplete');
    await expect(checkRow(page, 'jpki.sign.revocation')).toHaveAttribute('data-status', 'pending');
    // 未完了 / Incomplete, with the next step and the re-check as the main action.
    await expect(page.getByTestId('outcome-reasons').locator('[data-reason="jpki.sign.revocation"]').getByTestId('next-step')).toHaveText(text('next.revocation-pending', language));
    await expect(page.getByTestId('primary-action')).toHaveText(text('result.recheck', language));
    await screenshots(page, `result-pending-offline-${language}`);
    await recordIncomplete(page, language);
    await openAdmin(page, 'settings', language);
    await expect(page.getByTestId('revocation-open')).toHaveText(rt('rev.open', language, { n: 1 }));
    await expect(page.getByTestId('revocation-resolved')).toHaveCount(0);

    // Back online: the `online` event fetches the list and asks the open question again.
    crlFront.setReachable(true);
    await context.setOffline(false);
    await expect(page.getByTestId('revocation-resolved')).toHaveText(rt('rev.resolved', language, { n: 1 }), { timeout: 60_000 });
    await expect(page.getByTestId('revocation-open')).toHaveCount(0);
    await expect(page.getByTestId('crl-list-sign').getByTestId('crl-entries')).toHaveText('1');
    await leaveAdmin(page, language);
    await expectAmended(page, language);
    await screenshots(page, `history-amended-${language}`);
  });
}

/**
 * History (behind the operator PIN): the original record and the appended resolution (append
 * only — the chain of both verifies, so the original is unchanged), the outcome shown amended.
 */
async function expectAmended(page: Page, language: Language): Promise<void> {
  await openAdmin(page, 'history', language);
  await expect(page.getByTestId('history-count')).toHaveText(text('history.count', language, { n: 2 }));
  const amended = page.locator('[data-amended="true"]');
  await expect(amended).toHaveAttribute('data-outcome', 'verified');
  await expect(amended).toHaveText(rt('history.amended', language, { outcome: text('result.outcome.verified', language), original: text('result.outcome.incomplete', language) }));
  await page.getByRole('button', { name: text('history.verify', language) }).click();
  await expect(page.getByTestId('history-message')).toHaveText(text('history.chainOk', language, { n: 2 }), { timeout: 30_000 });
}

test('online but the revocation service out of reach (captive portal): pending, then resolved soon after it answers again, with no online event', async ({ page }) => {
  await openKiosk(page, 'ja');
  await setUp(page, 'ja', { endpoints: { crl: true, ocsp: false }, beforeSave: async () => crlFront.setReachable(false) });
  await expect(page.getByTestId('crl-list-sign').getByTestId('crl-problem')).toHaveAttribute('data-code', 'crl-download-failed', { timeout: 60_000 });
  expect(await bankCheck(page, 'ja')).toBe('incomplete');
  await expect(checkRow(page, 'jpki.sign.revocation')).toHaveAttribute('data-status', 'pending');
  await recordIncomplete(page, 'ja');
  await openAdmin(page, 'settings', 'ja');
  await expect(page.getByTestId('revocation-open')).toHaveText(rt('rev.open', 'ja', { n: 1 }));
  expect(await page.evaluate(() => navigator.onLine)).toBe(true);
  crlFront.setReachable(true);
  // The kiosk tries again 10 s after a failure, then less often (revocation-scheduler.ts).
  await expect(page.getByTestId('revocation-resolved')).toHaveText(rt('rev.resolved', 'ja', { n: 1 }), { timeout: 60_000 });
  await leaveAdmin(page, 'ja');
  await expectAmended(page, 'ja');
});

test('OCSP: the bank check verifies against the responder on loopback, and the revoked card fails', async ({ page }) => {
  await openKiosk(page, 'ja');
  await setUp(page, 'ja', { endpoints: { crl: false, ocsp: true } });
  const before = ocspFront.forwarded;
  const crlBefore = crlFront.forwarded;
  expect(await bankCheck(page, 'ja')).toBe('verified');
  await expect(checkRow(page, 'jpki.sign.revocation')).toHaveAttribute('data-status', 'pass');
  expect(ocspFront.forwarded).toBeGreaterThan(before);
  expect(crlFront.forwarded).toBe(crlBefore);
});

test('OCSP (en): the revoked card fails', async ({ page }) => {
  await openKiosk(page, 'en');
  await setUp(page, 'en', { endpoints: { crl: false, ocsp: true }, profile: 'revoked-certificate' });
  expect(await bankCheck(page, 'en', 'revoked-certificate')).toBe('failed');
  await expect(checkRow(page, 'jpki.sign.revocation')).toHaveAttribute('data-status', 'fail');
});
