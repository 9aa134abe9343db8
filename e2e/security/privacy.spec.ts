import { expect, test, type Download, type Page } from '@playwright/test';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { catalogues } from '../../src/app/i18n/catalogue';
import type { PurposeId } from '../../src/session/purposes';
import { recordFigure } from '../../tests/security/figures';
import { CODE_B_DEFAULT, choosePurpose, confirmAndRecord, fillFromCard, leaveAdmin, openAdmin, openKiosk, placeCard, resultOutcome, startReading, text } from '../support/kiosk';

/**
 * Privacy scans (issue 6 §4) in Chromium on the built kiosk, demo mode: after each flow, nothing
 * the person typed (照合番号B, sign password, birth-date key) and no My Number is left in the
 * console, IndexedDB (every database, every store, raw values), localStorage, sessionStorage,
 * cookies, Cache Storage, the URL / history, the DOM after the wipe, or the evidence exported
 * from History. The scanners are proven first: a test plants a secret in every area and each
 * scanner must find it.
 *
 * A secret counts as found in a byte string as UTF-8, UTF-16LE or hex of its ASCII, directly or
 * inside any base64 run (the simulated card's files and IndexedDB bytes travel that way).
 *
 * The one exclusion: Cache Storage's precached demo-cards chunk
 * (/assets/_virtual_kazasu-sim-cards-*.js) holds the simulator's published test cards, their
 * My Numbers and codes included, by design (see e2e/pwa.spec.ts). It is excluded only where it is
 * that chunk, and the scan asserts it does hold them, so the exclusion cannot hide a broken scanner.
 */

const SOURCE = 'privacy.spec';
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SIM_CHUNK = /^\/assets\/_virtual_kazasu-sim-cards-[\w-]+\.js$/;
const OPERATOR_PIN = '24681357';

