/**
 * Where the evidence key lives: the 'keys' object store of the evidence database, as a
 * CryptoKey object (structured clone keeps it non-extractable). Created on first use; never
 * recreated beside existing entries, which would be unreadable under a new key.
 */
import { createEvidenceKey, isUsableEvidenceKey } from './evidence-crypto';
import { EvidenceError, storageFailure } from './evidence-error';
import { getOne, transactionDone } from './idb';

export const KEY_STORE = 'keys';
export const EVIDENCE_KEY_ID = 'evidence-key';

/** The stored key, or a new one when the database holds no records yet (`entriesStore` empty, no head in `metaStore`). */
export async function loadOrCreateKey(db: IDBDatabase, entriesStore: string, metaStore: string): Promise<CryptoKey> {
  const existing = await getOne(db, KEY_STORE, EVIDENCE_KEY_ID);
  if (existing !== undefined) {
    if (!isUsableEvidenceKey(existing)) throw new EvidenceError('evidence-key-missing', 'stored evidence key is not a non-extractable AES-GCM-256 key');
    return existing;
  }
  const fresh = await createEvidenceKey();
  // Store it only if no other tab did meanwhile, and never beside existing entries (they would
  // be unreadable under a new key: that is a lost key, not a fresh store).
  const tx = db.transaction([KEY_STORE, entriesStore, metaStore], 'readwrite');
  const done = transactionDone(tx);
  let orphaned = false;
  const k = tx.objectStore(KEY_STORE).get(EVIDENCE_KEY_ID);
  k.onsuccess = () => {
    if (k.result !== undefined) return;
    const n = tx.objectStore(entriesStore).count();
    n.onsuccess = () => {
      const h = tx.objectStore(metaStore).get('head');
      h.onsuccess = () => {
        if (n.result > 0 || h.result !== undefined) {
          orphaned = true;
          tx.abort();
          return;
        }
        tx.objectStore(KEY_STORE).put(fresh, EVIDENCE_KEY_ID);
      };
    };
  };
  try {
    await done;
  } catch (e) {
    if (orphaned) throw new EvidenceError('evidence-key-missing', 'evidence records exist but their key is gone', { cause: e });
    storageFailure(e, 'storing the evidence key');
  }
  const stored = await getOne(db, KEY_STORE, EVIDENCE_KEY_ID);
  if (!isUsableEvidenceKey(stored)) throw new EvidenceError('evidence-key-missing', 'evidence key could not be stored');
  return stored;
}
