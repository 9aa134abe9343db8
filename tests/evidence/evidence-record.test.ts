/**
 * Evidence drafts built from real reports of the simulated default card. Expected values are
 * worked out by hand (times, retention dates) or recomputed with Node's own crypto.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { ForbiddenDataError } from '../../src/evidence/evidence-error';
import { DEFAULT_EVIDENCE_POLICIES, evidencePolicyFor, SEVEN_YEARS_DAYS } from '../../src/evidence/evidence-policy';
import { buildEvidenceRecord, type EvidenceContext } from '../../src/evidence/evidence-record';
import { assertNoForbiddenData, digitRunKind } from '../../src/evidence/forbidden-data';
import { toJstIso } from '../../src/evidence/jst-time';
import { PURPOSES } from '../../src/session/purposes';
import { profile } from '../verify-flows/flow-helpers';
import { CONFIRMED_AT, confirmedBy, draftFor, NOW, readCheck, SECRETS } from './evidence-helpers';

const person = profile('default').person;

async function contextFor(purposeId: 'counter' | 'age' | 'field' | 'bank', over: Partial<EvidenceContext> = {}): Promise<EvidenceContext> {
  const r = await readCheck(purposeId);
  return {
    purpose: PURPOSES[purposeId],
    policy: evidencePolicyFor(purposeId),
    kioskId: 'kiosk-tokyo-01',
    operatorId: 'staff-042',
    appVersion: '0.1.0+test',
    staffConfirmations: confirmedBy(purposeId),
    credentialEntry: 'ocr',
    cardIdentifiers: r.identifiers,
    pendingRevocations: r.pending,
    ...over,
  };
}

describe('JST times', () => {
  it('writes +09:00 with the JST wall clock', () => {
    expect(toJstIso(new Date('2026-11-20T03:00:00Z'))).toBe('2026-11-20T12:00:00.000+09:00');
    expect(toJstIso('2026-12-31T15:30:00.250Z')).toBe('2027-01-01T00:30:00.250+09:00');
    expect(() => toJstIso('not a time')).toThrow(RangeError);
  });
});

describe('counter record (犯収法: name, address, birth date, 7 years)', () => {
  it('holds the §3.5 fields from the report and the context', async () => {
    const { report, faceSignature } = await readCheck('counter');
    const d = buildEvidenceRecord(report, await contextFor('counter'));
    expect(d.kind).toBe('verification');
    expect(d.version).toBe(3);
    expect(d.purpose).toBe('counter');
    expect(d.legalMethod).toEqual({ ja: '対面・ICチップ読取と画面表示（犯収法 新イ方式）', en: 'Face to face, IC chip read and shown on screen (AML rule, new method i)' });
    // NOW = 2026-11-20T03:00Z = 12:00 JST; the flow clock is fixed so read and finish coincide.
    expect(d.presentedAt).toBe('2026-11-20T12:00:00.000+09:00');
    expect(d.readAt).toBe('2026-11-20T12:00:00.000+09:00');
    expect(d.finishedAt).toBe('2026-11-20T12:00:00.000+09:00');
    expect(d.durationMs).toBe(0);
    expect(d.transport).toBe('simulated');
    expect(d.documentType).toBe('mynumber-card');
    expect(d.outcome).toBe('verified');
    expect(d.trustMode).toBe('simulator');
    expect(d.anchors.length).toBeGreaterThan(0);
    expect(d.operatorId).toBe('staff-042');
    expect(d.kioskId).toBe('kiosk-tokyo-01');
    expect(d.credentialEntry).toBe('ocr');
    expect(d.staffConfirmations).toEqual({
      result: 'confirmed',
      faceComparedWith: 'chip-photo',
      answers: [
        { item: 'face', answer: 'match', by: 'staff-042', at: '2026-11-20T12:01:00.000+09:00' },
        { item: 'printed-card', answer: 'match', by: 'staff-042', at: '2026-11-20T12:01:00.000+09:00' },
      ],
      confirmedBy: 'staff-042',
      confirmedAt: '2026-11-20T12:01:00.000+09:00',
    });
    expect(d.chipOutcome).toBe('verified');
    expect(d.failureReasons).toEqual([]);
    // Personal fields exactly as in profiles/default.json.
    expect(d.personal).toEqual({ name: person.name, address: person.address, birthDate: person.birthDate });
    expect(d.ageAnswers).toBeUndefined();
    // Card identifiers: expiry from the profile, fingerprint recomputed with Node's SHA-256.
    expect(d.cardIdentifiers.cardExpiry).toBe('2035-02-17');
    expect(d.cardIdentifiers.cardFaceSignatureSha256).toBe(createHash('sha256').update(faceSignature!).digest('hex').toUpperCase());
    expect(d.cardIdentifiers.jpkiCertificates).toBeUndefined();
    // One entry per check, without free-text detail.
    expect(d.checks.map((c) => `${c.id}:${c.status}:${c.code}`)).toEqual(report.checks.map((c) => `${c.id}:${c.status}:${c.code}`));
    for (const c of d.checks) {
      expect(Object.keys(c).sort()).toEqual(['at', 'code', 'id', 'status']);
      expect(c.at).toMatch(/\+09:00$/);
    }
    // 2026-11-20 + 2557 days: 7 × 365 plus the leap days 2028-02-29 and 2032-02-29 → 2033-11-20.
    expect(SEVEN_YEARS_DAYS).toBe(2557);
    expect(d.retentionUntil).toBe('2033-11-20T12:00:00.000+09:00');
    expect(d.pendingRevocations).toEqual([]);
  });

  it('has no id, seq or createdAt: the store assigns them', async () => {
    const d = (await draftFor('counter')) as unknown as Record<string, unknown>;
    expect(d.id).toBeUndefined();
    expect(d.seq).toBeUndefined();
    expect(d.createdAt).toBeUndefined();
  });

  it('is pure: the same input gives the same draft', async () => {
    const { report } = await readCheck('counter');
    const ctx = await contextFor('counter');
    expect(buildEvidenceRecord(report, ctx)).toEqual(buildEvidenceRecord(report, ctx));
  });

  it('keeps no personal field when the policy names none', async () => {
    const { report } = await readCheck('counter');
    const d = buildEvidenceRecord(report, await contextFor('counter', { policy: { keepPersonal: [], retentionDays: 10 } }));
    expect(d.personal).toBeUndefined();
    expect(d.retentionUntil).toBe('2026-11-30T12:00:00.000+09:00');
  });
});

describe('age record: only the answers', () => {
  it('keeps the 18+/20+ answers and nothing personal or card-identifying, for 30 days', async () => {
    const { report } = await readCheck('age');
    const d = buildEvidenceRecord(report, await contextFor('age'));
    expect(DEFAULT_EVIDENCE_POLICIES.age.keepPersonal).toEqual([]);
    expect(d.personal).toBeUndefined();
    expect(d.ageAnswers).toEqual({ over18: true, over20: true }); // born 1980-02-17
    expect(d.cardIdentifiers).toEqual({});
    expect(d.retentionUntil).toBe('2026-12-20T12:00:00.000+09:00');
    const text = JSON.stringify(d);
    for (const s of [person.name, person.address, person.birthDate, SECRETS.birthDateKey, '1980']) expect(text).not.toContain(s);
  });

  it('even a policy asking for personal fields gets none: the age report holds none', async () => {
    const { report } = await readCheck('age');
    const d = buildEvidenceRecord(report, await contextFor('age', { policy: { keepPersonal: ['name', 'address', 'birthDate'], retentionDays: 30 } }));
    expect(d.personal).toBeUndefined();
  });
});

describe('field and bank records: JPKI identifiers and pending revocation', () => {
  it('field: name and birth date only, the auth certificate issuer + serial, the pending question, 1 year', async () => {
    const { report, certificates, pending } = await readCheck('field');
    const d = buildEvidenceRecord(report, await contextFor('field'));
    expect(d.personal).toEqual({ name: person.name, birthDate: person.birthDate });
    expect(d.cardIdentifiers.jpkiCertificates).toHaveLength(1);
    const id = d.cardIdentifiers.jpkiCertificates![0]!;
    const node = new X509Certificate(Buffer.from(certificates[0]!.der));
    expect(id.purpose).toBe('auth');
    expect(id.serialHex).toBe(node.serialNumber.toUpperCase().replace(/^00/, ''));
    expect(id.issuer).toContain('JPKI for user authentication');
    expect(d.pendingRevocations).toHaveLength(1);
    expect(d.pendingRevocations[0]).toEqual(pending[0]);
    expect(d.pendingRevocations[0]!.serialHex).toBe(id.serialHex);
    expect(d.checks.find((c) => c.id === 'jpki.auth.revocation')?.status).toBe('pending');
    // 2026-11-20 + 366 days = 2027-11-21.
    expect(d.retentionUntil).toBe('2027-11-21T12:00:00.000+09:00');
  });

  it('bank: the sign certificate and its pending question; outcome incomplete', async () => {
    const d = await draftFor('bank');
    expect(d.outcome).toBe('incomplete');
    expect(d.cardIdentifiers.jpkiCertificates?.map((c) => c.purpose)).toEqual(['sign']);
    expect(d.pendingRevocations.map((p) => p.purpose)).toEqual(['sign']);
    expect(d.personal).toEqual({ name: person.name, address: person.address, birthDate: person.birthDate });
  });
});

describe('input checks', () => {
  it('refuses a report of another purpose', async () => {
    const { report } = await readCheck('counter');
    expect(() => buildEvidenceRecord(report, { ...awaitedAge })).toThrow(expect.objectContaining({ code: 'evidence-invalid-input' }));
  });

  it('refuses pending questions the report does not have', async () => {
    const { report } = await readCheck('counter');
    const field = await readCheck('field');
    expect(field.pending).toHaveLength(1);
    expect(() => buildEvidenceRecord(report, { ...awaitedCounter, pendingRevocations: field.pending })).toThrow(expect.objectContaining({ code: 'evidence-invalid-input' }));
  });

  it('refuses operator ids that are not short printable ASCII, and bad policies', async () => {
    const { report } = await readCheck('counter');
    const ctx = awaitedCounter;
    expect(() => buildEvidenceRecord(report, { ...ctx, operatorId: '' })).toThrow(expect.objectContaining({ code: 'evidence-invalid-input' }));
    expect(() => buildEvidenceRecord(report, { ...ctx, operatorId: 'staff\n1' })).toThrow(expect.objectContaining({ code: 'evidence-invalid-input' }));
    expect(() => buildEvidenceRecord(report, { ...ctx, operatorId: 'x'.repeat(65) })).toThrow(expect.objectContaining({ code: 'evidence-invalid-input' }));
    expect(() => buildEvidenceRecord(report, { ...ctx, policy: { keepPersonal: ['sex' as 'name'], retentionDays: 30 } })).toThrow(expect.objectContaining({ code: 'evidence-invalid-input' }));
    expect(() => buildEvidenceRecord(report, { ...ctx, policy: { keepPersonal: [], retentionDays: 0 } })).toThrow(expect.objectContaining({ code: 'evidence-invalid-input' }));
    expect(() => buildEvidenceRecord(report, { ...ctx, presentedAt: new Date(NOW.getTime() + 1000) })).toThrow(expect.objectContaining({ code: 'evidence-invalid-input' }));
  });

  it('counts the duration from when the card was presented', async () => {
    const { report } = await readCheck('counter');
    const d = buildEvidenceRecord(report, { ...awaitedCounter, presentedAt: new Date(NOW.getTime() - 4_500) });
    expect(d.presentedAt).toBe('2026-11-20T11:59:55.500+09:00');
    expect(d.durationMs).toBe(4_500);
  });
});

describe('forbidden-data guard', () => {
  it('finds nothing in the drafts of every purpose, and none of them hold a secret', async () => {
    for (const p of ['counter', 'bank', 'field', 'age'] as const) {
      const d = await draftFor(p);
      expect(() => assertNoForbiddenData(d)).not.toThrow();
      const text = JSON.stringify(d);
      for (const s of [SECRETS.myNumber, SECRETS.codeB, ...SECRETS.pins]) expect(text).not.toContain(s);
      expect(text).not.toMatch(/"[^"]*(pin|password|myNumber|codeB)[^"]*":/i);
    }
  });

  it('refuses a report whose text picked up a My Number', async () => {
    const { report } = await readCheck('counter');
    const leaky = { ...report, attributes: { ...report.attributes, address: `${person.address} ${SECRETS.myNumber}` } };
    expect(() => buildEvidenceRecord(leaky, awaitedCounter)).toThrow(ForbiddenDataError);
    try {
      buildEvidenceRecord(leaky, awaitedCounter);
    } catch (e) {
      expect(e).toMatchObject({ code: 'evidence-forbidden-data', kind: 'my-number-like', path: 'personal.address' });
      expect((e as Error).message).not.toContain(SECRETS.myNumber);
    }
  });

  it.each([
    [{ note: '123456789018' }, 'my-number-like', 'note'],
    [{ note: 'No. 1234 5678 9018' }, 'my-number-like', 'note'],
    [{ note: '1234-5678-9018' }, 'my-number-like', 'note'],
    [{ note: '個人番号は１２３４５６７８９０１８' }, 'my-number-like', 'note'],
    [{ a: { b: ['ok', 'x55021720352285y'] } }, 'code-b-like', 'a.b[1]'],
    [{ n: 123456789018 }, 'my-number-like', 'n'],
    [{ pin: '1234' }, 'credential-field', 'pin'],
    [{ nested: { textPin: 'x' } }, 'credential-field', 'nested.textPin'],
    [{ signPassword: 'x' }, 'credential-field', 'signPassword'],
    [{ 'auth_pin': 'x' }, 'credential-field', 'auth_pin'],
    [{ 暗証番号: 'x' }, 'credential-field', '暗証番号'],
    [{ myNumber: 'x' }, 'my-number-field', 'myNumber'],
    [{ my_number_hash: 'x' }, 'my-number-field', 'my_number_hash'],
    [{ codeB: 'x' }, 'my-number-field', 'codeB'],
    [{ 照合番号B: 'x' }, 'my-number-field', '照合番号B'],
    // A token member that is nothing but 12 digits is still refused.
    [{ serialHex: '123456789018' }, 'my-number-like', 'serialHex'],
    // A hash in a member not known to hold one is checked as text.
    [{ note: `AB123456789012${'C'.repeat(50)}` }, 'my-number-like', 'note'],
  ])('refuses %j (%s)', (value, kind, path) => {
    expect(() => assertNoForbiddenData(value)).toThrow(expect.objectContaining({ kind, path }));
  });

  it.each([
    { id: '3f1c2b7a-1234-4567-8901-234567890123' },
    { cardFaceSignatureSha256: `AB123456789012${'C'.repeat(50)}` },
    { issuerKeyHash: '1234567890121234567890121234567890121234567890121234567890121234' },
    { note: 'born 1980-02-17, card 2035-02-17, code 1234' },
    { printedCardMatches: true, spinner: 'x', opinion: 'fine', pending: 1 },
  ])('accepts %j', (value) => {
    expect(() => assertNoForbiddenData(value)).not.toThrow();
  });

  it('digitRunKind', () => {
    expect(digitRunKind('12345678901')).toBeUndefined();
    expect(digitRunKind('123456789012')).toBe('my-number-like');
    expect(digitRunKind('12345678901234')).toBe('code-b-like');
  });
});

let awaitedCounter: EvidenceContext;
let awaitedAge: EvidenceContext;
beforeAll(async () => {
  awaitedCounter = await contextFor('counter');
  awaitedAge = await contextFor('age');
});

describe('staff answers (issue 11: a record cannot say confirmed without explicit answers)', () => {
  const answers = (...a: [string, 'match' | 'mismatch'][]) => a.map(([item, answer]) => ({ item: item as 'face', answer }));

  it('confirmed needs 一致する for every item the purpose asks; one missing or unanswered is refused', async () => {
    const { report } = await readCheck('counter');
    const ctx = await contextFor('counter');
    const build = (s: EvidenceContext['staffConfirmations']) => () => buildEvidenceRecord(report, { ...ctx, staffConfirmations: s });
    expect(build({ result: 'confirmed', answers: [], confirmedAt: CONFIRMED_AT })).toThrow(/explicit match for face/);
    expect(build({ result: 'confirmed', answers: answers(['face', 'match']), confirmedAt: CONFIRMED_AT })).toThrow(/explicit match for printed-card/);
    expect(build({ result: 'confirmed', answers: answers(['face', 'match'], ['printed-card', 'mismatch']), confirmedAt: CONFIRMED_AT })).toThrow(/printed-card/);
    // An item the purpose does not ask (the application form is the bank's), or one answered twice.
    expect(build({ result: 'confirmed', answers: answers(['face', 'match'], ['printed-card', 'match'], ['application-form', 'match']), confirmedAt: CONFIRMED_AT })).toThrow(/not asked/);
    expect(build({ result: 'confirmed', answers: answers(['face', 'match'], ['face', 'match'], ['printed-card', 'match']), confirmedAt: CONFIRMED_AT })).toThrow(/twice/);
    expect(build({ result: 'not-asked', answers: [], confirmedAt: CONFIRMED_AT })).toThrow(/failed chip check/);
    expect(build({ result: 'mismatch', answers: answers(['face', 'match']), confirmedAt: CONFIRMED_AT })).toThrow(/at least one mismatch/);
  });

  it('the bank asks the application form too', async () => {
    const { report } = await readCheck('bank');
    const ctx = await contextFor('bank');
    const two = { result: 'confirmed' as const, answers: answers(['face', 'match'], ['printed-card', 'match']), confirmedAt: CONFIRMED_AT };
    expect(() => buildEvidenceRecord(report, { ...ctx, staffConfirmations: two })).toThrow(/application-form/);
    const d = buildEvidenceRecord(report, { ...ctx, staffConfirmations: confirmedBy('bank') });
    expect(d.staffConfirmations).toMatchObject({ result: 'confirmed', answers: [{ item: 'face' }, { item: 'printed-card' }, { item: 'application-form' }] });
  });

  it('一致しない makes a failed record with the item as its reason, keeping who answered', async () => {
    const { report } = await readCheck('counter');
    const d = buildEvidenceRecord(report, {
      ...(await contextFor('counter')),
      operatorId: '山田',
      staffConfirmations: { result: 'mismatch', answers: answers(['face', 'mismatch']), faceComparedWith: 'printed-photo', confirmedAt: CONFIRMED_AT },
    });
    expect(report.outcome).toBe('verified');
    expect(d.outcome).toBe('failed');
    expect(d.chipOutcome).toBe('verified');
    expect(d.failureReasons).toEqual([{ kind: 'staff-mismatch', item: 'face' }]);
    expect(d.operatorId).toBe('山田');
    expect(d.staffConfirmations).toEqual({
      result: 'mismatch',
      faceComparedWith: 'printed-photo',
      answers: [{ item: 'face', answer: 'mismatch', by: '山田', at: '2026-11-20T12:01:00.000+09:00' }],
      confirmedBy: '山田',
      confirmedAt: '2026-11-20T12:01:00.000+09:00',
    });
  });

  it('a failed chip check is recorded as not-asked, with the failing checks as reasons', async () => {
    const { report } = await readCheck('counter');
    const failed = { ...report, outcome: 'failed' as const, checks: report.checks.map((c) => (c.id === 'card.expiry' ? { ...c, status: 'fail' as const, code: 'card-expired' as const } : c)) };
    const ctx = await contextFor('counter');
    expect(() => buildEvidenceRecord(failed, { ...ctx, staffConfirmations: confirmedBy('counter') })).toThrow(/cannot be recorded as confirmed/);
    const d = buildEvidenceRecord(failed, { ...ctx, staffConfirmations: { result: 'not-asked', answers: [], confirmedAt: CONFIRMED_AT } });
    expect(d.outcome).toBe('failed');
    expect(d.staffConfirmations).toMatchObject({ result: 'not-asked', answers: [] });
    expect(d.failureReasons).toEqual([{ kind: 'check', id: 'card.expiry', code: 'card-expired' }]);
  });

  it('the clerk may be a name or a staff number, never control or invisible characters or a My Number-like number', async () => {
    const { report } = await readCheck('counter');
    const ctx = await contextFor('counter');
    for (const ok of ['山田 花子', 'E-0042', 'clerk-07']) expect(buildEvidenceRecord(report, { ...ctx, operatorId: ok, staffConfirmations: confirmedBy('counter') }).operatorId).toBe(ok);
    for (const bad of ['', ' 山田', '山田\u202e', 'a\nb', 'x'.repeat(65)]) {
      expect(() => buildEvidenceRecord(report, { ...ctx, operatorId: bad, staffConfirmations: confirmedBy('counter') }), JSON.stringify(bad)).toThrow(/operatorId/);
    }
    expect(() => buildEvidenceRecord(report, { ...ctx, operatorId: '123456789012', staffConfirmations: confirmedBy('counter') })).toThrow(ForbiddenDataError);
  });
});
