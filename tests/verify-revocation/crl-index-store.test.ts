import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCrlServer, type CrlServer } from '../../src/sim/revocation/crl-server';
import { mintCrl, type CrlEntrySpec } from '../../src/sim/revocation/mint-crl';
import { readCertificateFields } from '../../src/verify/revocation/certificate-fields';
import type { CrlCacheEntry } from '../../src/verify/revocation/crl-cache';
import { CrlRevocationChecker } from '../../src/verify/revocation/crl-client';
import { findRevoked, type CrlIndex } from '../../src/verify/revocation/crl-index';
import { CrlIndexStoreError, IndexedDbCrlCache } from '../../src/verify/revocation/crl-index-store';
import { ingestCrl } from '../../src/verify/revocation/crl-ingest';
import { prng, roots, signLeaf, type Roots } from './fixtures';

const T0 = new Date('2026-11-01T00:00:00Z');
const T1 = new Date('2026-11-02T00:00:00Z');

let r: Roots;
beforeAll(async () => {
  r = await roots();
});

function entries(count: number, seed: number): CrlEntrySpec[] {
  const rnd = prng(seed);
  const seen = new Set<string>();
  const out: CrlEntrySpec[] = [];
  while (out.length < count) {
    let hex = (0x10 + (rnd() % 0x60)).toString(16);
    for (let i = 1; i < 8; i++) hex += (rnd() % 256).toString(16).padStart(2, '0');
    hex = hex.toUpperCase();
    if (seen.has(hex)) continue;
    seen.add(hex);
    out.push({ serialHex: hex, revokedAt: new Date(T0.getTime() - (rnd() % 100_000) * 1000), ...(rnd() % 3 ? { reason: 'affiliationChanged' as const } : {}) });
  }
  return out;
}

async function indexOf(list: CrlEntrySpec[], crlNumber: number): Promise<CrlIndex> {
  const der = await mintCrl({ issuer: r.sign, signerKey: r.sign.key, thisUpdate: T0, nextUpdate: T1, entries: list, crlNumber });
  const res = await ingestCrl(der, readCertificateFields(r.sign.certificate));
  if (!res.ok) throw new Error(res.detail);
  return res.index;
}

const entryFor = (index: CrlIndex, key = 'issuer|http://crl.example/sign.crl'): CrlCacheEntry => ({ key, url: 'http://crl.example/sign.crl', index, fetchedAt: T0.toISOString() });

function expectSameIndex(a: CrlIndex, b: CrlIndex): void {
  expect(a.count).toBe(b.count);
  expect(a.width).toBe(b.width);
  expect(Buffer.from(a.serials).equals(Buffer.from(b.serials))).toBe(true);
  expect(Buffer.from(a.reasons).equals(Buffer.from(b.reasons))).toBe(true);
  expect(Buffer.from(a.revokedAt.buffer, a.revokedAt.byteOffset, a.revokedAt.byteLength).equals(Buffer.from(b.revokedAt.buffer, b.revokedAt.byteOffset, b.revokedAt.byteLength))).toBe(true);
  expect(Buffer.from(a.issuerName).equals(Buffer.from(b.issuerName))).toBe(true);
  expect([a.thisUpdate, a.nextUpdate, a.crlNumberHex]).toEqual([b.thisUpdate, b.nextUpdate, b.crlNumberHex]);
}

