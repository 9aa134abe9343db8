/**
 * The licence through the document seam: the registry's detection (never a VERIFY; the licence
 * refuses the My Number Card and is refused by it), the tries read without spending one, the
 * generic runner for every profile and purpose, the purposes' policy on a missing issuer
 * certificate (counter: a warning is enough; bank: not), PIN safety through the kiosk session
 * (counter before entry, last-try refusal, blocked), 本籍 never in a report or an evidence record,
 * and the マイナ免許証 read through the licence application.
 */
import { describe, expect, it } from 'vitest';
import { LICENCE_DRIVER } from '../../src/documents/licence/licence-driver';
import { MYNUMBER_DRIVER } from '../../src/documents/mynumber/mynumber-driver';
import { CardProbe } from '../../src/documents/registry';
import { assertNoForbiddenData } from '../../src/evidence/forbidden-data';
import { SIMULATED_LICENCE } from '../../src/node/sim-documents/licence';
import { KioskSession, type CompletedCheck } from '../../src/session/kiosk-session';
import type { KioskState } from '../../src/session/kiosk-state';
import { PURPOSES, type PurposeId } from '../../src/session/purposes';
import { runVerification, type VerificationCredentials } from '../../src/session/run-verification';
import type { VerificationEnvironment } from '../../src/session/verification-environment';
import { simulatedLicenceCardFor, licenceProfile, LICENCE_FORGERIES, type SimulatedLicenceCard } from '../../src/sim/licence';
import { simulatedCardFor } from '../../src/sim/mynumber/build-card';
import type { ApduResponder } from '../../src/transport/apdu-responder';
import { SimulatedTransport } from '../../src/transport/simulated-transport';
import type { DocumentReport } from '../../src/documents/registry';
import { card as myNumberCard, environment } from '../verify-flows/flow-helpers';
import { connect, licence } from './licence-helpers';
import { simFont } from '../../src/node/sim-font';

const PINS: Record<string, { pin1: string; pin2: string }> = {
  'licence-default': { pin1: '1234', pin2: '5678' },
  'licence-expired': { pin1: '9876', pin2: '5432' },
  'licence-gaiji-name': { pin1: '2468', pin2: '1357' },
  'licence-many-classes': { pin1: '3690', pin2: '2580' },
  'licence-moved': { pin1: '1111', pin2: '2222' },
  'licence-no-pins': { pin1: '****', pin2: '****' },
  'licence-pin1-last-try': { pin1: '4321', pin2: '8765' },
};

/** Simulator trust with the licence's simulator issuers installed (or, `issuers: false`, none: like production today). */
async function env(issuers = true): Promise<VerificationEnvironment> {
  const base = await environment();
  return { ...base, documentAnchors: issuers ? await SIMULATED_LICENCE.anchors() : [] };
}

async function run(responder: ApduResponder, purpose: PurposeId, credentials: VerificationCredentials, e?: VerificationEnvironment): Promise<DocumentReport> {
  const t = new SimulatedTransport(responder);
  await t.connect();
  try {
    return await runVerification(t, PURPOSES[purpose], credentials, e ?? (await env()), undefined, { document: 'drivers-licence' });
  } finally {
    await t.disconnect();
  }
}

async function sim(id: string): Promise<SimulatedLicenceCard> {
  return simulatedLicenceCardFor((await licence(id)).model);
}

function statuses(r: DocumentReport): Record<string, string> {
  return Object.fromEntries(r.checks.map((c) => [c.id, `${c.status}:${c.code}`]));
}

