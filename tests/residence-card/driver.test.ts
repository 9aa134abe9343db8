/**
 * The residence card through the document seam: detection (variant = generation + kind, never
 * an authentication), the card number (format, no readable counter, two wrong entries per
 * placement), every purpose on both generations and kinds through the generic runner, trust
 * modes, the forged cards through the driver, and what the evidence record keeps.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnyDocumentDriver } from '../../src/documents/document-driver';
import { MYNUMBER_DRIVER } from '../../src/documents/mynumber/mynumber-driver';
import { CardProbe, DOCUMENT_DRIVERS } from '../../src/documents/registry';
import { CardNumberFormatError, CardNumberRefusedError, normaliseCardNumber } from '../../src/documents/residence-card/residence-card-credentials';
import { RESIDENCE_CARD_DRIVER } from '../../src/documents/residence-card/residence-card-driver';
import { describeResidenceCardEvidence, RESIDENCE_CARD_FORBIDDEN_DATA } from '../../src/documents/residence-card/residence-card-evidence';
import type { ResidenceCardReport } from '../../src/documents/residence-card/residence-card-report';
import { isKazasuError } from '../../src/errors/kazasu-error';
import { evidencePolicyFor, requiredStaffItems } from '../../src/evidence/evidence-policy';
import { buildEvidenceRecord, documentEvidenceContext } from '../../src/evidence/evidence-record';
import { parseEvidenceRecord } from '../../src/evidence/evidence-record-parse';
import { decodeBilevelTiff } from '../../src/imaging/tiff';
import { KioskSession, type CompletedCheck } from '../../src/session/kiosk-session';
import type { KioskState } from '../../src/session/kiosk-state';
import { PURPOSES, type PurposeId } from '../../src/session/purposes';
import { runVerification } from '../../src/session/run-verification';
import type { VerificationEnvironment } from '../../src/session/verification-environment';
import { simulatedCardFor } from '../../src/sim/mynumber/build-card';
import { RC_FORGERIES, type RcForgeryId } from '../../src/sim/residence-card/forgeries';
import { namedRcProfile } from '../../src/sim/residence-card/profiles';
import { SimulatedResidenceCard } from '../../src/sim/residence-card/residence-sim-card';
import type { ApduResponder } from '../../src/transport/apdu-responder';
import { SimulatedTransport } from '../../src/transport/simulated-transport';
import type { TrustMode } from '../../src/verify/report';
import { card, CODE_B, environment } from '../verify-flows/flow-helpers';
import { builtProfile, buildProfile } from './rc-helpers';

const GENUINE = ['rc1-adult', 'rc1-special-permanent', 'rc2-adult', 'rc2-special-permanent'] as const;
const number = (id: string) => namedRcProfile(id)!.cardNumber;

async function rcCard(id: string): Promise<SimulatedResidenceCard> {
  return new SimulatedResidenceCard((await builtProfile(id)).model);
}

async function verify(responder: ApduResponder, purpose: PurposeId, cardNumber: string, env?: VerificationEnvironment): Promise<ResidenceCardReport> {
  const transport = new SimulatedTransport(responder);
  await transport.connect();
  try {
    const report = await runVerification(transport, PURPOSES[purpose], { cardNumber }, env ?? (await environment()), undefined, { document: 'residence-card' });
    expect(report.document).toBe('residence-card');
    return report as ResidenceCardReport;
  } finally {
    await transport.disconnect();
  }
}

const failing = (r: ResidenceCardReport) => r.checks.filter((c) => c.status === 'fail').map((c) => `${c.id}:${c.code}`);

describe('detection', () => {
  it.each([
    ['rc1-adult', 'gen1-residence-card'],
    ['rc1-special-permanent', 'gen1-special-permanent-resident'],
    ['rc2-adult', 'gen2-residence-card'],
    ['rc2-special-permanent', 'gen2-special-permanent-resident'],
  ])('%s is a residence card, variant %s, found with SELECT and READ BINARY only', async (id, variant) => {
    const sim = await rcCard(id);
    const ins: number[] = [];
    const transport = new SimulatedTransport({ powerOn: () => sim.powerOn(), powerOff: () => sim.powerOff(), process: (c: Uint8Array) => (ins.push(c[1]!), sim.process(c)) });
    await transport.connect();
    const probe = new CardProbe(transport);
    const found = await probe.detect({ purpose: 'counter' });
    probe.close();
    expect(found?.driver.kind).toBe('residence-card');
    expect(found?.detection.variant).toBe(variant);
    expect(new Set(ins)).toEqual(new Set([0xa4, 0xb0]));
    expect(sim.activity.mutualAuthentications + sim.activity.verifies).toBe(0);
  });

  it('each driver refuses the other document: the residence card is not a My Number Card and vice versa', async () => {
    const rc = new SimulatedTransport(await rcCard('rc2-adult'));
    await rc.connect();
    expect((await new CardProbe(rc).detect({}, [MYNUMBER_DRIVER as AnyDocumentDriver])) ?? 'none').toBe('none');
    const mn = simulatedCardFor((await card('default')).model);
    const mt = new SimulatedTransport(mn);
    await mt.connect();
    expect((await new CardProbe(mt).detect({}, [RESIDENCE_CARD_DRIVER as AnyDocumentDriver])) ?? 'none').toBe('none');
    expect(mn.activity.verifyAttempts).toBe(0);
    // In the registry's order a My Number Card is still found first, for every purpose.
    expect((await new CardProbe(mt).detect({ purpose: 'counter' }, DOCUMENT_DRIVERS))?.driver.kind).toBe('mynumber-card');
  });

  it('the card number has no readable counter: tries are not-readable and nothing is sent', async () => {
    const sim = await rcCard('rc1-adult');
    const transport = new SimulatedTransport(sim);
    await transport.connect();
    const probe = new CardProbe(transport);
    await probe.detect({});
    const before = sim.activity.commands;
    expect(await RESIDENCE_CARD_DRIVER.readTries(probe.channel, ['cardNumber'])).toEqual({ cardNumber: { kind: 'not-readable' } });
    expect(sim.activity.commands).toBe(before);
  });
});

describe('the card number', () => {
  it('is normalised (full-width, spaces, hyphens, lower case) and format-checked without echoing it', () => {
    expect(normaliseCardNumber('ａｂ１２３４ ５６７８-cd').reveal()).toBe('AB12345678CD');
    expect(RESIDENCE_CARD_DRIVER.credentials.cardNumber.normalise(' rc2026 0001jp ')).toBe('RC20260001JP');
    for (const bad of ['AB1234567CD', 'A112345678CD', 'AB12345678C1', '', 'AB12345678CDE']) {
      let e: unknown;
      try {
        RESIDENCE_CARD_DRIVER.credentials.cardNumber.normalise(bad);
      } catch (x) {
        e = x;
      }
      expect(e).toBeInstanceOf(CardNumberFormatError);
      expect((e as CardNumberFormatError).code).toBe('credential-format');
      expect((e as CardNumberFormatError).reason).toBe('card-number-format');
      if (bad) expect((e as Error).message).not.toContain(bad);
    }
    expect(RESIDENCE_CARD_DRIVER.credentials.cardNumber).toMatchObject({ flag: 'card-number', counterReadable: false, attemptsPerPlacement: 2 });
  });

  it('a wrong number is a wrong entry the kiosk counts (pin-wrong, no try consumed), never a report', async () => {
    const sim = await rcCard('rc2-adult');
    let e: unknown;
    try {
      await verify(sim, 'counter', 'RC20269999JP');
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(CardNumberRefusedError);
    expect(e).toMatchObject({ code: 'pin-wrong', credential: 'cardNumber', tryConsumed: false });
    expect(String((e as Error).message)).not.toContain('RC2026');
  });
});

describe('every purpose on both generations and kinds (simulator trust)', () => {
  for (const id of GENUINE) {
    for (const purpose of ['counter', 'bank', 'field'] as const) {
      it(`${id} × ${purpose}: verified, with its fields marked signed or not`, async () => {
        const r = await verify(await rcCard(id), purpose, number(id));
        expect(failing(r)).toEqual([]);
        expect(r.outcome).toBe('verified');
        expect(r.trustMode).toBe('simulator');
        expect(r.checks.find((c) => c.id === 'trust.anchors')).toMatchObject({ status: 'warn', code: 'non-production-anchor' });
        expect(r.material).toMatchObject({ cardNumber: number(id), signature: 'verified' });
        expect(r.material.signerCertificateSha256).toMatch(/^[0-9A-F]{64}$/);
        expect(r.images.photoJp2?.subarray(0, 4)).toEqual(Uint8Array.of(0x00, 0x00, 0x00, 0x0c));
        const a = r.attributes;
        expect(a.cardKind).toBe(id.includes('special') ? 'special-permanent-resident' : 'residence-card');
        if (id.startsWith('rc1')) {
          expect(a.generation).toBe(1);
          expect(decodeBilevelTiff(r.images.frontImageTiff!).width).toBeGreaterThan(600);
          expect(a.birthDate).toBeUndefined();
          expect(a.address).toBe(namedRcProfile(id)!.address.text);
          expect(a.residence.address).toEqual({ value: a.address, signed: false });
          expect(r.checks.find((c) => c.id === 'rc.card-expiry')).toMatchObject({ status: 'skipped', code: 'rc-expiry-not-on-chip' });
        } else {
          expect(a.generation).toBe(2);
          expect(a.birthDate).toBe(namedRcProfile(id)!.person.birthDate);
          expect(a.residence.birthDate).toEqual({ value: a.birthDate, signed: true });
          expect(a.cardExpiry).toBe(namedRcProfile(id)!.card.expiryDate);
          expect(decodeBilevelTiff(r.images.nameImageTiff!).height).toBeGreaterThan(0);
          expect(r.images.addressImageTiff).toBeDefined();
          expect(r.checks.find((c) => c.id === 'rc.card-expiry')).toMatchObject({ status: 'pass' });
        }
        if (id.includes('special')) {
          expect(a.residence.comprehensivePermission).toBeUndefined();
          expect(r.checks.find((c) => c.id === 'rc.stay-expiry')?.code).toMatch(/^(not-applicable|rc-expiry-not-on-chip)$/);
        }
      });
    }
  }

  it('age on generation 2: 18+/20+ from the signed birth date, only the signed files read, nothing else shown', async () => {
    const sim = await rcCard('rc2-adult');
    const r = await verify(sim, 'age', number('rc2-adult'));
    expect(r.outcome).toBe('verified');
    expect(r.attributes.age).toEqual({ over18: true, over20: true });
    expect(r.attributes.birthDate).toBeUndefined();
    expect(r.attributes.residence).toEqual({});
    expect(Object.keys(r.images)).toEqual(['photoJp2']);
    expect(r.checks.find((c) => c.id === 'rc.unsigned-fields')).toMatchObject({ status: 'skipped', code: 'not-read' });
  });

  it('age on generation 1 is refused: the birth date is only in the front image (the kiosk refuses it at detection)', async () => {
    let e: unknown;
    try {
      await verify(await rcCard('rc1-adult'), 'age', number('rc1-adult'));
    } catch (x) {
      e = x;
    }
    expect(e).toMatchObject({ code: 'document-purpose-unsupported', variant: 'gen1-residence-card' });
  });

  it('age reads no DF2 file and not the 住居地 image: fewer APDUs than the counter check', async () => {
    const count = async (purpose: PurposeId) => {
      const sim = await rcCard('rc2-adult');
      await verify(sim, purpose, number('rc2-adult'));
      return sim.activity.commands;
    };
    expect(await count('age')).toBeLessThan(await count('counter'));
  });

  it('a card of a holder under 16 (no signature on the chip) is never verified: incomplete, check by eye', async () => {
    const r = await verify(await rcCard('rc1-under-16'), 'counter', number('rc1-under-16'));
    expect(r.outcome).toBe('incomplete');
    expect(r.checks.find((c) => c.id === 'rc.signature')).toMatchObject({ status: 'skipped', code: 'rc-signature-absent' });
  });

  it('an expired gen-2 card and an expired signer certificate fail with their own checks', async () => {
    expect(failing(await verify(await rcCard('rc2-expired-card'), 'counter', number('rc2-expired-card')))).toContain('rc.card-expiry:rc-card-expired');
    expect(failing(await verify(await rcCard('rc1-expired-certificate'), 'counter', number('rc1-expired-certificate')))).toContain('rc.certificate-validity:rc-certificate-expired');
  });
});

describe('trust modes never mix', () => {
  it.each<[TrustMode, string]>([
    ['production', 'rc-anchor-other-mode'],
    ['jpki-test', 'rc-anchor-other-mode'],
  ])('a simulated card in %s mode fails at the chain (%s)', async (mode, code) => {
    const r = await verify(await rcCard('rc2-adult'), 'counter', number('rc2-adult'), await environment(mode));
    expect(r.outcome).toBe('failed');
    expect(failing(r)).toContain(`rc.certificate-chain:${code}`);
  });

  it('without any residence-card anchor in the environment the chain fails (never passes)', async () => {
    const env = { ...(await environment()), documentAnchors: [] };
    expect(failing(await verify(await rcCard('rc1-adult'), 'counter', number('rc1-adult'), env))).toContain('rc.certificate-chain:rc-no-anchor');
  });
});

describe('forged cards through the driver: each fails with its own check and code, or its own typed error', () => {
  const EXPECT: Record<RcForgeryId, string> = {
    'rc1-front-image-altered': 'rc.signature:rc-signature-invalid',
    'rc1-face-altered': 'rc.signature:rc-signature-invalid',
    'rc1-signature-from-other-card': 'rc.signature:rc-signature-invalid',
    'rc1-unknown-ca': 'rc.certificate-chain:rc-no-anchor',
    'rc1-certificate-not-yet-valid': 'rc.certificate-validity:rc-certificate-not-yet-valid',
    'rc1-card-type-lies': 'rc.card-type:rc-card-type-mismatch',
    'rc1-sm-cryptogram-corrupted': 'rc.signature:rc-signature-invalid',
    'rc1-wrong-card-number': 'error:pin-wrong',
    'rc1-chip-without-key': 'error:rc-auth-card-response-invalid',
    'rc2-face-altered': 'rc.signature:rc-signature-invalid',
    'rc2-entry-altered': 'rc.signature:rc-signature-invalid',
    'rc2-ca-name-copied': 'rc.certificate-chain:rc-certificate-signature-invalid',
    'rc2-certificate-expired': 'rc.certificate-validity:rc-certificate-expired',
    'rc2-card-number-differs': 'rc.card-number:rc-card-number-mismatch',
    'rc2-card-type-lies': 'rc.card-type:rc-card-type-mismatch',
    'rc2-key-mismatch': 'rc.signature:rc-signature-invalid',
    'rc2-sm-cryptogram-corrupted': 'error:sm-bad-padding',
  };
  const ctx = { build: buildProfile, profile: (id: string) => namedRcProfile(id)! };

  for (const f of RC_FORGERIES) {
    it(`${f.id}: ${EXPECT[f.id]}`, async () => {
      const forged = await f.make(ctx);
      let report: ResidenceCardReport | undefined;
      let error: unknown;
      try {
        report = await verify(new SimulatedResidenceCard(forged.model), 'counter', forged.printedCardNumber);
      } catch (e) {
        error = e;
      }
      if (EXPECT[f.id].startsWith('error:')) {
        expect(isKazasuError(error), String(error)).toBe(true);
        expect(`error:${(error as { code: string }).code}`).toBe(EXPECT[f.id]);
      } else {
        expect(error).toBeUndefined();
        expect(report!.outcome).toBe('failed');
        expect(failing(report!)).toContain(EXPECT[f.id]);
      }
    });
  }
});

describe('the kiosk session with a residence card', () => {
  async function kiosk() {
    const transport = new SimulatedTransport(undefined);
    const evidence: CompletedCheck[] = [];
    const env = await environment();
    const session = new KioskSession({ transport, environment: () => env, recordEvidence: async (c) => void evidence.push(c) });
    return { session, transport, evidence };
  }
  async function settle(session: KioskSession, done: (s: KioskState) => boolean): Promise<KioskState> {
    for (let i = 0; i < 600; i++) {
      const s = session.getState();
      if (done(s)) return s;
      await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error(`did not settle; at ${session.getState().step}`);
  }
  const noticed = (s: KioskState) => s.step === 'enter-credentials' || (s.step === 'place-card' && s.notice !== undefined);

  it('is recognised, asks for the card number (counter not readable), two wrong numbers stop the kiosk; the card saw two authentications only', async () => {
    const k = await kiosk();
    k.session.choosePurpose('counter');
    const sim = await rcCard('rc1-adult');
    k.transport.placeCard(sim);
    expect(await settle(k.session, noticed)).toMatchObject({ step: 'enter-credentials', document: 'residence-card', needed: ['cardNumber'], tries: { cardNumber: { kind: 'not-readable' } } });
    await k.session.submitCredentials({ cardNumber: 'AB12345679CD' });
    expect(k.session.getState()).toMatchObject({ step: 'enter-credentials', notice: { code: 'credential-wrong', credential: 'cardNumber' } });
    await k.session.submitCredentials({ cardNumber: 'AB12345670CD' });
    expect(k.session.getState()).toMatchObject({ step: 'enter-credentials', notice: { code: 'credential-attempts-exhausted', credential: 'cardNumber' } });
    const tried = sim.activity.mutualAuthentications;
    expect(tried).toBe(2);
    await k.session.submitCredentials({ cardNumber: number('rc1-adult') });
    expect(k.session.getState()).toMatchObject({ notice: { code: 'credential-attempts-exhausted' } });
    expect(sim.activity.mutualAuthentications).toBe(tried);
    // Placed again after staff compared the number: the right one verifies.
    k.transport.removeCard();
    await settle(k.session, (s) => s.step === 'place-card');
    k.transport.placeCard(sim);
    await settle(k.session, (s) => s.step === 'enter-credentials');
    await k.session.submitCredentials({ cardNumber: number('rc1-adult').toLowerCase() });
    const r = k.session.getState();
    expect(r.step === 'result' && r.report.outcome).toBe('verified');
    await k.session.confirm({ operator: 'clerk-07', answers: { face: 'match', 'printed-card': 'match' }, faceComparedWith: 'chip-photo', credentialEntry: 'manual' });
    expect(k.evidence[0]!.report.document).toBe('residence-card');
    expect(k.evidence[0]!.purpose.legalMethod).toEqual(PURPOSES.counter.legalMethod);
  });

  it('a badly formatted number is refused before the card sees it, and is not counted', async () => {
    const k = await kiosk();
    k.session.choosePurpose('field');
    const sim = await rcCard('rc2-adult');
    k.transport.placeCard(sim);
    await settle(k.session, noticed);
    for (let i = 0; i < 3; i++) {
      await k.session.submitCredentials({ cardNumber: 'RC2026' });
      expect(k.session.getState()).toMatchObject({ step: 'enter-credentials', notice: { code: 'credential-format', credential: 'cardNumber', reason: 'card-number-format' } });
    }
    expect(sim.activity.mutualAuthentications).toBe(0);
    await k.session.submitCredentials({ cardNumber: number('rc2-adult') });
    expect(k.session.getState()).toMatchObject({ step: 'result' });
  });

  it('the age check on a generation-1 card is refused when it is placed, naming the variant; nothing asked, nothing sent', async () => {
    const k = await kiosk();
    k.session.choosePurpose('age');
    const sim = await rcCard('rc1-special-permanent');
    k.transport.placeCard(sim);
    expect(await settle(k.session, noticed)).toEqual({ step: 'place-card', purpose: 'age', notice: { code: 'document-purpose-unsupported', document: 'residence-card', variant: 'gen1-special-permanent-resident' } });
    expect(sim.activity.mutualAuthentications).toBe(0);
  });

  it('the bank check cites the residence card method', async () => {
    const k = await kiosk();
    k.session.choosePurpose('bank', 'residence-card');
    k.transport.placeCard(await rcCard('rc2-adult'));
    await settle(k.session, noticed);
    await k.session.submitCredentials({ cardNumber: number('rc2-adult') });
    await k.session.confirm({ operator: 'clerk-07', answers: { face: 'match', 'printed-card': 'match', 'application-form': 'match' }, faceComparedWith: 'chip-photo', credentialEntry: 'manual' });
    expect(k.evidence[0]!.purpose.legalMethod.ja).toContain('在留カード');
  });

  it('staff chose the My Number Card, a residence card was placed: said so', async () => {
    const k = await kiosk();
    k.session.choosePurpose('counter', 'mynumber-card');
    k.transport.placeCard(await rcCard('rc2-adult'));
    expect(await settle(k.session, noticed)).toMatchObject({ notice: { code: 'document-mismatch', expected: 'mynumber-card', found: 'residence-card' } });
  });

  it('a My Number Card still verifies as before with the residence card registered', async () => {
    const k = await kiosk();
    k.session.choosePurpose('counter');
    k.transport.placeCard(simulatedCardFor((await card('default')).model));
    await settle(k.session, noticed);
    await k.session.submitCredentials({ codeB: CODE_B.default });
    const r = k.session.getState();
    expect(r.step === 'result' && r.report.outcome).toBe('verified');
  });
});

describe('the evidence record', () => {
  const reports = new Map<string, ResidenceCardReport>();
  beforeAll(async () => {
    for (const id of ['rc1-adult', 'rc2-adult'] as const) {
      for (const p of ['counter', 'bank', 'field', 'age'] as const) {
        if (id === 'rc1-adult' && p === 'age') continue;
        reports.set(`${id}/${p}`, await verify(await rcCard(id), p, number(id)));
      }
    }
  });

  async function record(key: string) {
    const report = reports.get(key)!;
    const described = await describeResidenceCardEvidence(report);
    const draft = buildEvidenceRecord(report, {
      purpose: PURPOSES[report.purpose],
      policy: evidencePolicyFor(report.purpose),
      kioskId: 'kiosk-01',
      operatorId: 'staff-01',
      appVersion: '0.1.0+test',
      staffConfirmations: { result: requiredStaffItems(report.purpose).length > 0 ? 'confirmed' : 'not-asked', answers: requiredStaffItems(report.purpose).map((item) => ({ item, answer: 'match' as const })), faceComparedWith: 'chip-photo', confirmedAt: report.finishedAt },
      credentialEntry: 'manual',
      ...documentEvidenceContext(described),
      forbiddenData: RESIDENCE_CARD_FORBIDDEN_DATA,
    });
    return { draft, json: JSON.stringify(draft) };
  }

  it('gen 1 counter: the card number as the 記号番号 (and nowhere else), the signed front image in place of a photocopy, no face photo', async () => {
    const { draft, json } = await record('rc1-adult/counter');
    expect(draft.documentType).toBe('residence-card');
    expect(draft.documentVariant).toBe('gen1-residence-card');
    expect(draft.documentIdentifier).toEqual({ scheme: 'residence-card-number', value: 'AB12345678CD' });
    expect(json.split('AB12345678CD').length - 1).toBe(1);
    expect(draft.documentImages?.frontImage).toMatchObject({ mediaType: 'image/tiff', signed: true });
    const tiff = Uint8Array.from(atob(draft.documentImages!.frontImage!.base64), (c) => c.charCodeAt(0));
    expect(decodeBilevelTiff(tiff).width).toBeGreaterThan(600);
    expect(Object.keys(draft.documentImages!)).toEqual(['frontImage']);
    expect(draft.cardIdentifiers.signerCertificateSha256).toMatch(/^[0-9A-F]{64}$/);
    expect(draft.documentFields).toMatchObject({ signature: 'verified', signatureVariant: 'bare-sha256', addressSigned: false });
    expect(draft.personal).toEqual({ address: namedRcProfile('rc1-adult')!.address.text });
    expect(draft.checks.find((c) => c.id === 'rc.signature')).toMatchObject({ status: 'pass', code: 'ok' });
    // Stored and read back.
    expect(parseEvidenceRecord({ ...draft, id: crypto.randomUUID(), seq: 1, createdAt: draft.finishedAt })).toMatchObject({ documentVariant: 'gen1-residence-card' });
  });

  it('gen 2 bank: the signed text fields, the name and (unsigned) address images, the period of stay', async () => {
    const { draft } = await record('rc2-adult/bank');
    const p = namedRcProfile('rc2-adult')!;
    expect(draft.documentFields).toMatchObject({
      nationality: p.person.nationality.code,
      statusOfResidence: p.card.statusOfResidence!.code,
      periodOfStay: p.card.periodOfStay!.code,
      stayExpiry: p.card.stayExpiry,
      workRestriction: p.card.workRestriction,
      renewalApplicationPending: false,
      signatureVariant: 'raw',
    });
    expect(draft.personal).toEqual({ birthDate: p.person.birthDate });
    expect(draft.cardIdentifiers.cardExpiry).toBe(p.card.expiryDate);
    expect(Object.keys(draft.documentImages ?? {}).sort()).toEqual(['addressImage', 'nameImage']);
    expect(draft.documentImages!.addressImage!.signed).toBe(false);
    expect(draft.legalMethod).toEqual(PURPOSES.bank.legalMethod);
  });

  it('field: the number and the birth date only; age: nothing personal and no identifier', async () => {
    const field = (await record('rc2-adult/field')).draft;
    expect(field.documentIdentifier?.value).toBe('RC20260001JP');
    expect(field.documentFields).toBeUndefined();
    expect(field.documentImages).toBeUndefined();
    expect(field.personal).toEqual({ birthDate: namedRcProfile('rc2-adult')!.person.birthDate });
    const { draft: age, json } = await record('rc2-adult/age');
    expect(age.documentIdentifier).toBeUndefined();
    expect(age.documentFields).toBeUndefined();
    expect(age.documentImages).toBeUndefined();
    expect(age.personal).toBeUndefined();
    expect(age.ageAnswers).toEqual({ over18: true, over20: true });
    expect(json).not.toContain('RC20260001JP');
  });
});
