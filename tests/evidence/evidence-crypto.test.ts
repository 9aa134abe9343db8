import { describe, expect, it } from 'vitest';
import { createEvidenceKey, isUsableEvidenceKey, openRecord, sealRecord } from '../../src/evidence/evidence-crypto';
import { EvidenceStore } from '../../src/evidence/evidence-store';
import { draftFor, freshStore, rawAll, rawWrite } from './evidence-helpers';

describe('evidence key', () => {
  it('is AES-GCM-256, encrypt/decrypt only, and cannot be exported', async () => {
    const key = await createEvidenceKey();
    expect(key.extractable).toBe(false);
    expect(key.algorithm).toMatchObject({ name: 'AES-GCM', length: 256 });
    expect([...key.usages].sort()).toEqual(['decrypt', 'encrypt']);
    await expect(crypto.subtle.exportKey('raw', key)).rejects.toThrow();
    await expect(crypto.subtle.exportKey('jwk', key)).rejects.toThrow();
    expect(isUsableEvidenceKey(key)).toBe(true);
    const extractable = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt', 'decrypt']);
    expect(isUsableEvidenceKey(extractable)).toBe(false);
  });

  it('is stored in IndexedDB as a CryptoKey that stays non-extractable after reopening', async () => {
    const { factory, dbName, store } = await freshStore();
    const first = await store.append(await draftFor('counter'));
    store.close();
    const keys = await rawAll(factory, dbName, 'keys');
    expect(keys).toHaveLength(1);
    const stored = keys[0]!.value as CryptoKey;
    expect(stored).toBeInstanceOf(CryptoKey);
    expect(stored.extractable).toBe(false);
    await expect(crypto.subtle.exportKey('raw', stored)).rejects.toThrow();
    // The reopened store finds the same key: the old record still decrypts.
    const again = await EvidenceStore.open({ indexedDB: factory, dbName });
    expect((await again.list()).map((r) => r.id)).toEqual([first.id]);
    expect(await rawAll(factory, dbName, 'keys')).toHaveLength(1);
    again.close();
  });

  it('refuses to start a new key beside records whose key is gone', async () => {
    const { factory, dbName, store } = await freshStore();
    await store.append(await draftFor('age'));
    store.close();
    await rawWrite(factory, dbName, 'keys', (s) => s.delete('evidence-key'));
    await expect(EvidenceStore.open({ indexedDB: factory, dbName })).rejects.toMatchObject({ code: 'evidence-key-missing' });
  });
});

describe('sealRecord / openRecord', () => {
  it('round-trips with a fresh 96-bit IV each time', async () => {
    const key = await createEvidenceKey();
    const record = { hello: 'かざす', n: 1 };
    const a = await sealRecord(key, record);
    const b = await sealRecord(key, record);
    expect(a.iv).toHaveLength(12);
    expect(a.iv).not.toEqual(b.iv);
    expect(a.ciphertext).not.toEqual(b.ciphertext);
    // 16-byte tag on top of the UTF-8 JSON.
    expect(a.ciphertext.length).toBe(new TextEncoder().encode(JSON.stringify(record)).length + 16);
    expect(await openRecord(key, a)).toEqual(record);
  });

  it('fails authentication on any flipped bit, another key, or other associated data', async () => {
    const key = await createEvidenceKey();
    const aad = Uint8Array.of(1, 2, 3);
    const sealed = await sealRecord(key, { x: 1 }, aad);
    for (let i = 0; i < sealed.ciphertext.length; i += 7) {
      const ct = sealed.ciphertext.slice();
      ct[i]! ^= 0x01;
      await expect(openRecord(key, { iv: sealed.iv, ciphertext: ct }, aad)).rejects.toMatchObject({ code: 'evidence-decrypt-failed' });
    }
    const iv = sealed.iv.slice();
    iv[0]! ^= 0x80;
    await expect(openRecord(key, { iv, ciphertext: sealed.ciphertext }, aad)).rejects.toMatchObject({ code: 'evidence-decrypt-failed' });
    await expect(openRecord(await createEvidenceKey(), sealed, aad)).rejects.toMatchObject({ code: 'evidence-decrypt-failed' });
    await expect(openRecord(key, sealed, Uint8Array.of(1, 2, 4))).rejects.toMatchObject({ code: 'evidence-decrypt-failed' });
    await expect(openRecord(key, sealed)).rejects.toMatchObject({ code: 'evidence-decrypt-failed' });
    expect(await openRecord(key, sealed, aad)).toEqual({ x: 1 });
  });
});
