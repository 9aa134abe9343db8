import { IDBFactory } from 'fake-indexeddb';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { anchorSetFromRecords, importCvCaKey, importX509Root } from '../../src/verify/trust/anchor-import';
import { IndexedDbAnchorRepository } from '../../src/verify/trust/indexeddb-anchor-repository';
import { createTrustStore } from '../../src/verify/trust/trust-store';

const roots = JSON.parse(readFileSync(new URL('../../src/verify/trust/data/jlis-roots.json', import.meta.url), 'utf8')) as { roots: { file: string; pem: string }[] };
const pem = (file: string) => new TextEncoder().encode(roots.roots.find((r) => r.file === file)!.pem);

describe('operator-imported anchors', () => {
  it('a J-LIS root imported in the browser store is persisted and joins production trust only', async () => {
    const repo = new IndexedDbAnchorRepository(new IDBFactory(), 'test-trust');
    expect(await repo.load()).toEqual([]);
    const record = await importX509Root(pem('auth_ca_2023.pem'), 'production', 'auth', new Date('2026-11-20T00:00:00Z'));
    // The published SHA-256 of authca03 (trust README), typed in independently.
    expect(record).toMatchObject({ kind: 'x509-root', sha256: '64:11:4F:29:62:0C:24:ED:26:31:D4:64:76:A0:40:E7:EE:74:0D:95:60:89:C0:0B:03:6A:6A:81:18:C3:22:B5' });
    await repo.save([record]);
    const loaded = await repo.load();
    expect(loaded).toEqual([record]);
    const production = createTrustStore('production', { imported: anchorSetFromRecords(loaded, 'production') });
    expect(production.x509Anchors.filter((a) => a.hierarchy === 'operator')).toHaveLength(1);
    expect(anchorSetFromRecords(loaded, 'jpki-test').x509Anchors).toEqual([]);
  });

  it('a CV CA key record needs a 16-byte id and an RSA-2048 modulus', () => {
    const modulusHex = 'C1' + '00'.repeat(254) + '01';
    expect(importCvCaKey({ keyIdHex: '36'.repeat(16), modulusHex, exponentHex: '010001' }, 'jpki-test')).toMatchObject({ kind: 'cv-ca-key' });
    expect(() => importCvCaKey({ keyIdHex: '36'.repeat(15), modulusHex, exponentHex: '010001' }, 'jpki-test')).toThrow(/16 bytes/);
    expect(() => importCvCaKey({ keyIdHex: '36'.repeat(16), modulusHex: 'C1' + '00'.repeat(200), exponentHex: '010001' }, 'jpki-test')).toThrow(/RSA-2048/);
  });
});