/** Keys of the chunk records as stored (read with plain IndexedDB, not the code under test). */
async function chunkKeys(factory: IDBFactory, name: string): Promise<IDBValidKey[]> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const req = factory.open(name);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  const keys = await new Promise<IDBValidKey[]>((resolve, reject) => {
    const req = db.transaction('chunks').objectStore('chunks').getAllKeys();
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  db.close();
  return keys;
}

describe('CRL index in IndexedDB (fake-indexeddb)', () => {
  let a: CrlIndex;
  let b: CrlIndex;
  let listA: CrlEntrySpec[];
  beforeAll(async () => {
    listA = entries(5000, 1);
    a = await indexOf(listA, 1);
    b = await indexOf(entries(3100, 2), 2);
  });

  it('stores chunks of the configured size and reads the same index back; lookups agree', async () => {
    const factory = new IDBFactory();
    const store = new IndexedDbCrlCache({ indexedDB: factory, keyRange: IDBKeyRange, databaseName: 'crl', chunkEntries: 1000 });
    await store.put(entryFor(a));
    const keys = await chunkKeys(factory, 'crl');
    expect(keys.length).toBe(5); // 5000 entries / 1000 per record
    // A new connection (a reload) reads it back.
    const again = new IndexedDbCrlCache({ indexedDB: factory, keyRange: IDBKeyRange, databaseName: 'crl' });
    const got = await again.get(entryFor(a).key);
    expect(got?.url).toBe('http://crl.example/sign.crl');
    expectSameIndex(got!.index, a);
    for (const e of listA.slice(0, 200)) {
      expect(findRevoked(got!.index, Buffer.from(e.serialHex, 'hex'))?.revokedAt).toBe(e.revokedAt.getTime());
    }
    expect(findRevoked(got!.index, Buffer.from('0F00000000000001', 'hex'))).toBeUndefined();
    expect(await again.get('another|key')).toBeUndefined();
    await store.close();
    await again.close();
  });

  it('replaces a whole index and leaves no chunk of the old one', async () => {
    const factory = new IDBFactory();
    const store = new IndexedDbCrlCache({ indexedDB: factory, keyRange: IDBKeyRange, databaseName: 'crl', chunkEntries: 1000 });
    await store.put(entryFor(a));
    await store.put(entryFor(b));
    expectSameIndex((await store.get(entryFor(a).key))!.index, b);
    expect((await chunkKeys(factory, 'crl')).length).toBe(4); // 3100 entries → 4 records, none of A's
    await store.delete(entryFor(a).key);
    expect(await store.get(entryFor(a).key)).toBeUndefined();
    expect((await chunkKeys(factory, 'crl')).length).toBe(0);
    await store.close();
  });

  it('an interrupted write leaves the previous index intact; the next write cleans up', async () => {
    const factory = new IDBFactory();
    const store = new IndexedDbCrlCache({ indexedDB: factory, keyRange: IDBKeyRange, databaseName: 'crl', chunkEntries: 500, chunksPerTransaction: 1 });
    await store.put(entryFor(a));
    const controller = new AbortController();
    const failure = await store
      .put(entryFor(b), { signal: controller.signal, onProgress: (written) => written === 3 && controller.abort() })
      .then(() => undefined, (e: unknown) => e);
    expect(failure).toBeInstanceOf(CrlIndexStoreError);
    expect((failure as CrlIndexStoreError).code).toBe('crl-store-aborted');
    // B's three chunks were written but nothing refers to them: readers still get all of A.
    expect((await chunkKeys(factory, 'crl')).length).toBe(10 + 3);
    const reader = new IndexedDbCrlCache({ indexedDB: factory, keyRange: IDBKeyRange, databaseName: 'crl' });
    expectSameIndex((await reader.get(entryFor(a).key))!.index, a);
    await store.put(entryFor(b));
    expectSameIndex((await reader.get(entryFor(a).key))!.index, b);
    expect((await chunkKeys(factory, 'crl')).length).toBe(7);
    await store.close();
    await reader.close();
  });

  it('a reader during a replace sees the old index or the new one, never a mix', async () => {
    const factory = new IDBFactory();
    const writer = new IndexedDbCrlCache({ indexedDB: factory, keyRange: IDBKeyRange, databaseName: 'crl', chunkEntries: 400, chunksPerTransaction: 1 });
    const reader = new IndexedDbCrlCache({ indexedDB: factory, keyRange: IDBKeyRange, databaseName: 'crl' });
    await writer.put(entryFor(a));
    const seen: CrlIndex[] = [];
    let writing = true;
    const write = writer.put(entryFor(b)).finally(() => {
      writing = false;
    });
    while (writing) seen.push((await reader.get(entryFor(a).key))!.index);
    await write;
    seen.push((await reader.get(entryFor(a).key))!.index);
    expect(seen.length).toBeGreaterThan(2);
    for (const s of seen) expectSameIndex(s, s.count === a.count ? a : b);
    expect(seen[seen.length - 1]!.count).toBe(b.count);
    await writer.close();
    await reader.close();
  });

  it('a damaged chunk is a typed error, not a wrong answer', async () => {
    const factory = new IDBFactory();
    const store = new IndexedDbCrlCache({ indexedDB: factory, keyRange: IDBKeyRange, databaseName: 'crl', chunkEntries: 1000 });
    await store.put(entryFor(a));
    await store.close();
    const [firstKey] = await chunkKeys(factory, 'crl');
    await new Promise<void>((resolve, reject) => {
      const req = factory.open('crl');
      req.onsuccess = () => {
        const tx = req.result.transaction('chunks', 'readwrite');
        tx.objectStore('chunks').put({ serials: new ArrayBuffer(8), reasons: new ArrayBuffer(1), revokedAt: new ArrayBuffer(4) }, firstKey!);
        tx.oncomplete = () => {
          req.result.close();
          resolve();
        };
        tx.onerror = () => reject(tx.error);
      };
    });
    const again = new IndexedDbCrlCache({ indexedDB: factory, keyRange: IDBKeyRange, databaseName: 'crl' });
    await expect(again.get(entryFor(a).key)).rejects.toMatchObject({ code: 'crl-store-corrupt' });
    await again.close();
  });
});

describe('CRL checker with the IndexedDB cache', () => {
  let server: CrlServer;
  afterAll(async () => {
    await server?.close();
  });

  it('answers offline after a restart from the persisted index', async () => {
    const revoked = { serialHex: 'A10002', revokedAt: new Date('2026-09-30T03:00:00Z'), reason: 'affiliationChanged' as const };
    server = await startCrlServer({ crls: { sign: { issuer: r.sign, entries: [revoked, ...entries(2000, 9)] } } });
    const leaf = await signLeaf({ issuer: r.sign, serialHex: revoked.serialHex, crlUrl: server.url('sign') });
    const good = await signLeaf({ issuer: r.sign, serialHex: 'A10001', crlUrl: server.url('sign') });
    const factory = new IDBFactory();
    const cache = () => new IndexedDbCrlCache({ indexedDB: factory, keyRange: IDBKeyRange, databaseName: 'kiosk', chunkEntries: 256 });
    const online = new CrlRevocationChecker({ fetch: globalThis.fetch, cache: cache(), timeoutMs: 5000 });
    const now = new Date();
    expect((await online.check({ certificate: leaf, issuer: r.sign.certificate, purpose: 'sign', now })).status).toBe('revoked');
    // "Restart": a new cache object on the same database, and no network.
    const offline = new CrlRevocationChecker({ fetch: () => Promise.reject(new Error('offline')), cache: cache(), isOnline: () => false });
    const res = await offline.check({ certificate: leaf, issuer: r.sign.certificate, purpose: 'sign', now });
    expect(res).toMatchObject({ status: 'revoked', reason: 'affiliationChanged', revokedAt: revoked.revokedAt.toISOString() });
    expect((await offline.check({ certificate: good, issuer: r.sign.certificate, purpose: 'sign', now })).status).toBe('good');
  });
});
