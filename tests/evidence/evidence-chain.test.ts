/**
 * Tampering with the stored chain, as someone with write access to the IndexedDB files but not
 * the key would. Every edit must make verifyChain fail at the right seq. Where the attacker
 * "fixes up" hashes, they are recomputed here with Node's crypto from the documented layout.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { EvidenceStore } from '../../src/evidence/evidence-store';
import { draftFor, freshStore, rawAll, rawEntry, rawWrite } from './evidence-helpers';

type Raw = Record<string, unknown>;

function u64be(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(n));
  return b;
}
const tag = (s: string) => Buffer.concat([Buffer.from(s, 'ascii'), Buffer.of(0)]);
const sha = (...p: Uint8Array[]) => createHash('sha256').update(Buffer.concat(p)).digest('hex').toUpperCase();

function payloadDigest(iv: Uint8Array, ct: Uint8Array): string {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(ct.length);
  return sha(tag('kazasu/evidence/payload/v1'), Buffer.of(iv.length), iv, len, ct);
}
function entryHash(seq: number, prevHash: string, retainUntil: number, digest: string): string {
  return sha(tag('kazasu/evidence/entry/v1'), u64be(seq), Buffer.from(prevHash, 'hex'), u64be(retainUntil), Buffer.from(digest, 'hex'));
}
/** Recompute digest and hash of an entry (and its successors' links) the way an attacker would. */
function rehash(e: Raw, prevHash: string): Raw {
  const digest = e.iv ? payloadDigest(e.iv as Uint8Array, e.ciphertext as Uint8Array) : (e.payloadDigest as string);
  return { ...e, prevHash, payloadDigest: digest, hash: entryHash(e.seq as number, prevHash, e.retainUntil as number, digest) };
}

async function chainOf(n = 4): Promise<{ store: EvidenceStore; factory: IDBFactory; dbName: string }> {
  const s = await freshStore();
  const purposes = ['counter', 'age', 'field', 'bank', 'counter', 'age'] as const;
  for (let i = 0; i < n; i++) await s.store.append(await draftFor(purposes[i]!));
  expect(await s.store.verifyChain()).toMatchObject({ ok: true, count: n });
  return s;
}

function flip(bytes: Uint8Array, at: number): Uint8Array {
  const out = bytes.slice();
  out[at]! ^= 0x01;
  return out;
}

