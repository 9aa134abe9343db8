/**
 * The hash chain over stored evidence entries, and the check of one entry.
 *
 * Canonical byte layouts (all integers big-endian; u64 holds a JS safe integer):
 *
 *   payloadDigest = SHA-256( "kazasu/evidence/payload/v1" ‖ 0x00
 *                            ‖ u8(len iv) ‖ iv ‖ u32(len ciphertext) ‖ ciphertext )
 *   hash          = SHA-256( "kazasu/evidence/entry/v1" ‖ 0x00
 *                            ‖ u64(seq) ‖ prevHash (32 raw bytes)
 *                            ‖ u64(retainUntil, ms since 1970 UTC) ‖ payloadDigest (32 raw bytes) )
 *   AES-GCM additional data of the record = "kazasu/evidence/record/v1" ‖ 0x00 ‖ u64(seq) ‖ u64(retainUntil)
 *
 * The first entry's prevHash is 64 zeros (GENESIS_HASH); hashes are stored as 64 uppercase hex
 * digits. Every field has a fixed size or a length prefix, so no two inputs share an encoding,
 * and the domain tags keep these hashes from being confused with any other SHA-256 use.
 *
 * Why the hash covers a digest of (iv, ciphertext) rather than the bytes themselves, and why
 * retainUntil is in it: expired records are ERASED in place (see evidence-store.ts, purge). An
 * erased entry keeps seq, prevHash, retainUntil, payloadDigest and hash but drops iv and
 * ciphertext, so the chain still verifies across it. Binding retainUntil into the hash means an
 * entry can only pass as erased once its own retention has ended: erasing a live record early,
 * or moving its retention forward, breaks verification.
 *
 * The additional data binds each ciphertext to its position and retention, so a ciphertext
 * copied to another seq does not decrypt.
 */
import { asciiBytes, concatBytes } from '../bytes/byte-ops';
import { fromHex, toHex } from '../bytes/hex';
import { openRecord, sealRecord, sha256, type SealedRecord } from './evidence-crypto';
import type { EvidenceRecord } from './evidence-record';
import { parseEvidenceRecord } from './evidence-record-parse';
import { parseIsoInstant } from './jst-time';

export const GENESIS_HASH = '0'.repeat(64);
const HASH_HEX = /^[0-9A-F]{64}$/;

/** One stored entry. iv and ciphertext are absent once the record has been erased. */
export interface ChainEntry {
  readonly seq: number;
  readonly prevHash: string;
  /** End of retention, ms since the epoch (the record's retentionUntil). */
  readonly retainUntil: number;
  readonly payloadDigest: string;
  readonly hash: string;
  readonly iv?: Uint8Array;
  readonly ciphertext?: Uint8Array;
  /** When the record was erased (ms since the epoch); informational, not covered by the hash. */
  readonly erasedAt?: number;
}

/** A position in the chain: the head (last entry) or a purge checkpoint. */
export interface ChainLink {
  readonly seq: number;
  readonly hash: string;
}

function tag(s: string): Uint8Array {
  return concatBytes(asciiBytes(s), Uint8Array.of(0));
}

const PAYLOAD_TAG = tag('kazasu/evidence/payload/v1');
const ENTRY_TAG = tag('kazasu/evidence/entry/v1');
const RECORD_AAD_TAG = tag('kazasu/evidence/record/v1');
const HEAD_AAD = tag('kazasu/evidence/head/v1');
const CHECKPOINT_AAD = tag('kazasu/evidence/checkpoint/v1');

export function u64(n: number): Uint8Array {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError('u64: not a non-negative safe integer');
  const out = new Uint8Array(8);
  const view = new DataView(out.buffer);
  view.setUint32(0, Math.floor(n / 2 ** 32));
  view.setUint32(4, n >>> 0);
  return out;
}

function u32(n: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, n);
  return out;
}

export function recordAssociatedData(seq: number, retainUntil: number): Uint8Array {
  return concatBytes(RECORD_AAD_TAG, u64(seq), u64(retainUntil));
}

export async function payloadDigest(iv: Uint8Array, ciphertext: Uint8Array): Promise<string> {
  return toHex(await sha256(concatBytes(PAYLOAD_TAG, Uint8Array.of(iv.length), iv, u32(ciphertext.length), ciphertext)));
}

export async function entryHash(seq: number, prevHash: string, retainUntil: number, digest: string): Promise<string> {
  return toHex(await sha256(concatBytes(ENTRY_TAG, u64(seq), fromHex(prevHash), u64(retainUntil), fromHex(digest))));
}

/** Encrypt `record` (which must already carry `seq`) as the entry after `prev`. */
export async function sealEntry(key: CryptoKey, prev: ChainLink, record: EvidenceRecord): Promise<ChainEntry> {
  const seq = prev.seq + 1;
  if (record.seq !== seq) throw new RangeError('sealEntry: record.seq must follow the previous link');
  const retainUntil = parseIsoInstant(record.retentionUntil);
  const sealed = await sealRecord(key, record, recordAssociatedData(seq, retainUntil));
  const digest = await payloadDigest(sealed.iv, sealed.ciphertext);
  return { seq, prevHash: prev.hash, retainUntil, payloadDigest: digest, hash: await entryHash(seq, prev.hash, retainUntil, digest), iv: sealed.iv, ciphertext: sealed.ciphertext };
}

