import { chromium as playwrightChromium, expect, test, type Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, preview, type PreviewServer } from 'vite';
import { ocrMessage, type OcrMessageKey } from '../src/app/i18n/ocr-catalogue';
import type { Language } from '../src/app/i18n/catalogue';
import { simFont } from '../src/node/sim-font';
import { cardFrontVideo, type PrintedCardFront } from '../src/sim/card-front';
import { expectAccessible } from './support/kiosk';

/**
 * Camera OCR of 照合番号B (issue 11) in Chromium with a fake camera: the simulator renders the
 * front of the default card (and a misprinted one), photographs it a few times with perspective,
 * blur, glare and noise (src/sim/card-front), and Chromium plays the clip as its camera
 * (--use-file-for-fake-video-capture). The component (src/app/ocr/CodeBCamera.tsx) runs on a
 * fixture page built with the project's vite.config.ts (same headers: CSP + Permissions-Policy,
 * same /ocr/ engine files) and served by `vite preview` on its own port (4178). The kiosk's own
 * entry screen with 「カメラで読み取る」 is covered by e2e/kiosk-camera.spec.ts.
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURE = join(ROOT, 'test-results', 'ocr-camera-fixture');
const PORT = 4178;
const ORIGIN = `http://127.0.0.1:${PORT}`;
/** The fixture judges plausibility against this date (so the test does not age). */
const TODAY = { year: 2026, month: 12, day: 1 };

/** The printed face of the `default` simulated card (src/sim/mynumber/profiles/default.json). */
const DEFAULT_CARD: PrintedCardFront = {
  name: '山田　花子',
  address: '東京都千代田区かざす町一丁目２番３号',
  birthDate: '1980-02-17',
  birthDateForm: 'wareki',
  sex: 'female',
  expiryDate: '2035-02-17',
  securityCode: '2285',
};
/** 昭和64年 2月1日 never existed (昭和 ended on 1989-01-07): the reader must refuse it. */
const MISPRINTED: PrintedCardFront = { ...DEFAULT_CARD, birthDate: '1989-02-01', expiryDate: '2035-02-01', misprint: { birthDate: '昭和64年 2月 1日生' } };

// The clips exist before Chromium starts (launch options are read when the worker launches it),
// so they are written when this file loads in a test worker, into a fresh mktemp folder.
const CLIPS = process.env.TEST_WORKER_INDEX !== undefined ? mkdtempSync(join(tmpdir(), 'kazasu-ocr-camera-')) : tmpdir();
function clip(name: string, card: PrintedCardFront): string {
  const file = join(CLIPS, `${name}.y4m`);
  if (process.env.TEST_WORKER_INDEX !== undefined) writeFileSync(file, cardFrontVideo(card, simFont(), `e2e/${name}`, 4));
  return file;
}
const GOOD_CLIP = clip('default-card', DEFAULT_CARD);
const BAD_CLIP = clip('misprinted-card', MISPRINTED);

