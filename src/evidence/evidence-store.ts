/**
 * The evidence store: encrypted, append-only, hash-chained records in IndexedDB.
 *
 * Object stores (database version 1):
 *   entries  keyPath 'seq'  — ChainEntry values (hash-chain.ts)
 *   meta     out-of-line    — 'head': sealed {seq, hash} of the last entry;
 *                             'checkpoint': sealed {seq, hash, at} after a compaction
 *   keys     out-of-line    — 'evidence-key': the non-extractable AES-GCM CryptoKey
 *
 * Appends run one at a time (an in-process queue). Each append does its crypto first (encrypt,
 * hash, seal the new head), then ONE readwrite transaction re-reads the head, refuses if another
 * writer (another tab) moved it, adds the entry and replaces the head. If that transaction aborts
 * at any point, IndexedDB rolls back both writes: no partial record, no dangling head.
 *
 * Retention — crypto-erase in place (chosen) rather than purge-from-the-start only:
 * records of different purposes interleave (a 30-day age check follows a 7-year counter check),
 * and deleting only from the start would keep every short-lived record until all older
 * long-lived ones expire — years of personal data past its purpose. So an expired entry is
 * ERASED where it stands: its iv and ciphertext are deleted (without them and without a
 * record-specific key nothing can be decrypted) while seq, prevHash, retainUntil, payloadDigest
 * and hash stay, so the chain verifies across it. retainUntil is inside the hash, so only an
 * entry whose own retention has ended can pass as erased. Leading runs of erased entries are
 * then compacted away behind a sealed checkpoint {seq, hash, at} that verification starts from,
 * so the store does not grow without bound. Limit: deleted ciphertext may survive for a while in
 * the browser's storage files until they are compacted; a key per retention period (deleted
 * when the period ends) would make erasure cryptographic — not built.
 * Purging refuses to run on a chain that does not verify, so edited retention dates can never
 * trick it into erasing a live record.
 */
import { toJstIso } from './jst-time';
import { walkChain, type ChainReader, type ChainVerification } from './chain-verifier';
import type { SealedRecord } from './evidence-crypto';
import { KEY_STORE, loadOrCreateKey } from './evidence-key-store';
import { EvidenceError, storageFailure } from './evidence-error';
import { buildCsvExport, buildJsonExport } from './evidence-export';
import {
  buildRevocationResolution,
  isFinalResolution,
  revocationCheckIdFor,
  type EvidenceDraft,
  type EvidenceRecord,
  type RevocationCheckId,
  type RevocationResolutionRecord,
  type VerificationDraft,
  type VerificationEvidenceRecord,
} from './evidence-record';
import { parseEvidenceRecord } from './evidence-record-parse';
import { assertNoForbiddenData, NO_DOCUMENT_RULES, type ForbiddenDataRules } from './forbidden-data';
import type { DocumentKind } from '../verify/report';
import { checkEntry, eraseEntry, GENESIS_HASH, isErased, openLink, sealEntry, sealLink, type ChainEntry, type ChainLink } from './hash-chain';
import { allKeys, countAll, getMany, openDatabase, transactionDone } from './idb';
import { bytesEqual } from '../bytes/byte-ops';
import type { PendingRevocation, RevocationResult } from '../verify/revocation/revocation-checker';

const DB_VERSION = 1;
const ENTRIES = 'entries';
const META = 'meta';
export const DEFAULT_EVIDENCE_DB = 'kazasu-evidence';
const MAX_CONFLICT_RETRIES = 3;

export interface EvidenceStoreOptions {
  /** The IndexedDB factory: `globalThis.indexedDB` in the browser, fake-indexeddb in tests. */
  readonly indexedDB: IDBFactory;
  readonly dbName?: string;
  /** Clock for createdAt, purge and verification (tests pin it). */
  readonly now?: () => Date;
  /**
   * Each document's forbidden-data rules (documents/registry.ts `forbiddenDataRules`), applied
   * again on every append. Default: no document additions (the strictest rules).
   */
  readonly forbiddenDataRules?: (document: DocumentKind) => ForbiddenDataRules;
}

export interface PendingRevocationItem {
  readonly record: VerificationEvidenceRecord;
  readonly checkId: RevocationCheckId;
  readonly pending: PendingRevocation;
  /** Earlier resolution attempts that gave no definite answer (failed or still pending). */
  readonly attempts: number;
}

