import { expect, test, type Page } from '@playwright/test';
import { gzipSync } from 'node:zlib';
import { HOLDER, openKiosk, runCheck, text } from './support/kiosk';

/**
 * The installable, offline kiosk (vite-plugin-pwa generateSW + src/app/pwa) on the built app:
 * src/app/main.tsx calls registerServiceWorker(); the result screen imports src/app/photo lazily.
 */

/** URLs the service worker must never cache: verification APIs, revocation, the reader bridge. */
const NEVER_CACHED = /\/api\/|revocation|ocsp|\.crl\b|\/crl\/|bridge/i;

interface ManifestIcon {
  readonly src: string;
  readonly sizes: string;
  readonly type: string;
  readonly purpose?: string;
}

/** Opens the kiosk and waits until the service worker has precached everything and controls the page. */
async function loadControlled(page: Page): Promise<void> {
  await openKiosk(page);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
}

/** URLs in the generated service worker's precache manifest, as absolute URLs. */
async function precacheManifest(page: Page, baseURL: string): Promise<string[]> {
  const sw = await (await page.request.get('/sw.js')).text();
  return [...sw.matchAll(/\{url:"([^"]+)",revision:/g)].map((m) => new URL(m[1]!, baseURL).href);
}

test('the service worker installs, controls the page and precaches the app shell and the photo decoder', async ({ page, baseURL }) => {
  await loadControlled(page);
  const registration = await page.evaluate(async () => {
    const r = await navigator.serviceWorker.getRegistration();
    return { scope: r?.scope, script: r?.active?.scriptURL, controller: navigator.serviceWorker.controller?.scriptURL };
  });
  expect(registration).toEqual({ scope: `${baseURL}/`, script: `${baseURL}/sw.js`, controller: `${baseURL}/sw.js` });

  const manifest = await precacheManifest(page, baseURL!);
  const path = (u: string) => new URL(u).pathname;
  const paths = manifest.map(path);
  expect(paths).toContain('/index.html');
  expect(paths).toContain('/manifest.webmanifest');
  expect(paths.some((p) => /^\/assets\/index-[\w-]+\.js$/.test(p)), 'entry chunk').toBe(true);
  expect(paths.some((p) => /^\/assets\/_virtual_kazasu-sim-cards-[\w-]+\.js$/.test(p)), 'demo-cards chunk').toBe(true);
  expect(paths.some((p) => /^\/assets\/decode\.worker-[\w-]+\.js$/.test(p)), 'photo decoder worker').toBe(true);
  expect(paths.some((p) => /^\/assets\/openjpegwasm_decode-[\w-]+\.wasm$/.test(p)), 'OpenJPEG wasm').toBe(true);
  expect(paths.filter((p) => p.endsWith('.map')), 'no source maps').toEqual([]);

  // Everything in the manifest really is in Cache Storage once the worker is active.
  const cached = await page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys()) for (const r of await (await caches.open(name)).keys()) urls.push(r.url);
    return urls;
  });
  expect(cached.map(path).sort()).toEqual([...paths].sort());
});

