/**
 * Where verified CRL indexes are kept for offline use. Only indexes built from a CRL whose
 * signature and issuer were verified are ever put here. The interface is async so a persistent
 * implementation (IndexedDB, chunked per reference pki-and-perf.md §3.2) can replace the
 * in-memory one without changing the checker.
 */
import type { CrlIndex } from './crl-index';

export interface CrlCacheEntry {
  /** Issuer key hash + CRL URL (one entry per partition). */
  readonly key: string;
  readonly url: string;
  readonly index: CrlIndex;
  /** When it was fetched and verified (ISO 8601). */
  readonly fetchedAt: string;
}

export interface CrlCache {
  get(key: string): Promise<CrlCacheEntry | undefined>;
  put(entry: CrlCacheEntry): Promise<void>;
  delete(key: string): Promise<void>;
}

export function crlCacheKey(issuerKeyHashHex: string, url: string): string {
  return `${issuerKeyHashHex}|${url}`;
}

/** In-memory CrlCache with a bound on how many partitions it holds (oldest put is dropped). */
export class MemoryCrlCache implements CrlCache {
  private readonly entries = new Map<string, CrlCacheEntry>();

  constructor(private readonly maxEntries = 64) {}

  async get(key: string): Promise<CrlCacheEntry | undefined> {
    return this.entries.get(key);
  }

  async put(entry: CrlCacheEntry): Promise<void> {
    this.entries.delete(entry.key);
    this.entries.set(entry.key, entry);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
