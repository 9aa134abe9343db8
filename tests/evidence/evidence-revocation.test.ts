/**
 * Pending revocation questions (field and bank checks run offline) are answered later by
 * appending a revocation-resolution record; the original record is never touched.
 */
import { describe, expect, it } from 'vitest';
import type { RevocationResolutionRecord, VerificationEvidenceRecord } from '../../src/evidence/evidence-record';
import { OfflineRevocationChecker } from '../../src/verify/revocation/offline-checker';
import { resolvePending, type RevocationResult } from '../../src/verify/revocation/revocation-checker';
import { clock, draftFor, freshStore, rawEntry, readCheck } from './evidence-helpers';

async function setup() {
  const c = clock();
  const s = await freshStore({ now: c.now });
  const counter = await s.store.append(await draftFor('counter'));
  const field = await s.store.append(await draftFor('field'));
  const bank = await s.store.append(await draftFor('bank'));
  return { ...s, clock: c, counter, field, bank };
}

describe('pending revocations', () => {
  it('lists the field and bank questions, with the PendingRevocation the checker produced', async () => {
    const { store, field, bank } = await setup();
    const pending = await store.pendingRevocations();
    expect(pending.map((p) => `${p.record.id}/${p.checkId}/${p.attempts}`)).toEqual([`${field.id}/jpki.auth.revocation/0`, `${bank.id}/jpki.sign.revocation/0`]);
    expect(pending[0]!.pending).toEqual((await readCheck('field')).pending[0]);
  });

  it('a retry that is still pending is recorded but leaves the question open', async () => {
    const { store, field } = await setup();
    const [item] = await store.pendingRevocations();
    const again = await resolvePending(item!.pending, new OfflineRevocationChecker());
    expect(again.status).toBe('pending');
    const r = await store.appendResolution({ refersTo: field.id, checkId: 'jpki.auth.revocation', result: again, operatorId: 'staff-007' });
    expect(r).toMatchObject({ kind: 'revocation-resolution', seq: 4, refersTo: field.id, checkId: 'jpki.auth.revocation', result: { revocation: 'pending', status: 'pending', code: 'revocation-pending' } });
    const pending = await store.pendingRevocations();
    expect(pending.find((p) => p.record.id === field.id)?.attempts).toBe(1);
  });

  it('a definite answer closes the question; the original record and its entry are unchanged', async () => {
    const { store, factory, dbName, field, clock: c } = await setup();
    const entryBefore = await rawEntry(factory, dbName, 2);
    c.advanceDays(2);
    const good: RevocationResult = { status: 'good', source: 'ocsp', checkedAt: '2026-11-22T01:00:00.000Z', thisUpdate: '2026-11-22T00:00:00.000Z' };
    const r = await store.appendResolution({ refersTo: field.id, checkId: 'jpki.auth.revocation', result: good, operatorId: 'staff-007' });
    expect(r.result).toEqual({ revocation: 'good', status: 'pass', code: 'ok', source: 'ocsp', checkedAt: '2026-11-22T10:00:00.000+09:00' });
    expect(r.resolvedAt).toBe('2026-11-22T12:02:00.000+09:00');
    // Erased together with the record it answers.
    expect(r.retentionUntil).toBe(field.retentionUntil);
    expect((await store.pendingRevocations()).map((p) => p.checkId)).toEqual(['jpki.sign.revocation']);
    expect(await rawEntry(factory, dbName, 2)).toEqual(entryBefore);
    const listed = await store.list();
    expect(listed.find((x) => x.id === field.id)).toEqual(field);
    expect(await store.verifyChain()).toMatchObject({ ok: true, count: 4 });
  });

  it('a revoked answer is kept with its date and reason', async () => {
    const { store, bank } = await setup();
    const revoked: RevocationResult = { status: 'revoked', source: 'crl', checkedAt: '2026-11-21T00:00:00.000Z', revokedAt: '2026-11-19T15:00:00.000Z', reason: 'keyCompromise' };
    const r: RevocationResolutionRecord = await store.appendResolution({ refersTo: bank.id, checkId: 'jpki.sign.revocation', result: revoked, operatorId: 'staff-007' });
    expect(r.result).toEqual({
      revocation: 'revoked',
      status: 'fail',
      code: 'revoked',
      source: 'crl',
      checkedAt: '2026-11-21T09:00:00.000+09:00',
      revokedAt: '2026-11-20T00:00:00.000+09:00',
      revocationReason: 'keyCompromise',
    });
    expect((await store.pendingRevocations()).map((p) => p.checkId)).toEqual(['jpki.auth.revocation']);
  });

  it('refuses unknown records, records without that question, and the wrong check', async () => {
    const { store, counter, field } = await setup();
    const good: RevocationResult = { status: 'good', source: 'ocsp', checkedAt: '2026-11-22T01:00:00.000Z' };
    await expect(store.appendResolution({ refersTo: crypto.randomUUID(), checkId: 'jpki.auth.revocation', result: good, operatorId: 's' })).rejects.toMatchObject({ code: 'evidence-unknown-record' });
    await expect(store.appendResolution({ refersTo: counter.id, checkId: 'jpki.auth.revocation', result: good, operatorId: 's' })).rejects.toMatchObject({ code: 'evidence-not-pending' });
    await expect(store.appendResolution({ refersTo: field.id, checkId: 'jpki.sign.revocation', result: good, operatorId: 's' })).rejects.toMatchObject({ code: 'evidence-not-pending' });
    expect((await store.list()).length).toBe(3);
  });

  it('the stored verification records carry the pending question for the check that is pending', async () => {
    const { store } = await setup();
    for (const r of (await store.list()) as VerificationEvidenceRecord[]) {
      const pendingChecks = r.checks.filter((c) => c.status === 'pending').map((c) => c.id);
      expect(r.pendingRevocations.map((p) => (p.purpose === 'sign' ? 'jpki.sign.revocation' : 'jpki.auth.revocation'))).toEqual(pendingChecks);
    }
  });
});
