/**
 * The kiosk's revocation for real readers, end to end in Node: the bank check of the simulated
 * card under production trust with the simulator's anchors imported (as an operator would), CRLs
 * from the test CRL server on 127.0.0.1 fetched by the CRL worker's handler into IndexedDB
 * (fake-indexeddb), then answered from the stored list — online, offline, past nextUpdate.
 */
import 'reflect-metadata';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshCrlLists } from '../../src/app/revocation/crl-refresh';
import { kioskRevocationChecker } from '../../src/app/revocation/kiosk-revocation-checker';
import { workerCrlDownloader } from '../../src/app/revocation/worker-crl-downloader';
import { EMPTY_REVOCATION_CONFIG, type RevocationConfig } from '../../src/app/revocation/revocation-config';
import { simJpkiRoot } from '../../src/sim/pki/sim-hierarchy';
import { startCrlServer, type CrlServer } from '../../src/sim/revocation/crl-server';
import { parseJpkiCertificateSummary } from '../../src/verify/jpki/jpki-certificate-summary';
import { IndexedDbCrlCache } from '../../src/verify/revocation/crl-index-store';
import type { RevocationChecker } from '../../src/verify/revocation/revocation-checker';
import { anchorSetFromRecords } from '../../src/verify/trust/anchor-import';
import { allKnownAnchors, createTrustStore } from '../../src/verify/trust/trust-store';
import { card, CODE_B, NOW, verifyModel } from '../verify-flows/flow-helpers';
import { inProcessCrlWorker, simulatorAnchorsAsProduction } from './revocation-fixtures';

const DB = 'kazasu-crl';
let server: CrlServer;
let clock = NOW;
let imported: Awaited<ReturnType<typeof anchorSetFromRecords>>;

beforeAll(async () => {
  imported = anchorSetFromRecords(await simulatorAnchorsAsProduction(), 'production');
  const revokedSerial = parseJpkiCertificateSummary((await card('revoked-certificate')).certificates.sign!).serialHex;
  const [sign1, sign2, auth1] = await Promise.all([simJpkiRoot('sign', 'gen1'), simJpkiRoot('sign', 'gen2'), simJpkiRoot('auth', 'gen1')]);
  void sign2;
  server = await startCrlServer({
    crls: {
      sign: { issuer: sign1, entries: [{ serialHex: revokedSerial, revokedAt: new Date('2026-10-01T00:00:00Z'), reason: 'keyCompromise' }] },
      auth: { issuer: auth1, entries: [] },
    },
    now: () => clock,
  });
});
afterAll(() => server.close());

function config(): RevocationConfig {
  return { ...EMPTY_REVOCATION_CONFIG, crlUrls: { sign: server.url('sign'), auth: server.url('auth') } };
}

function issuers(kind: 'sign' | 'auth') {
  return createTrustStore('production', { imported })
    .x509Anchors.filter((a) => a.purpose === kind || a.purpose === 'any')
    .map((a) => ({ der: a.der, name: a.name }));
}

async function bank(id: string, revocation: RevocationChecker) {
  const env = { trust: createTrustStore('production', { imported }), allAnchors: allKnownAnchors({ imported }), revocation, now: () => clock };
  return verifyModel((await card(id)).model, 'bank', { codeB: CODE_B[id]!, signPassword: id === 'revoked-certificate' ? 'REVOKED79' : 'KAZASU1' }, env);
}
const signRevocation = (r: Awaited<ReturnType<typeof bank>>) => r.checks.find((c) => c.id === 'jpki.sign.revocation');

describe('CRLs fetched by the worker into IndexedDB answer the kiosk', () => {
  const idb = new IDBFactory();
  const worker = inProcessCrlWorker(idb, IDBKeyRange);
  let online = true;
  const checker = () =>
    kioskRevocationChecker({
      config: config(),
      usable: () => true,
      fetch: () => Promise.reject(new Error('not on this thread')),
      cache: new IndexedDbCrlCache({ indexedDB: idb, databaseName: DB, keyRange: IDBKeyRange }),
      download: workerCrlDownloader(worker),
      isOnline: () => online,
    });

  it('refresh: each list is verified against the imported anchor of its kind and stored; Settings gets its facts', async () => {
    clock = NOW;
    const statuses = await refreshCrlLists({ config: config(), issuers, ingest: (o) => worker.ingest(o), databaseName: DB, previous: [], now: () => clock });
    expect(statuses).toHaveLength(2);
    const sign = statuses.find((s) => s.kind === 'sign')!;
    expect(sign).toMatchObject({ url: server.url('sign'), entries: 1, thisUpdate: new Date(NOW.getTime() - 3600_000).toISOString(), nextUpdate: new Date(NOW.getTime() + 86_400_000).toISOString(), fetchedAt: NOW.toISOString() });
    expect(sign.problem).toBeUndefined();
    expect(sign.issuer).toContain('sign');
    expect(statuses.find((s) => s.kind === 'auth')).toMatchObject({ entries: 0 });
  });

  it('the bank check verifies on the stored list, and the revoked card fails', async () => {
    const good = await bank('default', checker());
    expect(signRevocation(good)).toMatchObject({ status: 'pass', code: 'ok' });
    expect(good.outcome).toBe('verified');
    const revoked = await bank('revoked-certificate', checker());
    expect(signRevocation(revoked)).toMatchObject({ status: 'fail', code: 'revoked' });
    expect(revoked.outcome).toBe('failed');
  });

  it('offline, the stored list still answers (nothing is downloaded)', async () => {
    online = false;
    const before = server.requestCount;
    const r = await bank('default', checker());
    expect(signRevocation(r)).toMatchObject({ status: 'pass' });
    expect(server.requestCount).toBe(before);
    online = true;
  });

  it('a stored list past nextUpdate gives pending offline, and pending online when the server only has a stale one — never a pass', async () => {
    clock = new Date(NOW.getTime() + 2 * 86_400_000);
    online = false;
    const offline = await bank('default', checker());
    expect(signRevocation(offline)).toMatchObject({ status: 'pending', code: 'revocation-pending' });
    expect(offline.outcome).toBe('incomplete');
    expect(offline.material.pendingRevocations).toHaveLength(1);
    expect(offline.material.pendingRevocations[0]).toMatchObject({ source: 'crl', crlUrl: server.url('sign') });
    online = true;
    server.setVariant('stale');
    const stale = await bank('default', checker());
    expect(signRevocation(stale)).toMatchObject({ status: 'pending', code: 'revocation-pending' });
    server.setVariant('normal');
    const fresh = await bank('default', checker());
    expect(signRevocation(fresh)).toMatchObject({ status: 'pass' });
    clock = NOW;
  });

  it('a list signed by no imported anchor is refused and not stored', async () => {
    server.setVariant('wrong-signer');
    const statuses = await refreshCrlLists({ config: config(), issuers, ingest: (o) => worker.ingest(o), databaseName: DB, previous: [], now: () => clock });
    expect(statuses.map((s) => s.problem)).toEqual(['crl-signature-invalid', 'crl-signature-invalid']);
    expect(statuses[0]!.entries).toBeUndefined();
    server.setVariant('normal');
  });
});