/** My Numbers of every simulator profile (the cards these flows use are built from them), plain and spaced 4-4-4. */
const MY_NUMBERS: readonly string[] = readdirSync(join(ROOT, 'src/sim/mynumber/profiles'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => (JSON.parse(readFileSync(join(ROOT, 'src/sim/mynumber/profiles', f), 'utf8')) as { person: { myNumber?: string } }).person.myNumber)
  .filter((n): n is string => typeof n === 'string' && /^\d{12}$/.test(n));
const DEFAULT_MY_NUMBER = (JSON.parse(readFileSync(join(ROOT, 'src/sim/mynumber/profiles/default.json'), 'utf8')) as { person: { myNumber: string } }).person.myNumber;
const spaced = (n: string) => n.replace(/^(\d{4})(\d{4})(\d{4})$/, '$1 $2 $3');

/** The default card's credentials (profile default.json; the 照合番号B is birth YYMMDD + expiry year + security code). */
const KNOWN_SECRETS: readonly string[] = [CODE_B_DEFAULT, 'KAZASU1', '550217', ...MY_NUMBERS, ...MY_NUMBERS.map(spaced)];

interface Chunk {
  readonly area: Area;
  readonly label: string;
  readonly base64: string;
}

type Area = 'console' | 'indexeddb' | 'localstorage' | 'sessionstorage' | 'cookies' | 'cache-storage' | 'url-history' | 'dom-after-wipe' | 'evidence-export';

// ---- matching (Node side) ----------------------------------------------------------------------

function needles(secret: string): Buffer[] {
  const hex = Buffer.from(secret, 'utf8').toString('hex');
  return [Buffer.from(secret, 'utf8'), Buffer.from(secret, 'utf16le'), Buffer.from(hex, 'latin1'), Buffer.from(hex.toUpperCase(), 'latin1')];
}

/** Secrets found in `body`, directly or inside a base64 run (bounded: at most 10,000 runs). */
function secretsIn(body: Buffer, secrets: readonly string[]): string[] {
  const found = new Set<string>();
  const layers = [body];
  let runs = 0;
  for (const m of body.toString('latin1').matchAll(/[A-Za-z0-9+/]{12,}={0,2}/g)) {
    if (++runs > 10_000) break;
    layers.push(Buffer.from(m[0], 'base64'));
  }
  for (const secret of secrets) {
    const forms = needles(secret);
    if (layers.some((layer) => forms.some((n) => layer.includes(n)))) found.add(secret);
  }
  return [...found];
}

interface Hit {
  readonly area: Area;
  readonly label: string;
  readonly secret: string;
}

function scan(chunks: readonly Chunk[], secrets: readonly string[]): Hit[] {
  return chunks.flatMap((c) => secretsIn(Buffer.from(c.base64, 'base64'), secrets).map((secret) => ({ area: c.area, label: c.label, secret })));
}

const fromText = (area: Area, label: string, value: string): Chunk => ({ area, label, base64: Buffer.from(value, 'utf8').toString('base64') });

// ---- reading every area (in the page) ----------------------------------------------------------

/** Every IndexedDB database and object store: keys and raw values, walked without decrypting. */
async function readIndexedDb(page: Page): Promise<{ chunks: Chunk[]; databases: number; stores: number; records: number }> {
  const result = await page.evaluate(async () => {
    const out: { label: string; base64: string }[] = [];
    const toBase64 = (bytes: Uint8Array) => {
      let binary = '';
      for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return btoa(binary);
    };
    const utf8 = (s: string) => new TextEncoder().encode(s);
    // Leaves of a structured-clone value as bytes (bounded depth and size; Blobs read afterwards).
    const blobs: { label: string; blob: Blob }[] = [];
    const walk = (value: unknown, label: string, depth: number, budget: { n: number }): void => {
      if (budget.n-- <= 0 || depth > 24) return;
      if (value === null || value === undefined) return;
      if (typeof value === 'string') return void out.push({ label, base64: toBase64(utf8(value)) });
      if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return void out.push({ label, base64: toBase64(utf8(String(value))) });
      if (value instanceof ArrayBuffer) return void out.push({ label, base64: toBase64(new Uint8Array(value)) });
      if (ArrayBuffer.isView(value)) return void out.push({ label, base64: toBase64(new Uint8Array(value.buffer, value.byteOffset, value.byteLength)) });
      if (value instanceof Date) return void out.push({ label, base64: toBase64(utf8(value.toISOString())) });
      if (typeof CryptoKey !== 'undefined' && value instanceof CryptoKey) return; // opaque: nothing readable to leak
      if (value instanceof Blob) return void blobs.push({ label, blob: value });
      if (value instanceof Map) return [...value].forEach(([k, v], i) => (walk(k, `${label}<k${i}>`, depth + 1, budget), walk(v, `${label}<v${i}>`, depth + 1, budget)));
      if (value instanceof Set || Array.isArray(value)) return [...value].forEach((v, i) => walk(v, `${label}[${i}]`, depth + 1, budget));
      if (typeof value === 'object') for (const [k, v] of Object.entries(value)) (walk(k, `${label}.<key>`, depth + 1, budget), walk(v, `${label}.${k}`, depth + 1, budget));
    };
    const request = <T,>(r: IDBRequest<T>) => new Promise<T>((res, rej) => ((r.onsuccess = () => res(r.result)), (r.onerror = () => rej(r.error))));
    const infos = await indexedDB.databases();
    let stores = 0;
    let records = 0;
    for (const info of infos) {
      if (!info.name) continue;
      const db = await new Promise<IDBDatabase>((res, rej) => {
        const open = indexedDB.open(info.name!);
        open.onsuccess = () => res(open.result);
        open.onerror = () => rej(open.error);
      });
      for (const storeName of [...db.objectStoreNames]) {
        stores++;
        const store = db.transaction(storeName, 'readonly').objectStore(storeName);
        const [keys, values] = await Promise.all([request(store.getAllKeys()), request(store.getAll())]);
        records += values.length;
        keys.forEach((k, i) => walk(k, `${info.name}/${storeName}#key${i}`, 0, { n: 100_000 }));
        values.forEach((v, i) => walk(v, `${info.name}/${storeName}#${i}`, 0, { n: 100_000 }));
      }
      db.close();
    }
    for (const { label, blob } of blobs) out.push({ label, base64: toBase64(new Uint8Array(await blob.arrayBuffer())) });
    return { out, databases: infos.length, stores, records };
  });
  return { chunks: result.out.map((c) => ({ area: 'indexeddb' as const, ...c })), databases: result.databases, stores: result.stores, records: result.records };
}

interface CacheEntry {
  readonly url: string;
  /** The request URL and the response headers, as text. */
  readonly head: string;
  readonly body: Buffer;
}

/** Every Cache Storage entry: URL, headers and body bytes. */
async function readCaches(page: Page): Promise<CacheEntry[]> {
  const entries = await page.evaluate(async () => {
    const out: { url: string; head: string; base64: string }[] = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        const response = (await cache.match(request))!;
        const head = `${name} ${request.url}\n${[...response.headers].map(([k, v]) => `${k}: ${v}`).join('\n')}`;
        const body = new Uint8Array(await response.arrayBuffer());
        let binary = '';
        for (let i = 0; i < body.length; i += 0x8000) binary += String.fromCharCode(...body.subarray(i, i + 0x8000));
        out.push({ url: request.url, head, base64: btoa(binary) });
      }
    }
    return out;
  });
  return entries.map((e) => ({ url: e.url, head: e.head, body: Buffer.from(e.base64, 'base64') }));
}