export interface ResolutionInput {
  /** id of the verification record. */
  readonly refersTo: string;
  readonly checkId: RevocationCheckId;
  readonly result: RevocationResult;
  readonly operatorId: string;
  readonly resolvedAt?: Date;
}

export interface PurgeResult {
  /** Seqs whose records were erased by this call. */
  readonly erasedSeqs: readonly number[];
  /** Set when a leading run of erased entries was compacted behind a checkpoint. */
  readonly compactedThrough?: number;
}

function upgrade(db: IDBDatabase, oldVersion: number): void {
  if (oldVersion < 1) {
    db.createObjectStore(ENTRIES, { keyPath: 'seq' });
    db.createObjectStore(META);
    db.createObjectStore(KEY_STORE);
  }
}

function sameSealed(a: unknown, b: unknown): boolean {
  if (a === undefined || b === undefined) return a === b;
  const x = a as Partial<SealedRecord>;
  const y = b as Partial<SealedRecord>;
  return (
    x.iv instanceof Uint8Array &&
    y.iv instanceof Uint8Array &&
    x.ciphertext instanceof Uint8Array &&
    y.ciphertext instanceof Uint8Array &&
    bytesEqual(x.iv, y.iv) &&
    bytesEqual(x.ciphertext, y.ciphertext)
  );
}

