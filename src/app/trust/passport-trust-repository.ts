import { passportTrustFromJson, passportTrustToJson } from '../../verify/passport/trust/trust-json';
import type { PassportTrustInputs } from '../../verify/passport/trust/passport-trust';

export type PassportImports = Required<Pick<PassportTrustInputs, 'imported' | 'masterLists' | 'crls'>>;

export const NO_PASSPORT_IMPORTS: PassportImports = { imported: [], masterLists: [], crls: [] };

const STORE = 'passport';
const KEY = 'imports';

/**
 * The passport trust the operator imported in Settings (CSCAs from master lists or single
 * certificates, master-list records, CSCA CRLs), as the same JSON the CLI keeps in
 * passport-trust.json (verify/passport/trust/trust-json.ts), in one IndexedDB record written in a
 * single transaction. Reading it back re-derives every fingerprint and re-reads every CRL
 * (passportTrustFromJson), so an edited record cannot slip a different key in: it throws instead.
 */
export class IndexedDbPassportTrustRepository {
  constructor(
    private readonly idb: IDBFactory = globalThis.indexedDB,
    private readonly dbName = 'kazasu-passport-trust',
  ) {}

  private open(): Promise<IDBDatabase> {
    return new Promise((resolve, reject) => {
      const req = this.idb.open(this.dbName, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(STORE);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  }

  async load(): Promise<PassportImports> {
    const db = await this.open();
    let stored: unknown;
    try {
      stored = await new Promise((resolve, reject) => {
        const req = db.transaction(STORE, 'readonly').objectStore(STORE).get(KEY);
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
    } finally {
      db.close();
    }
    if (stored === undefined) return NO_PASSPORT_IMPORTS;
    const parsed = passportTrustFromJson(stored);
    return { imported: parsed.imported ?? [], masterLists: parsed.masterLists ?? [], crls: parsed.crls ?? [] };
  }

  async save(imports: PassportImports): Promise<void> {
    const db = await this.open();
    try {
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction(STORE, 'readwrite');
        tx.objectStore(STORE).put(passportTrustToJson(imports), KEY);
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error);
      });
    } finally {
      db.close();
    }
  }
}