describe('detection (SELECT and free reads only)', () => {
  it('the registry recognises a licence card after the My Number probe failed, and reads both counters without spending a try', async () => {
    const card = await sim('licence-default');
    const t = await connect(card);
    const probe = new CardProbe(t);
    const found = await probe.detect({ purpose: 'counter' });
    expect(found?.driver.kind).toBe('drivers-licence');
    expect(found?.detection.variant).toBe('card');
    const tries = await found!.driver.readTries(probe.channel, ['pin1', 'pin2']);
    probe.close();
    expect(tries).toEqual({ pin1: { kind: 'tries-left', left: 3 }, pin2: { kind: 'tries-left', left: 3 } });
    expect(t.verifies()).toBe(0);
    expect(t.counterReads()).toBe(2);
    expect(card.activity.triesConsumed).toBe(0);
    // Detection itself sent nothing but SELECT and READ BINARY.
    const beforeTries = t.log.slice(0, t.log.length - 2).map((e) => e.command[1]);
    expect(beforeTries.every((ins) => ins === 0xa4 || ins === 0xb0)).toBe(true);
  });

  it('a licence card is refused by the My Number driver, a My Number Card by the licence driver', async () => {
    const lic = await connect(await sim('licence-default'));
    const p1 = new CardProbe(lic);
    expect(await p1.detect({}, [MYNUMBER_DRIVER])).toBeUndefined();
    p1.close();
    const mnc = await connect(simulatedCardFor((await myNumberCard('default')).model));
    const p2 = new CardProbe(mnc);
    expect(await p2.detect({}, [LICENCE_DRIVER])).toBeUndefined();
    p2.close();
    expect(lic.verifies() + lic.counterReads() + mnc.verifies() + mnc.counterReads()).toBe(0);
  });

  it('a マイナ免許証 is a My Number Card to the registry, and the licence (variant mynumber-card) when the licence is chosen', async () => {
    const onReader = await SIMULATED_LICENCE.card({ named: 'mynumber-licence' }, {});
    const t = await connect(onReader.responder);
    const any = new CardProbe(t);
    expect((await any.detect({}))?.driver.kind).toBe('mynumber-card');
    any.close();
    const chosen = new CardProbe(t);
    const found = await chosen.detect({}, [LICENCE_DRIVER]);
    expect(found?.detection.variant).toBe('mynumber-card');
    expect(await found!.driver.readTries(chosen.channel, ['pin1', 'pin2'])).toEqual({ pin1: { kind: 'tries-left', left: 10 } });
    chosen.close();
    expect(t.verifies()).toBe(0);
  });
});

describe('every profile through the generic runner', () => {
  it.each(['licence-default', 'licence-no-pins', 'licence-gaiji-name', 'licence-moved', 'licence-many-classes'])('%s: counter and bank verified with the simulator issuers installed', async (id) => {
    for (const purpose of ['counter', 'bank'] as const) {
      const r = await run(await sim(id), purpose, PINS[id]!);
      expect(r.outcome, `${id} ${purpose}: ${JSON.stringify(statuses(r))}`).toBe('verified');
      expect(statuses(r)['dl.signature']).toBe('pass:ok');
      expect(r.document).toBe('drivers-licence');
    }
  });

  it('licence-expired fails with its own reason', async () => {
    const r = await run(await sim('licence-expired'), 'counter', PINS['licence-expired']!);
    expect(r.outcome).toBe('failed');
    expect(statuses(r)['dl.expiry']).toBe('fail:dl-expired');
  });

  it('without an installed issuer certificate: a warning with its own reason; enough at the counter, not for a bank or the age check', async () => {
    const e = await env(false);
    const counter = await run(await sim('licence-default'), 'counter', PINS['licence-default']!, e);
    expect(statuses(counter)['dl.signature']).toBe('warn:dl-issuer-certificate-not-installed');
    expect(counter.outcome).toBe('verified');
    const bank = await run(await sim('licence-default'), 'bank', PINS['licence-default']!, e);
    expect(bank.outcome).toBe('incomplete');
    const age = await run(await sim('licence-default'), 'age', PINS['licence-default']!, e);
    expect(age.outcome).toBe('incomplete');
  });

  it('the moved holder: the latest address shown, the address as issued kept beside it', async () => {
    const r = await run(await sim('licence-moved'), 'counter', PINS['licence-moved']!);
    if (r.document !== 'drivers-licence') throw new Error('not a licence report');
    const l = r.attributes.licence!;
    expect(r.attributes.address).toBe(l.address);
    expect(l.addressChanges.length).toBe(2);
    expect(l.address).not.toBe(l.addressOriginal.text);
    expect(l.address).toBe(l.addressChanges.at(-1)!.text.text);
  });

  it('外字: the card bitmaps come with the report', async () => {
    const r = await run(await sim('licence-gaiji-name'), 'counter', PINS['licence-gaiji-name']!);
    if (r.document !== 'drivers-licence') throw new Error('not a licence report');
    expect(r.images.gaiji?.length).toBeGreaterThan(0);
    expect(r.images.gaiji!.every((g) => g.bitmap !== undefined)).toBe(true);
    expect(statuses(r)['dl.gaiji']).toMatch(/^(pass|warn):/);
  });

  it('the age check shows only the age answers; the field check with PIN1 only reads no photo and leaves the signature to PIN2', async () => {
    const age = await run(await sim('licence-default'), 'age', PINS['licence-default']!);
    expect(age.outcome).toBe('verified');
    expect(Object.keys(age.attributes).sort()).toEqual(['age', 'cardExpiry', 'variant']);
    const card = await sim('licence-default');
    const field = await run(card, 'field', { pin1: '1234' });
    expect(field.outcome).toBe('verified');
    expect(statuses(field)['dl.photo']).toBe('skipped:not-read');
    expect(statuses(field)['dl.signature']).toBe('skipped:dl-signature-needs-pin2');
    expect(card.activity.verifyAttempts).toBe(1);
  });

  it('each forgery fails through the driver with its own check and reason', async () => {
    for (const f of LICENCE_FORGERIES) {
      const expected = f.expect;
      if (expected.kind !== 'check') continue;
      const base = await licence('licence-default');
      const forged = await f.make({ base, glyphs: simFont() });
      const r = await run(simulatedLicenceCardFor(forged.model), 'bank', PINS['licence-default']!);
      expect(r.outcome, f.id).toBe('failed');
      expect(r.checks.find((c) => c.id === expected.check && c.status === 'fail')?.code, f.id).toBe(expected.code);
    }
  });
});

