/**
 * Retention: expired records are erased in place (ciphertext gone, hash kept); leading runs of
 * erased entries are compacted behind a sealed checkpoint. The chain verifies throughout.
 * Retention ends are worked out by hand from NOW (2026-11-20 12:00 JST): age +30 d = 12-20,
 * field +366 d = 2027-11-21, counter/bank +2557 d = 2033-11-20.
 */
import { describe, expect, it } from 'vitest';
import { clock, draftFor, freshStore, NOW, rawAll, rawEntry, rawWrite } from './evidence-helpers';

const DAY = 86_400_000;
const at = (iso: string) => new Date(iso);

async function setup(purposes: readonly ('counter' | 'age' | 'field' | 'bank')[]) {
  const c = clock();
  const s = await freshStore({ now: c.now });
  for (const p of purposes) await s.store.append(await draftFor(p));
  return { ...s, clock: c };
}

describe('purgeExpired', () => {
  it('erases only expired records, in place, whatever their position; the chain keeps verifying', async () => {
    const { store, factory, dbName, clock: c } = await setup(['counter', 'age', 'age', 'field', 'counter']);
    const before = await rawAll(factory, dbName, 'entries');

    // One minute before the age records expire: nothing to do.
    c.set(at('2026-12-20T11:59:00+09:00'));
    expect(await store.purgeExpired()).toEqual({ erasedSeqs: [] });

    c.set(at('2026-12-20T12:00:00+09:00'));
    expect(await store.purgeExpired()).toEqual({ erasedSeqs: [2, 3] });
    expect(await store.verifyChain()).toMatchObject({ ok: true, count: 5, erased: 2 });
    expect((await store.list()).map((r) => `${r.seq}:${r.kind === 'verification' ? r.purpose : ''}`)).toEqual(['1:counter', '4:field', '5:counter']);
    for (const seq of [2, 3]) {
      const e = await rawEntry(factory, dbName, seq);
      expect(e.iv).toBeUndefined();
      expect(e.ciphertext).toBeUndefined();
      expect(e.erasedAt).toBe(at('2026-12-20T12:00:00+09:00').getTime());
      // hash, link and retention unchanged
      const old = before.find((x) => x.key === seq)!.value as Record<string, unknown>;
      for (const k of ['prevHash', 'hash', 'payloadDigest', 'retainUntil']) expect(e[k]).toEqual(old[k]);
    }
    // Entry 1 is still live, so nothing was compacted.
    expect((await rawAll(factory, dbName, 'entries')).map((x) => x.key)).toEqual([1, 2, 3, 4, 5]);

    c.set(at('2027-11-21T12:00:00+09:00'));
    expect(await store.purgeExpired()).toEqual({ erasedSeqs: [4] });
    expect(await store.verifyChain()).toMatchObject({ ok: true, count: 5, erased: 3 });

    // Both counter records expire together: everything is erased, then compacted away.
    c.set(at('2033-11-20T12:00:00+09:00'));
    expect(await store.purgeExpired()).toEqual({ erasedSeqs: [1, 5], compactedThrough: 5 });
    expect(await rawAll(factory, dbName, 'entries')).toEqual([]);
    expect(await store.verifyChain()).toMatchObject({ ok: true, count: 0, checkpoint: { seq: 5 }, head: { seq: 5 } });
    expect(await store.list()).toEqual([]);

    // The chain continues from the checkpoint.
    const next = await store.append(await draftFor('age'));
    expect(next.seq).toBe(6);
    expect((await rawEntry(factory, dbName, 6)).prevHash).toBe((before.find((x) => x.key === 5)!.value as { hash: string }).hash);
    expect(await store.verifyChain()).toMatchObject({ ok: true, count: 1, checkpoint: { seq: 5 } });
  });

  it('compacts a leading run of erased entries behind a checkpoint', async () => {
    const { store, factory, dbName, clock: c } = await setup(['age', 'age', 'counter', 'age']);
    c.set(new Date(NOW.getTime() + 31 * DAY));
    expect(await store.purgeExpired()).toEqual({ erasedSeqs: [1, 2, 4], compactedThrough: 2 });
    expect((await rawAll(factory, dbName, 'entries')).map((x) => x.key)).toEqual([3, 4]);
    expect((await rawAll(factory, dbName, 'meta')).map((x) => x.key).sort()).toEqual(['checkpoint', 'head']);
    expect(await store.verifyChain()).toMatchObject({ ok: true, count: 2, erased: 1, checkpoint: { seq: 2 } });
  });

  it('an erased entry is checked against the verification time: erased before its retention ended → premature-erase', async () => {
    const { store, clock: c } = await setup(['counter', 'age']);
    c.set(new Date(NOW.getTime() + 31 * DAY));
    await store.purgeExpired();
    // Verifying "as of" a time before the age record expired flags the erasure.
    expect(await store.verifyChain(new Date(NOW.getTime() + 10 * DAY))).toMatchObject({ ok: false, firstBadSeq: 2, reason: 'premature-erase' });
    expect(await store.verifyChain()).toMatchObject({ ok: true });
  });

  it('refuses a purge time ahead of the store clock', async () => {
    const { store } = await setup(['age']);
    await expect(store.purgeExpired(new Date(Date.now() + 400 * DAY))).rejects.toMatchObject({ code: 'evidence-invalid-input' });
  });

  it('refuses to purge a chain that does not verify, and erases nothing', async () => {
    const { store, factory, dbName, clock: c } = await setup(['age', 'counter']);
    const e2 = await rawEntry(factory, dbName, 2);
    // An attacker moves the counter record's retention to the past to get it purged.
    await rawWrite(factory, dbName, 'entries', (s) => s.put({ ...e2, retainUntil: 0 }));
    c.set(new Date(NOW.getTime() + 31 * DAY));
    await expect(store.purgeExpired()).rejects.toMatchObject({ code: 'evidence-chain-invalid' });
    expect((await rawEntry(factory, dbName, 1)).ciphertext).toBeInstanceOf(Uint8Array);
    expect((await rawEntry(factory, dbName, 2)).ciphertext).toBeInstanceOf(Uint8Array);
  });

  it('a forged checkpoint, or an old checkpoint put back, is detected', async () => {
    const { store, factory, dbName, clock: c } = await setup(['age', 'counter', 'age', 'counter']);
    c.set(new Date(NOW.getTime() + 31 * DAY));
    await store.purgeExpired();
    const cp = (await rawAll(factory, dbName, 'meta')).find((m) => m.key === 'checkpoint')!.value as { iv: Uint8Array; ciphertext: Uint8Array };
    expect(await store.verifyChain()).toMatchObject({ ok: true, checkpoint: { seq: 1 } });

    const forged = { iv: cp.iv, ciphertext: cp.ciphertext.map((b, i) => (i === 2 ? b ^ 1 : b)) };
    await rawWrite(factory, dbName, 'meta', (s) => s.put(forged, 'checkpoint'));
    expect(await store.verifyChain()).toMatchObject({ ok: false, reason: 'checkpoint-invalid' });
    await rawWrite(factory, dbName, 'meta', (s) => s.delete('checkpoint'));
    // Without the checkpoint the walk starts at genesis and entry 1 is gone.
    expect(await store.verifyChain()).toMatchObject({ ok: false, firstBadSeq: 1, reason: 'missing-entry' });
    await rawWrite(factory, dbName, 'meta', (s) => s.put(cp, 'checkpoint'));
    expect(await store.verifyChain()).toMatchObject({ ok: true });

    // Later everything up to 2 is compacted; putting the old checkpoint (seq 1) back shows the gap.
    c.set(at('2033-11-20T12:00:00+09:00'));
    const r = await store.purgeExpired();
    expect(r.compactedThrough).toBe(4);
    await rawWrite(factory, dbName, 'meta', (s) => s.put(cp, 'checkpoint'));
    expect(await store.verifyChain()).toMatchObject({ ok: false, firstBadSeq: 2, reason: 'missing-entry' });
  });
});
