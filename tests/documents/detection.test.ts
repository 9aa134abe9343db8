/**
 * Card detection through the kiosk session: staff may pick the document or place any card; the
 * session says which document it is, refuses an unknown card, another document than the one
 * chosen, or a document that does not support the purpose, and never spends a try to find out.
 * A second (made-up) document goes through detection, tries, the runner and the result without
 * any change to shared code.
 */
import { describe, expect, it } from 'vitest';
import type { AnyDocumentDriver } from '../../src/documents/document-driver';
import { DetectionCommandRefusedError } from '../../src/documents/document-errors';
import { MYNUMBER_DRIVER } from '../../src/documents/mynumber/mynumber-driver';
import { CardProbe } from '../../src/documents/registry';
import { KioskSession, type CompletedCheck } from '../../src/session/kiosk-session';
import type { KioskState } from '../../src/session/kiosk-state';
import type { SimulatedCard } from '../../src/sim/card/simulated-card';
import { simulatedCardFor } from '../../src/sim/mynumber/build-card';
import { SimulatedTransport } from '../../src/transport/simulated-transport';
import { card, CODE_B, environment } from '../verify-flows/flow-helpers';
import { blankCard, TEST_CARD_NUMBER, TEST_DRIVER, TEST_PIN, testDocumentCard } from './test-document';

const DRIVERS: readonly AnyDocumentDriver[] = [MYNUMBER_DRIVER, TEST_DRIVER as AnyDocumentDriver];

async function kiosk(documents: readonly AnyDocumentDriver[] = DRIVERS) {
  const transport = new SimulatedTransport(undefined);
  const evidence: CompletedCheck[] = [];
  const env = await environment();
  const session = new KioskSession({ transport, environment: () => env, recordEvidence: async (c) => void evidence.push(c), documents });
  return { session, transport, evidence };
}

async function settle(session: KioskSession, done: (s: KioskState) => boolean): Promise<KioskState> {
  for (let i = 0; i < 400; i++) {
    const s = session.getState();
    if (done(s)) return s;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`did not settle; at ${session.getState().step}`);
}

const noticed = (s: KioskState) => s.step === 'enter-credentials' || (s.step === 'place-card' && s.notice !== undefined);

function verifies(sim: SimulatedCard): number {
  return sim.activity.verifyAttempts;
}

describe('the kiosk says which document was placed', () => {
  it('a My Number Card: detected, its tries read, nothing spent', async () => {
    const k = await kiosk();
    k.session.choosePurpose('counter');
    const sim = simulatedCardFor((await card('default')).model);
    k.transport.placeCard(sim);
    const s = await settle(k.session, noticed);
    expect(s).toMatchObject({ step: 'enter-credentials', document: 'mynumber-card', needed: ['codeB'] });
    expect(sim.activity.triesConsumed).toBe(0);
  });

  it('the second document: detected after the My Number Card probe failed, its own credentials and tries, verified, evidence with its legal method', async () => {
    const k = await kiosk();
    k.session.choosePurpose('counter');
    const sim = testDocumentCard();
    k.transport.placeCard(sim);
    const s = await settle(k.session, noticed);
    expect(s).toMatchObject({ step: 'enter-credentials', document: 'passport', needed: ['pin'], tries: { pin: { kind: 'tries-left', left: 3 } } });
    expect(sim.activity.triesConsumed).toBe(0);
    await k.session.submitCredentials({ pin: TEST_PIN } as never);
    const r = k.session.getState();
    expect(r.step).toBe('result');
    if (r.step !== 'result') return;
    expect(r.report.document).toBe('passport');
    expect(r.report.outcome).toBe('verified');
    expect(r.report.attributes.name).toBe('TEST HOLDER');
    expect(r.report.checks.map((c) => c.id)).toEqual(['td.read', 'td.number', 'trust.anchors']);
    await k.session.confirm({ operator: 'staff-042', answers: { face: 'match', 'printed-card': 'match' }, faceComparedWith: 'chip-photo', credentialEntry: 'manual' });
    expect(k.evidence[0]!.purpose.legalMethod).toEqual({ ja: 'テスト方式', en: 'test method' });
  });

  it('an unknown card is refused plainly, with the documents the kiosk can read; no VERIFY reached it', async () => {
    const k = await kiosk();
    k.session.choosePurpose('counter');
    const sim = blankCard();
    k.transport.placeCard(sim);
    const s = await settle(k.session, noticed);
    expect(s).toEqual({ step: 'place-card', purpose: 'counter', notice: { code: 'document-unknown', supported: ['mynumber-card', 'passport'] } });
    expect(verifies(sim)).toBe(0);
  });

  it('staff chose the My Number Card, another document was placed: said so, nothing read', async () => {
    const k = await kiosk();
    k.session.choosePurpose('counter', 'mynumber-card');
    const sim = testDocumentCard();
    k.transport.placeCard(sim);
    const s = await settle(k.session, noticed);
    expect(s).toEqual({ step: 'place-card', purpose: 'counter', document: 'mynumber-card', notice: { code: 'document-mismatch', expected: 'mynumber-card', found: 'passport' } });
    expect(verifies(sim)).toBe(0);
  });

  it('a document that does not support the purpose is refused before any credential is asked', async () => {
    const k = await kiosk();
    k.session.choosePurpose('bank');
    const sim = testDocumentCard();
    k.transport.placeCard(sim);
    const s = await settle(k.session, noticed);
    expect(s).toMatchObject({ step: 'place-card', notice: { code: 'document-purpose-unsupported', document: 'passport' } });
    expect(verifies(sim)).toBe(0);
  });

  it('staff chose the My Number Card and placed one: the same flow as before (counter check verified)', async () => {
    const k = await kiosk();
    k.session.choosePurpose('counter', 'mynumber-card');
    k.transport.placeCard(simulatedCardFor((await card('default')).model));
    await settle(k.session, noticed);
    await k.session.submitCredentials({ codeB: CODE_B.default });
    const r = k.session.getState();
    expect(r.step === 'result' && r.report.outcome).toBe('verified');
  });
});