describe('PIN safety', () => {
  it('a wrong PIN: exactly one VERIFY, the error names PIN1, and nothing is retried', async () => {
    const card = await sim('licence-default');
    await expect(run(card, 'counter', { pin1: '0000', pin2: '5678' })).rejects.toMatchObject({ code: 'pin-wrong', retriesLeft: 2 });
    expect(card.activity.verifyAttempts).toBe(1);
    expect(card.activity.triesConsumed).toBe(1);
  });

  it('one try left: refused before any VERIFY unless confirmed; confirmed, it verifies', async () => {
    const card = await sim('licence-pin1-last-try');
    await expect(run(card, 'counter', PINS['licence-pin1-last-try']!)).rejects.toMatchObject({ code: 'pin-last-try-unconfirmed' });
    expect(card.activity.verifyAttempts).toBe(0);
    const ok = await run(card, 'counter', { ...PINS['licence-pin1-last-try']!, confirmLastTry: true });
    expect(ok.outcome).toBe('verified');
  });

  it('blocked: refused without a VERIFY', async () => {
    const card = await sim('licence-pin1-blocked');
    await expect(run(card, 'counter', { pin1: '0000', pin2: '1111' })).rejects.toMatchObject({ code: 'pin-blocked' });
    expect(card.activity.verifyAttempts).toBe(0);
  });

  it('**** on a card with PINs set, digits on a card without: refused without a VERIFY', async () => {
    const set = await sim('licence-default');
    await expect(run(set, 'counter', { pin1: '****', pin2: '****' })).rejects.toMatchObject({ code: 'licence-pin-is-set' });
    const unset = await sim('licence-no-pins');
    await expect(run(unset, 'counter', { pin1: '1234', pin2: '5678' })).rejects.toMatchObject({ code: 'licence-pin-not-set' });
    expect(set.activity.verifyAttempts + unset.activity.verifyAttempts).toBe(0);
  });

  it('credentialOf names the PIN an error is about', () => {
    expect(LICENCE_DRIVER.credentialOf({ code: 'pin-wrong', message: '00 20 00 82: wrong value, 2 tries left' }, ['pin1', 'pin2'])).toBe('pin2');
    expect(LICENCE_DRIVER.credentialOf({ code: 'pin-blocked', message: 'pin1 is blocked' }, ['pin2'])).toBe('pin1');
    expect(() => LICENCE_DRIVER.credentials.pin1.normalise('12a4')).toThrow(expect.objectContaining({ code: 'credential-format' }));
    expect(LICENCE_DRIVER.credentials.pin2.normalise('****')).toBe('****');
  });
});

const settle = async (session: KioskSession, done: (s: KioskState) => boolean): Promise<KioskState> => {
  for (let i = 0; i < 400; i++) {
    const s = session.getState();
    if (done(s)) return s;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`did not settle; at ${session.getState().step}`);
};
const noticed = (s: KioskState) => s.step === 'enter-credentials' || (s.step === 'place-card' && s.notice !== undefined);

async function kiosk() {
  const transport = new SimulatedTransport(undefined);
  const evidence: CompletedCheck[] = [];
  const e = await env();
  const session = new KioskSession({ transport, environment: () => e, recordEvidence: async (c) => void evidence.push(c) });
  return { session, transport, evidence };
}