/** The erased form of an entry: same hash inputs, no ciphertext. */
export function eraseEntry(entry: ChainEntry, at: number): ChainEntry {
  return { seq: entry.seq, prevHash: entry.prevHash, retainUntil: entry.retainUntil, payloadDigest: entry.payloadDigest, hash: entry.hash, erasedAt: at };
}

export function isErased(entry: ChainEntry): boolean {
  return entry.iv === undefined && entry.ciphertext === undefined;
}

export type EntryFailure =
  | 'malformed-entry'
  | 'seq-mismatch'
  | 'broken-link'
  | 'hash-mismatch'
  | 'payload-mismatch'
  | 'decrypt-failed'
  | 'record-mismatch'
  | 'premature-erase';

export type EntryCheck =
  | { readonly ok: true; readonly entry: ChainEntry; readonly record: EvidenceRecord | undefined }
  | { readonly ok: false; readonly reason: EntryFailure };

function isSafeNat(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

/** Shape check of a stored value; undefined when it is not a ChainEntry. */
export function asChainEntry(value: unknown): ChainEntry | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const o = value as Record<string, unknown>;
  if (!isSafeNat(o.seq) || !isSafeNat(o.retainUntil)) return undefined;
  for (const k of ['prevHash', 'payloadDigest', 'hash'] as const) if (typeof o[k] !== 'string' || !HASH_HEX.test(o[k] as string)) return undefined;
  const hasIv = o.iv !== undefined;
  const hasCt = o.ciphertext !== undefined;
  if (hasIv !== hasCt) return undefined;
  if (hasIv && (!(o.iv instanceof Uint8Array) || !(o.ciphertext instanceof Uint8Array))) return undefined;
  if (!hasIv && !isSafeNat(o.erasedAt)) return undefined;
  return o as unknown as ChainEntry;
}

/**
 * Check one entry against its expected position and predecessor: link, hash, and for a live
 * entry the payload digest, AES-GCM authentication (with the position-binding additional data)
 * and that the record inside names the same seq and retention. An erased entry passes only if
 * its retention ended by `now`.
 */
export async function checkEntry(value: unknown, expectedSeq: number, prevHash: string, key: CryptoKey, now: number): Promise<EntryCheck> {
  const entry = asChainEntry(value);
  if (!entry) return { ok: false, reason: 'malformed-entry' };
  if (entry.seq !== expectedSeq) return { ok: false, reason: 'seq-mismatch' };
  if (entry.prevHash !== prevHash) return { ok: false, reason: 'broken-link' };
  if ((await entryHash(entry.seq, entry.prevHash, entry.retainUntil, entry.payloadDigest)) !== entry.hash) return { ok: false, reason: 'hash-mismatch' };
  if (isErased(entry)) {
    return entry.retainUntil <= now ? { ok: true, entry, record: undefined } : { ok: false, reason: 'premature-erase' };
  }
  const sealed: SealedRecord = { iv: entry.iv!, ciphertext: entry.ciphertext! };
  if ((await payloadDigest(sealed.iv, sealed.ciphertext)) !== entry.payloadDigest) return { ok: false, reason: 'payload-mismatch' };
  let plain: unknown;
  try {
    plain = await openRecord(key, sealed, recordAssociatedData(entry.seq, entry.retainUntil));
  } catch {
    return { ok: false, reason: 'decrypt-failed' };
  }
  let record: EvidenceRecord;
  try {
    record = parseEvidenceRecord(plain);
  } catch {
    return { ok: false, reason: 'record-mismatch' };
  }
  if (record.seq !== entry.seq || parseIsoInstant(record.retentionUntil) !== entry.retainUntil) return { ok: false, reason: 'record-mismatch' };
  return { ok: true, entry, record };
}

/** Seal a head or checkpoint link so it cannot be forged or edited without the key. */
export function sealLink(key: CryptoKey, kind: 'head' | 'checkpoint', link: ChainLink & { readonly at?: number }): Promise<SealedRecord> {
  return sealRecord(key, link, kind === 'head' ? HEAD_AAD : CHECKPOINT_AAD);
}

/** Open a sealed link; undefined when it does not authenticate or has the wrong shape. */
export async function openLink(key: CryptoKey, kind: 'head' | 'checkpoint', sealed: unknown): Promise<(ChainLink & { readonly at?: number }) | undefined> {
  if (typeof sealed !== 'object' || sealed === null) return undefined;
  const s = sealed as Partial<SealedRecord>;
  if (!(s.iv instanceof Uint8Array) || !(s.ciphertext instanceof Uint8Array)) return undefined;
  let v: unknown;
  try {
    v = await openRecord(key, { iv: s.iv, ciphertext: s.ciphertext }, kind === 'head' ? HEAD_AAD : CHECKPOINT_AAD);
  } catch {
    return undefined;
  }
  const o = v as Record<string, unknown> | null;
  if (!o || !isSafeNat(o.seq) || typeof o.hash !== 'string' || !HASH_HEX.test(o.hash)) return undefined;
  if (o.at !== undefined && !isSafeNat(o.at)) return undefined;
  return { seq: o.seq, hash: o.hash, ...(o.at !== undefined ? { at: o.at as number } : {}) };
}
