/**
 * Questions left pending offline are answered when the kiosk is online again: the kiosk's checker
 * (here: CRLs from the test server on 127.0.0.1) answers, a `revocation-resolution` record is
 * appended (hash-chained, the original untouched), and the history's amended outcome follows it.
 */
import 'reflect-metadata';
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { resolveOpenRevocations } from '../../src/app/revocation/pending-resolution';
import { KioskRevocationChecker } from '../../src/app/revocation/kiosk-revocation-checker';
import { documentDriver } from '../../src/documents/registry';
import { amendedOutcome } from '../../src/evidence/evidence-amendment';
import type { VerificationEvidenceRecord } from '../../src/evidence/evidence-record';
import { simJpkiRoot } from '../../src/sim/pki/sim-hierarchy';
import { startCrlServer, type CrlServer } from '../../src/sim/revocation/crl-server';
import { CrlRevocationChecker } from '../../src/verify/revocation/crl-client';
import { MemoryCrlCache } from '../../src/verify/revocation/crl-cache';
import { OfflineRevocationChecker } from '../../src/verify/revocation/offline-checker';
import { parseJpkiCertificateSummary } from '../../src/verify/jpki/jpki-certificate-summary';
import { clock, draftFor, freshStore, rawEntry } from '../evidence/evidence-helpers';
import { card } from '../verify-flows/flow-helpers';

let server: CrlServer;
let issuers: Uint8Array[];
let now = new Date();

beforeAll(async () => {
  const roots = await Promise.all([simJpkiRoot('sign', 'gen1'), simJpkiRoot('auth', 'gen1')]);
  issuers = roots.map((r) => r.certificate);
  server = await startCrlServer({ crls: { sign: { issuer: roots[0]!, entries: [] }, auth: { issuer: roots[1]!, entries: [] } }, now: () => now });
});
afterAll(() => server.close());

const crlChecker = (online: () => boolean) =>
  new KioskRevocationChecker([
    new CrlRevocationChecker({ urlFor: (p) => server.url(p), useCertificateDistributionPoint: false, fetch: (u, i) => fetch(u, i), cache: new MemoryCrlCache(), isOnline: online }),
  ]);

describe('resolving pending questions into the evidence', () => {
  it('offline: nothing is appended; online: each question gets one answer record and the outcome is amended', async () => {
    const c = clock();
    now = c.now();
    const { store, factory, dbName } = await freshStore({ now: c.now });
    const bank = await store.append(await draftFor('bank'));
    const field = await store.append(await draftFor('field'));
    expect(bank.outcome).toBe('incomplete');
    const original = await rawEntry(factory, dbName, 1);

    let online = false;
    const offline = await resolveOpenRevocations({ store, checker: crlChecker(() => online), issuers, operatorId: 'clerk-07', now: c.now });
    expect(offline).toEqual({ resolved: 0, open: 2 });
    expect(await store.list()).toHaveLength(2);

    online = true;
    const back = await resolveOpenRevocations({ store, checker: crlChecker(() => online), issuers, operatorId: 'clerk-07', now: c.now });
    expect(back).toEqual({ resolved: 2, open: 0 });
    const records = await store.list();
    expect(records.map((r) => r.kind)).toEqual(['verification', 'verification', 'revocation-resolution', 'revocation-resolution']);
    expect(records[2]).toMatchObject({ refersTo: bank.id, checkId: 'jpki.sign.revocation', operatorId: 'clerk-07', result: { revocation: 'good', status: 'pass', source: 'crl' } });
    expect(await store.pendingRevocations()).toEqual([]);
    expect((await store.verifyChain()).ok).toBe(true);
    // Append-only: the original entry is byte-for-byte what it was.
    expect(await rawEntry(factory, dbName, 1)).toEqual(original);
    const required = documentDriver('mynumber-card')!.purposes.bank!.requiredChecks;
    expect(amendedOutcome(records[0] as VerificationEvidenceRecord, records, required)).toMatchObject({ outcome: 'verified', amended: true });
    // Without the purpose's required checks, a skipped check (the My Number digest, not read) keeps it incomplete.
    expect(amendedOutcome(records[0] as VerificationEvidenceRecord, records)).toMatchObject({ outcome: 'incomplete', amended: false });
    expect(amendedOutcome(records[1] as VerificationEvidenceRecord, records)).toMatchObject({ outcome: field.outcome, amended: false });

    // Nothing left to ask: a second run appends nothing.
    expect(await resolveOpenRevocations({ store, checker: crlChecker(() => true), issuers, operatorId: 'clerk-07', now: c.now })).toEqual({ resolved: 0, open: 0 });
    expect(await store.list()).toHaveLength(4);
  });

  it('a revoked answer amends the outcome to failed; a checker that still cannot answer appends nothing', async () => {
    const c = clock();
    now = c.now();
    const { store } = await freshStore({ now: c.now });
    const bank = await store.append(await draftFor('bank'));
    expect(await resolveOpenRevocations({ store, checker: new OfflineRevocationChecker(), issuers, operatorId: 'clerk-07', now: c.now })).toEqual({ resolved: 0, open: 1 });
    const serialHex = parseJpkiCertificateSummary((await card('default')).certificates.sign!).serialHex;
    const sign = await simJpkiRoot('sign', 'gen1');
    server.setCrl('sign', { issuer: sign, entries: [{ serialHex, revokedAt: new Date(now.getTime() - 86_400_000), reason: 'keyCompromise' }] });
    expect(await resolveOpenRevocations({ store, checker: crlChecker(() => true), issuers, operatorId: 'clerk-07', now: c.now })).toEqual({ resolved: 1, open: 0 });
    const records = await store.list();
    expect(records[1]).toMatchObject({ refersTo: bank.id, result: { revocation: 'revoked', status: 'fail', code: 'revoked', revocationReason: 'keyCompromise' } });
    expect(amendedOutcome(records[0] as VerificationEvidenceRecord, records)).toMatchObject({ outcome: 'failed', amended: true });
  });
});
