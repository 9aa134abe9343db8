/**
 * Verified CRL indexes kept in IndexedDB for offline use (reference pki-and-perf.md §3.2):
 * chunked ArrayBuffers (default 65,536 entries per record, ≈ 0.85 MB with 8-byte serials) — never
 * one record per serial — plus one metadata record per CRL (issuer, URL, thisUpdate, nextUpdate,
 * CRL number, IssuingDistributionPoint).
 *
 * Atomic replace: a new index is written as chunks of a fresh generation (several bounded
 * transactions), then one transaction switches the metadata record to that generation and
 * deletes the old generation's chunks. A reader reads the metadata and its generation's chunks in
 * one transaction, so it sees the old index or the new one, never a mix. An interrupted write
 * (tab closed, AbortSignal, quota) leaves only unreferenced chunks, removed by the next put.
 * One writer per key at a time (the CRL checker refreshes a partition from one place).
 *
 * Stored bytes are checked on the way back in (sizes, widths, counts): a damaged record is a
 * typed error, never a wrong answer.
 */
import { KazasuError } from '../../errors/kazasu-error';
import type { CrlCache, CrlCacheEntry } from './crl-cache';
import { MAX_SERIAL_OCTETS } from './crl-der-walker';
import type { CrlIndex } from './crl-index';

export type CrlIndexStoreErrorCode =
  /** IndexedDB could not be opened (private mode, blocked by policy, upgrade blocked). */
  | 'crl-store-unavailable'
  /** A read or write transaction failed (quota exceeded, I/O error). */
  | 'crl-store-failed'
  /** A write was cancelled through its AbortSignal; the previous index is still in place. */
  | 'crl-store-aborted'
  /** A stored record does not have the shape this code writes; it is not used. */
  | 'crl-store-corrupt';

export class CrlIndexStoreError extends KazasuError {
  readonly code: CrlIndexStoreErrorCode;
  constructor(code: CrlIndexStoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

export interface CrlIndexStoreOptions {
  /** The IDBFactory to use (globalThis.indexedDB in a page or worker; fake-indexeddb in tests). */
  readonly indexedDB: IDBFactory;
  readonly databaseName?: string;
  /** Entries per chunk record (default 65,536). */
  readonly chunkEntries?: number;
  /** Chunk records per write transaction (default 8), so no transaction holds the whole index. */
  readonly chunksPerTransaction?: number;
  /** IDBKeyRange of the same implementation (default globalThis.IDBKeyRange). */
  readonly keyRange?: typeof IDBKeyRange;
}

export const DEFAULT_CHUNK_ENTRIES = 65_536;
const META = 'meta';
const CHUNKS = 'chunks';
const FORMAT = 1;
/** Bound on chunks per index: 10⁷ entries at 65,536 per chunk is 153; this allows ≈ 2.7 × 10⁸. */
const MAX_CHUNKS = 4096;

interface MetaRecord {
  readonly key: string;
  readonly format: number;
  readonly generation: number;
  readonly url: string;
  readonly fetchedAt: string;
  readonly count: number;
  readonly width: number;
  readonly chunkEntries: number;
  readonly chunks: number;
  readonly issuerName: ArrayBuffer;
  readonly thisUpdate: number;
  readonly nextUpdate: number | null;
  readonly crlNumberHex: string | null;
  readonly issuingDistributionPoint: ArrayBuffer | null;
}

interface ChunkRecord {
  readonly serials: ArrayBuffer;
  readonly reasons: ArrayBuffer;
  readonly revokedAt: ArrayBuffer;
}

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
    tx.onerror = () => reject(tx.error);
  });
}

