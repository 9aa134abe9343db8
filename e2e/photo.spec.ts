import { expect, test, type Page } from '@playwright/test';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, preview, type PreviewServer } from 'vite';
import type * as PhotoModule from '../src/app/photo';

/**
 * The face-photo decoder (src/app/photo) in Chromium: the real module, its Web Worker and the
 * OpenJPEG WebAssembly, bundled by Vite with the app's own vite.config.ts.
 *
 * How the page gets the decoder: this file writes a two-line fixture page that imports
 * src/app/photo and hands it to the test (into test-results/), builds it with the project's
 * vite.config.ts and serves it with `vite preview` on its own ports. Nothing test-only is added
 * to the production build or its routes, and the decoder goes through Vite's real worker and
 * `?url` .wasm handling (not page.evaluate on a hashed chunk name). The app's own use of the
 * decoder (result screen, offline) is covered by pwa.spec.ts. The JP2 bytes are the simulated card's 顔写真 files
 * (src/sim/assets/faces/*.jp2, the bytes the 券面AP DF27 of each simulated card holds).
 *
 * Port 4175 serves with a strict Content-Security-Policy that allows WebAssembly
 * ('wasm-unsafe-eval') but no inline script or eval; port 4176 serves the same files without
 * 'wasm-unsafe-eval', to show the decoder needs it.
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURE = join(ROOT, 'test-results', 'photo-decoder-fixture');
const FACES = ['face-01', 'face-02', 'face-03', 'face-04', 'face-05', 'face-06'];

/**
 * Mean grey level of each face as decoded by OpenJPEG's own `opj_decompress` 2.5.0
 * (libopenjp2-tools) from the committed .jp2 files: an independent reference. (On 2026-11-22 the
 * wasm decoder was bit-exact with it; the FNV-1a annotations let you compare again by hand.)
 */
const REFERENCE_MEANS = [172.8, 141.2, 166.3, 184.9, 156.5, 178.0];

const STRICT_CSP =
  "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; connect-src 'self'; " +
  "img-src 'self'; style-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const NO_WASM_CSP = STRICT_CSP.replace(" 'wasm-unsafe-eval'", '');
const WITH_WASM = 'http://127.0.0.1:4175/';
const WITHOUT_WASM = 'http://127.0.0.1:4176/';

type Photo = typeof PhotoModule;
type FixtureWindow = Window & { kazasuPhoto: Photo };

interface FaceResult {
  readonly width: number;
  readonly height: number;
  readonly greyscale: boolean;
  readonly opaque: boolean;
  readonly mean: number;
  readonly min: number;
  readonly max: number;
  /** FNV-1a of the grey channel, to compare with other decoders by hand. */
  readonly fnv: string;
  readonly ms: number;
}

const servers: PreviewServer[] = [];

test.beforeAll(async () => {
  rmSync(FIXTURE, { recursive: true, force: true });
  mkdirSync(FIXTURE, { recursive: true });
  const photoModule = relative(FIXTURE, join(ROOT, 'src/app/photo/index.ts')).replaceAll('\\', '/');
  writeFileSync(
    join(FIXTURE, 'index.html'),
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>photo decoder fixture</title>' +
      '<script type="module" src="./main.ts"></script></head><body></body></html>',
  );
  writeFileSync(
    join(FIXTURE, 'main.ts'),
    `import * as photo from '${photoModule}';\n(window as any).kazasuPhoto = photo;\ndocument.body.dataset.ready = 'yes';\n`,
  );
  // The project's own vite.config.ts (same worker format and plugins as the app), rooted at the fixture.
  const shared = { configFile: join(ROOT, 'vite.config.ts'), root: FIXTURE, logLevel: 'warn' as const };
  await build({ ...shared, build: { outDir: 'dist', emptyOutDir: true } });
  for (const [port, csp] of [
    [4175, STRICT_CSP],
    [4176, NO_WASM_CSP],
  ] as const) {
    servers.push(
      await preview({
        ...shared,
        build: { outDir: 'dist' },
        preview: { host: '127.0.0.1', port, strictPort: true, headers: { 'Content-Security-Policy': csp } },
      }),
    );
  }
});

test.afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

function face(id: string): number[] {
  return [...readFileSync(join(ROOT, 'src/sim/assets/faces', `${id}.jp2`))];
}

async function openFixture(page: Page, url = WITH_WASM): Promise<string[]> {
  const consoleLines: string[] = [];
  page.on('console', (m) => consoleLines.push(m.text()));
  page.on('worker', (w) => w.on('console', (m) => consoleLines.push(m.text())));
  await page.goto(url);
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'yes');
  return consoleLines;
}