describe('editing any field of an entry breaks verification at that entry', () => {
  const edits: [string, (e: Raw) => Raw, string][] = [
    ['prevHash', (e) => ({ ...e, prevHash: '1'.repeat(64) }), 'broken-link'],
    ['hash', (e) => ({ ...e, hash: 'F'.repeat(64) }), 'hash-mismatch'],
    ['payloadDigest', (e) => ({ ...e, payloadDigest: 'A'.repeat(64) }), 'hash-mismatch'],
    ['retainUntil', (e) => ({ ...e, retainUntil: (e.retainUntil as number) - 86_400_000 }), 'hash-mismatch'],
    ['iv', (e) => ({ ...e, iv: flip(e.iv as Uint8Array, 5) }), 'payload-mismatch'],
    ['ciphertext (first byte)', (e) => ({ ...e, ciphertext: flip(e.ciphertext as Uint8Array, 0) }), 'payload-mismatch'],
    ['ciphertext (GCM tag)', (e) => ({ ...e, ciphertext: flip(e.ciphertext as Uint8Array, (e.ciphertext as Uint8Array).length - 1) }), 'payload-mismatch'],
    ['ciphertext truncated', (e) => ({ ...e, ciphertext: (e.ciphertext as Uint8Array).slice(0, -1) }), 'payload-mismatch'],
    ['erasedAt added to a live entry', (e) => ({ ...e, iv: undefined, ciphertext: undefined, erasedAt: 1 }), 'premature-erase'],
    ['a string where bytes belong', (e) => ({ ...e, ciphertext: 'x' }), 'malformed-entry'],
  ];
  for (const seq of [1, 3]) {
    for (const [field, edit, reason] of edits) {
      it(`seq ${seq}: ${field} → ${reason}`, async () => {
        const { store, factory, dbName } = await chainOf(4);
        const e = await rawEntry(factory, dbName, seq);
        await rawWrite(factory, dbName, 'entries', (s) => s.put(edit(e)));
        expect(await store.verifyChain()).toMatchObject({ ok: false, firstBadSeq: seq, reason });
      });
    }
  }

  it('a re-encrypted-looking edit with digest and hash fixed up is caught by AES-GCM', async () => {
    const { store, factory, dbName } = await chainOf(4);
    const e = await rawEntry(factory, dbName, 2);
    const forged = rehash({ ...e, ciphertext: flip(e.ciphertext as Uint8Array, 10) }, e.prevHash as string);
    await rawWrite(factory, dbName, 'entries', (s) => s.put(forged));
    expect(await store.verifyChain()).toMatchObject({ ok: false, firstBadSeq: 2, reason: 'decrypt-failed' });
  });

  it('moving the retention date earlier and re-hashing the rest of the chain is caught (it is bound into the ciphertext)', async () => {
    const { store, factory, dbName } = await chainOf(4);
    let prev = (await rawEntry(factory, dbName, 1)).hash as string;
    const rewritten: Raw[] = [];
    for (const seq of [2, 3, 4]) {
      let e = await rawEntry(factory, dbName, seq);
      if (seq === 2) e = { ...e, retainUntil: 0 };
      e = rehash(e, prev);
      rewritten.push(e);
      prev = e.hash as string;
    }
    await rawWrite(factory, dbName, 'entries', (s) => rewritten.forEach((e) => s.put(e)));
    expect(await store.verifyChain()).toMatchObject({ ok: false, firstBadSeq: 2, reason: 'decrypt-failed' });
  });

  it('the last entry re-hashed consistently still disagrees with the sealed head', async () => {
    const { store, factory, dbName } = await chainOf(3);
    const e = await rawEntry(factory, dbName, 3);
    // Erase it early as an attacker would, with a retention date in the past and the hash fixed up.
    const forged = rehash({ seq: 3, prevHash: e.prevHash, retainUntil: 0, payloadDigest: e.payloadDigest, erasedAt: 1 }, e.prevHash as string);
    await rawWrite(factory, dbName, 'entries', (s) => s.put(forged));
    expect(await store.verifyChain()).toMatchObject({ ok: false, firstBadSeq: 3, reason: 'head-mismatch' });
  });
});

