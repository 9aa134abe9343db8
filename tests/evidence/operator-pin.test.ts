/**
 * The history screen's operator PIN. PBKDF2 runs at the real cost (310,000 iterations), so this
 * file takes a few seconds. The stored hash is recomputed with Node's own pbkdf2.
 */
import { pbkdf2Sync } from 'node:crypto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { lockDelayMs, openOperatorPinStore, PBKDF2_MIN_ITERATIONS } from '../../src/evidence/operator-pin';
import { flattenStored, rawAll } from './evidence-helpers';

const PIN = '480372';
const DB = 'kazasu-operator-pin';

async function setup() {
  let t = Date.parse('2026-11-20T03:00:00Z');
  const factory = new IDBFactory();
  const clock = { now: () => t, advance: (ms: number) => (t += ms) };
  const store = await openOperatorPinStore({ indexedDB: factory, now: clock.now });
  return { factory, store, clock };
}

describe('operator PIN', () => {
  it('is stored as salt + PBKDF2-SHA-256 (≥ 310,000 iterations), never as the PIN', async () => {
    const { factory, store } = await setup();
    expect(await store.isSet()).toBe(false);
    await store.set(PIN);
    expect(await store.isSet()).toBe(true);
    const [rec] = await rawAll(factory, DB, 'operator-pin');
    const v = rec!.value as { iterations: number; salt: Uint8Array; derived: Uint8Array; algorithm: string };
    expect(v.algorithm).toBe('PBKDF2-SHA-256');
    expect(v.iterations).toBeGreaterThanOrEqual(310_000);
    expect(v.salt).toHaveLength(16);
    expect(Buffer.from(v.derived).toString('hex')).toBe(pbkdf2Sync(PIN, v.salt, v.iterations, 32, 'sha256').toString('hex'));
    for (const text of flattenStored(rec!.value)) expect(text).not.toContain(PIN);

    // Same PIN, another device: another salt, another hash.
    const other = await setup();
    await other.store.set(PIN);
    const [rec2] = await rawAll(other.factory, DB, 'operator-pin');
    expect((rec2!.value as { salt: Uint8Array }).salt).not.toEqual(v.salt);
  });

  it('accepts the right PIN and refuses a wrong one, counting down', async () => {
    const { store } = await setup();
    await store.set(PIN);
    expect(await store.check(PIN)).toEqual({ ok: true });
    expect(await store.check('480373')).toEqual({ ok: false, attemptsLeft: 4 });
    expect(await store.check('')).toEqual({ ok: false, attemptsLeft: 3 });
    // A right PIN resets the count.
    expect(await store.check(PIN)).toEqual({ ok: true });
    expect(await store.check('000000')).toEqual({ ok: false, attemptsLeft: 4 });
  });

  it('locks after 5 wrong PINs, for a delay that grows; the right PIN is refused while locked', async () => {
    const { factory, store, clock } = await setup();
    await store.set(PIN);
    for (const left of [4, 3, 2, 1]) expect(await store.check('111111')).toEqual({ ok: false, attemptsLeft: left });
    expect(await store.check('111111')).toEqual({ ok: false, retryAfterMs: 30_000, attemptsLeft: 0 });
    clock.advance(10_000);
    expect(await store.check(PIN)).toEqual({ ok: false, retryAfterMs: 20_000, attemptsLeft: 0 });

    // The lock survives reopening (state is in IndexedDB, not in memory).
    const reopened = await openOperatorPinStore({ indexedDB: factory, now: clock.now });
    expect(await reopened.check(PIN)).toEqual({ ok: false, retryAfterMs: 20_000, attemptsLeft: 0 });

    clock.advance(20_000);
    expect(await reopened.check('222222')).toEqual({ ok: false, retryAfterMs: 60_000, attemptsLeft: 0 });
    clock.advance(60_000);
    expect(await reopened.check('333333')).toEqual({ ok: false, retryAfterMs: 120_000, attemptsLeft: 0 });
    clock.advance(120_000);
    expect(await reopened.check(PIN)).toEqual({ ok: true });
    expect(await reopened.check('444444')).toEqual({ ok: false, attemptsLeft: 4 });
  });

  it('parallel wrong guesses are counted one by one', async () => {
    const { store } = await setup();
    await store.set(PIN);
    const results = await Promise.all(['1', '2', '3', '4', '5', '6'].map((d) => store.check(d.repeat(6))));
    expect(results.map((r) => (r.ok ? 'ok' : `${r.attemptsLeft}/${r.retryAfterMs ?? '-'}`))).toEqual(['4/-', '3/-', '2/-', '1/-', '0/30000', '0/30000']);
  });

  it('lock delays: 30 s doubling, capped at 24 h', () => {
    expect([4, 5, 6, 7, 8].map(lockDelayMs)).toEqual([0, 30_000, 60_000, 120_000, 240_000]);
    expect(lockDelayMs(40)).toBe(24 * 3600_000);
  });

  it('refuses malformed PINs, silent replacement, checks before set, and weak parameters', async () => {
    const { store, factory } = await setup();
    await expect(store.check(PIN)).rejects.toMatchObject({ code: 'operator-pin-not-set' });
    for (const bad of ['12345', 'abcdef', '1234567890123456789', '12 3456']) {
      await expect(store.set(bad)).rejects.toMatchObject({ code: 'operator-pin-format' });
    }
    await store.set(PIN);
    await expect(store.set('999999')).rejects.toMatchObject({ code: 'operator-pin-already-set' });
    expect(await store.check(PIN)).toEqual({ ok: true });
    await store.set('999999', { replaceExisting: true });
    expect(await store.check('999999')).toEqual({ ok: true });
    await expect(openOperatorPinStore({ indexedDB: factory, iterations: PBKDF2_MIN_ITERATIONS - 1 })).rejects.toMatchObject({ code: 'operator-pin-weak-parameters' });
  });
});