describe('the kiosk session (any card placed)', () => {
  it('counters shown before entry; verified; the evidence keeps the licence number, never 本籍 or a PIN', async () => {
    const k = await kiosk();
    k.session.choosePurpose('bank');
    const card = await sim('licence-default');
    k.transport.placeCard(card);
    const s = await settle(k.session, noticed);
    expect(s).toMatchObject({ step: 'enter-credentials', document: 'drivers-licence', needed: ['pin1', 'pin2'], tries: { pin1: { kind: 'tries-left', left: 3 }, pin2: { kind: 'tries-left', left: 3 } } });
    expect(card.activity.verifyAttempts).toBe(0);
    await k.session.submitCredentials({ pin1: '1234', pin2: '5678' });
    const r = k.session.getState();
    if (r.step !== 'result') throw new Error(`at ${r.step}`);
    expect(r.report.outcome).toBe('verified');
    const honseki = licenceProfile('licence-default')!.holder.honseki as string;
    expect(JSON.stringify(r.report)).not.toContain(honseki);
    await k.session.confirm({ operator: 'staff-042', answers: { face: 'match', 'printed-card': 'match', 'application-form': 'match' }, faceComparedWith: 'chip-photo', credentialEntry: 'manual' });
    const described = await LICENCE_DRIVER.evidence.describe(k.evidence[0]!.report as never);
    expect(described.identifier).toEqual({ scheme: 'drivers-licence-number', value: (r.report.attributes as { licence: { licenceNumber: string } }).licence.licenceNumber });
    expect(() => assertNoForbiddenData({ documentIdentifier: described.identifier, fields: described.fields }, LICENCE_DRIVER.evidence.forbidden)).not.toThrow();
    expect(() => assertNoForbiddenData({ honseki: 'x' }, LICENCE_DRIVER.evidence.forbidden)).toThrow();
    expect(JSON.stringify(described)).not.toMatch(/"(1234|5678)"|pin/i);
  });

  it('PIN1 at one try: the kiosk refuses the entry without the person\'s confirmation (no VERIFY sent)', async () => {
    const k = await kiosk();
    k.session.choosePurpose('counter');
    const card = await sim('licence-pin1-last-try');
    k.transport.placeCard(card);
    await settle(k.session, noticed);
    await k.session.submitCredentials({ pin1: '4321', pin2: '8765' });
    expect(k.session.getState()).toMatchObject({ notice: { code: 'credential-last-try', credential: 'pin1' } });
    expect(card.activity.verifyAttempts).toBe(0);
  });

  it('PIN1 blocked: shown as blocked before any entry', async () => {
    const k = await kiosk();
    k.session.choosePurpose('counter');
    const card = await sim('licence-pin1-blocked');
    k.transport.placeCard(card);
    const s = await settle(k.session, noticed);
    expect(s).toMatchObject({ tries: { pin1: { kind: 'blocked' } } });
    expect(card.activity.verifyAttempts).toBe(0);
  });
});

describe('マイナ免許証', () => {
  it('verified through the licence application with its PIN; the age check is refused for this variant', async () => {
    const onReader = await SIMULATED_LICENCE.card({ named: 'mynumber-licence' }, {});
    const r = await run(onReader.responder, 'counter', { pin1: '2580' });
    expect(r.outcome, JSON.stringify(statuses(r))).toBe('verified');
    if (r.document !== 'drivers-licence') throw new Error('not a licence report');
    expect(r.attributes.variant).toBe('mynumber-card');
    expect(r.attributes.mynumberLicence?.licenceNumber).toBe('993012349870');
    expect(LICENCE_DRIVER.purposes.age?.variants).toEqual(['card']);
  });

  it('a tampered licence information fails the signature through the driver', async () => {
    const onReader = await SIMULATED_LICENCE.card({ named: 'mynumber-licence' }, { forgery: 'mnc-info-altered' });
    const r = await run(onReader.responder, 'counter', { pin1: '2580' });
    expect(statuses(r)['dl.signature']).toBe('fail:dl-signature-invalid');
    expect(r.outcome).toBe('failed');
  });

  it('a My Number Card without the licence application, chosen as a licence: not recognised (and no VERIFY)', async () => {
    const t = await connect(simulatedCardFor((await myNumberCard('default')).model));
    await expect(runVerification(t, PURPOSES.counter, { pin1: '1234' }, await env(), undefined, { document: 'drivers-licence' })).rejects.toMatchObject({ code: 'document-unknown' });
    expect(t.verifies()).toBe(0);
  });
});
