/**
 * The UI-free kiosk engine on the simulated card: tries shown before entry, wrong credential back
 * to entry with the card's counter, last try refused without confirmation (no VERIFY sent), card
 * removal handled, evidence written once per completed check, and wipe forgets everything.
 */
import { describe, expect, it } from 'vitest';
import { KioskSession, type CompletedCheck } from '../../src/session/kiosk-session';
import type { KioskState } from '../../src/session/kiosk-state';
import { SimulatedCard } from '../../src/sim/card/simulated-card';
import { simulatedCardFor } from '../../src/sim/mynumber/build-card';
import { SimulatedTransport } from '../../src/transport/simulated-transport';
import { DemoRevocationChecker } from '../../src/sim/revocation/demo-revocation-checker';
import type { RevocationChecker } from '../../src/verify/revocation/revocation-checker';
import { card, CODE_B, environment } from '../verify-flows/flow-helpers';

const CLERK = { operator: 'clerk-07', faceComparedWith: 'chip-photo', credentialEntry: 'manual' } as const;

async function resultOf(k: Awaited<ReturnType<typeof kiosk>>, purpose: 'counter' | 'bank' | 'field' | 'age', credentials: Record<string, string>) {
  k.session.choosePurpose(purpose);
  k.transport.placeCard(k.sim);
  await until(k.session, 'enter-credentials');
  await k.session.submitCredentials(credentials);
  const s = k.session.getState();
  if (s.step !== 'result') throw new Error(`no result: ${s.step}`);
  return s;
}

async function kiosk(profileId = 'default', revocation?: RevocationChecker) {
  const sim: SimulatedCard = simulatedCardFor((await card(profileId)).model);
  const transport = new SimulatedTransport(undefined);
  const evidence: CompletedCheck[] = [];
  const env = await environment('simulator', revocation);
  const session = new KioskSession({ transport, environment: () => env, recordEvidence: async (c) => void evidence.push(c) });
  const states: KioskState[] = [];
  session.subscribe((s) => states.push(s));
  return { session, transport, sim, evidence, states };
}

async function until(session: KioskSession, step: KioskState['step']): Promise<KioskState> {
  for (let i = 0; i < 200; i++) {
    const s = session.getState();
    if (s.step === step) return s;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`never reached ${step}; at ${session.getState().step}`);
}