export class EvidenceStore {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly db: IDBDatabase,
    private readonly key: CryptoKey,
    private readonly clock: () => Date,
    private readonly rulesFor: (document: DocumentKind) => ForbiddenDataRules,
  ) {}

  /** Open (creating on first use) the database and its key. */
  static async open(options: EvidenceStoreOptions): Promise<EvidenceStore> {
    let db: IDBDatabase;
    try {
      db = await openDatabase(options.indexedDB, options.dbName ?? DEFAULT_EVIDENCE_DB, DB_VERSION, upgrade);
    } catch (e) {
      return storageFailure(e, 'opening the evidence database');
    }
    try {
      return new EvidenceStore(db, await loadOrCreateKey(db, ENTRIES, META), options.now ?? (() => new Date()), options.forbiddenDataRules ?? (() => NO_DOCUMENT_RULES));
    } catch (e) {
      db.close();
      throw e;
    }
  }

  close(): void {
    this.db.close();
  }

  /** Append one verification record. Resolves with the stored record once the transaction committed. */
  append(draft: VerificationDraft): Promise<VerificationEvidenceRecord> {
    if (draft.kind !== 'verification') return Promise.reject(new EvidenceError('evidence-invalid-input', 'append() takes verification drafts; use appendResolution()'));
    return this.serial(() => this.appendDraft(draft)) as Promise<VerificationEvidenceRecord>;
  }

  /** Append the answer to a pending revocation question of an earlier record (never edits it). */
  appendResolution(input: ResolutionInput): Promise<RevocationResolutionRecord> {
    return this.serial(async () => {
      const original = (await this.readRecords()).find((r): r is VerificationEvidenceRecord => r.kind === 'verification' && r.id === input.refersTo);
      if (!original) throw new EvidenceError('evidence-unknown-record', 'no stored verification record with that id');
      const draft = buildRevocationResolution(original, input.checkId, input.result, input.resolvedAt ?? this.clock(), input.operatorId);
      return (await this.appendDraft(draft)) as RevocationResolutionRecord;
    });
  }

  /** Decrypted records of every live entry that authenticates, in seq order. Not an integrity verdict: use verifyChain(). */
  async list(): Promise<EvidenceRecord[]> {
    return this.readRecords();
  }

  verifyChain(now: Date = this.clock()): Promise<ChainVerification> {
    return walkChain(this.reader(), this.key, { now: now.getTime() });
  }

  /** JSON export (pretty-printed): chain verdict, entry link metadata, decrypted records. */
  async exportJson(): Promise<string> {
    const entries: ChainEntry[] = [];
    const records: EvidenceRecord[] = [];
    const chain = await walkChain(this.reader(), this.key, {
      now: this.clock().getTime(),
      onEntry: (e, r) => {
        entries.push(e);
        if (r) records.push(r);
      },
    });
    // If the chain is broken, still export every record that authenticates (marked by chain.ok).
    const all = chain.ok ? records : await this.readRecords();
    return JSON.stringify(buildJsonExport(all, entries, chain, this.clock()), null, 2);
  }

  async exportCsv(options: { readonly excelBom?: boolean } = {}): Promise<string> {
    return buildCsvExport(await this.readRecords(), options);
  }

  /** Records with a pending revocation question that no later record answered good or revoked. */
  async pendingRevocations(): Promise<PendingRevocationItem[]> {
    const records = await this.readRecords();
    const resolutions = records.filter((r): r is RevocationResolutionRecord => r.kind === 'revocation-resolution');
    const out: PendingRevocationItem[] = [];
    for (const r of records) {
      if (r.kind !== 'verification') continue;
      for (const pending of r.pendingRevocations) {
        const checkId = revocationCheckIdFor(pending);
        const answers = resolutions.filter((x) => x.refersTo === r.id && x.checkId === checkId);
        if (answers.some(isFinalResolution)) continue;
        out.push({ record: r, checkId, pending, attempts: answers.length });
      }
    }
    return out;
  }

  /**
   * Erase every record whose retention ended by `now`, then compact a leading run of erased
   * entries behind a sealed checkpoint. Refuses (evidence-chain-invalid) when the chain does not
   * verify first.
   */
  purgeExpired(now: Date = this.clock()): Promise<PurgeResult> {
    return this.serial(async () => {
      const nowMs = now.getTime();
      // Erasing on a clock ahead of ours would make the next verification report 'premature-erase'.
      if (!Number.isFinite(nowMs) || nowMs > this.clock().getTime() + 60_000) {
        throw new EvidenceError('evidence-invalid-input', 'purge time is later than the store clock');
      }
      const entries: ChainEntry[] = [];
      const chain = await walkChain(this.reader(), this.key, { now: nowMs, onEntry: (e) => entries.push(e) });
      if (!chain.ok) throw new EvidenceError('evidence-chain-invalid', `refusing to purge: chain does not verify (${chain.reason} at ${chain.firstBadSeq ?? '?'})`);

      const expired = entries.filter((e) => !isErased(e) && e.retainUntil <= nowMs).map((e) => eraseEntry(e, nowMs));
      if (expired.length > 0) await this.writeErased(expired);

      const erasedNow = new Set(expired.map((e) => e.seq));
      let runEnd: ChainEntry | undefined;
      for (const e of entries) {
        if (!isErased(e) && !erasedNow.has(e.seq)) break;
        runEnd = e;
      }
      let compactedThrough: number | undefined;
      if (runEnd) {
        const from = (chain.checkpoint?.seq ?? 0) + 1;
        await this.compact(from, { seq: runEnd.seq, hash: runEnd.hash }, nowMs);
        compactedThrough = runEnd.seq;
      }
      return { erasedSeqs: expired.map((e) => e.seq), ...(compactedThrough !== undefined ? { compactedThrough } : {}) };
    });
  }

  // ------------------------------------------------------------------ internals

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private reader(): ChainReader {
    const db = this.db;
    return {
      readHeadAndCheckpoint: async () => {
        const [head, checkpoint] = await getMany(db, META, ['head', 'checkpoint']);
        return { head, checkpoint };
      },
      readEntries: (seqs) => getMany(db, ENTRIES, seqs),
      count: () => countAll(db, ENTRIES),
      keys: () => allKeys(db, ENTRIES),
    };
  }

  private async readRecords(): Promise<EvidenceRecord[]> {
    const records: EvidenceRecord[] = [];
    // Per-entry authentication only (links are verifyChain's job): a broken link elsewhere must
    // not hide the records that are intact.
    const keys = (await allKeys(this.db, ENTRIES)).filter((k): k is number => typeof k === 'number').sort((a, b) => a - b);
    for (let i = 0; i < keys.length; i += 200) {
      const batch = keys.slice(i, i + 200);
      const values = await getMany(this.db, ENTRIES, batch);
      for (let j = 0; j < batch.length; j++) {
        const v = values[j] as Partial<ChainEntry> | undefined;
        if (!v || typeof v.prevHash !== 'string') continue;
        const r = await checkEntry(v, batch[j]!, v.prevHash, this.key, Number.MAX_SAFE_INTEGER);
        if (r.ok && r.record) records.push(r.record);
      }
    }
    return records;
  }

  private async appendDraft(draft: EvidenceDraft): Promise<EvidenceRecord> {
    const rules = draft.kind === 'verification' ? this.rulesFor(draft.documentType) : NO_DOCUMENT_RULES;
    assertNoForbiddenData(draft, rules);
    for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt++) {
      const { head: storedHead } = await this.reader().readHeadAndCheckpoint();
      const chain = storedHead === undefined ? undefined : await this.openHead(storedHead);
      const prev: ChainLink = chain ?? { seq: 0, hash: GENESIS_HASH };
      const now = this.clock();
      const record = { ...draft, id: globalThis.crypto.randomUUID(), seq: prev.seq + 1, createdAt: toJstIso(now) } as EvidenceRecord;
      assertNoForbiddenData(record, rules);
      // Write only what will read back: the same shape check list() applies after decryption.
      try {
        parseEvidenceRecord(JSON.parse(JSON.stringify(record)));
      } catch (e) {
        throw new EvidenceError('evidence-invalid-input', 'draft does not form a valid evidence record', { cause: e });
      }
      const entry = await sealEntry(this.key, prev, record);
      const newHead = await sealLink(this.key, 'head', { seq: entry.seq, hash: entry.hash });
      try {
        await this.commitAppend(storedHead, entry, newHead);
        return record;
      } catch (e) {
        if (e instanceof EvidenceError && e.code === 'evidence-conflict') continue;
        throw e;
      }
    }
    throw new EvidenceError('evidence-conflict', 'the chain head kept moving; append not written');
  }

  private async openHead(stored: unknown): Promise<ChainLink> {
    const head = await openLink(this.key, 'head', stored);
    if (!head) throw new EvidenceError('evidence-chain-invalid', 'the stored chain head does not authenticate; refusing to append');
    return head;
  }

  /** The one write transaction of an append. */
  private async commitAppend(expectedHead: unknown, entry: ChainEntry, newHead: SealedRecord): Promise<void> {
    let conflict = false;
    let done: Promise<void>;
    try {
      const tx = this.db.transaction([ENTRIES, META], 'readwrite');
      done = transactionDone(tx);
      const meta = tx.objectStore(META);
      const current = meta.get('head');
      current.onsuccess = () => {
        if (!sameSealed(current.result, expectedHead)) {
          conflict = true;
          tx.abort();
          return;
        }
        tx.objectStore(ENTRIES).add(entry);
        meta.put(newHead, 'head');
      };
    } catch (e) {
      return storageFailure(e, 'appending evidence');
    }
    try {
      await done;
    } catch (e) {
      if (conflict) throw new EvidenceError('evidence-conflict', 'another writer appended first', { cause: e });
      storageFailure(e, 'appending evidence');
    }
  }

  private async writeErased(erased: readonly ChainEntry[]): Promise<void> {
    try {
      const tx = this.db.transaction(ENTRIES, 'readwrite');
      const done = transactionDone(tx);
      const store = tx.objectStore(ENTRIES);
      for (const e of erased) store.put(e);
      await done;
    } catch (e) {
      storageFailure(e, 'erasing expired evidence');
    }
  }

  private async compact(from: number, through: ChainLink, nowMs: number): Promise<void> {
    const sealed = await sealLink(this.key, 'checkpoint', { seq: through.seq, hash: through.hash, at: nowMs });
    const [expected] = await getMany(this.db, META, ['checkpoint']);
    let conflict = false;
    try {
      const tx = this.db.transaction([ENTRIES, META], 'readwrite');
      const done = transactionDone(tx);
      const meta = tx.objectStore(META);
      const current = meta.get('checkpoint');
      current.onsuccess = () => {
        if (!sameSealed(current.result, expected)) {
          conflict = true;
          tx.abort();
          return;
        }
        const entries = tx.objectStore(ENTRIES);
        for (let s = from; s <= through.seq; s++) entries.delete(s);
        meta.put(sealed, 'checkpoint');
      };
      await done;
    } catch (e) {
      if (conflict) throw new EvidenceError('evidence-conflict', 'another purge ran at the same time', { cause: e });
      storageFailure(e, 'compacting erased evidence');
    }
  }
}
