import { chromium, type Browser, type Page } from '@playwright/test';
import { preview, type PreviewServer } from 'vite';
import { message } from '../src/app/i18n/catalogue';
import type { Timing } from './measure';

/**
 * Issue 7 §4 in Chromium (Debian's, as in the e2e tests): time to the first screen on a cold load
 * (empty cache, no service worker) and offline (installed service worker, network off), and the
 * JPEG 2000 face decode as the kiosk does it (result screen shown → photo drawn), first decode
 * (worker start + wasm compile) and a later one. Runs against the production build that
 * app-size.bench.ts made in `outDir`, served by `vite preview`.
 */
const CHROMIUM = process.env.KAZASU_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const PORT = 4181;
const URL = `http://127.0.0.1:${PORT}/`;
const RUNS = 7;

function stats(name: string, samples: number[]): Timing {
  const s = [...samples].sort((a, b) => a - b);
  return { name, runs: s.length, medianMs: s[Math.floor(s.length / 2)]!, p95Ms: s[Math.min(s.length - 1, Math.floor(s.length * 0.95))]! };
}

/** ms from navigation start until the purpose heading is in the DOM (measured in the page). */
async function timeToFirstScreen(page: Page): Promise<number> {
  await page.waitForSelector('#purpose-heading', { timeout: 60_000 });
  return page.evaluate(() => {
    const heading = document.querySelector('#purpose-heading');
    if (!heading) throw new Error('no heading');
    // The heading is there; performance.now() is ms since this document's time origin.
    return performance.now();
  });
}

async function coldStarts(browser: Browser): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext({ serviceWorkers: 'block' });
    const page = await context.newPage();
    await page.goto(URL);
    out.push(await timeToFirstScreen(page));
    await context.close();
  }
  return out;
}

async function offlineStarts(browser: Browser): Promise<number[]> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(URL);
  await page.waitForSelector('#purpose-heading');
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
  });
  await context.setOffline(true);
  const out: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    await page.reload();
    out.push(await timeToFirstScreen(page));
  }
  await context.close();
  return out;
}

/** One counter check on the default demo card; ms from the result screen until the photo is drawn. */
async function decodeOnResult(page: Page): Promise<number> {
  const t = (key: Parameters<typeof message>[1]) => message('ja', key);
  await page.locator('button[data-purpose="counter"]').click();
  await page.locator('button[data-card-id="default"]').click();
  await page.getByRole('button', { name: t('demo.fill') }).click();
  await page.getByRole('button', { name: t('cred.submit') }).click();
  await page.getByTestId('outcome').waitFor({ timeout: 60_000 });
  const shownAt = await page.evaluate(() => performance.now());
  await page.getByTestId('face-photo').waitFor({ state: 'visible', timeout: 60_000 });
  const drawnAt = await page.evaluate(() => performance.now());
  return drawnAt - shownAt;
}

/** A fresh profile shows the first-setup screen (operator PIN) once the runtime is loaded: do it. */
async function firstSetup(page: Page): Promise<void> {
  await page.waitForSelector('.app:not([data-setup="checking"])', { timeout: 60_000 });
  if ((await page.locator('#setup-heading').count()) === 0) return;
  await page.locator('#setup-pin').fill('24681357');
  await page.locator('#setup-pin-repeat').fill('24681357');
  await page.getByRole('button', { name: message('ja', 'setup.save') }).click();
  await page.waitForSelector('.app[data-setup="done"]', { timeout: 60_000 });
}

async function decodes(browser: Browser): Promise<{ first: number[]; later: number[] }> {
  const first: number[] = [];
  const later: number[] = [];
  for (let i = 0; i < 3; i++) {
    const context = await browser.newContext({ serviceWorkers: 'block' });
    await context.addInitScript(() => localStorage.setItem('kazasu.settings.v1', JSON.stringify({ clerks: ['bench'], kioskId: 'bench', defaultLanguage: 'ja', demoApduDelayMs: 0 })));
    const page = await context.newPage();
    await page.goto(URL);
    await firstSetup(page);
    await page.waitForSelector('#purpose-heading');
    first.push(await decodeOnResult(page));
    for (let k = 0; k < 2; k++) {
      await page.reload();
      await page.waitForSelector('#purpose-heading');
      // Same page origin, new document: the worker starts again, the wasm may come from cache.
      later.push(await decodeOnResult(page));
    }
    await context.close();
  }
  return { first, later };
}

export async function appStartupBenchmarks(outDir: string): Promise<Timing[]> {
  let server: PreviewServer | undefined;
  let browser: Browser | undefined;
  try {
    server = await preview({ logLevel: 'silent', build: { outDir }, preview: { host: '127.0.0.1', port: PORT, strictPort: true } });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    const cold = await coldStarts(browser);
    const offline = await offlineStarts(browser);
    const d = await decodes(browser);
    return [
      stats('time to first screen, cold (no cache, no service worker)', cold),
      stats('time to first screen, offline (installed service worker)', offline),
      stats('face photo decode on the result screen, first in a page', d.first),
      stats('face photo decode on the result screen, after a reload', d.later),
    ];
  } finally {
    await browser?.close();
    await server?.close();
  }
}
