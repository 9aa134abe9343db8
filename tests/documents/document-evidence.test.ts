/**
 * Evidence records carry the document kind and its identifier (記号番号); the forbidden-data
 * guard is per document: a residence card number and a 12-digit licence number are storable as
 * the identifier of their document, a My Number never (not in a My Number Card record, not
 * anywhere else in any record). Records written before the seam (version 1) stay readable.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { describeMyNumberEvidence, MYNUMBER_FORBIDDEN_DATA } from '../../src/documents/mynumber/mynumber-evidence';
import type { MyNumberReport } from '../../src/documents/mynumber/mynumber-report';
import { forbiddenDataRules } from '../../src/documents/registry';
import { ForbiddenDataError } from '../../src/evidence/evidence-error';
import { evidencePolicyFor } from '../../src/evidence/evidence-policy';
import { buildEvidenceRecord, type EvidenceContext, type VerificationDraft } from '../../src/evidence/evidence-record';
import { parseEvidenceRecord } from '../../src/evidence/evidence-record-parse';
import { assertNoForbiddenData, type ForbiddenDataRules } from '../../src/evidence/forbidden-data';
import { PURPOSES } from '../../src/session/purposes';
import type { VerificationReport } from '../../src/verify/report';
import { confirmedBy, draftFor, freshStore, readCheck } from '../evidence/evidence-helpers';
import { TEST_DRIVER, TEST_DOCUMENT_NUMBER } from './test-document';

const LICENCE_RULES: ForbiddenDataRules = TEST_DRIVER.evidence.forbidden;
const RESIDENCE_RULES: ForbiddenDataRules = { identifierFormat: /^[A-Z]{2}\d{8}[A-Z]{2}$/ };

/** A report of another document, built from the My Number Card's counter report (same core fields). */
let counter: MyNumberReport;
beforeAll(async () => {
  counter = (await readCheck('counter')).report as MyNumberReport;
});

function otherDocument(kind: VerificationReport['document']): VerificationReport {
  return { ...counter, document: kind, attributes: { name: counter.attributes.name!, birthDate: counter.attributes.birthDate! }, images: {}, material: { pendingRevocations: [] } };
}

function context(over: Partial<EvidenceContext> = {}): EvidenceContext {
  return {
    purpose: PURPOSES.counter,
    policy: evidencePolicyFor('counter'),
    kioskId: 'kiosk-tokyo-01',
    operatorId: 'staff-042',
    appVersion: '0.1.0+test',
    staffConfirmations: confirmedBy('counter'),
    credentialEntry: 'manual',
    cardIdentifiers: {},
    ...over,
  };
}

describe('document kind and identifier in the record', () => {
  it('a My Number Card record: kind, and the card-face signature fingerprint as its identifier (never the My Number)', async () => {
    const described = await describeMyNumberEvidence(counter);
    const d = buildEvidenceRecord(counter, context({ cardIdentifiers: described.cardIdentifiers, documentIdentifier: described.identifier!, forbiddenData: MYNUMBER_FORBIDDEN_DATA }));
    expect(d.version).toBe(3);
    expect(d.documentType).toBe('mynumber-card');
    expect(d.documentIdentifier).toEqual({ scheme: 'card-face-signature-sha256', value: described.cardIdentifiers.cardFaceSignatureSha256 });
    expect(d.documentIdentifier!.value).toMatch(/^[0-9A-F]{64}$/);
  });

  it('a residence card number AB12345678CD is storable as the identifier', () => {
    const d = buildEvidenceRecord(otherDocument('residence-card'), context({ documentIdentifier: { scheme: 'residence-card-number', value: 'AB12345678CD' }, forbiddenData: RESIDENCE_RULES }));
    expect(d.documentType).toBe('residence-card');
    expect(d.documentIdentifier).toEqual({ scheme: 'residence-card-number', value: 'AB12345678CD' });
  });

  it('a 12-digit licence number is storable as the identifier of a document whose rules say so', () => {
    const d = buildEvidenceRecord(otherDocument('drivers-licence'), context({ documentIdentifier: { scheme: 'licence-number', value: TEST_DOCUMENT_NUMBER }, forbiddenData: LICENCE_RULES }));
    expect(d.documentIdentifier?.value).toBe(TEST_DOCUMENT_NUMBER);
  });

  it('…but a 12-digit run is still refused in a My Number Card record, under the default rules, and anywhere else in the licence record', () => {
    const id = { scheme: 'licence-number', value: TEST_DOCUMENT_NUMBER };
    expect(() => buildEvidenceRecord(counter, context({ documentIdentifier: id, forbiddenData: MYNUMBER_FORBIDDEN_DATA }))).toThrow(ForbiddenDataError);
    expect(() => buildEvidenceRecord(otherDocument('drivers-licence'), context({ documentIdentifier: id }))).toThrow(ForbiddenDataError);
    const d = buildEvidenceRecord(otherDocument('drivers-licence'), context({ documentIdentifier: id, forbiddenData: LICENCE_RULES }));
    expect(() => assertNoForbiddenData({ ...d, kioskId: `k${TEST_DOCUMENT_NUMBER}` }, LICENCE_RULES)).toThrow(ForbiddenDataError);
    expect(() => assertNoForbiddenData({ ...d, documentIdentifier: { scheme: 'x', value: `${TEST_DOCUMENT_NUMBER}0` } }, LICENCE_RULES)).toThrow(ForbiddenDataError);
    expect(() => assertNoForbiddenData({ ...d, documentIdentifier: { scheme: 'x', value: '1234 5678 9012' } }, LICENCE_RULES)).toThrow(ForbiddenDataError);
  });

  it('a member the document forbids (the licence 本籍) is refused', () => {
    const d = buildEvidenceRecord(otherDocument('drivers-licence'), context({ forbiddenData: LICENCE_RULES }));
    for (const member of ['honseki', 'honsekiAddress', '本籍']) {
      const e = (() => {
        try {
          assertNoForbiddenData({ ...d, [member]: 'somewhere' }, LICENCE_RULES);
        } catch (err) {
          return err;
        }
        return undefined;
      })();
      expect(e, member).toBeInstanceOf(ForbiddenDataError);
      expect((e as ForbiddenDataError).kind).toBe('document-forbidden-field');
    }
    expect(() => assertNoForbiddenData({ ...d, honseki: 'x' })).not.toThrow();
  });

  it('the age policy drops the identifier (it would link an anonymous age answer to one card)', async () => {
    const age = (await readCheck('age')).report;
    const d = buildEvidenceRecord(age, context({ purpose: PURPOSES.age, policy: evidencePolicyFor('age'), staffConfirmations: confirmedBy('age'), documentIdentifier: { scheme: 'card-face-signature-sha256', value: 'A'.repeat(64) } }));
    expect(d.documentIdentifier).toBeUndefined();
  });
});

