/**
 * A residence card's evidence record through the encrypted, hash-chained store, built the way
 * the kiosk runtime builds it (driver.evidence.describe → documentEvidenceContext, the driver's
 * forbidden-data rules, the registry's rules in the store): the document kind, the card number as
 * the 記号番号, the variant, the purpose's fields (gen 1: the signed front image, encrypted, in
 * place of a photocopy; gen 2: the text fields), the signature outcome and the signer
 * certificate's fingerprint are stored and read back; the face photo, a credential and a My
 * Number are never stored, and nothing readable is at rest.
 */
import { IDBFactory } from 'fake-indexeddb';
import { beforeAll, describe, expect, it } from 'vitest';
import { bytesToBase64 } from '../../src/bytes/base64';
import type { ResidenceCardReport } from '../../src/documents/residence-card/residence-card-report';
import { RESIDENCE_CARD_DRIVER } from '../../src/documents/residence-card/residence-card-driver';
import { forbiddenDataRules } from '../../src/documents/registry';
import { evidencePolicyFor, requiredStaffItems } from '../../src/evidence/evidence-policy';
import { buildEvidenceRecord, documentEvidenceContext, type VerificationDraft } from '../../src/evidence/evidence-record';
import { EvidenceStore } from '../../src/evidence/evidence-store';
import type { EvidenceRecord, VerificationEvidenceRecord } from '../../src/evidence/evidence-record';
import { PURPOSES, type PurposeId } from '../../src/session/purposes';
import { runVerification } from '../../src/session/run-verification';
import { namedRcProfile } from '../../src/sim/residence-card/profiles';
import { SimulatedResidenceCard } from '../../src/sim/residence-card/residence-sim-card';
import { SimulatedTransport } from '../../src/transport/simulated-transport';
import { rawAll } from '../evidence/evidence-helpers';
import { environment } from '../verify-flows/flow-helpers';
import { builtProfile } from './rc-helpers';

const number = (id: string) => namedRcProfile(id)!.cardNumber;

async function verified(profile: string, purpose: PurposeId): Promise<ResidenceCardReport> {
  const transport = new SimulatedTransport(new SimulatedResidenceCard((await builtProfile(profile)).model));
  await transport.connect();
  try {
    const r = (await runVerification(transport, PURPOSES[purpose], { cardNumber: number(profile) }, await environment(), undefined, { document: 'residence-card' })) as ResidenceCardReport;
    expect(r.outcome).toBe('verified');
    return r;
  } finally {
    await transport.disconnect();
  }
}

/** As src/app/store/kiosk-runtime.ts builds it. */
async function draftOf(report: ResidenceCardReport, extra: Partial<Parameters<typeof buildEvidenceRecord>[1]> = {}): Promise<VerificationDraft> {
  const described = await RESIDENCE_CARD_DRIVER.evidence.describe(report);
  return buildEvidenceRecord(report, {
    purpose: PURPOSES[report.purpose],
    policy: evidencePolicyFor(report.purpose),
    kioskId: 'kiosk-01',
    operatorId: 'staff-01',
    appVersion: '0.1.0+test',
    staffConfirmations: { result: requiredStaffItems(report.purpose).length > 0 ? 'confirmed' : 'not-asked', answers: requiredStaffItems(report.purpose).map((item) => ({ item, answer: 'match' as const })), faceComparedWith: 'chip-photo', confirmedAt: new Date(report.finishedAt) },
    credentialEntry: 'manual',
    ...documentEvidenceContext(described),
    forbiddenData: RESIDENCE_CARD_DRIVER.evidence.forbidden,
    pendingRevocations: report.material.pendingRevocations,
    ...extra,
  });
}

/** The one verification record a store holds. */
function only(records: readonly EvidenceRecord[]): VerificationEvidenceRecord {
  expect(records).toHaveLength(1);
  const r = records[0]!;
  if (r.kind !== 'verification') throw new Error(`expected a verification record, got ${r.kind}`);
  return r;
}

let n = 0;
async function store() {
  const factory = new IDBFactory();
  const dbName = `rc-evidence-${++n}`;
  return { factory, dbName, store: await EvidenceStore.open({ indexedDB: factory, dbName, forbiddenDataRules }) };
}