test('the web app manifest is valid, installable and its icons load', async ({ page, baseURL }) => {
  await page.goto('/');
  await expect(page.locator('link[rel="manifest"]')).toHaveAttribute('href', '/manifest.webmanifest');
  await expect(page.locator('meta[name="theme-color"]')).toHaveAttribute('content', '#0b57d0');

  const response = await page.request.get('/manifest.webmanifest');
  expect(response.ok()).toBe(true);
  const manifest = (await response.json()) as Record<string, unknown> & { icons: ManifestIcon[] };
  expect(manifest).toMatchObject({
    name: 'かざす 本人確認',
    short_name: 'Kazasu',
    lang: 'ja',
    start_url: '/',
    scope: '/',
    id: '/',
    display: 'fullscreen',
    display_override: ['fullscreen', 'standalone'],
    prefer_related_applications: false,
    theme_color: '#0b57d0',
  });
  expect(manifest.background_color).toMatch(/^#[0-9a-f]{6}$/i);

  const purposes = (icon: ManifestIcon) => (icon.purpose ?? 'any').split(' ');
  for (const size of ['192x192', '512x512']) {
    expect(manifest.icons.some((i) => i.sizes === size && purposes(i).includes('any')), `${size} any`).toBe(true);
  }
  expect(manifest.icons.some((i) => purposes(i).includes('maskable')), 'a maskable icon').toBe(true);
  for (const icon of manifest.icons) {
    const png = await page.request.get(new URL(icon.src, `${baseURL}/manifest.webmanifest`).href);
    expect(png.ok(), icon.src).toBe(true);
    expect(png.headers()['content-type'], icon.src).toContain('image/png');
    const bytes = await png.body();
    expect(bytes.subarray(1, 4).toString('latin1'), icon.src).toBe('PNG');
    // IHDR: width and height are the first two u32 after the 8-byte signature and the chunk header.
    expect(`${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`, icon.src).toBe(icon.sizes);
  }

  // Chromium's own verdict (DevTools protocol): the manifest parses and the app is installable.
  const cdp = await page.context().newCDPSession(page);
  const appManifest = (await cdp.send('Page.getAppManifest')) as { errors: unknown[] };
  expect(appManifest.errors).toEqual([]);
  await page.evaluate(() => navigator.serviceWorker.ready);
  const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
    installabilityErrors: { errorId: string }[];
  };
  // Playwright's browser contexts are incognito, which Chromium reports itself; nothing else may appear.
  expect(installabilityErrors.filter((e) => e.errorId !== 'in-incognito')).toEqual([]);
});

test('after the first load the kiosk works offline: shell, demo card, verifier and photo decoder come from the service worker', async ({
  page,
  context,
}) => {
  await loadControlled(page);
  await context.setOffline(true);
  try {
    const reload = await page.reload();
    expect(reload?.fromServiceWorker(), 'index.html from the service worker').toBe(true);
    await expect(page.getByRole('heading', { level: 1, name: text('purpose.heading') })).toBeVisible();
    // A whole counter check offline: the demo cards, the session engine and the verifier are precached …
    expect(await runCheck(page, 'counter')).toBe('verified');
    await expect(page.getByTestId('holder-name')).toHaveText(HOLDER.name);
    // … and so are the photo decoder's worker and WebAssembly.
    await expect(page.getByTestId('face-photo')).toBeVisible({ timeout: 30_000 });

    // A deep link is answered with the app shell too (navigation fallback) …
    await page.goto('/somewhere/deep');
    await expect(page.getByRole('heading', { level: 1, name: text('purpose.heading') })).toBeVisible();
    // … but API calls are not the service worker's business: offline they fail, they are never faked.
    const api = await page.evaluate(() => fetch('/api/status').then((r) => `status ${r.status}`, () => 'network error'));
    expect(api).toBe('network error');
  } finally {
    await context.setOffline(false);
  }
});

