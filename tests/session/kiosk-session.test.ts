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
import { card, CODE_B, environment } from '../verify-flows/flow-helpers';

async function kiosk(profileId = 'default') {
  const sim: SimulatedCard = simulatedCardFor((await card(profileId)).model);
  const transport = new SimulatedTransport(undefined);
  const evidence: CompletedCheck[] = [];
  const env = await environment();
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
    const photo = (result.report.images as { photoJp2?: Uint8Array }).photoJp2!;
    await k.session.confirm({ faceMatches: true, printedCardMatches: true });
    expect(k.evidence).toHaveLength(1);
    expect(k.evidence[0]!.confirmations).toEqual({ faceMatches: true, printedCardMatches: true });
    expect(k.session.getState()).toMatchObject({ step: 'done', outcome: 'verified', evidenceSaved: true });
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
    const photo = (s.report.images as { photoJp2?: Uint8Array }).photoJp2!;
    k.session.wipe();
    expect(k.session.getState()).toEqual({ step: 'choose-purpose' });
    expect(photo.every((b) => b === 0)).toBe(true);
    expect(k.evidence).toHaveLength(0);
  });
});