describe('residence-card evidence in the encrypted store', () => {
  const reports = new Map<string, ResidenceCardReport>();
  beforeAll(async () => {
    reports.set('rc1-adult/counter', await verified('rc1-adult', 'counter'));
    reports.set('rc2-special-permanent/bank', await verified('rc2-special-permanent', 'bank'));
  });

  it('gen 1 counter: kind, 記号番号, variant, signature outcome, certificate fingerprint and the signed front image, read back from the store', async () => {
    const report = reports.get('rc1-adult/counter')!;
    const { store: s, factory, dbName } = await store();
    await s.append(await draftOf(report));
    const rec = only(await s.list());
    expect(rec).toMatchObject({
      documentType: 'residence-card',
      documentIdentifier: { scheme: 'residence-card-number', value: number('rc1-adult') },
      documentVariant: 'gen1-residence-card',
      documentFields: { signature: 'verified', signatureVariant: 'bare-sha256' },
      cardIdentifiers: { signerCertificateSha256: report.material.signerCertificateSha256 },
    });
    expect(rec.checks.find((c) => c.id === 'rc.signature')).toMatchObject({ status: 'pass', code: 'ok' });
    // The signed front image stands in for the photocopy, byte for byte; the photo is not kept.
    const front = rec.documentImages!.frontImage!;
    expect(front).toMatchObject({ mediaType: 'image/tiff', signed: true });
    expect(front.base64).toBe(bytesToBase64(report.images.frontImageTiff!));
    const json = JSON.stringify(rec);
    expect(json).not.toContain(bytesToBase64(report.images.photoJp2!).slice(0, 200));
    expect(json.split(number('rc1-adult')).length - 1).toBe(1);
    // At rest: encrypted — neither the number nor the image is readable in the database.
    const raw = JSON.stringify(await rawAll(factory, dbName, 'entries'), (_k, v: unknown) => (v instanceof ArrayBuffer || ArrayBuffer.isView(v) ? bytesToBase64(new Uint8Array(v instanceof ArrayBuffer ? v : v.buffer)) : v));
    expect(raw.length).toBeGreaterThan(front.base64.length);
    expect(raw).not.toContain(number('rc1-adult'));
    expect(raw).not.toContain(front.base64.slice(100, 160));
    expect(raw).not.toContain('residence-card-number');
  });

  it('gen 2 bank: the signed text fields, the name image, the unsigned 住居地 image marked so, the fingerprint', async () => {
    const report = reports.get('rc2-special-permanent/bank')!;
    const { store: s } = await store();
    await s.append(await draftOf(report));
    const rec = only(await s.list());
    const p = namedRcProfile('rc2-special-permanent')!;
    expect(rec).toMatchObject({
      documentType: 'residence-card',
      documentVariant: 'gen2-special-permanent-resident',
      documentIdentifier: { value: p.cardNumber },
      documentFields: { signature: 'verified', nationality: p.person.nationality.code },
      cardIdentifiers: { signerCertificateSha256: expect.stringMatching(/^[0-9A-F]{64}$/), cardExpiry: p.card.expiryDate },
    });
    expect(rec.documentImages?.nameImage?.signed).toBe(true);
    expect(rec.documentImages?.addressImage?.signed).toBe(false);
    expect(rec.documentImages?.frontImage).toBeUndefined();
  });

  it('refuses a record that would keep a forbidden item: a credential-named field, a My Number, another document identifier format', async () => {
    const report = reports.get('rc1-adult/counter')!;
    const { store: s } = await store();
    const good = await draftOf(report);
    const attempts: VerificationDraft[] = [
      { ...good, documentFields: { ...good.documentFields, cardPin: '1234' } },
      { ...good, documentFields: { ...good.documentFields, note: '1234 5678 9012' } },
      { ...good, documentFields: { ...good.documentFields, myNumber: 'x' } },
      { ...good, documentIdentifier: { scheme: 'residence-card-number', value: '123456789012' } },
    ];
    for (const a of attempts) await expect(s.append(a)).rejects.toMatchObject({ code: 'evidence-forbidden-data' });
    expect(await s.list()).toEqual([]);
    await s.append(good);
    expect(await s.list()).toHaveLength(1);
  });

  it('the age check (generation 2) stores no identifier, no fields, no images', async () => {
    const report = await verified('rc2-adult', 'age');
    const { store: s } = await store();
    await s.append(await draftOf(report));
    const rec = only(await s.list());
    expect(rec.documentType).toBe('residence-card');
    expect(rec.documentIdentifier).toBeUndefined();
    expect(rec.documentFields).toBeUndefined();
    expect(rec.documentImages).toBeUndefined();
    expect(JSON.stringify(rec)).not.toContain(number('rc2-adult'));
  });
});