describe('deleting, reordering and inserting entries', () => {
  it('deleting a middle entry', async () => {
    const { store, factory, dbName } = await chainOf(4);
    await rawWrite(factory, dbName, 'entries', (s) => s.delete(2));
    expect(await store.verifyChain()).toMatchObject({ ok: false, firstBadSeq: 2, reason: 'missing-entry' });
  });

  it('deleting the first entry', async () => {
    const { store, factory, dbName } = await chainOf(4);
    await rawWrite(factory, dbName, 'entries', (s) => s.delete(1));
    expect(await store.verifyChain()).toMatchObject({ ok: false, firstBadSeq: 1, reason: 'missing-entry' });
  });

  it('deleting the last entry', async () => {
    const { store, factory, dbName } = await chainOf(4);
    await rawWrite(factory, dbName, 'entries', (s) => s.delete(4));
    expect(await store.verifyChain()).toMatchObject({ ok: false, firstBadSeq: 4, reason: 'missing-entry' });
  });

  it('deleting the middle entry and renumbering the rest with hashes fixed up', async () => {
    const { store, factory, dbName } = await chainOf(4);
    const e1 = await rawEntry(factory, dbName, 1);
    const e3 = rehash({ ...(await rawEntry(factory, dbName, 3)), seq: 2 }, e1.hash as string);
    const e4 = rehash({ ...(await rawEntry(factory, dbName, 4)), seq: 3 }, e3.hash as string);
    await rawWrite(factory, dbName, 'entries', (s) => {
      s.put(e3);
      s.put(e4);
      s.delete(4);
    });
    expect(await store.verifyChain()).toMatchObject({ ok: false, firstBadSeq: 2, reason: 'decrypt-failed' });
  });

  it('deleting the head pointer', async () => {
    const { store, factory, dbName } = await chainOf(2);
    await rawWrite(factory, dbName, 'meta', (s) => s.delete('head'));
    expect(await store.verifyChain()).toMatchObject({ ok: false, firstBadSeq: 1, reason: 'head-missing' });
  });

  it('swapping two entries (contents moved, keys kept)', async () => {
    const { store, factory, dbName } = await chainOf(4);
    const e2 = await rawEntry(factory, dbName, 2);
    const e3 = await rawEntry(factory, dbName, 3);
    await rawWrite(factory, dbName, 'entries', (s) => {
      s.put({ ...e3, seq: 2 });
      s.put({ ...e2, seq: 3 });
    });
    expect(await store.verifyChain()).toMatchObject({ ok: false, firstBadSeq: 2, reason: 'broken-link' });
  });

  it('swapping two entries with every link and hash fixed up', async () => {
    const { store, factory, dbName } = await chainOf(4);
    const e1 = await rawEntry(factory, dbName, 1);
    const e2 = await rawEntry(factory, dbName, 2);
    const e3 = await rawEntry(factory, dbName, 3);
    const n2 = rehash({ ...e3, seq: 2 }, e1.hash as string);
    const n3 = rehash({ ...e2, seq: 3 }, n2.hash as string);
    const n4 = rehash(await rawEntry(factory, dbName, 4), n3.hash as string);
    await rawWrite(factory, dbName, 'entries', (s) => [n2, n3, n4].forEach((e) => s.put(e)));
    expect(await store.verifyChain()).toMatchObject({ ok: false, firstBadSeq: 2, reason: 'decrypt-failed' });
  });

  it('inserting a copy of an entry in the middle, later entries shifted and re-hashed', async () => {
    const { store, factory, dbName } = await chainOf(4);
    const e = [1, 2, 3, 4].map(() => ({}) as Raw);
    for (const seq of [1, 2, 3, 4]) e[seq - 1] = await rawEntry(factory, dbName, seq);
    // New chain: 1, 2, copy-of-2 as 3, old 3 as 4, old 4 as 5.
    const ins = rehash({ ...e[1]!, seq: 3 }, e[1]!.hash as string);
    const s4 = rehash({ ...e[2]!, seq: 4 }, ins.hash as string);
    const s5 = rehash({ ...e[3]!, seq: 5 }, s4.hash as string);
    await rawWrite(factory, dbName, 'entries', (s) => [ins, s4, s5].forEach((x) => s.put(x)));
    expect(await store.verifyChain()).toMatchObject({ ok: false, firstBadSeq: 3, reason: 'decrypt-failed' });
  });

  it('appending an entry after the head', async () => {
    const { store, factory, dbName } = await chainOf(3);
    const e3 = await rawEntry(factory, dbName, 3);
    const extra = rehash({ ...e3, seq: 4 }, e3.hash as string);
    await rawWrite(factory, dbName, 'entries', (s) => s.put(extra));
    expect(await store.verifyChain()).toMatchObject({ ok: false, firstBadSeq: 4, reason: 'unexpected-entry' });
  });

  it('inserting an entry under a key between two seqs', async () => {
    const { store, factory, dbName } = await chainOf(3);
    const e2 = await rawEntry(factory, dbName, 2);
    await rawWrite(factory, dbName, 'entries', (s) => s.put({ ...e2, seq: 2.5 }));
    expect(await store.verifyChain()).toMatchObject({ ok: false, firstBadSeq: 3, reason: 'unexpected-entry' });
  });

  it('a forged or edited head pointer', async () => {
    const { store, factory, dbName } = await chainOf(2);
    const [head] = (await rawAll(factory, dbName, 'meta')).filter((m) => m.key === 'head');
    const h = head!.value as { iv: Uint8Array; ciphertext: Uint8Array };
    await rawWrite(factory, dbName, 'meta', (s) => s.put({ iv: h.iv, ciphertext: flip(h.ciphertext, 3) }, 'head'));
    expect(await store.verifyChain()).toMatchObject({ ok: false, reason: 'head-invalid' });
    // And the store refuses to append onto a head it cannot authenticate.
    await expect(store.append(await draftFor('age'))).rejects.toMatchObject({ code: 'evidence-chain-invalid' });
  });

  it('list() still returns the records that authenticate when one entry is broken', async () => {
    const { store, factory, dbName } = await chainOf(4);
    const e = await rawEntry(factory, dbName, 2);
    await rawWrite(factory, dbName, 'entries', (s) => s.put({ ...e, ciphertext: flip(e.ciphertext as Uint8Array, 1) }));
    expect((await store.list()).map((r) => r.seq)).toEqual([1, 3, 4]);
    const exported = JSON.parse(await store.exportJson());
    expect(exported.chain).toMatchObject({ ok: false, firstBadSeq: 2 });
    expect(exported.records.map((r: { seq: number }) => r.seq)).toEqual([1, 3, 4]);
  });
});
