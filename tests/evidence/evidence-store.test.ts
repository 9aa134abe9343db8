/**
 * The store over fake-indexeddb (a fresh IDBFactory per test, passed explicitly). Expected
 * hashes are recomputed here with Node's crypto from the layout documented in hash-chain.ts.
 */
import { createHash, webcrypto } from 'node:crypto';
import { IDBObjectStore as FakeObjectStore } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EvidenceStore } from '../../src/evidence/evidence-store';
import type { VerificationDraft } from '../../src/evidence/evidence-record';
import { clock, draftFor, flattenStored, freshStore, rawAll, rawEntry, SECRETS } from './evidence-helpers';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function u64be(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(n));
  return b;
}
function tag(s: string): Buffer {
  return Buffer.concat([Buffer.from(s, 'ascii'), Buffer.of(0)]);
}
function sha256Hex(...parts: Uint8Array[]): string {
  return createHash('sha256').update(Buffer.concat(parts)).digest('hex').toUpperCase();
}

/** Remove hex tokens and UUIDs (they may contain any short digit string by chance) before looking for 4-digit PINs. */
function withoutTokens(text: string): string {
  return text.replace(/[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}/g, '').replace(/[0-9A-F]{16,}/g, '');
}

function expectNoSecrets(texts: readonly string[]): void {
  for (const t of texts) {
    for (const s of [SECRETS.myNumber, SECRETS.codeB]) expect(t).not.toContain(s);
    for (const pin of SECRETS.pins) expect(withoutTokens(t)).not.toContain(pin);
  }
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('append and list', () => {
  it('round-trips records of every purpose, assigning id, seq and createdAt', async () => {
    const c = clock();
    const { store } = await freshStore({ now: c.now });
    const drafts: VerificationDraft[] = [];
    for (const p of ['counter', 'age', 'field', 'bank'] as const) {
      const d = await draftFor(p);
      drafts.push(d);
      await store.append(d);
      c.advanceDays(1);
    }
    const records = await store.list();
    expect(records.map((r) => r.seq)).toEqual([1, 2, 3, 4]);
    records.forEach((r, i) => {
      const { id, seq, createdAt, ...rest } = r;
      expect(rest).toEqual(drafts[i]);
      expect(id).toMatch(UUID_V4);
      expect(seq).toBe(i + 1);
      // clock() starts at NOW + 2 min = 12:02 JST, one day per record.
      expect(createdAt).toBe(`2026-11-${20 + i}T12:02:00.000+09:00`);
    });
    expect(new Set(records.map((r) => r.id)).size).toBe(4);
    expect(await store.verifyChain()).toMatchObject({ ok: true, count: 4, erased: 0 });
    store.close();
  });

  it('personal fields are stored for a counter check and absent for an age check', async () => {
    const { store } = await freshStore();
    await store.append(await draftFor('counter'));
    await store.append(await draftFor('age'));
    const [counter, age] = await store.list();
    expect(counter!.kind === 'verification' && counter!.personal).toEqual({ name: '山田　花子', address: '東京都千代田区かざす町一丁目２番３号', birthDate: '1980-02-17' });
    expect(age!.kind === 'verification' && age!.personal).toBeUndefined();
    expect(age!.kind === 'verification' && age!.ageAnswers).toEqual({ over18: true, over20: true });
  });

  it('stores entries in the documented hash layout (recomputed independently) and encrypts with the documented associated data', async () => {
    const { factory, dbName, store } = await freshStore();
    const first = await store.append(await draftFor('counter'));
    await store.append(await draftFor('age'));
    const key = (await rawAll(factory, dbName, 'keys'))[0]!.value as CryptoKey;
    let prev = '0'.repeat(64);
    for (const seq of [1, 2]) {
      const e = await rawEntry(factory, dbName, seq);
      const iv = e.iv as Uint8Array;
      const ct = e.ciphertext as Uint8Array;
      const lenCt = Buffer.alloc(4);
      lenCt.writeUInt32BE(ct.length);
      const digest = sha256Hex(tag('kazasu/evidence/payload/v1'), Buffer.of(iv.length), iv, lenCt, ct);
      expect(e.payloadDigest).toBe(digest);
      expect(e.prevHash).toBe(prev);
      expect(e.hash).toBe(sha256Hex(tag('kazasu/evidence/entry/v1'), u64be(seq), Buffer.from(prev, 'hex'), u64be(e.retainUntil as number), Buffer.from(digest, 'hex')));
      // Decrypt with Node's WebCrypto and the documented additional data.
      const plain = await webcrypto.subtle.decrypt(
        { name: 'AES-GCM', iv, additionalData: Buffer.concat([tag('kazasu/evidence/record/v1'), u64be(seq), u64be(e.retainUntil as number)]) },
        key,
        ct,
      );
      const record = JSON.parse(new TextDecoder().decode(plain));
      expect(record.seq).toBe(seq);
      expect(Date.parse(record.retentionUntil)).toBe(e.retainUntil);
      if (seq === 1) expect(record.id).toBe(first.id);
      prev = e.hash as string;
    }
  });

  it('serialises concurrent appends: consecutive seqs, a valid chain', async () => {
    const { store } = await freshStore();
    const drafts = await Promise.all((['counter', 'age', 'field', 'bank', 'age', 'counter'] as const).map((p) => draftFor(p)));
    const stored = await Promise.all(drafts.map((d) => store.append(d)));
    expect(stored.map((r) => r.seq).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await store.verifyChain()).toMatchObject({ ok: true, count: 6 });
  });

  it('two stores on one database (two tabs) append concurrently without breaking the chain', async () => {
    const { factory, dbName, store: a } = await freshStore();
    const b = await EvidenceStore.open({ indexedDB: factory, dbName });
    const d = await draftFor('age');
    await Promise.all([a.append(d), b.append(d), a.append(d), b.append(d)]);
    expect((await a.list()).map((r) => r.seq)).toEqual([1, 2, 3, 4]);
    expect(await b.verifyChain()).toMatchObject({ ok: true, count: 4 });
  });

  it('refuses a draft with forbidden data and writes nothing', async () => {
    const { factory, dbName, store } = await freshStore();
    const d = await draftFor('counter');
    const leaky = { ...d, personal: { ...d.personal, address: `${d.personal!.address}（${SECRETS.codeB}）` } };
    await expect(store.append(leaky)).rejects.toMatchObject({ code: 'evidence-forbidden-data', kind: 'code-b-like' });
    const withPin = { ...d, staffConfirmations: { ...d.staffConfirmations, operatorPin: '1234' } } as unknown as VerificationDraft;
    await expect(store.append(withPin)).rejects.toMatchObject({ code: 'evidence-forbidden-data', kind: 'credential-field' });
    expect(await rawAll(factory, dbName, 'entries')).toEqual([]);
    expect(await rawAll(factory, dbName, 'meta')).toEqual([]);
  });

  it('refuses a hand-made draft that would not read back (bad retention date)', async () => {
    const { factory, dbName, store } = await freshStore();
    const d = { ...(await draftFor('age')), retentionUntil: 'next year' };
    await expect(store.append(d)).rejects.toMatchObject({ code: 'evidence-invalid-input' });
    expect(await rawAll(factory, dbName, 'entries')).toEqual([]);
  });

  it('append() refuses resolution drafts', async () => {
    const { store } = await freshStore();
    const d = { ...(await draftFor('age')), kind: 'revocation-resolution' } as unknown as VerificationDraft;
    await expect(store.append(d)).rejects.toMatchObject({ code: 'evidence-invalid-input' });
  });
});

describe('an aborted write leaves no partial record', () => {
  async function abortCase(arm: (original: typeof FakeObjectStore.prototype.put, originalAdd: typeof FakeObjectStore.prototype.add) => void) {
    const { factory, dbName, store } = await freshStore();
    await store.append(await draftFor('counter'));
    await store.append(await draftFor('age'));
    const entriesBefore = await rawAll(factory, dbName, 'entries');
    const metaBefore = await rawAll(factory, dbName, 'meta');
    arm(FakeObjectStore.prototype.put, FakeObjectStore.prototype.add);
    await expect(store.append(await draftFor('field'))).rejects.toMatchObject({ code: 'evidence-write-aborted' });
    vi.restoreAllMocks();
    expect(await rawAll(factory, dbName, 'entries')).toEqual(entriesBefore);
    expect(await rawAll(factory, dbName, 'meta')).toEqual(metaBefore);
    expect((await store.list()).map((r) => r.seq)).toEqual([1, 2]);
    expect(await store.verifyChain()).toMatchObject({ ok: true, count: 2 });
    // The next append continues the chain normally.
    expect((await store.append(await draftFor('field'))).seq).toBe(3);
    expect(await store.verifyChain()).toMatchObject({ ok: true, count: 3 });
  }

  it('abort between writing the entry and advancing the head', async () => {
    await abortCase((put) => {
      vi.spyOn(FakeObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
        if (this.name === 'meta' && key === 'head') {
          this.transaction.abort();
          return undefined as unknown as IDBRequest<IDBValidKey>;
        }
        return put.call(this, value, key);
      });
    });
  });

  it('abort right after the entry was added', async () => {
    await abortCase((_put, add) => {
      vi.spyOn(FakeObjectStore.prototype, 'add').mockImplementation(function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
        const r = add.call(this, value, key);
        if (this.name === 'entries') this.transaction.abort();
        return r;
      });
    });
  });

  it('a failing request (entry key already taken) aborts the whole transaction', async () => {
    await abortCase((_put, add) => {
      vi.spyOn(FakeObjectStore.prototype, 'add').mockImplementation(function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
        // Re-add an existing seq: ConstraintError, which aborts the transaction.
        return this.name === 'entries' ? add.call(this, { ...(value as object), seq: 1 }, key) : add.call(this, value, key);
      });
    });
  });
});