/** Decodes in the page and summarises the pixels (the RGBA array itself stays in the page). */
function decodeInPage(page: Page, bytes: number[], timeoutMs?: number): Promise<FaceResult> {
  return page.evaluate(
    async ({ bytes, timeoutMs }) => {
      const photo = (window as unknown as FixtureWindow).kazasuPhoto;
      const started = performance.now();
      const decoded = await photo.decodeJp2(new Uint8Array(bytes), timeoutMs === undefined ? {} : { timeoutMs });
      const ms = performance.now() - started;
      const { rgba, width, height } = decoded;
      let greyscale = true;
      let opaque = true;
      let sum = 0;
      let min = 255;
      let max = 0;
      let fnv = 0x811c9dc5;
      for (let i = 0; i < rgba.length; i += 4) {
        const r = rgba[i]!;
        fnv = Math.imul(fnv ^ r, 0x01000193) >>> 0;
        if (rgba[i + 1] !== r || rgba[i + 2] !== r) greyscale = false;
        if (rgba[i + 3] !== 255) opaque = false;
        sum += r;
        min = Math.min(min, r);
        max = Math.max(max, r);
      }
      const canvas = document.createElement('canvas');
      photo.photoToCanvas(canvas, decoded);
      photo.wipeDecodedPhoto(decoded);
      return { width, height, greyscale, opaque, mean: sum / (width * height), min, max, fnv: fnv.toString(16), ms };
    },
    { bytes, timeoutMs },
  );
}

/** Runs decodeJp2 and returns the PhotoError code it rejects with ('resolved' if it does not). */
function errorCodeInPage(page: Page, bytes: number[], timeoutMs?: number): Promise<string> {
  return page.evaluate(
    async ({ bytes, timeoutMs }) => {
      const photo = (window as unknown as FixtureWindow).kazasuPhoto;
      try {
        await photo.decodeJp2(new Uint8Array(bytes), timeoutMs === undefined ? {} : { timeoutMs });
        return 'resolved';
      } catch (e) {
        return photo.isPhotoError(e) ? e.code : `untyped: ${String(e)}`;
      }
    },
    { bytes, timeoutMs },
  );
}

/** Offset of the payload of the first box of `type` (JP2 boxes: 4-byte length, 4-byte type). */
function boxPayload(bytes: number[], type: string): number {
  const code = [...type].map((c) => c.charCodeAt(0));
  for (let i = 4; i + 4 <= bytes.length; i++) {
    if (code.every((c, k) => bytes[i + k] === c)) return i + 4;
  }
  throw new Error(`no ${type} box`);
}

function u16At(bytes: number[], at: number, value: number): void {
  bytes[at] = value >> 8;
  bytes[at + 1] = value & 0xff;
}

test('decodes every simulated face photo to 240×320 greyscale RGBA, without console output', async ({ page }) => {
  const consoleLines = await openFixture(page);
  const timings: string[] = [];
  const means: number[] = [];
  const hashes: string[] = [];
  for (const [index, id] of FACES.entries()) {
    const result = await decodeInPage(page, face(id));
    expect(result.width, id).toBe(240);
    expect(result.height, id).toBe(320);
    expect(result.greyscale, `${id}: R = G = B everywhere`).toBe(true);
    expect(result.opaque, `${id}: alpha 255`).toBe(true);
    // A portrait, neither blank nor saturated, with the reference decoder's brightness.
    expect(result.mean, id).toBeGreaterThan(60);
    expect(result.mean, id).toBeLessThan(200);
    expect(Math.abs(result.mean - REFERENCE_MEANS[index]!), `${id} mean vs opj_decompress`).toBeLessThan(1);
    expect(result.max - result.min, id).toBeGreaterThan(100);
    means.push(Math.round(result.mean * 10) / 10);
    timings.push(`${id} ${result.ms.toFixed(1)} ms${index === 0 ? ' (cold: worker start + wasm compile)' : ''}`);
    hashes.push(`${id} ${result.fnv}`);
  }
  expect(new Set(means).size, 'six different faces').toBe(FACES.length);
  // Reported, not asserted: decode time in this Chromium (includes postMessage both ways).
  test.info().annotations.push({ type: 'decode time', description: timings.join('; ') });
  test.info().annotations.push({ type: 'mean brightness', description: means.join(', ') });
  test.info().annotations.push({ type: 'pixel FNV-1a', description: hashes.join('; ') });
  console.log(`photo decode: ${timings.join('; ')}; means ${means.join(', ')}; FNV-1a ${hashes.join(', ')}`);
  // OpenJPEG prints [INFO] lines through Emscripten's print(); the worker silences them.
  expect(consoleLines.filter((l) => /\[(INFO|WARNING|ERROR)\]/.test(l))).toEqual([]);
});