async function readWebStorage(page: Page): Promise<Chunk[]> {
  const both = await page.evaluate(() => {
    const dump = (s: Storage) => Array.from({ length: s.length }, (_, i) => s.key(i)!).map((k) => `${k}=${s.getItem(k) ?? ''}`);
    return { local: dump(localStorage), session: dump(sessionStorage) };
  });
  return [...both.local.map((v, i) => fromText('localstorage', `localStorage[${i}]`, v)), ...both.session.map((v, i) => fromText('sessionstorage', `sessionStorage[${i}]`, v))];
}

async function readUrlAndHistory(page: Page): Promise<Chunk[]> {
  const state = await page.evaluate(() => ({ href: location.href, state: JSON.stringify(history.state ?? null), length: history.length, title: document.title, referrer: document.referrer }));
  return [fromText('url-history', 'page.url()', page.url()), fromText('url-history', 'location/history', JSON.stringify(state))];
}

// ---- the scan after a flow ---------------------------------------------------------------------

interface FlowRecorder {
  readonly consoleLines: string[];
  readonly typed: Set<string>;
}

/** Collects every console message and page error of the page and its workers, for the whole flow. */
function watch(page: Page): FlowRecorder {
  const recorder: FlowRecorder = { consoleLines: [], typed: new Set() };
  page.on('console', (m) => recorder.consoleLines.push(`[${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => recorder.consoleLines.push(`[pageerror] ${e.message}\n${e.stack ?? ''}`));
  page.on('worker', (w) => w.on('console', (m) => recorder.consoleLines.push(`[worker ${m.type()}] ${m.text()}`)));
  return recorder;
}

/**
 * Waits (bounded) until the service worker is active, i.e. the build is precached, so Cache
 * Storage is really there to scan. Called right after opening the kiosk and again before a scan.
 */
async function expectPrecached(page: Page): Promise<void> {
  const active = await page.evaluate(() => Promise.race([navigator.serviceWorker.ready.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 60_000))]));
  expect(active, 'the service worker installed and precached the build within 60 s').toBe(true);
}

/**
 * Whatever is in the credential fields right now (what the person typed or the demo filled in):
 * 照合番号B as the 14 digits of its three boxes, the birth-date key, the sign password.
 */
async function noteTyped(page: Page, recorder: FlowRecorder): Promise<void> {
  const codeB = (await page.locator('#code-b, #code-b-expiry, #code-b-security').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value))).join('');
  const values = [codeB, ...(await page.locator('#sign-password, #birth-date-key').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value)))];
  for (const v of values) if (v !== '') recorder.typed.add(v);
}

/** The clerk's step, then (bank) the customer's hand-over step; what each holds is noted before reading starts. */
async function noteAndStart(page: Page, recorder: FlowRecorder): Promise<void> {
  await noteTyped(page, recorder);
  const handover = page.getByRole('button', { name: text('cred.toHandover') });
  if (await handover.isVisible()) {
    await handover.click();
    await expect(page.locator('#handover-heading')).toBeVisible();
    await noteTyped(page, recorder);
  }
  await page.getByRole('button', { name: text('cred.submit') }).click();
}

function secretsOf(recorder: FlowRecorder, extra: readonly string[] = []): string[] {
  for (const t of recorder.typed) expect(t.length, 'credentials typed in these flows are at least 6 characters (a scannable needle)').toBeGreaterThanOrEqual(6);
  return [...new Set([...KNOWN_SECRETS, ...recorder.typed, ...extra])];
}

/** Scans every area after the wipe and records the figures. */
async function scanAfterWipe(page: Page, flow: string, recorder: FlowRecorder, extraSecrets: readonly string[] = []): Promise<void> {
  const secrets = secretsOf(recorder, extraSecrets);
  await expectPrecached(page);
  const idb = await readIndexedDb(page);
  const cacheEntries = await readCaches(page);
  expect(cacheEntries.length, 'Cache Storage holds the precache').toBeGreaterThan(0);
  // Nothing from a session was written into Cache Storage: every entry is a build file, byte for byte.
  for (const e of cacheEntries) {
    const built = join(ROOT, 'dist', decodeURIComponent(new URL(e.url).pathname));
    expect(existsSync(built) && readFileSync(built).equals(e.body), `${e.url} is the built file, unchanged`).toBe(true);
  }
  const simChunk = cacheEntries.filter((e) => SIM_CHUNK.test(new URL(e.url).pathname));
  expect(simChunk, 'exactly one demo-cards chunk is precached').toHaveLength(1);
  // The excluded chunk does hold the simulator's My Number: the scanner sees it, it is excluded on purpose.
  expect(secretsIn(simChunk[0]!.body, [DEFAULT_MY_NUMBER])).toEqual([DEFAULT_MY_NUMBER]);
  const cacheChunks: Chunk[] = cacheEntries
    .filter((e) => !SIM_CHUNK.test(new URL(e.url).pathname))
    .flatMap((e): Chunk[] => [
      fromText('cache-storage', `${e.url} (headers)`, e.head),
      { area: 'cache-storage', label: new URL(e.url).pathname, base64: e.body.toString('base64') },
    ]);
  const dom = await page.evaluate(() => document.documentElement.outerHTML);
  const chunks: Chunk[] = [
    ...recorder.consoleLines.map((l, i) => fromText('console', `console[${i}]`, l)),
    ...idb.chunks,
    ...(await readWebStorage(page)),
    fromText('cookies', 'context.cookies()', JSON.stringify(await page.context().cookies())),
    ...cacheChunks,
    ...(await readUrlAndHistory(page)),
    fromText('dom-after-wipe', 'document.documentElement.outerHTML', dom),
  ];
  const hits = scan(chunks, secrets);
  expect(hits, `${flow}: secrets or My Number found`).toEqual([]);
  test.info().annotations.push({
    type: `${flow}: scanned`,
    description: `${secrets.length} needles; console ${recorder.consoleLines.length} lines; IndexedDB ${idb.databases} databases, ${idb.stores} stores, ${idb.records} records; Cache Storage ${cacheEntries.length - 1} entries (+ the excluded demo-cards chunk)`,
  });
  for (const area of ['console', 'indexeddb', 'localstorage', 'sessionstorage', 'cookies', 'cache-storage', 'url-history', 'dom-after-wipe'] as const) {
    recordFigure(SOURCE, 'storage-areas-scanned', area, 1);
  }
  recordFigure(SOURCE, 'privacy-flows', flow, 1);
}

async function downloadText(page: Page, button: string): Promise<{ name: string; body: string }> {
  const [download]: [Download, void] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
  return { name: download.suggestedFilename(), body: readFileSync(await download.path(), 'utf8') };
}

/**
 * History (operator PIN) → JSON and CSV export, scanned as files; then the storage areas once
 * more, now also for the operator PIN, and the history screen's DOM.
 */
async function scanEvidenceExport(page: Page, flow: string, recorder: FlowRecorder, records: number): Promise<void> {
  // The operator PIN was set at first setup (openKiosk).
  await openAdmin(page, 'history');
  await expect(page.getByTestId('history-count')).toHaveText(text('history.count', 'ja', { n: records }), { timeout: 30_000 });
  const json = await downloadText(page, text('history.exportJson'));
  const csv = await downloadText(page, text('history.exportCsv'));
  expect((JSON.parse(json.body) as { records: unknown[] }).records, 'the export holds the record').toHaveLength(records);
  const historyDom = await page.evaluate(() => document.documentElement.outerHTML);
  const secrets = secretsOf(recorder, [OPERATOR_PIN]);
  const chunks: Chunk[] = [
    fromText('evidence-export', json.name, json.body),
    fromText('evidence-export', csv.name, csv.body),
    fromText('evidence-export', 'history screen DOM', historyDom),
    ...(await readIndexedDb(page)).chunks,
    ...(await readWebStorage(page)),
    ...recorder.consoleLines.map((l, i) => fromText('console', `console[${i}]`, l)),
  ];
  expect(scan(chunks, secrets), `${flow}: secrets in the evidence export or after History`).toEqual([]);
  recordFigure(SOURCE, 'storage-areas-scanned', 'evidence-export', 1);
  await leaveAdmin(page);
}

/** Purpose → card → fill from the card → note what is typed → read. */
async function readCard(page: Page, recorder: FlowRecorder, purpose: PurposeId, cardId: string): Promise<string | null> {
  await choosePurpose(page, purpose);
  await placeCard(page, cardId);
  await fillFromCard(page);
  await noteAndStart(page, recorder);
  return resultOutcome(page);
}

// ---- the scanners find what they look for -------------------------------------------------------

test('the scanners find a secret planted in every area (so "none found" means something)', async ({ page }) => {
  const recorder = watch(page);
  await openKiosk(page);
  await expectPrecached(page);
  const planted = '98765432109876';
  const plantedBytes = [...Buffer.from(planted, 'utf8')];
  await page.evaluate(
    async ({ planted, plantedBytes }) => {
      console.log(`probe ${planted}`);
      localStorage.setItem('probe', planted);
      sessionStorage.setItem('probe', `x${planted}x`);
      history.replaceState({ probe: planted }, '');
      const div = document.createElement('div');
      div.dataset.probe = planted;
      document.body.append(div);
      // Bytes only, inside a nested object: the raw IndexedDB walker must reach them.
      await new Promise<void>((res, rej) => {
        const open = indexedDB.open('privacy-probe');
        open.onupgradeneeded = () => open.result.createObjectStore('s');
        open.onsuccess = () => {
          const tx = open.result.transaction('s', 'readwrite');
          tx.objectStore('s').put({ nested: { bytes: new Uint8Array(plantedBytes) } }, 1);
          tx.oncomplete = () => (open.result.close(), res());
          tx.onerror = () => rej(tx.error);
        };
        open.onerror = () => rej(open.error);
      });
      // Base64 of the secret in a cached body.
      const cache = await caches.open('privacy-probe');
      await cache.put('/privacy-probe', new Response(`{"v":"${btoa(planted)}"}`));
    },
    { planted, plantedBytes },
  );
  await page.context().addCookies([{ name: 'probe', value: planted, url: 'http://127.0.0.1:4173/' }]);

  const idb = await readIndexedDb(page);
  const cacheChunks = (await readCaches(page)).map((e): Chunk => ({ area: 'cache-storage', label: e.url, base64: e.body.toString('base64') }));
  const chunks: Chunk[] = [
    ...recorder.consoleLines.map((l, i) => fromText('console', `console[${i}]`, l)),
    ...idb.chunks,
    ...(await readWebStorage(page)),
    fromText('cookies', 'cookies', JSON.stringify(await page.context().cookies())),
    ...cacheChunks,
    ...(await readUrlAndHistory(page)),
    fromText('dom-after-wipe', 'outerHTML', await page.evaluate(() => document.documentElement.outerHTML)),
  ];
  const areas = new Set(scan(chunks, [planted]).map((h) => h.area));
  expect([...areas].sort()).toEqual(['cache-storage', 'console', 'cookies', 'dom-after-wipe', 'indexeddb', 'localstorage', 'sessionstorage', 'url-history']);
  // The spaced form and the hex form are recognised too; a near miss is not.
  expect(secretsIn(Buffer.from(`x ${spaced(DEFAULT_MY_NUMBER)} x`), [spaced(DEFAULT_MY_NUMBER)])).toHaveLength(1);
  expect(secretsIn(Buffer.from(Buffer.from(DEFAULT_MY_NUMBER).toString('hex')), [DEFAULT_MY_NUMBER])).toHaveLength(1);
  expect(secretsIn(Buffer.from(DEFAULT_MY_NUMBER.slice(0, 11)), [DEFAULT_MY_NUMBER])).toEqual([]);
});

// ---- the flows ----------------------------------------------------------------------------------

const RECORDED: readonly PurposeId[] = ['counter', 'bank', 'field', 'age'];

for (const purpose of RECORDED) {
  test(`${purpose}: verified, recorded and wiped — no secret or My Number anywhere, nor in the evidence export`, async ({ page }) => {
    test.setTimeout(120_000);
    const recorder = watch(page);
    await openKiosk(page);
    await expectPrecached(page);
    expect(await readCard(page, recorder, purpose, 'default')).toBe('verified');
    await confirmAndRecord(page);
    await expect(page.getByTestId('evidence-status')).toHaveAttribute('data-saved', 'true');
    await page.getByRole('button', { name: text('done.next') }).click();
    await expect(page.locator('#purpose-heading')).toBeVisible();
    await scanAfterWipe(page, purpose, recorder);
    await scanEvidenceExport(page, purpose, recorder, 1);
  });
}

test('wrong 照合番号B: refused with the tries left, then cancelled — the wrong code is nowhere', async ({ page }) => {
  const recorder = watch(page);
  await openKiosk(page);
  await choosePurpose(page, 'counter');
  await placeCard(page, 'default');
  const wrong = `${CODE_B_DEFAULT.slice(0, 13)}6`;
  await page.locator('#code-b').fill(wrong);
  await noteTyped(page, recorder);
  await startReading(page);
  await expect(page.getByTestId('credential-notice')).toHaveText(text('cred.notice.wrong', 'ja', { credential: text('cred.name.codeB'), n: 9 }), { timeout: 30_000 });
  await page.getByRole('button', { name: text('common.cancel') }).click();
  await expect(page.locator('#purpose-heading')).toBeVisible();
  expect(recorder.typed.has(wrong)).toBe(true);
  await scanAfterWipe(page, 'wrong code', recorder);
});

test('last try (bank, last-try card): refused without the confirmation, then cancelled — nothing typed is kept', async ({ page }) => {
  const recorder = watch(page);
  await openKiosk(page);
  await choosePurpose(page, 'bank');
  await placeCard(page, 'last-try');
  await fillFromCard(page);
  await noteAndStart(page, recorder);
  await expect(page.getByTestId('credential-notice')).toHaveText(text('cred.notice.lastTry', 'ja', { credential: text('cred.name.signPassword') }));
  await page.getByRole('button', { name: text('common.cancel') }).click();
  await expect(page.locator('#purpose-heading')).toBeVisible();
  expect(recorder.typed.size, '照合番号B and the sign password were typed').toBe(2);
  await scanAfterWipe(page, 'last-try refusal', recorder);
});

test('tampered card (forged face photo): failed, discarded — no secret or My Number anywhere', async ({ page }) => {
  const recorder = watch(page);
  await openKiosk(page);
  expect(await readCard(page, recorder, 'counter', 'forged-face-photo-tampered')).toBe('failed');
  await page.getByRole('button', { name: text('confirm.discard') }).click();
  await expect(page.locator('#purpose-heading')).toBeVisible();
  await scanAfterWipe(page, 'tampered card', recorder);
});

test('idle wipe after a verified counter check: nothing left', async ({ page }) => {
  const recorder = watch(page);
  await page.clock.install();
  await openKiosk(page);
  expect(await readCard(page, recorder, 'counter', 'default')).toBe('verified');
  await expect(page.getByTestId('face-photo')).toBeVisible({ timeout: 30_000 });
  // As e2e/kiosk-idle.spec.ts: the warning at 40 s, the wipe 20 s later.
  await page.clock.fastForward(41_000);
  await expect(page.getByRole('dialog', { name: text('idle.heading') })).toBeVisible();
  await page.clock.fastForward(20_000);
  await expect(page.locator('#purpose-heading')).toBeVisible();
  await scanAfterWipe(page, 'idle wipe', recorder);
});
