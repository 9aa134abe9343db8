/**
 * The passport through the kiosk session (app screens' engine) with simulated chips: the MRZ and
 * CAN have no counter, a wrong one comes back as a credential notice (BAC and PACE) and stops
 * after the driver's attemptsPerPlacement, a CAN on a BAC-only chip says the MRZ is needed; a
 * Japanese passport without an address at the counter is recorded with the supplementary document
 * staff chose (read back from the encrypted store), and cannot be recorded as complete without it.
 */
import 'reflect-metadata';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { supplementaryContext } from '../../src/app/store/supplementary-evidence';
import { checkEntry, fieldCheckDigit, normaliseField, EMPTY_PASSPORT_ENTRY } from '../../src/app/screens/credentials/passport-entry-values';
import { PASSPORT_DRIVER } from '../../src/documents/passport/passport-driver';
import type { PassportReport } from '../../src/documents/passport/passport-report';
import { forbiddenDataRules } from '../../src/documents/registry';
import { evidencePolicyFor } from '../../src/evidence/evidence-policy';
import { buildEvidenceRecord, documentEvidenceContext } from '../../src/evidence/evidence-record';
import { EvidenceStore } from '../../src/evidence/evidence-store';
import { simulatedPassportChip } from '../../src/node/sim-documents/passport';
import { KioskSession, type CompletedCheck } from '../../src/session/kiosk-session';
import type { KioskState } from '../../src/session/kiosk-state';
import { SimulatedTransport } from '../../src/transport/simulated-transport';
import { MRZ, passportEnvironment } from '../passport/passport-helpers';

async function kiosk(profile: string, forgery?: string) {
  const chip = await simulatedPassportChip(profile, forgery);
  const transport = new SimulatedTransport(undefined);
  const evidence: CompletedCheck[] = [];
  const env = await passportEnvironment('simulator');
  const session = new KioskSession({ transport, environment: () => env, recordEvidence: async (c) => void evidence.push(c) });
  return { session, transport, chip, evidence };
}

async function until(session: KioskSession, step: KioskState['step']): Promise<KioskState> {
  for (let i = 0; i < 500; i++) {
    const s = session.getState();
    if (s.step === step) return s;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`never reached ${step}; at ${session.getState().step}`);
}

async function placed(profile: string, forgery?: string, purpose: 'counter' | 'bank' = 'counter') {
  const k = await kiosk(profile, forgery);
  k.session.choosePurpose(purpose);
  k.transport.placeCard(k.chip);
  const entry = await until(k.session, 'enter-credentials');
  return { ...k, entry };
}

const notice = (s: KioskState) => (s.step === 'enter-credentials' ? s.notice : undefined);

describe('passport credentials in the kiosk session', () => {
  it('is found and asks for the MRZ (no counter to read); CAN optional', async () => {
    const { entry } = await placed('germany-pace-gm');
    expect(entry).toMatchObject({ document: 'passport', needed: ['mrz'], tries: { mrz: { kind: 'not-readable' } } });
    expect(PASSPORT_DRIVER.purposes.counter?.optionalCredentials).toEqual(['can']);
  });

  it.each([
    ['utopia-bac', 'BAC'],
    ['germany-pace-gm', 'PACE'],
  ])('%s: a wrong MRZ comes back as credential-wrong, three times, then nothing more is sent (%s)', async (profile) => {
    const k = await placed(profile, 'wrong-mrz');
    for (let i = 1; i <= 3; i++) {
      await k.session.submitCredentials({ mrz: MRZ[profile]! });
      expect(notice(k.session.getState())).toEqual(i < 3 ? { code: 'credential-wrong', credential: 'mrz' } : { code: 'credential-attempts-exhausted', credential: 'mrz' });
    }
    const sentBefore = k.chip.activity.commands;
    await k.session.submitCredentials({ mrz: MRZ[profile]! });
    expect(notice(k.session.getState())).toEqual({ code: 'credential-attempts-exhausted', credential: 'mrz' });
    expect(k.chip.activity.commands).toBe(sentBefore);
  });

  it('a wrong CAN on a PACE chip is about the CAN', async () => {
    const k = await placed('germany-pace-gm');
    await k.session.submitCredentials({ can: '000000' });
    expect(notice(k.session.getState())).toEqual({ code: 'credential-wrong', credential: 'can' });
    await k.session.submitCredentials({ can: '500540' });
    expect(k.session.getState()).toMatchObject({ step: 'result', report: { outcome: 'verified', attributes: { access: { method: 'pace', password: 'can' } } } });
  });

  it('a CAN on a BAC-only chip: "needs the MRZ", nothing counted; the MRZ then verifies', async () => {
    const k = await placed('utopia-bac');
    await k.session.submitCredentials({ can: '123456' });
    expect(notice(k.session.getState())).toEqual({ code: 'credential-format', credential: 'can', reason: 'bac-not-available' });
    await k.session.submitCredentials({ mrz: MRZ['utopia-bac']! });
    expect(k.session.getState()).toMatchObject({ step: 'result', report: { outcome: 'verified', attributes: { access: { method: 'bac' } } } });
  });
});

