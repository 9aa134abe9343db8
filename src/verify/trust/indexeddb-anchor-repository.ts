import type { AnchorRepository, ImportedAnchorRecord } from './anchor-import';

const STORE = 'anchors';
const KEY = 'imported';

/**
 * Operator-imported trust anchors in the browser: one IndexedDB record holding the list, written
 * in a single transaction (so an interrupted save leaves the previous list). The IDBFactory is
 * injected so tests can use an in-memory implementation.
 */
export class IndexedDbAnchorRepository implements AnchorRepository {
  constructor(
    private readonly idb: IDBFactory = globalThis.indexedDB,
    private readonly dbName = 'kazasu-trust',
  ) {}

  private open(): Promise<IDBDatabase> {
    return new Promise((resolve, reject) => {
      const req = this.idb.open(this.dbName, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(STORE);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  }

  async load(): Promise<ImportedAnchorRecord[]> {
    const db = await this.open();
    try {
      return await new Promise((resolve, reject) => {
        const req = db.transaction(STORE, 'readonly').objectStore(STORE).get(KEY);
        req.onsuccess = () => resolve(Array.isArray(req.result) ? (req.result as ImportedAnchorRecord[]) : []);
        req.onerror = () => reject(req.error);
      });
    } finally {
      db.close();
    }
  }

  async save(records: readonly ImportedAnchorRecord[]): Promise<void> {
    const db = await this.open();
    try {
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction(STORE, 'readwrite');
        tx.objectStore(STORE).put([...records], KEY);
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error);
      });
    } finally {
      db.close();
    }
  }
}