describe('no My Number, 照合番号B or PIN anywhere', () => {
  it('not in the stored bytes, the decrypted records, or the exports', async () => {
    const { factory, dbName, store } = await freshStore();
    for (const p of ['counter', 'age', 'field', 'bank'] as const) await store.append(await draftFor(p));
    const stored: string[] = [];
    for (const name of ['entries', 'meta', 'keys']) flattenStored((await rawAll(factory, dbName, name)).map((x) => x.value), stored);
    // Sanity: the flattening does see plaintext when there is some (the hashes, the keys of entries).
    expect(stored.join('\n')).toContain('payloadDigest');
    // Personal data is encrypted at rest too.
    expect(stored.join('\n')).not.toContain('山田');
    const records = JSON.stringify(await store.list());
    expect(records).toContain('山田'); // the counter record does keep the name, decrypted
    const json = await store.exportJson();
    const csv = await store.exportCsv();
    expectNoSecrets([...stored, records, json, csv]);
    // No member or column names a credential or the My Number ('mynumber-card' as a document type value is fine).
    for (const t of [records, json]) expect(t).not.toMatch(/"[^"]*(pin|password|myNumber|codeB|照合番号|暗証)[^"]*":/i);
    expect(csv.split('\r\n')[0]).not.toMatch(/pin|password|myNumber|codeB|照合番号|暗証/i);
  });

  it('an age-only store holds no birth date, name or address even in its exports', async () => {
    const { store } = await freshStore();
    await store.append(await draftFor('age'));
    const all = [JSON.stringify(await store.list()), await store.exportJson(), await store.exportCsv()];
    for (const t of all) {
      for (const s of ['1980-02-17', '1980', SECRETS.birthDateKey, '山田', '千代田']) expect(t).not.toContain(s);
    }
  });
});
