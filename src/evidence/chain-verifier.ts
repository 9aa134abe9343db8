/**
 * Walks the whole chain: from the purge checkpoint (or genesis) to the sealed head, checking
 * every entry (checkEntry: link, hash, payload digest, AES-GCM, record position), then that the
 * store holds no entry outside that range. Storage is behind ChainReader so the walk is the same
 * for IndexedDB and for tests.
 *
 * What it detects: any edited byte of any entry (including the ciphertext, via the digest and
 * GCM's tag), a deleted entry (a gap, or a head that names a missing entry), reordered entries
 * (seq is in the hash and in the additional data), an inserted entry (a gap in the links, or a
 * key outside checkpoint..head), an entry erased before its retention ended, a forged or edited
 * head or checkpoint (both sealed with the key).
 * What it cannot detect alone: a rollback where the newest entries AND the head are replaced by
 * an older consistent copy of both. Exported chain heads kept elsewhere (export JSON) catch that.
 */
import { checkEntry, GENESIS_HASH, openLink, type ChainEntry, type ChainLink, type EntryFailure } from './hash-chain';
import type { EvidenceRecord } from './evidence-record';

export type ChainFailure = EntryFailure | 'missing-entry' | 'unexpected-entry' | 'head-missing' | 'head-invalid' | 'head-mismatch' | 'checkpoint-invalid';

export interface ChainVerification {
  readonly ok: boolean;
  /** Entries checked (live and erased), from the checkpoint on. */
  readonly count: number;
  /** Entries among them whose record was erased at the end of retention. */
  readonly erased: number;
  /** The first position that does not verify. */
  readonly firstBadSeq?: number;
  readonly reason?: ChainFailure;
  readonly head?: ChainLink;
  readonly checkpoint?: ChainLink & { readonly at?: number };
}

export interface ChainReader {
  /** The stored (sealed) head and checkpoint values, undefined when absent. */
  readHeadAndCheckpoint(): Promise<{ head: unknown; checkpoint: unknown }>;
  /** Stored values for these seqs (undefined where absent). */
  readEntries(seqs: readonly number[]): Promise<readonly unknown[]>;
  count(): Promise<number>;
  keys(): Promise<readonly IDBValidKey[]>;
}

export interface WalkOptions {
  readonly now: number;
  readonly batchSize?: number;
  /** Called for every entry that verified, in order (record undefined when erased). */
  readonly onEntry?: (entry: ChainEntry, record: EvidenceRecord | undefined) => void;
}

export async function walkChain(reader: ChainReader, key: CryptoKey, options: WalkOptions): Promise<ChainVerification> {
  const batchSize = options.batchSize ?? 200;
  const stored = await reader.readHeadAndCheckpoint();
  let checkpoint: (ChainLink & { at?: number }) | undefined;
  if (stored.checkpoint !== undefined) {
    checkpoint = await openLink(key, 'checkpoint', stored.checkpoint);
    if (!checkpoint) return { ok: false, count: 0, erased: 0, reason: 'checkpoint-invalid' };
  }
  const start: ChainLink = checkpoint ?? { seq: 0, hash: GENESIS_HASH };
  let head: ChainLink | undefined;
  if (stored.head !== undefined) {
    head = await openLink(key, 'head', stored.head);
    if (!head) return { ok: false, count: 0, erased: 0, reason: 'head-invalid', ...(checkpoint ? { checkpoint } : {}) };
    if (head.seq < start.seq) return { ok: false, count: 0, erased: 0, reason: 'checkpoint-invalid', head, ...(checkpoint ? { checkpoint } : {}) };
  } else if (checkpoint) {
    return { ok: false, count: 0, erased: 0, reason: 'head-missing', firstBadSeq: checkpoint.seq + 1, checkpoint };
  }
  const meta = { ...(head ? { head } : {}), ...(checkpoint ? { checkpoint } : {}) };
  const end = head?.seq ?? 0;

  let prev = start;
  let count = 0;
  let erased = 0;
  for (let from = start.seq + 1; from <= end; from += batchSize) {
    const seqs: number[] = [];
    for (let s = from; s <= Math.min(end, from + batchSize - 1); s++) seqs.push(s);
    const values = await reader.readEntries(seqs);
    for (let i = 0; i < seqs.length; i++) {
      const seq = seqs[i]!;
      if (values[i] === undefined) return { ok: false, count, erased, firstBadSeq: seq, reason: 'missing-entry', ...meta };
      const r = await checkEntry(values[i], seq, prev.hash, key, options.now);
      if (!r.ok) return { ok: false, count, erased, firstBadSeq: seq, reason: r.reason, ...meta };
      count++;
      if (!r.record) erased++;
      options.onEntry?.(r.entry, r.record);
      prev = { seq, hash: r.entry.hash };
    }
  }
  if (head && prev.hash !== head.hash) return { ok: false, count, erased, firstBadSeq: end, reason: 'head-mismatch', ...meta };

  // Nothing may be stored outside checkpoint+1 .. head.
  if ((await reader.count()) !== end - start.seq) {
    const keys = await reader.keys();
    const outside = keys
      .map((k) => (typeof k === 'number' ? k : Number.NaN))
      .filter((k) => !(Number.isInteger(k) && k > start.seq && k <= end))
      .sort((a, b) => a - b);
    const first = outside[0];
    return {
      ok: false,
      count,
      erased,
      reason: head ? 'unexpected-entry' : 'head-missing',
      ...(first !== undefined && Number.isFinite(first) ? { firstBadSeq: Math.ceil(first) } : {}),
      ...meta,
    };
  }
  return { ok: true, count, erased, ...meta };
}