test('Cache Storage holds only the precached build: no API or revocation responses, personal text only in simulator data', async ({
  page,
  baseURL,
}) => {
  await loadControlled(page);
  // Personal data flows through the app: a counter check reads and shows the holder and photo.
  expect(await runCheck(page, 'counter')).toBe('verified');
  await expect(page.getByTestId('face-photo')).toBeVisible({ timeout: 30_000 });
  // Requests a real kiosk makes (here they hit `vite preview`): none may end up in a cache.
  await page.evaluate(async () => {
    for (const url of ['/api/verify', '/api/audit', '/revocation/crl/sign.crl', '/revocation/ocsp']) {
      await fetch(url, { method: 'GET' }).catch(() => undefined);
    }
  });
  const precached = new Set(await precacheManifest(page, baseURL!));

  const entries = await page.evaluate(async () => {
    const out: { cache: string; url: string; base64: string }[] = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        const body = new Uint8Array(await (await cache.match(request))!.arrayBuffer());
        let binary = '';
        for (let i = 0; i < body.length; i += 0x8000) binary += String.fromCharCode(...body.subarray(i, i + 0x8000));
        out.push({ cache: name, url: request.url, base64: btoa(binary) });
      }
    }
    return out;
  });

  expect(new Set(entries.map((e) => e.cache)).size, 'one cache: the precache').toBe(1);
  expect(entries[0]!.cache).toMatch(/^kazasu-precache-/);
  for (const { url } of entries) {
    const key = new URL(url);
    key.searchParams.delete('__WB_REVISION__'); // Workbox's cache key for entries without a hash in the name
    expect(key.origin, url).toBe(new URL(baseURL!).origin);
    expect(url, 'API or revocation URL in Cache Storage').not.toMatch(NEVER_CACHED);
    expect(precached.has(key.href), `${url} is not a precache entry (runtime caching?)`).toBe(true);
  }

  // Personal text: the demo holder's family name, as UTF-8 anywhere in a body or inside any
  // base64 string in it (the simulated card's files are shipped as base64).
  const needle = Buffer.from('山田', 'utf8');
  const containsName = (body: Buffer): boolean => {
    if (body.includes(needle)) return true;
    for (const m of body.toString('latin1').matchAll(/[A-Za-z0-9+/]{24,}={0,2}/g)) {
      if (Buffer.from(m[0], 'base64').includes(needle)) return true;
    }
    return false;
  };
  const withName = entries.filter((e) => containsName(Buffer.from(e.base64, 'base64'))).map((e) => new URL(e.url).pathname);
  // Only the demo-cards chunk may hold it: published simulator test data, not a person's data.
  for (const path of withName) expect(path, 'personal text outside the simulator data').toMatch(/^\/assets\/_virtual_kazasu-sim-cards-/);
  test.info().annotations.push({ type: 'cached bodies containing 山田', description: withName.join(', ') || 'none' });
});

test('JavaScript loaded by a first visit and one counter check, gzipped (reported, not asserted)', async ({ page }) => {
  const scripts = new Map<string, { body: Buffer; phase: 'first screen' | 'later' }>();
  let phase: 'first screen' | 'later' = 'first screen';
  page.on('response', async (response) => {
    const url = new URL(response.url());
    if (/\.(js|wasm)$/.test(url.pathname) && !/^\/(sw|workbox-)/.test(url.pathname)) {
      const seen = phase;
      scripts.set(url.pathname, { body: await response.body().catch(() => Buffer.alloc(0)), phase: seen });
    }
  });
  await openKiosk(page);
  phase = 'later';
  expect(await runCheck(page, 'counter')).toBe('verified');
  await expect(page.getByTestId('face-photo')).toBeVisible({ timeout: 30_000 });

  const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
  const rows = [...scripts].map(([path, { body, phase }]) => ({ path, phase, raw: body.length, gzip: gzipSync(body).length }));
  const isDecoder = (p: string) => /decode\.worker|openjpegwasm/.test(p);
  const total = (rowsOf: typeof rows) => kib(rowsOf.reduce((n, r) => n + r.gzip, 0));
  const report = [
    `first screen, excluding the decoder: ${total(rows.filter((r) => r.phase === 'first screen' && !isDecoder(r.path)))}`,
    `everything but the decoder after one counter check: ${total(rows.filter((r) => !isDecoder(r.path)))}`,
    `photo decoder worker + wasm: ${total(rows.filter((r) => isDecoder(r.path)))}`,
    ...rows.map((r) => `${r.path} [${r.phase}]: ${kib(r.raw)} raw, ${kib(r.gzip)} gzip`),
  ];
  test.info().annotations.push({ type: 'JS (gzip)', description: report.join('; ') });
  console.log(`JS loaded:\n  ${report.join('\n  ')}`);
  expect(rows.some((r) => isDecoder(r.path))).toBe(true);
});
