/**
 * Issue 6, item 1 through the kiosk's session engine (KioskSession, the UI's state machine) on
 * the counter purpose: the card is removed before or after every APDU — the tries read before
 * entry included — and every other fault kind hits every APDU too. Each run must end in a state
 * the UI explains: place-card or enter-credentials with a notice, a result, or an error; a
 * 'verified' result only with the clean run's data; never an extra VERIFY.
 *
 * With a wrong 照合番号B, a try the host could not learn about (its 63Cx answer lost) must be
 * shown the next time credentials are asked for: the counter on screen is the card's.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { KioskSession } from '../../../src/session/kiosk-session';
import type { KioskState } from '../../../src/session/kiosk-state';
import type { VerificationEnvironment } from '../../../src/session/verification-environment';
import { REMOVAL_FAULT_KINDS, RESPONSE_FAULT_KINDS, type ApduFaultKind } from '../../../src/sim/faults/apdu-fault';
import { FaultInjectingResponder } from '../../../src/sim/faults/fault-injecting-responder';
import type { CardModel } from '../../../src/sim/card/card-model';
import type { SimulatedCard } from '../../../src/sim/card/simulated-card';
import { simulatedCardFor } from '../../../src/sim/mynumber/build-card';
import { SimulatedTransport } from '../../../src/transport/simulated-transport';
import { CODE_B, environment } from '../../verify-flows/flow-helpers';
import { recordFigure } from '../figures';
import { defaultModel } from './fault-rig';

const SOURCE = 'faults-kiosk-session';
const WRONG_CODE_B = '55021720352286';

interface KioskRun {
  readonly at: number;
  readonly kind: ApduFaultKind | 'none';
  readonly end: KioskState;
  readonly sim: SimulatedCard;
  readonly session: KioskSession;
  readonly transport: SimulatedTransport;
  readonly wrapper: FaultInjectingResponder;
}

/** A state the kiosk rests in until someone acts (anything but 'reading' or a bare 'place-card'). */
function settled(s: KioskState): boolean {
  if (s.step === 'reading' || s.step === 'choose-purpose') return false;
  if (s.step === 'place-card') return s.notice !== undefined;
  return true;
}

async function settle(session: KioskSession, leaving?: KioskState): Promise<KioskState> {
  // Bounded: the simulated card answers at once; 2000 × 2 ms is far more than a flow needs.
  for (let i = 0; i < 2000; i++) {
    const s = session.getState();
    if (s !== leaving && settled(s)) return s;
    await new Promise((r) => setTimeout(r, 2));
  }
  throw new Error(`the kiosk never settled; at ${session.getState().step}`);
}

let model: CardModel;
let env: VerificationEnvironment;

async function kioskRun(at: number, kind: ApduFaultKind | 'none', codeB: string): Promise<KioskRun> {
  const sim = simulatedCardFor(model);
  const transport = new SimulatedTransport(undefined);
  const wrapper = new FaultInjectingResponder(sim, kind === 'none' ? undefined : { at, kind, removeCard: () => transport.removeCard() });
  const session = new KioskSession({ transport, environment: () => env, recordEvidence: async () => undefined });
  session.choosePurpose('counter');
  transport.placeCard(wrapper);
  let s = await settle(session);
  if (s.step === 'enter-credentials' && s.notice === undefined) {
    await session.submitCredentials({ codeB });
    s = await settle(session);
  }
  return { at, kind, end: s, sim, session, transport, wrapper };
}

function explained(s: KioskState): boolean {
  if (s.step === 'place-card' || s.step === 'enter-credentials') return s.notice !== undefined;
  return s.step === 'result' || s.step === 'error';
}

beforeAll(async () => {
  model = await defaultModel();
  env = await environment();
});