test('refuses bad or oversized JP2 files with typed errors, and keeps working afterwards', async ({ page }) => {
  await openFixture(page);
  const good = face('face-01');

  const noSignature = [...good];
  noSignature[4] = 0x00; // 'jP  ' → '\0P  '
  expect(await errorCodeInPage(page, noSignature)).toBe('photo-not-jp2');
  expect(await errorCodeInPage(page, [0xff, 0x4f, 0xff, 0x51, ...good.slice(0, 60)])).toBe('photo-not-jp2'); // raw J2K

  const ihdr = boxPayload(good, 'ihdr');
  const huge = [...good];
  u16At(huge, ihdr + 4, 0); // width (u32 at ihdr+4) := 0x00000FA0 = 4000
  u16At(huge, ihdr + 6, 4000);
  expect(await errorCodeInPage(page, huge)).toBe('photo-too-large');

  const fiveComponents = [...good];
  u16At(fiveComponents, ihdr + 8, 5);
  expect(await errorCodeInPage(page, fiveComponents)).toBe('photo-too-large');

  // A small ihdr in front of a huge codestream: SIZ must agree with ihdr.
  const jp2c = boxPayload(good, 'jp2c');
  const sizLies = [...good];
  u16At(sizLies, jp2c + 12, 0x0001); // Ysiz (SOC, SIZ, Lsiz, Rsiz, Xsiz, then Ysiz) += 65536
  expect(await errorCodeInPage(page, sizLies)).toBe('photo-too-large');

  const truncatedBoxes = good.slice(0, jp2c - 2);
  expect(await errorCodeInPage(page, truncatedBoxes)).toBe('photo-bad-jp2');

  // Headers intact, codestream corrupt: COD asks for 255 decomposition levels (max 32).
  const badCod = [...good];
  const cod = jp2c + 2 + 2 + 41; // after SOC, the SIZ marker and its 41-byte segment
  expect(badCod[cod]).toBe(0xff);
  expect(badCod[cod + 1]).toBe(0x52);
  badCod[cod + 9] = 0xff; // Lcod(2) Scod(1) SGcod(4) → SPcod[0] = decomposition levels
  expect(await errorCodeInPage(page, badCod)).toBe('photo-decode-failed');

  // Garbage in place of the tile data: OpenJPEG is lenient and may still return an image (of
  // noise). Either way the answer is typed and prompt; the photo's integrity is the 券面AP
  // signature check's job (verify/), not the decoder's.
  const garbage = [...good];
  for (let i = jp2c + 200; i < garbage.length; i++) garbage[i] = (i * 73) & 0xff;
  const garbageResult = await errorCodeInPage(page, garbage);
  expect(['resolved', 'photo-decode-failed']).toContain(garbageResult);
  test.info().annotations.push({ type: 'garbage tile data', description: garbageResult });

  expect((await decodeInPage(page, good)).width).toBe(240);
});

test('a decode that runs out of time is stopped with a typed error; dispose ends the worker', async ({ page }) => {
  await openFixture(page);
  const good = face('face-02');
  expect(await errorCodeInPage(page, good, 1)).toBe('photo-decode-timeout');
  expect((await decodeInPage(page, good)).height).toBe(320); // a new worker takes over

  const disposed = await page.evaluate(async (bytes) => {
    const photo = (window as unknown as FixtureWindow).kazasuPhoto;
    photo.disposePhotoDecoder(); // the next decode starts a cold worker, so it is still running below
    const running = photo.decodeJp2(new Uint8Array(bytes));
    await new Promise((r) => setTimeout(r, 0)); // handed to the worker
    const queued = photo.decodeJp2(new Uint8Array(bytes));
    photo.disposePhotoDecoder();
    const codes = await Promise.all(
      [running, queued].map((p) => p.then(() => 'resolved', (e: unknown) => (photo.isPhotoError(e) ? e.code : String(e)))),
    );
    return codes;
  }, good);
  expect(disposed).toEqual(['photo-decoder-disposed', 'photo-decoder-disposed']);
  expect((await decodeInPage(page, good)).width).toBe(240);
});

test("CSP: the decoder needs 'wasm-unsafe-eval' (and nothing looser)", async ({ page }) => {
  // Port 4175 (used by the tests above) has no 'unsafe-eval' and no 'unsafe-inline': decoding works.
  await openFixture(page, WITH_WASM);
  expect((await decodeInPage(page, face('face-03'))).width).toBe(240);
  // Without 'wasm-unsafe-eval' the WebAssembly cannot compile: a typed error, not a hang.
  await openFixture(page, WITHOUT_WASM);
  expect(await errorCodeInPage(page, face('face-03'))).toBe('photo-decoder-unavailable');
});