describe('a credential without a readable counter (like the residence card number)', () => {
  it('is shown as not readable; after two wrong entries on one placement the kiosk sends it no more (not even after starting again), until the card is placed again', async () => {
    const k = await kiosk();
    k.session.choosePurpose('field');
    const sim = testDocumentCard();
    k.transport.placeCard(sim);
    const s = await settle(k.session, noticed);
    expect(s).toMatchObject({ step: 'enter-credentials', document: 'passport', needed: ['cardNumber'], tries: { cardNumber: { kind: 'not-readable' } } });
    await k.session.submitCredentials({ cardNumber: 'AB00000000CD' } as never);
    expect(k.session.getState()).toMatchObject({ step: 'enter-credentials', notice: { code: 'credential-wrong', credential: 'cardNumber' } });
    await k.session.submitCredentials({ cardNumber: 'AB00000001CD' } as never);
    expect(k.session.getState()).toMatchObject({ step: 'enter-credentials', notice: { code: 'credential-attempts-exhausted', credential: 'cardNumber' } });
    const sent = sim.activity.verifyAttempts;
    await k.session.submitCredentials({ cardNumber: TEST_CARD_NUMBER } as never);
    expect(k.session.getState()).toMatchObject({ step: 'enter-credentials', notice: { code: 'credential-attempts-exhausted' } });
    expect(sim.activity.verifyAttempts).toBe(sent);
    // Starting again with the card still on the reader gives it no more guesses.
    k.session.wipe();
    k.session.choosePurpose('field');
    await settle(k.session, (st) => st.step === 'enter-credentials');
    await k.session.submitCredentials({ cardNumber: TEST_CARD_NUMBER } as never);
    expect(k.session.getState()).toMatchObject({ step: 'enter-credentials', notice: { code: 'credential-attempts-exhausted' } });
    expect(sim.activity.verifyAttempts).toBe(sent);
    // Lifted and placed again: a new placement, staff compared the number; the right one verifies.
    k.transport.removeCard();
    await settle(k.session, (st) => st.step === 'place-card');
    k.transport.placeCard(sim);
    expect(await settle(k.session, (st) => st.step === 'enter-credentials')).not.toHaveProperty('notice');
    await k.session.submitCredentials({ cardNumber: TEST_CARD_NUMBER } as never);
    const r = k.session.getState();
    expect(r.step === 'result' && r.report.outcome).toBe('verified');
  });
});

describe('detection never sends VERIFY', () => {
  it('a driver whose detection tries VERIFY is stopped before the card sees it', async () => {
    const sim = testDocumentCard();
    const transport = new SimulatedTransport(sim);
    await transport.connect();
    const greedy: AnyDocumentDriver = {
      ...(TEST_DRIVER as AnyDocumentDriver),
      async detect(channel) {
        await channel.send({ cla: 0x00, ins: 0x20, p1: 0x00, p2: 0x91 });
        return { kind: 'match' };
      },
    };
    const probe = new CardProbe(transport);
    await expect(probe.detect({}, [greedy])).rejects.toBeInstanceOf(DetectionCommandRefusedError);
    for (const ins of [0x24, 0x2c, 0x82, 0x86, 0x88, 0x2a, 0x22, 0xd6]) {
      const sender: AnyDocumentDriver = { ...greedy, detect: async (c) => (await c.send({ cla: 0x00, ins, p1: 0, p2: 0 }), { kind: 'match' }) };
      await expect(probe.detect({}, [sender])).rejects.toBeInstanceOf(DetectionCommandRefusedError);
    }
    expect(sim.activity.commands).toBe(0);
    // After detection the same channel may read the tries (an empty VERIFY).
    expect(await TEST_DRIVER.readTries(probe.channel, ['pin'])).toEqual({ pin: { kind: 'tries-left', left: 3 } });
    expect(sim.activity.verifyAttempts).toBe(0);
  });

  it('detecting a My Number Card sends only SELECT', async () => {
    const sim = simulatedCardFor((await card('default')).model);
    const log: number[] = [];
    const transport = new SimulatedTransport({ process: (c: Uint8Array) => (log.push(c[1]!), sim.process(c)), powerOn: () => sim.powerOn(), powerOff: () => sim.powerOff() } as never);
    await transport.connect();
    const found = await new CardProbe(transport).detect({ purpose: 'age' }, DRIVERS);
    expect(found?.driver.kind).toBe('mynumber-card');
    expect(log).toEqual([0xa4]);
  });
});
