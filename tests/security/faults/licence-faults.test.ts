/**
 * Issue 14: the fault sweep over every APDU of the licence flow through the generic runner and
 * the licence driver (open card → PIN1 → PIN2 → DF1 → DF2 → verify), for the licence card (bank:
 * everything read; the PIN1-only field check) and the マイナ免許証. One fault per run (the card
 * removed before or after the command, bits flipped, data cut or extended, trailer cut, a wrong
 * status word), a fresh card each time. Every run ends in a typed error or a report; 'verified'
 * only with the clean run's exact licence and photo; never more VERIFYs than the clean run;
 * with the right PINs no try is ever spent; with a wrong PIN1 at most the one try that entry
 * allowed — so no fault can turn into a wrong-PIN loop.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { isKazasuError } from '../../../src/errors/kazasu-error';
import { SIMULATED_LICENCE } from '../../../src/node/sim-documents/licence';
import { PURPOSES, type PurposeId } from '../../../src/session/purposes';
import { runVerification, type VerificationCredentials } from '../../../src/session/run-verification';
import type { VerificationEnvironment } from '../../../src/session/verification-environment';
import { faultIsNoOp, REMOVAL_FAULT_KINDS, RESPONSE_FAULT_KINDS, type ApduFaultKind } from '../../../src/sim/faults/apdu-fault';
import { FaultInjectingResponder } from '../../../src/sim/faults/fault-injecting-responder';
import { simulatedLicenceCardFor } from '../../../src/sim/licence';
import type { ApduResponder } from '../../../src/transport/apdu-responder';
import { SimulatedTransport } from '../../../src/transport/simulated-transport';
import type { DocumentReport } from '../../../src/documents/registry';
import { environment } from '../../verify-flows/flow-helpers';
import { licence } from '../../licence/licence-helpers';
import { recordFigure } from '../figures';
import { sameImages } from './fault-rig';

const SOURCE = 'faults-licence';
const KINDS: readonly ApduFaultKind[] = [...REMOVAL_FAULT_KINDS, ...RESPONSE_FAULT_KINDS];

interface Counting {
  readonly activity: { verifyAttempts: number; triesConsumed: number };
}

interface Flow {
  readonly name: string;
  readonly purpose: PurposeId;
  readonly credentials: VerificationCredentials;
  /** A fresh card (and its activity counters). */
  card(): Promise<ApduResponder & Counting>;
  /** Tries the entry may spend (1 for a wrong PIN1). */
  readonly maxConsumed: number;
}

interface Run {
  readonly at: number;
  readonly kind: ApduFaultKind;
  readonly report?: DocumentReport;
  readonly error?: unknown;
  readonly verifies: number;
  readonly consumed: number;
  readonly hit: boolean;
}

let env: VerificationEnvironment;
beforeAll(async () => {
  env = { ...(await environment()), documentAnchors: await SIMULATED_LICENCE.anchors() };
});

async function once(flow: Flow, plan?: { at: number; kind: ApduFaultKind }): Promise<Run & { answers: Uint8Array[] }> {
  const card = await flow.card();
  let transport: SimulatedTransport | undefined;
  const answers: Uint8Array[] = [];
  const faulty = new FaultInjectingResponder(card, plan ? { ...plan, removeCard: () => transport?.removeCard() } : undefined);
  const recording: ApduResponder = {
    powerOn: () => faulty.powerOn(),
    powerOff: () => faulty.powerOff(),
    async process(c) {
      const r = await faulty.process(c);
      answers.push(r.slice());
      return r;
    },
  };
  transport = new SimulatedTransport(recording);
  await transport.connect();
  let report: DocumentReport | undefined;
  let error: unknown;
  try {
    report = await runVerification(transport, PURPOSES[flow.purpose], flow.credentials, env, undefined, { document: 'drivers-licence' });
  } catch (e) {
    error = e;
  } finally {
    await transport.disconnect().catch(() => undefined);
  }
  return { at: plan?.at ?? -1, kind: plan?.kind ?? 'remove-before', ...(report ? { report } : {}), ...(error !== undefined ? { error } : {}), verifies: card.activity.verifyAttempts, consumed: card.activity.triesConsumed, hit: faulty.record.hit, answers };
}