function copyBuffer(view: Uint8Array | Uint32Array): ArrayBuffer {
  const out = new ArrayBuffer(view.byteLength);
  new Uint8Array(out).set(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
  return out;
}

export class IndexedDbCrlCache implements CrlCache {
  private db: Promise<IDBDatabase> | undefined;
  private readonly name: string;
  private readonly chunkEntries: number;
  private readonly chunksPerTx: number;
  private readonly keyRange: typeof IDBKeyRange | undefined;

  constructor(private readonly options: CrlIndexStoreOptions) {
    this.name = options.databaseName ?? 'kazasu-crl-index';
    this.chunkEntries = Math.max(1, Math.floor(options.chunkEntries ?? DEFAULT_CHUNK_ENTRIES));
    this.chunksPerTx = Math.max(1, Math.floor(options.chunksPerTransaction ?? 8));
    this.keyRange = options.keyRange ?? (globalThis as { IDBKeyRange?: typeof IDBKeyRange }).IDBKeyRange;
  }

  /** Chunk keys [key, generation, chunk] between two generations (inclusive bounds). */
  private generations(key: string, lower: number, upper: number): IDBKeyRange {
    if (!this.keyRange) throw new CrlIndexStoreError('crl-store-unavailable', 'IDBKeyRange is not available');
    return this.keyRange.bound([key, lower, -Infinity], [key, upper, Infinity]);
  }

  private open(): Promise<IDBDatabase> {
    this.db ??= new Promise<IDBDatabase>((resolve, reject) => {
      let r: IDBOpenDBRequest;
      try {
        r = this.options.indexedDB.open(this.name, 1);
      } catch (e) {
        reject(new CrlIndexStoreError('crl-store-unavailable', 'IndexedDB refused to open', { cause: e }));
        return;
      }
      r.onupgradeneeded = () => {
        const db = r.result;
        if (!db.objectStoreNames.contains(META)) db.createObjectStore(META, { keyPath: 'key' });
        if (!db.objectStoreNames.contains(CHUNKS)) db.createObjectStore(CHUNKS);
      };
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(new CrlIndexStoreError('crl-store-unavailable', `IndexedDB open failed: ${String(r.error)}`, { cause: r.error }));
      r.onblocked = () => reject(new CrlIndexStoreError('crl-store-unavailable', 'IndexedDB upgrade is blocked by another tab'));
    }).catch((e: unknown) => {
      this.db = undefined;
      throw e;
    });
    return this.db;
  }

  /** Close the connection (tests, or before deleting the database). */
  async close(): Promise<void> {
    const db = await this.db?.catch(() => undefined);
    db?.close();
    this.db = undefined;
  }

  async get(key: string): Promise<CrlCacheEntry | undefined> {
    const db = await this.open();
    let meta: unknown;
    let chunks: unknown[];
    try {
      const tx = db.transaction([META, CHUNKS], 'readonly');
      const finished = done(tx);
      meta = await request(tx.objectStore(META).get(key));
      chunks = [];
      if (isMeta(meta)) chunks = await request(tx.objectStore(CHUNKS).getAll(this.generations(key, meta.generation, meta.generation)));
      await finished;
    } catch (e) {
      throw new CrlIndexStoreError('crl-store-failed', `reading the CRL index failed: ${String(e)}`, { cause: e });
    }
    if (meta === undefined) return undefined;
    if (!isMeta(meta)) throw new CrlIndexStoreError('crl-store-corrupt', 'CRL index metadata has an unexpected shape');
    return { key: meta.key, url: meta.url, fetchedAt: meta.fetchedAt, index: assemble(meta, chunks) };
  }

  /**
   * Replace the stored index of `entry.key` atomically. `signal` cancels a long write (checked
   * between chunk transactions); `onProgress` is told after each chunk transaction commits.
   */
  async put(
    entry: CrlCacheEntry,
    options: { readonly signal?: AbortSignal; readonly onProgress?: (chunksWritten: number, chunks: number) => void } = {},
  ): Promise<void> {
    const db = await this.open();
    const { index, key } = entry;
    const per = this.chunkEntries;
    const chunkCount = Math.ceil(index.count / per);
    if (chunkCount > MAX_CHUNKS) throw new CrlIndexStoreError('crl-store-failed', `index of ${index.count} entries needs more than ${MAX_CHUNKS} chunks`);
    const checkAbort = () => {
      if (options.signal?.aborted) throw new CrlIndexStoreError('crl-store-aborted', 'the CRL index write was cancelled; the previous index is unchanged');
    };
    const run = async <T>(what: string, f: () => Promise<T>): Promise<T> => {
      try {
        return await f();
      } catch (e) {
        if (e instanceof CrlIndexStoreError) throw e;
        throw new CrlIndexStoreError('crl-store-failed', `${what} failed: ${String(e)}`, { cause: e });
      }
    };

    // 1. Drop chunks no metadata refers to (an earlier interrupted write) and pick a generation.
    const generation = await run('cleaning up old chunks', async () => {
      const tx = db.transaction([META, CHUNKS], 'readwrite');
      const finished = done(tx);
      const meta: unknown = await request(tx.objectStore(META).get(key));
      const current = isMeta(meta) ? meta.generation : 0;
      const chunks = tx.objectStore(CHUNKS);
      if (current > 0) chunks.delete(this.generations(key, -Infinity, current - 0.5));
      chunks.delete(this.generations(key, current + 0.5, Infinity));
      await finished;
      return current + 1;
    });

    // 2. The new generation's chunks, a few per transaction.
    const w = index.width;
    for (let c0 = 0; c0 < chunkCount; c0 += this.chunksPerTx) {
      checkAbort();
      await run('writing CRL index chunks', async () => {
        const tx = db.transaction(CHUNKS, 'readwrite');
        const finished = done(tx);
        const store = tx.objectStore(CHUNKS);
        for (let c = c0; c < Math.min(chunkCount, c0 + this.chunksPerTx); c++) {
          const a = c * per;
          const b = Math.min(index.count, a + per);
          const record: ChunkRecord = {
            serials: copyBuffer(index.serials.subarray(a * w, b * w)),
            reasons: copyBuffer(index.reasons.subarray(a, b)),
            revokedAt: copyBuffer(index.revokedAt.subarray(a, b)),
          };
          store.put(record, [key, generation, c]);
        }
        await finished;
      });
      options.onProgress?.(Math.min(chunkCount, c0 + this.chunksPerTx), chunkCount);
    }
    checkAbort();

    // 3. Switch to the new generation and drop the old one, in one transaction.
    await run('switching the CRL index', async () => {
      const tx = db.transaction([META, CHUNKS], 'readwrite');
      const finished = done(tx);
      const meta: MetaRecord = {
        key,
        format: FORMAT,
        generation,
        url: entry.url,
        fetchedAt: entry.fetchedAt,
        count: index.count,
        width: index.width,
        chunkEntries: per,
        chunks: chunkCount,
        issuerName: copyBuffer(index.issuerName),
        thisUpdate: index.thisUpdate,
        nextUpdate: index.nextUpdate ?? null,
        crlNumberHex: index.crlNumberHex ?? null,
        issuingDistributionPoint: index.issuingDistributionPoint ? copyBuffer(index.issuingDistributionPoint) : null,
      };
      tx.objectStore(META).put(meta);
      tx.objectStore(CHUNKS).delete(this.generations(key, -Infinity, generation - 0.5));
      await finished;
    });
  }

  async delete(key: string): Promise<void> {
    const db = await this.open();
    try {
      const tx = db.transaction([META, CHUNKS], 'readwrite');
      const finished = done(tx);
      tx.objectStore(META).delete(key);
      tx.objectStore(CHUNKS).delete(this.generations(key, -Infinity, Infinity));
      await finished;
    } catch (e) {
      throw new CrlIndexStoreError('crl-store-failed', `deleting the CRL index failed: ${String(e)}`, { cause: e });
    }
  }
}

function isMeta(v: unknown): v is MetaRecord {
  if (typeof v !== 'object' || v === null) return false;
  const m = v as Partial<MetaRecord>;
  const int = (x: unknown, max: number) => typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= max;
  return (
    m.format === FORMAT &&
    typeof m.key === 'string' &&
    int(m.generation, Number.MAX_SAFE_INTEGER) &&
    typeof m.url === 'string' &&
    typeof m.fetchedAt === 'string' &&
    int(m.count, 0xffffffff) &&
    int(m.width, MAX_SERIAL_OCTETS) &&
    int(m.chunkEntries, 1 << 24) &&
    m.chunkEntries! > 0 &&
    int(m.chunks, MAX_CHUNKS) &&
    m.issuerName instanceof ArrayBuffer &&
    typeof m.thisUpdate === 'number' &&
    (m.nextUpdate === null || typeof m.nextUpdate === 'number') &&
    (m.crlNumberHex === null || (typeof m.crlNumberHex === 'string' && /^[0-9A-F]{0,42}$/.test(m.crlNumberHex))) &&
    (m.issuingDistributionPoint === null || m.issuingDistributionPoint instanceof ArrayBuffer)
  );
}

/** Concatenate the chunks into one CrlIndex, checking every size against the metadata. */
function assemble(meta: MetaRecord, chunks: readonly unknown[]): CrlIndex {
  const corrupt = (why: string): never => {
    throw new CrlIndexStoreError('crl-store-corrupt', `stored CRL index is damaged: ${why}`);
  };
  const { count, width, chunkEntries: per } = meta;
  if (Math.ceil(count / per) !== meta.chunks) corrupt('chunk count does not match the entry count');
  if (chunks.length !== meta.chunks) corrupt(`${chunks.length} chunks stored, ${meta.chunks} expected`);
  if (count > 0 && width === 0) corrupt('zero width');
  const serials = new Uint8Array(count * width);
  const reasons = new Uint8Array(count);
  const revokedAt = new Uint32Array(count);
  for (let c = 0; c < chunks.length; c++) {
    const rec = chunks[c] as Partial<ChunkRecord> | null;
    const n = Math.min(per, count - c * per);
    if (
      !rec ||
      !(rec.serials instanceof ArrayBuffer) ||
      !(rec.reasons instanceof ArrayBuffer) ||
      !(rec.revokedAt instanceof ArrayBuffer) ||
      rec.serials.byteLength !== n * width ||
      rec.reasons.byteLength !== n ||
      rec.revokedAt.byteLength !== n * 4
    ) {
      corrupt(`chunk ${c} has the wrong shape`);
    }
    serials.set(new Uint8Array(rec!.serials!), c * per * width);
    reasons.set(new Uint8Array(rec!.reasons!), c * per);
    revokedAt.set(new Uint32Array(rec!.revokedAt!), c * per);
  }
  // Lookups are binary searches: the slots must be strictly ascending.
  for (let i = 1; i < count; i++) {
    let d = 0;
    for (let k = 0; k < width && d === 0; k++) d = serials[i * width + k]! - serials[(i - 1) * width + k]!;
    if (d <= 0) corrupt(`serials out of order at entry ${i}`);
  }
  return {
    count,
    width,
    serials,
    reasons,
    revokedAt,
    issuerName: new Uint8Array(meta.issuerName.slice(0)),
    thisUpdate: meta.thisUpdate,
    nextUpdate: meta.nextUpdate ?? undefined,
    crlNumberHex: meta.crlNumberHex ?? undefined,
    issuingDistributionPoint: meta.issuingDistributionPoint ? new Uint8Array(meta.issuingDistributionPoint.slice(0)) : undefined,
  };
}