const BASE_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const cameraArgs = (file: string) => [...BASE_ARGS, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${file}`];
const chromium = process.env.KAZASU_CHROMIUM ?? '/usr/bin/chromium';

const servers: PreviewServer[] = [];

test.beforeAll(async () => {
  rmSync(FIXTURE, { recursive: true, force: true });
  mkdirSync(FIXTURE, { recursive: true });
  const src = (path: string): string => relative(FIXTURE, join(ROOT, 'src', path)).replaceAll('\\', '/');
  writeFileSync(
    join(FIXTURE, 'index.html'),
    '<!doctype html><html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>camera OCR fixture</title>' +
      '<script type="module" src="./main.tsx"></script></head><body><main><h1>camera OCR fixture</h1><div id="root"></div></main></body></html>',
  );
  writeFileSync(
    join(FIXTURE, 'main.tsx'),
    [
      `import { useState } from 'react';`,
      `import { createRoot } from 'react-dom/client';`,
      `import { CodeBCamera, type CodeBCameraValues } from '${src('app/ocr')}';`,
      `import { useAppStore } from '${src('app/store/app-store')}';`,
      `import '${src('app/app.css')}';`,
      // Test instrumentation: remember every stream getUserMedia hands out, to check they all end.
      `const streams: MediaStream[] = [];`,
      `const gum = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);`,
      `navigator.mediaDevices.getUserMedia = async (c) => { const s = await gum(c); streams.push(s); return s; };`,
      `(window as any).kazasuOcr = { liveTracks: () => streams.flatMap((s) => s.getTracks()).filter((t) => t.readyState !== 'ended').length,`,
      `  streams: () => streams.length, setLanguage: (l: 'ja' | 'en') => useAppStore.getState().actions.setLanguage(l) };`,
      `function Fixture() {`,
      `  const [open, setOpen] = useState(new URLSearchParams(location.search).get('closed') === null);`,
      `  const [result, setResult] = useState('');`,
      `  (window as any).kazasuOcr.unmount = () => setOpen(false);`,
      `  if (!open) return <output data-testid="fixture-result">{result}</output>;`,
      `  return <CodeBCamera today={${JSON.stringify(TODAY)}} onCancel={() => { setResult('cancelled'); setOpen(false); }}`,
      `    onConfirmed={(v: CodeBCameraValues) => { setResult(JSON.stringify({ codeB: v.codeB, era: v.birthDate.era, eraYear: v.birthDate.eraYear, iso: v.birthDate.iso, yymmdd: v.birthDate.yymmdd, expiryYear: v.expiry.year, securityCode: v.securityCode })); setOpen(false); }} />;`,
      `}`,
      `createRoot(document.getElementById('root')!).render(<Fixture />);`,
      // ?sw: install the build's service worker (the kiosk registers the same one through workbox-window).
      `if (location.search.includes('sw')) void navigator.serviceWorker.register('/sw.js');`,
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
  rmSync(CLIPS, { recursive: true, force: true });
});

const t = (key: OcrMessageKey, language: Language = 'ja', vars?: Record<string, string | number>) => ocrMessage(language, key, vars);

interface Watch {
  readonly requests: string[];
  readonly problems: string[];
}

/** Every request (page and workers) and every CSP / Permissions-Policy complaint. */
function watch(page: Page): Watch {
  const w: Watch = { requests: [], problems: [] };
  page.on('request', (r) => w.requests.push(r.url()));
  // The fixture page has no icon; every other missing file is a problem.
  page.on('response', (r) => {
    if (r.status() >= 400 && new URL(r.url()).pathname !== '/favicon.ico') w.problems.push(`HTTP ${r.status()} ${r.url()}`);
  });
  const onConsole = (where: string) => (m: { type(): string; text(): string }) => {
    const line = m.text();
    // Tesseract's stderr: the jpn model carries settings of the legacy engine, which the LSTM-only
    // core does not have ("Warning: Parameter not found: chop_enable", …). Harmless and expected.
    if (/^Warning: Parameter not found: \w+$/.test(line)) return;
    // A missing resource is reported by the response listener with its URL.
    if (/^Failed to load resource/.test(line)) return;
    if (m.type() === 'error' || /Content Security Policy|Permissions-Policy|Refused/i.test(line)) w.problems.push(`${where}: ${line}`);
  };
  page.on('console', onConsole('page'));
  page.on('worker', (wk) => wk.on('console', onConsole(`worker ${wk.url()}`)));
  page.on('pageerror', (e) => w.problems.push(`pageerror: ${e.message}`));
  return w;
}

async function open(page: Page, query = ''): Promise<void> {
  await page.goto(`${ORIGIN}/${query}`);
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'yes');
}

// The fixture's browser plays the genuine card; the misprinted card gets its own browser below.
test.use({ launchOptions: { executablePath: chromium, args: cameraArgs(GOOD_CLIP) } });

test.describe('a genuine card in front of the camera', () => {
  test('reads the 14 digits on the device, shows them to staff, hands them over only on confirm; camera off, nothing stored, nothing sent elsewhere', async ({ page }) => {
    test.setTimeout(120_000);
    const w = watch(page);
    await page.setViewportSize({ width: 1280, height: 800 });
    await open(page);
    await expect(page.getByTestId('ocr-status')).toHaveText(/./);
    await expect(page.getByRole('heading', { name: t('ocr.heading') })).toBeVisible();
    await expect(page.getByTestId('ocr-review')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('ocr-status')).toHaveText(t('ocr.status.ready'));
    await expect(page.getByTestId('ocr-birth-date')).toContainText('昭和55年2月17日');
    await expect(page.getByTestId('ocr-birth-date')).toContainText('1980-02-17');
    await expect(page.getByTestId('ocr-expiry-year')).toHaveText('2035');
    await expect(page.getByTestId('ocr-security-code')).toHaveText('2285');
    await expect(page.getByTestId('ocr-code-b')).toHaveText('550217 2035 2285');
    // The camera stopped once the digits were read: every track ended.
    expect(await page.evaluate(() => (window as any).kazasuOcr.liveTracks())).toBe(0);
    await expect(page.getByTestId('ocr-confirm')).toBeFocused();
    await expectAccessible(page, 'ocr-review');
    mkdirSync('e2e/screenshots', { recursive: true });
    await page.screenshot({ path: 'e2e/screenshots/ocr-review-1280x800-ja.png' });

    // Nothing is handed over before staff confirm.
    await expect(page.getByTestId('fixture-result')).toHaveCount(0);
    await page.getByTestId('ocr-confirm').click();
    const result = JSON.parse(await page.getByTestId('fixture-result').textContent() ?? '{}') as Record<string, unknown>;
    expect(result).toEqual({ codeB: '55021720352285', era: 'showa', eraYear: 55, iso: '1980-02-17', yymmdd: '550217', expiryYear: 2035, securityCode: '2285' });

    // On this origin only: the engine, core and model came from /ocr/ here; no other origin asked.
    const paths = w.requests.map((u) => new URL(u));
    expect(paths.filter((u) => u.origin !== ORIGIN).map(String)).toEqual([]);
    for (const f of ['/ocr/worker.min.js', '/ocr/tesseract-core-simd-lstm.js', '/ocr/tesseract-core-simd-lstm.wasm', '/ocr/jpn.traineddata']) {
      expect(paths.some((u) => u.pathname === f), f).toBe(true);
    }
    expect(paths.some((u) => u.protocol === 'blob:')).toBe(false);
    // Nothing was stored: no IndexedDB (tesseract.js's model cache is off), no web storage, no caches.
    const stored = await page.evaluate(async () => ({
      idb: (await indexedDB.databases()).map((d) => d.name),
      local: localStorage.length,
      session: sessionStorage.length,
      caches: await caches.keys(),
    }));
    expect(stored).toEqual({ idb: [], local: 0, session: 0, caches: [] });
    expect(w.problems).toEqual([]);
  });

  test('English, portrait 800×1280: the same read; cancel and unmount stop every camera track', async ({ page }) => {
    test.setTimeout(120_000);
    const w = watch(page);
    await page.setViewportSize({ width: 800, height: 1280 });
    await open(page);
    await page.evaluate(() => (window as any).kazasuOcr.setLanguage('en'));
    await expect(page.getByRole('heading', { name: t('ocr.heading', 'en') })).toBeVisible();
    await expect(page.getByTestId('ocr-video')).toBeVisible();
    // While scanning: the video and the cancel button are on screen at this size.
    await expect(page.getByRole('button', { name: t('ocr.cancel', 'en') })).toBeInViewport();
    await expectAccessible(page, 'ocr-scanning');
    await page.screenshot({ path: 'e2e/screenshots/ocr-scanning-800x1280-en.png' });
    await expect(page.getByTestId('ocr-review')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('ocr-birth-date')).toContainText('Showa 55, 2/17');
    await expect(page.getByTestId('ocr-code-b')).toHaveText('550217 2035 2285');
    for (const name of [t('ocr.confirm', 'en'), t('ocr.again', 'en'), t('ocr.cancel', 'en')]) await expect(page.getByRole('button', { name })).toBeInViewport();
    await page.screenshot({ path: 'e2e/screenshots/ocr-review-800x1280-en.png' });

    // Read again: the camera comes back on; cancel ends it and hands nothing over.
    await page.getByRole('button', { name: t('ocr.again', 'en') }).click();
    await expect.poll(() => page.evaluate(() => (window as any).kazasuOcr.liveTracks())).toBe(1);
    await page.getByRole('button', { name: t('ocr.cancel', 'en') }).click();
    await expect(page.getByTestId('fixture-result')).toHaveText('cancelled');
    expect(await page.evaluate(() => (window as any).kazasuOcr.liveTracks())).toBe(0);

    // Unmounted mid-scan (what the kiosk's idle wipe does): the camera ends too.
    await open(page);
    await expect.poll(() => page.evaluate(() => (window as any).kazasuOcr.liveTracks())).toBe(1);
    await page.evaluate(() => (window as any).kazasuOcr.unmount());
    await expect.poll(() => page.evaluate(() => (window as any).kazasuOcr.liveTracks())).toBe(0);
    expect(w.problems).toEqual([]);
  });
});

test('offline: with the service worker installed and the network off, the engine and model come from the precache', async ({ page, context }) => {
  test.setTimeout(120_000);
  await page.goto(`${ORIGIN}/?sw&closed`);
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'yes');
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
  });
  const precached = await page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys()) for (const r of await (await caches.open(name)).keys()) urls.push(new URL(r.url).pathname);
    return urls;
  });
  for (const f of ['/ocr/worker.min.js', '/ocr/tesseract-core-simd-lstm.js', '/ocr/tesseract-core-simd-lstm.wasm', '/ocr/jpn.traineddata']) expect(precached, f).toContain(f);
  await context.setOffline(true);
  await page.goto(`${ORIGIN}/?sw`);
  await expect(page.getByTestId('ocr-code-b')).toHaveText('550217 2035 2285', { timeout: 60_000 });
  await context.setOffline(false);
});

test.describe('a card whose printed birth date cannot exist', () => {
  test('昭和64年 2月 1日 is refused: staff are never offered digits', async () => {
    test.setTimeout(120_000);
    // A browser of its own: the fake camera's clip is fixed when Chromium starts.
    const browser = await playwrightChromium.launch({ executablePath: chromium, args: cameraArgs(BAD_CLIP) });
    const page = await browser.newPage();
    try {    await page.setViewportSize({ width: 1280, height: 800 });
    await open(page);
    // The clip is read again and again; each complete read is refused, none is shown.
    await expect(page.getByTestId('ocr-status')).toHaveText(t('ocr.status.implausible'), { timeout: 60_000 });
    await page.waitForTimeout(5_000);
    await expect(page.getByTestId('ocr-review')).toHaveCount(0);
    await expect(page.getByTestId('ocr-confirm')).toHaveCount(0);
    await page.getByRole('button', { name: t('ocr.cancel') }).click();
    await expect(page.getByTestId('fixture-result')).toHaveText('cancelled');
    expect(await page.evaluate(() => (window as any).kazasuOcr.liveTracks())).toBe(0);
    } finally {
      await browser.close();
    }
  });
});