describe('counter purpose in the KioskSession: every fault at every APDU', () => {
  let clean: KioskRun;
  const runs: KioskRun[] = [];

  beforeAll(async () => {
    clean = await kioskRun(0, 'none', CODE_B.default!);
    const total = clean.wrapper.record.commands;
    for (const kind of [...REMOVAL_FAULT_KINDS, ...RESPONSE_FAULT_KINDS]) {
      for (let at = 0; at < total; at++) runs.push(await kioskRun(at, kind, CODE_B.default!));
    }
    for (const kind of [...REMOVAL_FAULT_KINDS, ...RESPONSE_FAULT_KINDS]) {
      recordFigure(SOURCE, 'fault-points', `counter flow, KioskSession, ${kind} at every APDU`, runs.filter((r) => r.kind === kind).length);
    }
  });

  it('the clean session reaches a verified result after reading the tries', () => {
    expect(clean.end.step).toBe('result');
    if (clean.end.step === 'result') expect(clean.end.report.outcome).toBe('verified');
    // 4 APDUs of tries (two SELECTs, two counter queries) before the verification's own.
    expect(clean.wrapper.record.commands).toBeGreaterThan(17);
  });

  it('every run ends in a state the UI explains', () => {
    for (const r of runs) {
      const w = `${r.kind} at APDU ${r.at}`;
      expect(r.wrapper.record.hit, w).toBe(true);
      expect(explained(r.end), `${w}: ${JSON.stringify(r.end).slice(0, 200)}`).toBe(true);
      // 'error' is the kiosk's state for an untyped failure (internal-error): it must not happen.
      expect(r.end.step, w).not.toBe('error');
    }
  });

  it('a removal always lands on place-card with the card-removed notice', () => {
    for (const r of runs.filter((x) => x.kind === 'remove-before' || x.kind === 'remove-after')) {
      expect(r.end, `${r.kind} at APDU ${r.at}`).toMatchObject({ step: 'place-card', notice: { code: 'card-removed' } });
    }
  });

  it('verified only with the clean data; never an extra VERIFY; no try used', () => {
    if (clean.end.step !== 'result') throw new Error('no clean result');
    const cleanReport = clean.end.report;
    for (const r of runs) {
      const w = `${r.kind} at APDU ${r.at}`;
      expect(r.sim.activity.verifyAttempts, w).toBeLessThanOrEqual(clean.sim.activity.verifyAttempts);
      expect(r.sim.activity.triesConsumed, w).toBe(0);
      if (r.end.step === 'result' && r.end.report.outcome === 'verified') {
        expect(r.end.report.attributes, w).toEqual(cleanReport.attributes);
        expect((r.end.report.images as { photoJp2?: Uint8Array }).photoJp2, w).toEqual((cleanReport.images as { photoJp2?: Uint8Array }).photoJp2);
      }
    }
  });
});

describe('counter purpose with a wrong 照合番号B: the counter shown next is the card’s', () => {
  it('after every fault at every APDU, the next credential screen shows what the card says', async () => {
    const clean = await kioskRun(0, 'none', WRONG_CODE_B);
    expect(clean.end).toMatchObject({ step: 'enter-credentials', notice: { code: 'credential-wrong', retriesLeft: 9 } });
    const total = clean.wrapper.record.commands;
    let runs = 0;
    let replaced = 0;
    let checked = 0;
    for (const kind of [...REMOVAL_FAULT_KINDS, ...RESPONSE_FAULT_KINDS]) {
      for (let at = 0; at < total; at++) {
        const r = await kioskRun(at, kind, WRONG_CODE_B);
        runs++;
        const w = `${kind} at APDU ${at}`;
        expect(explained(r.end), `${w}: ${JSON.stringify(r.end).slice(0, 200)}`).toBe(true);
        expect(r.sim.activity.verifyAttempts, w).toBeLessThanOrEqual(2);
        let screen = r.end;
        let reread = false;
        if (screen.step === 'place-card') {
          // The person puts the card back (or it is still there): the kiosk reads the counters again.
          replaced++;
          reread = true;
          if (r.transport.isCardPresent()) r.transport.removeCard();
          r.transport.placeCard(r.wrapper);
          screen = await settle(r.session, screen);
        }
        expect(screen.step, w).toBe('enter-credentials');
        if (screen.step !== 'enter-credentials') continue;
        // A fault on a counter query's or the VERIFY's own answer can put a wrong number on this
        // screen (the host believes what the card seems to say); from a clean read it is exact.
        if (!reread && r.wrapper.record.hitIns === 0x20) continue;
        // 照合番号B has one counter per AP (text EF 15, face EF 12); the screen shows the smaller.
        const actual = Math.min(r.sim.triesLeft('text', 0x15)!, r.sim.triesLeft('face', 0x12)!);
        const shown = screen.tries.codeB;
        if (shown) expect(shown, w).toEqual({ kind: 'tries-left', left: actual });
        else expect(screen.notice, w).toMatchObject({ code: 'credential-wrong', retriesLeft: actual });
        checked++;
      }
    }
    recordFigure(SOURCE, 'fault-points', 'counter flow with a wrong 照合番号B, KioskSession, every fault kind at every APDU', runs);
    expect(replaced).toBeGreaterThan(0);
    expect(checked).toBeGreaterThan(runs / 2);
  });
});
