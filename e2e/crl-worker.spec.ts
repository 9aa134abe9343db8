import { expect, test, type Page } from '@playwright/test';
import { mkdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, preview, type PreviewServer } from 'vite';
import { makeSyntheticCa, makeSyntheticLeaf, syntheticReason, syntheticRevokedAt, syntheticSerial, writeSyntheticCrl, type SyntheticCa } from '../bench/synthetic-crl';
import type { CrlIngestWorker } from '../src/app/revocation/crl-ingest-client';
import type { CrlWorkerError } from '../src/app/revocation/crl-worker-error';
import type { workerCrlDownloader } from '../src/app/revocation/worker-crl-downloader';
import type { MemoryCrlCache } from '../src/verify/revocation/crl-cache';
import type { CrlRevocationChecker } from '../src/verify/revocation/crl-client';
import type { findRevoked } from '../src/verify/revocation/crl-index';
import type { IndexedDbCrlCache } from '../src/verify/revocation/crl-index-store';

/**
 * CRL ingest in a Web Worker in Chromium (issue 7 §3): a signed 100,000-entry CRL, written in
 * Node by the bench's synthetic writer with a fresh RSA-2048 CA, is served from the fixture's
 * public dir; the worker downloads and streams it through the walker, verifies the signature,
 * builds the index and stores it in IndexedDB in chunks; the page reads it back with
 * IndexedDbCrlCache and looks up a revoked and a good serial. Typed errors cross the boundary.
 *
 * As in webusb-port100.spec.ts, a small fixture page under test-results/ imports the real
 * modules, is built with the project's vite.config.ts and served by `vite preview` (port 4180).
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURE = join(ROOT, 'test-results', 'crl-worker-fixture');
const FIXTURE_URL = 'http://127.0.0.1:4180/';
const ENTRIES = 100_000;

interface FixtureModules {
  readonly CrlIngestWorker: typeof CrlIngestWorker;
  readonly IndexedDbCrlCache: typeof IndexedDbCrlCache;
  readonly findRevoked: typeof findRevoked;
  readonly CrlWorkerError: typeof CrlWorkerError;
  readonly CrlRevocationChecker: typeof CrlRevocationChecker;
  readonly MemoryCrlCache: typeof MemoryCrlCache;
  readonly workerCrlDownloader: typeof workerCrlDownloader;
}
type FixtureWindow = Window & { kazasuCrl: FixtureModules };

const servers: PreviewServer[] = [];
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
let caHex = '';
let ca: SyntheticCa;
let crlHex = '';

test.beforeAll(async () => {
  test.setTimeout(180_000);
  rmSync(FIXTURE, { recursive: true, force: true });
  mkdirSync(join(FIXTURE, 'public'), { recursive: true });
  ca = makeSyntheticCa('Kazasu e2e CRL CA');
  caHex = hex(ca.certificate);
  writeSyntheticCrl(join(FIXTURE, 'public', 'crl.der'), ca, {
    entries: ENTRIES,
    thisUpdate: new Date('2026-11-01T00:00:00Z'),
    nextUpdate: new Date('2026-12-01T00:00:00Z'),
    crlNumber: 9,
  });
  crlHex = hex(readFileSync(join(FIXTURE, 'public', 'crl.der')));
  const src = (path: string): string => relative(FIXTURE, join(ROOT, 'src', path)).replaceAll('\\', '/');
  writeFileSync(
    join(FIXTURE, 'index.html'),
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>crl worker fixture</title>' +
      '<script type="module" src="./main.ts"></script></head><body></body></html>',
  );
  writeFileSync(
    join(FIXTURE, 'main.ts'),
    [
      `import { CrlIngestWorker } from '${src('app/revocation/crl-ingest-client')}';`,
      `import { CrlWorkerError } from '${src('app/revocation/crl-worker-error')}';`,
      `import { IndexedDbCrlCache } from '${src('verify/revocation/crl-index-store')}';`,
      `import { findRevoked } from '${src('verify/revocation/crl-index')}';`,
      `import { CrlRevocationChecker } from '${src('verify/revocation/crl-client')}';`,
      `import { MemoryCrlCache } from '${src('verify/revocation/crl-cache')}';`,
      `import { workerCrlDownloader } from '${src('app/revocation/worker-crl-downloader')}';`,
      `(window as any).kazasuCrl = { CrlIngestWorker, CrlWorkerError, IndexedDbCrlCache, findRevoked, CrlRevocationChecker, MemoryCrlCache, workerCrlDownloader };`,
      `document.body.dataset.ready = 'yes';`,
      '',
    ].join('\n'),
  );
  const shared = { configFile: join(ROOT, 'vite.config.ts'), root: FIXTURE, logLevel: 'warn' as const };
  await build({ ...shared, build: { outDir: 'dist', emptyOutDir: true } });
  servers.push(await preview({ ...shared, build: { outDir: 'dist' }, preview: { host: '127.0.0.1', port: 4180, strictPort: true } }));
});

test.afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function openFixture(page: Page): Promise<void> {
  await page.goto(FIXTURE_URL);
  await page.waitForSelector('body[data-ready="yes"]', { state: 'attached' });
}

test('a 100k-entry CRL is ingested in a worker, stored in IndexedDB in chunks, read back and looked up', async ({ page }) => {
  await openFixture(page);
  const revokedIndex = 12_345;
  const probe = {
    revoked: hex(syntheticSerial(revokedIndex)),
    good: hex(syntheticSerial(ENTRIES + 7)), // never listed: serials are unique by construction
  };
  const out = await page.evaluate(
    async ({ caHex, probe }) => {
      const m = (window as unknown as FixtureWindow).kazasuCrl;
      const bytes = (h: string) => Uint8Array.from(h.match(/../g)!.map((x) => parseInt(x, 16)));
      const worker = new m.CrlIngestWorker();
      const res = await worker.ingest({
        issuerCertificate: bytes(caHex),
        source: { url: new URL('/crl.der', location.href).href },
        store: { databaseName: 'kazasu-crl-e2e', key: 'bench-ca|crl', fetchedAt: '2026-11-01T01:00:00.000Z' },
      });
      // Read back from IndexedDB on the page's side, with its own connection.
      const cache = new m.IndexedDbCrlCache({ indexedDB, databaseName: 'kazasu-crl-e2e' });
      const stored = await cache.get('bench-ca|crl');
      await cache.close();
      const chunkRecords = await new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('kazasu-crl-e2e');
        open.onsuccess = () => {
          const req = open.result.transaction('chunks').objectStore('chunks').count();
          req.onsuccess = () => {
            open.result.close();
            resolve(req.result);
          };
          req.onerror = () => reject(req.error);
        };
        open.onerror = () => reject(open.error);
      });
      const index = stored!.index;
      const sameAsWorker =
        index.count === res.index.count &&
        index.width === res.index.width &&
        index.serials.every((v, i) => v === res.index.serials[i]) &&
        index.revokedAt.every((v, i) => v === res.index.revokedAt[i]);
      const revoked = m.findRevoked(index, bytes(probe.revoked));
      const good = m.findRevoked(index, bytes(probe.good));
      return {
        stored: res.stored,
        count: index.count,
        width: index.width,
        crlNumber: index.crlNumberHex,
        chunkRecords,
        sameAsWorker,
        revoked: revoked ? { reason: revoked.reason, revokedAt: revoked.revokedAt } : null,
        good: good ?? null,
        ingestMs: res.ingestMs,
      };
    },
    { caHex, probe },
  );
  expect(out.stored).toBe(true);
  expect(out.count).toBe(ENTRIES);
  expect(out.width).toBe(8);
  expect(out.crlNumber).toBe('09');
  expect(out.chunkRecords).toBe(2); // 100,000 entries at 65,536 per record
  expect(out.sameAsWorker).toBe(true);
  expect(out.revoked).toEqual({ reason: syntheticReason(revokedIndex), revokedAt: syntheticRevokedAt(revokedIndex) });
  expect(out.good).toBeNull();
  test.info().annotations.push({ type: 'ingest', description: `100k entries in the worker: ${out.ingestMs.toFixed(0)} ms (download + walk + signature + index)` });
});

test('failures come back as typed errors: bad signature, foreign issuer, timeout', async ({ page }) => {
  await openFixture(page);
  const tampered = Buffer.from(crlHex, 'hex');
  tampered[tampered.length - 10]! ^= 0x01; // inside the signature value
  const otherCa = hex(makeSyntheticCa('Another CA').certificate);
  const codes = await page.evaluate(
    async ({ caHex, otherCa, tamperedHex }) => {
      const m = (window as unknown as FixtureWindow).kazasuCrl;
      const bytes = (h: string) => Uint8Array.from(h.match(/../g)!.map((x) => parseInt(x, 16)));
      const worker = new m.CrlIngestWorker();
      const code = (p: Promise<unknown>) =>
        p.then(
          () => 'resolved',
          (e: unknown) => (e instanceof m.CrlWorkerError ? e.code : `untyped: ${String(e)}`),
        );
      const url = new URL('/crl.der', location.href).href;
      return {
        badSignature: await code(worker.ingest({ issuerCertificate: bytes(caHex), source: { bytes: bytes(tamperedHex) } })),
        foreignIssuer: await code(worker.ingest({ issuerCertificate: bytes(otherCa), source: { url } })),
        notFound: await code(worker.ingest({ issuerCertificate: bytes(caHex), source: { url: new URL('/missing.der', location.href).href } })),
        timeout: await code(worker.ingest({ issuerCertificate: bytes(caHex), source: { url }, timeoutMs: 1 })),
        badRequest: await code(worker.ingest({ issuerCertificate: bytes(caHex), source: { url: `https://x/${'a'.repeat(3000)}` } })),
      };
    },
    { caHex, otherCa, tamperedHex: hex(tampered) },
  );
  expect(codes).toEqual({
    badSignature: 'crl-signature-invalid',
    foreignIssuer: 'crl-signature-invalid',
    notFound: 'crl-download-failed',
    timeout: 'crl-worker-timeout',
    badRequest: 'crl-worker-bad-request',
  });
});

test('the verifier\'s CRL checker ingests through the worker and answers revoked and good', async ({ page }) => {
  await openFixture(page);
  const revokedLeaf = hex(makeSyntheticLeaf(ca, syntheticSerial(4242)));
  const goodLeaf = hex(makeSyntheticLeaf(ca, syntheticSerial(ENTRIES + 99)));
  const out = await page.evaluate(
    async ({ caHex, revokedLeaf, goodLeaf }) => {
      const m = (window as unknown as FixtureWindow).kazasuCrl;
      const bytes = (h: string) => Uint8Array.from(h.match(/../g)!.map((x) => parseInt(x, 16)));
      const url = new URL('/crl.der', location.href).href;
      const checker = new m.CrlRevocationChecker({
        fetch: () => Promise.reject(new Error('the page must not download the CRL itself')),
        download: m.workerCrlDownloader(new m.CrlIngestWorker()),
        cache: new m.MemoryCrlCache(),
        urlFor: () => url,
        timeoutMs: 60_000,
      });
      const now = new Date('2026-11-15T00:00:00Z');
      const revoked = await checker.check({ certificate: bytes(revokedLeaf), issuer: bytes(caHex), purpose: 'sign', now });
      const good = await checker.check({ certificate: bytes(goodLeaf), issuer: bytes(caHex), purpose: 'sign', now });
      return { revoked, good };
    },
    { caHex, revokedLeaf, goodLeaf },
  );
  expect(out.revoked).toMatchObject({ status: 'revoked', source: 'crl', revokedAt: new Date(syntheticRevokedAt(4242)).toISOString() });
  expect(out.good).toMatchObject({ status: 'good', source: 'crl', nextUpdate: '2026-12-01T00:00:00.000Z' });
});