describe('the entry screen values (three fields, check digits, pasted lines)', () => {
  it('shows each field’s check digit as typed (ICAO 9303-3 specimen L898902C3 6, 740812 2, 340415 9)', () => {
    expect(fieldCheckDigit('documentNumber', 'L898902C3')).toBe(6);
    expect(fieldCheckDigit('birthDate', '740812')).toBe(2);
    expect(fieldCheckDigit('expiryDate', '340415')).toBe(9);
    // A short number is <-padded to 9 before its digit (9303-3 §4.9; Appendix D 'L898902C' → 3).
    expect(fieldCheckDigit('documentNumber', 'L898902C')).toBe(3);
    expect(fieldCheckDigit('birthDate', '7408')).toBeUndefined();
    expect(fieldCheckDigit('birthDate', '741312')).toBeUndefined();
    expect(normaliseField('documentNumber', 'ｌ８９８ ９０２-ｃ３')).toBe('L898902C3');
  });

  it('refuses each wrong field on its own and keeps the others; sends "DOC YYMMDD YYMMDD" or the pasted lines', () => {
    expect(checkEntry({ ...EMPTY_PASSPORT_ENTRY, documentNumber: 'L898902C3', birthDate: '741312', expiryDate: '3404' })).toEqual({ ok: false, errors: { birthDate: 'mrz-birth-date', expiryDate: 'mrz-expiry-date' } });
    expect(checkEntry({ ...EMPTY_PASSPORT_ENTRY, documentNumber: 'L898902C3', birthDate: '740812', expiryDate: '340415' })).toEqual({ ok: true, credential: 'mrz', value: 'L898902C3 740812 340415' });
    const lines = 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F3404159ZE184226B<<<<<10';
    expect(checkEntry({ ...EMPTY_PASSPORT_ENTRY, mode: 'paste', lines })).toMatchObject({ ok: true, credential: 'mrz' });
    expect(checkEntry({ ...EMPTY_PASSPORT_ENTRY, mode: 'paste', lines: lines.replace('L898902C36', 'L898902C37') })).toEqual({ ok: false, errors: { lines: 'mrz-lines' } });
    expect(checkEntry({ ...EMPTY_PASSPORT_ENTRY, mode: 'can', can: '12345' })).toEqual({ ok: false, errors: { can: 'can-digits' } });
  });
});

describe('a passport without an address: the supplementary document in the evidence record', () => {
  async function confirmed(supplementary?: { supplies: ['address']; kind: string }) {
    const k = await placed('japan-no-address');
    await k.session.submitCredentials({ mrz: MRZ['japan-no-address']! });
    const s = k.session.getState();
    if (s.step !== 'result') throw new Error(`no result: ${s.step}`);
    const report = s.report as PassportReport;
    expect(report.outcome).toBe('verified');
    expect(report.attributes.supplementaryDocument).toBe('required');
    // describe() runs before the report is wiped by the session (as the runtime does, in recordEvidence).
    const described = await PASSPORT_DRIVER.evidence.describe(report);
    await k.session.confirm({ operator: 'clerk-07', answers: { face: 'match', 'printed-card': 'match' }, faceComparedWith: 'chip-photo', credentialEntry: 'manual', ...(supplementary ? { supplementaryDocument: supplementary } : {}) });
    return { check: k.evidence[0]!, described, report };
  }

  it('is stored with the kind staff chose, and read back from the encrypted store', async () => {
    const { check, described, report } = await confirmed({ supplies: ['address'], kind: 'residence-certificate' });
    expect(described.missingItems).toEqual(['address']);
    expect(check.supplementaryDocument).toEqual({ supplies: ['address'], kind: 'residence-certificate' });
    const draft = buildEvidenceRecord(report, {
      purpose: check.purpose,
      policy: evidencePolicyFor(check.purpose.id),
      kioskId: 'kiosk-01',
      operatorId: check.operator,
      appVersion: 'test',
      staffConfirmations: { ...check.staff, confirmedAt: check.confirmedAt },
      credentialEntry: check.credentialEntry,
      ...documentEvidenceContext(described),
      ...supplementaryContext(check, described),
      forbiddenData: PASSPORT_DRIVER.evidence.forbidden,
    });
    const store = await EvidenceStore.open({ indexedDB: new IDBFactory(), dbName: 'pp-supplementary', forbiddenDataRules });
    await store.append(draft);
    const [record] = await store.list();
    if (record?.kind !== 'verification') throw new Error('no verification record');
    expect(record.supplementaryDocument).toEqual({ supplies: ['address'], kind: 'residence-certificate' });
    expect(record.documentType).toBe('passport');
    expect(record.documentIdentifier).toEqual({ scheme: 'passport-number', value: 'JPN ZZ0000001' });
  });

  it('cannot be recorded as complete without it', async () => {
    const { check, described } = await confirmed();
    expect(check.supplementaryDocument).toBeUndefined();
    expect(() => supplementaryContext(check, described)).toThrow(expect.objectContaining({ code: 'evidence-invalid-input' }));
  });
});