function shown(r: DocumentReport): unknown {
  const a = r.attributes as Record<string, unknown>;
  return { name: a.name, address: a.address, birthDate: a.birthDate, cardExpiry: a.cardExpiry, licence: a.licence, mynumberLicence: a.mynumberLicence };
}

const licenceCard = (id: string) => async () => simulatedLicenceCardFor((await licence(id)).model);
const mncCard = async () => (await SIMULATED_LICENCE.card({ named: 'mynumber-licence' }, {})).responder as unknown as ApduResponder & Counting;

const FLOWS: readonly Flow[] = [
  { name: 'licence card, bank (PIN1 + PIN2, everything read)', purpose: 'bank', credentials: { pin1: '1234', pin2: '5678' }, card: licenceCard('licence-default'), maxConsumed: 0 },
  { name: 'licence card, field (PIN1 only)', purpose: 'field', credentials: { pin1: '1234' }, card: licenceCard('licence-default'), maxConsumed: 0 },
  { name: 'licence card without PINs set (****)', purpose: 'counter', credentials: { pin1: '****', pin2: '****' }, card: licenceCard('licence-no-pins'), maxConsumed: 0 },
  { name: 'licence card, a wrong PIN1', purpose: 'counter', credentials: { pin1: '0000', pin2: '5678' }, card: licenceCard('licence-default'), maxConsumed: 1 },
  { name: 'マイナ免許証, counter', purpose: 'counter', credentials: { pin1: '2580' }, card: mncCard, maxConsumed: 0 },
];

describe.each(FLOWS)('$name: every fault at every APDU', (flow) => {
  let clean: Run & { answers: Uint8Array[] };
  const runs: Run[] = [];

  beforeAll(async () => {
    clean = await once(flow);
    for (const kind of KINDS) {
      for (let at = 0; at < clean.answers.length; at++) {
        if (faultIsNoOp(clean.answers[at]!, kind)) continue;
        runs.push(await once(flow, { at, kind }));
      }
    }
    recordFigure(SOURCE, 'fault-points', `licence flow: ${flow.name}, every fault kind at every APDU`, runs.length);
  }, 600_000);

  it('the clean run', () => {
    if (flow.maxConsumed === 0) expect(clean.report?.outcome).toBe('verified');
    else expect(clean.error).toMatchObject({ code: 'pin-wrong' });
    expect(clean.consumed).toBe(flow.maxConsumed);
  });

  it('every fault reached its APDU', () => {
    expect(runs.length).toBeGreaterThan(clean.answers.length * 5);
    for (const r of runs) expect(r.hit, `${r.kind} at ${r.at}`).toBe(true);
  });

  it('typed errors or a report; verified only with the clean data; never an extra VERIFY or an unasked try', () => {
    for (const r of runs) {
      const where = `${r.kind} at APDU ${r.at}`;
      if (r.error !== undefined) expect(isKazasuError(r.error), `${where}: ${String(r.error)}`).toBe(true);
      else expect(r.report, where).toBeDefined();
      // At most one VERIFY per PIN entered (a spoofed 9000 to a wrong PIN1 lets the entered PIN2 go
      // once, as entered); never a second VERIFY of the same entry.
      expect(r.verifies, where).toBeLessThanOrEqual(Object.keys(flow.credentials).length);
      if (flow.maxConsumed === 0) expect(r.verifies, where).toBeLessThanOrEqual(clean.verifies);
      expect(r.consumed, where).toBeLessThanOrEqual(flow.maxConsumed);
      if (r.report?.outcome === 'verified') {
        expect(shown(r.report), where).toEqual(shown(clean.report!));
        expect(sameImages(r.report.images, clean.report!.images) || (r.report.images as { gaiji?: unknown }).gaiji !== undefined, where).toBe(true);
      }
    }
  });

  it('a card that left never yields a report', () => {
    for (const r of runs.filter((x) => x.kind === 'remove-before' || x.kind === 'remove-after')) {
      expect(r.report, `${r.kind} at ${r.at}`).toBeUndefined();
      expect(r.error, `${r.kind} at ${r.at}`).toMatchObject({ code: 'card-removed' });
    }
  });
});
