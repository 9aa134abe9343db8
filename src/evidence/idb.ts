/**
 * Small promise helpers over an injected IDBFactory (the browser's indexedDB, or
 * fake-indexeddb in Node tests). No global IndexedDB is touched.
 *
 * Write transactions are driven with request callbacks, never with `await` on other promises
 * in between: an IndexedDB transaction commits as soon as it has no pending requests at the end
 * of a task, so awaiting WebCrypto inside one would let it commit half-way. Callers do all
 * crypto first and hand finished values to one transaction.
 */
import { KazasuError } from '../errors/kazasu-error';

export type StorageErrorCode = 'storage-aborted' | 'storage-failed' | 'storage-blocked';

export class StorageError extends KazasuError {
  readonly code: StorageErrorCode;

  constructor(code: StorageErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

export function requestResult<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(new StorageError('storage-failed', `IndexedDB request failed: ${req.error?.name ?? 'unknown'}`, { cause: req.error }));
  });
}

/** Resolves when `tx` commits; rejects with StorageError('storage-aborted') when it aborts. */
export function transactionDone(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(new StorageError('storage-aborted', `IndexedDB transaction aborted: ${tx.error?.name ?? 'aborted'}`, { cause: tx.error }));
    // errors bubble from requests to the transaction and abort it; onabort reports them.
  });
}

export function openDatabase(
  factory: IDBFactory,
  name: string,
  version: number,
  upgrade: (db: IDBDatabase, oldVersion: number) => void,
): Promise<IDBDatabase> {
  if (!factory || typeof factory.open !== 'function') {
    return Promise.reject(new StorageError('storage-failed', 'no IndexedDB factory given'));
  }
  return new Promise((resolve, reject) => {
    let req: IDBOpenDBRequest;
    try {
      req = factory.open(name, version);
    } catch (e) {
      reject(new StorageError('storage-failed', 'IndexedDB open threw', { cause: e }));
      return;
    }
    req.onupgradeneeded = (ev) => upgrade(req.result, ev.oldVersion);
    req.onblocked = () => reject(new StorageError('storage-blocked', `IndexedDB ${name} is open elsewhere with an older version`));
    req.onerror = () => reject(new StorageError('storage-failed', `IndexedDB open failed: ${req.error?.name ?? 'unknown'}`, { cause: req.error }));
    req.onsuccess = () => {
      const db = req.result;
      // Let a newer version of the app upgrade the schema instead of being blocked by us.
      db.onversionchange = () => db.close();
      resolve(db);
    };
  });
}

/** Read several keys of one store in one readonly transaction. */
export async function getMany(db: IDBDatabase, storeName: string, keys: readonly IDBValidKey[]): Promise<unknown[]> {
  const tx = db.transaction(storeName, 'readonly');
  const store = tx.objectStore(storeName);
  const out: unknown[] = new Array(keys.length);
  keys.forEach((k, i) => {
    const r = store.get(k);
    r.onsuccess = () => {
      out[i] = r.result;
    };
  });
  await transactionDone(tx);
  return out;
}

export async function getOne(db: IDBDatabase, storeName: string, key: IDBValidKey): Promise<unknown> {
  return (await getMany(db, storeName, [key]))[0];
}

export async function countAll(db: IDBDatabase, storeName: string): Promise<number> {
  const tx = db.transaction(storeName, 'readonly');
  const n = requestResult(tx.objectStore(storeName).count());
  n.catch(() => undefined); // reported through the transaction
  await transactionDone(tx);
  return n;
}

export async function allKeys(db: IDBDatabase, storeName: string): Promise<IDBValidKey[]> {
  const tx = db.transaction(storeName, 'readonly');
  const keys = requestResult(tx.objectStore(storeName).getAllKeys());
  keys.catch(() => undefined); // reported through the transaction
  await transactionDone(tx);
  return keys;
}