describe('the evidence store applies each document\'s rules', () => {
  it('stores a licence-like record with its identifier when given the rules, refuses it with the default rules', async () => {
    const draft = buildEvidenceRecord(otherDocument('passport'), context({ documentIdentifier: { scheme: 'test-document-number', value: TEST_DOCUMENT_NUMBER }, forbiddenData: LICENCE_RULES }));
    const strict = await freshStore();
    await expect(strict.store.append(draft)).rejects.toBeInstanceOf(ForbiddenDataError);
    const { IDBFactory } = await import('fake-indexeddb');
    const { EvidenceStore } = await import('../../src/evidence/evidence-store');
    const store = await EvidenceStore.open({ indexedDB: new IDBFactory(), dbName: 'per-document', forbiddenDataRules: (kind) => (kind === 'passport' ? LICENCE_RULES : forbiddenDataRules(kind)) });
    const stored = await store.append(draft);
    expect(stored.documentIdentifier?.value).toBe(TEST_DOCUMENT_NUMBER);
    expect((await store.verifyChain()).ok).toBe(true);
  });
});

describe('records written before the seam (version 1) and before explicit staff answers (version 2) stay readable', () => {
  let v3: VerificationDraft;
  beforeAll(async () => {
    v3 = await draftFor('counter');
  });
  /** A version 2 record as main wrote it: document kind and identifier, staff tick boxes. */
  const v2Of = (d: VerificationDraft) => {
    const { chipOutcome: _c, failureReasons: _f, ...rest } = d;
    return { ...rest, version: 2 as const, staffConfirmations: { faceMatches: true, printedCardMatches: true, confirmedAt: '2026-11-20T12:01:00.000+09:00' } };
  };
  const v1Of = (d: VerificationDraft) => {
    const { documentIdentifier: _, ...rest } = v2Of(d);
    return { ...rest, version: 1 as const };
  };
  const stored = (d: object) => ({ ...d, id: '0b6a3c52-8d3e-4f6a-9b1c-2d3e4f5a6b7c', seq: 1, createdAt: '2026-11-20T12:02:00.000+09:00' });

  it('parses a version 1 My Number Card record and a version 2 record as stored', () => {
    const r = parseEvidenceRecord(stored(v1Of(v3)));
    expect(r.version).toBe(1);
    expect(r.kind === 'verification' && r.documentType).toBe('mynumber-card');
    const r2 = parseEvidenceRecord(stored(v2Of(v3)));
    expect(r2.version).toBe(2);
    expect(r2.kind === 'verification' && r2.documentIdentifier).toEqual(v3.documentIdentifier);
  });

  it('refuses a version 1 record of another document, an unknown document kind in any version, and an unknown version', () => {
    expect(() => parseEvidenceRecord(stored({ ...v1Of(v3), documentType: 'residence-card' }))).toThrow(/documentType/);
    expect(() => parseEvidenceRecord(stored({ ...v3, documentType: 'library-card' }))).toThrow(/documentType/);
    expect(() => parseEvidenceRecord(stored({ ...v3, version: 4 }))).toThrow(/version/);
  });

  it('refuses a record whose staff confirmation does not have its version\'s shape', () => {
    expect(() => parseEvidenceRecord(stored({ ...v3, version: 2 }))).toThrow(/staffConfirmations/);
    expect(() => parseEvidenceRecord(stored({ ...v2Of(v3), version: 3 }))).toThrow(/staffConfirmations/);
  });

  it('a chain holding version 1, 2 and 3 records reads back and verifies', async () => {
    const { store } = await freshStore();
    await store.append(v1Of(v3) as unknown as VerificationDraft);
    await store.append(v2Of(v3) as unknown as VerificationDraft);
    await store.append(v3);
    const records = await store.list();
    expect(records.map((r) => r.version)).toEqual([1, 2, 3]);
    expect((await store.verifyChain()).ok).toBe(true);
  });
});