describe('KioskSession', () => {
  it('counter check: place card → tries shown → verified result → confirmation → evidence → done', async () => {
    const k = await kiosk();
    k.session.choosePurpose('counter');
    expect(k.session.getState().step).toBe('place-card');
    k.transport.placeCard(k.sim);
    const entry = await until(k.session, 'enter-credentials');
    // 照合番号B counters are full (10 on the simulated card) and nothing was used to learn that.
    expect(entry).toMatchObject({ needed: ['codeB'], tries: { codeB: { kind: 'tries-left', left: 10 } } });
    expect(k.sim.activity.triesConsumed).toBe(0);
    await k.session.submitCredentials({ codeB: CODE_B.default });
    const result = k.session.getState();
    expect(result.step).toBe('result');
    if (result.step !== 'result') return;
    expect(result.report.outcome).toBe('verified');
    // Progress went through real steps before the result.
    expect(k.states.filter((s) => s.step === 'reading').length).toBeGreaterThan(3);
    const photo = result.report.images.photoJp2!;
    await k.session.confirm({ operator: 'clerk-07', answers: { face: 'match', 'printed-card': 'match' }, faceComparedWith: 'chip-photo', credentialEntry: 'manual' });
    expect(k.evidence).toHaveLength(1);
    expect(k.evidence[0]!.staff).toEqual({ result: 'confirmed', answers: [{ item: 'face', answer: 'match' }, { item: 'printed-card', answer: 'match' }], faceComparedWith: 'chip-photo' });
    expect(k.evidence[0]!.operator).toBe('clerk-07');
    expect(k.session.getState()).toMatchObject({ step: 'done', outcome: 'verified', evidenceSaved: true, staffResult: 'confirmed' });
    // The photo bytes were zeroed when the result screen was left.
    expect(photo.every((b) => b === 0)).toBe(true);
  });

  it('a wrong 照合番号B returns to entry with the counter the card reports, one try used', async () => {
    const k = await kiosk();
    k.session.choosePurpose('counter');
    k.transport.placeCard(k.sim);
    await until(k.session, 'enter-credentials');
    await k.session.submitCredentials({ codeB: '55021720352286' });
    const s = k.session.getState();
    expect(s).toMatchObject({ step: 'enter-credentials', notice: { code: 'credential-wrong', credential: 'codeB', retriesLeft: 9 } });
    if (s.step === 'enter-credentials') expect(s.tries.codeB).toEqual({ kind: 'tries-left', left: 9 });
    expect(k.sim.activity.triesConsumed).toBe(1);
  });

  it('one try left: refused without confirmation and the card is not asked; with confirmation it proceeds', async () => {
    const k = await kiosk('last-try');
    k.session.choosePurpose('bank');
    k.transport.placeCard(k.sim);
    const entry = await until(k.session, 'enter-credentials');
    expect(entry).toMatchObject({ tries: { signPassword: { kind: 'tries-left', left: 1 } } });
    const attempts = k.sim.activity.verifyAttempts;
    await k.session.submitCredentials({ codeB: CODE_B['last-try'], signPassword: 'ONELEFT85' });
    expect(k.session.getState()).toMatchObject({ step: 'enter-credentials', notice: { code: 'credential-last-try', credential: 'signPassword' } });
    expect(k.sim.activity.verifyAttempts).toBe(attempts);
    await k.session.submitCredentials({ codeB: CODE_B['last-try'], signPassword: 'ONELEFT85' }, true);
    expect(k.session.getState().step).toBe('result');
  });

  it('a blocked key is refused before anything is sent', async () => {
    const k = await kiosk();
    k.session.choosePurpose('counter');
    // Block 照合番号B on this card by exhausting it directly (10 wrong tries).
    k.transport.placeCard(k.sim);
    await until(k.session, 'enter-credentials');
    for (let i = 0; i < 10; i++) {
      await k.session.submitCredentials({ codeB: '55021720352286' });
      if (k.session.getState().step !== 'enter-credentials') break;
      if ((k.session.getState() as { notice?: { code: string } }).notice?.code === 'credential-last-try') {
        await k.session.submitCredentials({ codeB: '55021720352286' }, true);
      }
    }
    const s = k.session.getState();
    expect(s).toMatchObject({ step: 'enter-credentials' });
    if (s.step === 'enter-credentials') expect(s.tries.codeB).toEqual({ kind: 'blocked' });
    const attempts = k.sim.activity.verifyAttempts;
    await k.session.submitCredentials({ codeB: CODE_B.default }, true);
    expect(k.session.getState()).toMatchObject({ notice: { code: 'credential-blocked' } });
    expect(k.sim.activity.verifyAttempts).toBe(attempts);
  });

  it('removing the card while entering credentials goes back to placement with a notice', async () => {
    const k = await kiosk();
    k.session.choosePurpose('counter');
    k.transport.placeCard(k.sim);
    await until(k.session, 'enter-credentials');
    k.transport.removeCard();
    expect(k.session.getState()).toMatchObject({ step: 'place-card', notice: { code: 'card-removed' } });
  });

  it('wipe during a result forgets it and zeroes the images; no evidence is written', async () => {
    const k = await kiosk();
    k.session.choosePurpose('counter');
    k.transport.placeCard(k.sim);
    await until(k.session, 'enter-credentials');
    await k.session.submitCredentials({ codeB: CODE_B.default });
    const s = k.session.getState();
    if (s.step !== 'result') throw new Error('no result');
    const photo = s.report.images.photoJp2!;
    k.session.wipe();
    expect(k.session.getState()).toEqual({ step: 'choose-purpose' });
    expect(photo.every((b) => b === 0)).toBe(true);
    expect(k.evidence).toHaveLength(0);
  });

  it('a record cannot be saved as confirmed without an explicit answer to every item; nothing is stored, the result stays', async () => {
    const k = await kiosk();
    await resultOf(k, 'counter', { codeB: CODE_B.default });
    await expect(k.session.confirm({ ...CLERK, answers: {} })).rejects.toMatchObject({ code: 'staff-answer-missing', missing: ['face', 'printed-card'] });
    await expect(k.session.confirm({ ...CLERK, answers: { face: 'match' } })).rejects.toMatchObject({ code: 'staff-answer-missing', missing: ['printed-card'] });
    expect(k.evidence).toHaveLength(0);
    expect(k.session.getState().step).toBe('result');
    // A failed chip check is not "confirmed" by staff, and a verified one is not recorded as failed by that path.
    await expect(k.session.recordFailure(CLERK)).rejects.toMatchObject({ code: 'record-wrong-path' });
    expect(k.evidence).toHaveLength(0);
  });

  it('一致しない on one item records a failed check with that reason, the other item may stay unanswered', async () => {
    const k = await kiosk();
    await resultOf(k, 'counter', { codeB: CODE_B.default });
    await k.session.confirm({ ...CLERK, answers: { 'printed-card': 'mismatch' } });
    expect(k.evidence[0]!.staff).toEqual({ result: 'mismatch', answers: [{ item: 'printed-card', answer: 'mismatch' }] });
    expect(k.session.getState()).toMatchObject({ step: 'done', outcome: 'failed', staffResult: 'mismatch' });
  });

  it('the bank check asks for the application form as well', async () => {
    const k = await kiosk('default', new DemoRevocationChecker([], () => true));
    await resultOf(k, 'bank', { codeB: CODE_B.default, signPassword: 'KAZASU1' });
    await expect(k.session.confirm({ ...CLERK, answers: { face: 'match', 'printed-card': 'match' } })).rejects.toMatchObject({ missing: ['application-form'] });
    await k.session.confirm({ ...CLERK, answers: { face: 'match', 'printed-card': 'match', 'application-form': 'match' } });
    expect(k.evidence[0]!.staff.result).toBe('confirmed');
  });

  it('re-check revocation really asks again: pending while offline, then verified once the service answers', async () => {
    let online = false;
    const k = await kiosk('default', new DemoRevocationChecker([], () => online));
    const first = await resultOf(k, 'bank', { codeB: CODE_B.default, signPassword: 'KAZASU1' });
    expect(first.report.outcome).toBe('incomplete');
    expect(first.report.checks.find((c) => c.id === 'jpki.sign.revocation')).toMatchObject({ status: 'pending', code: 'revocation-pending' });
    expect(first.report.material.pendingRevocations).toHaveLength(1);
    await k.session.recheckRevocation();
    const still = k.session.getState();
    expect(still).toMatchObject({ step: 'result', recheck: { status: 'still-open' } });
    if (still.step === 'result') expect(still.report.outcome).toBe('incomplete');
    online = true;
    await k.session.recheckRevocation();
    const after = k.session.getState();
    expect(after).toMatchObject({ step: 'result', recheck: { status: 'answered' } });
    if (after.step !== 'result') return;
    expect(after.report.outcome).toBe('verified');
    expect(after.report.checks.find((c) => c.id === 'jpki.sign.revocation')).toMatchObject({ status: 'pass', code: 'ok' });
    expect(after.report.material.pendingRevocations).toEqual([]);
    // The photo is still the one read (same bytes, wiped with the report later).
    expect(after.report.images.photoJp2).toBe(first.report.images.photoJp2);
  });

  it('re-check with no open revocation question changes nothing', async () => {
    const k = await kiosk('default', new DemoRevocationChecker([], () => true));
    const r = await resultOf(k, 'counter', { codeB: CODE_B.default });
    await k.session.recheckRevocation();
    const s = k.session.getState();
    expect(s).toMatchObject({ step: 'result', recheck: { status: 'answered' } });
    if (s.step === 'result') expect(s.report).toBe(r.report);
  });

  it('locked keys the check did not need are found without using a try (hint for the holder)', async () => {
    const k = await kiosk('locked-pin');
    const r = await resultOf(k, 'counter', { codeB: CODE_B['locked-pin']! });
    expect(r.report.outcome).toBe('verified');
    const tries = k.sim.activity.triesConsumed;
    await k.session.checkOtherKeys();
    expect(k.session.getState()).toMatchObject({ step: 'result', lockedKeys: ['text-pin', 'auth-pin'] });
    expect(k.sim.activity.triesConsumed).toBe(tries);
    const d = await kiosk();
    await resultOf(d, 'counter', { codeB: CODE_B.default });
    await d.session.checkOtherKeys();
    expect(d.session.getState()).toMatchObject({ step: 'result', lockedKeys: [] });
  });
});
