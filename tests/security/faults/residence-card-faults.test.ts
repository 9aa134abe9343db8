/**
 * Issue 12 §5: the fault sweep over the residence card's flow. For each generation (the counter
 * check reads every file the card holds: common data, card type, DF1 images, DF2 fields, DF3
 * signature and certificate), every APDU index × every fault kind (card removed before/after the
 * command, bits flipped in data or status word, data truncated or extended, trailer cut, wrong
 * status words: 16 kinds), one run on a fresh simulated card through the generic runner.
 * Every run ends in a typed error or a report; 'verified' only with the clean run's exact
 * attributes, images and card-number evidence; never more authentications than the clean run.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { isKazasuError } from '../../../src/errors/kazasu-error';
import type { ResidenceCardReport } from '../../../src/documents/residence-card/residence-card-report';
import { runVerification } from '../../../src/session/run-verification';
import { PURPOSES, type PurposeId } from '../../../src/session/purposes';
import type { VerificationEnvironment } from '../../../src/session/verification-environment';
import { faultIsNoOp, REMOVAL_FAULT_KINDS, RESPONSE_FAULT_KINDS, type ApduFaultKind } from '../../../src/sim/faults/apdu-fault';
import { FaultInjectingResponder } from '../../../src/sim/faults/fault-injecting-responder';
import { namedRcProfile } from '../../../src/sim/residence-card/profiles';
import { SimulatedResidenceCard, type ResidenceCardActivity } from '../../../src/sim/residence-card/residence-sim-card';
import { TransportError } from '../../../src/transport/card-transport';
import { SimulatedTransport } from '../../../src/transport/simulated-transport';
import { environment } from '../../verify-flows/flow-helpers';
import { builtProfile } from '../../residence-card/rc-helpers';
import { recordFigure } from '../figures';
import { sameImages } from './fault-rig';

const SOURCE = 'faults-residence-card';
const ALL_KINDS: readonly ApduFaultKind[] = [...REMOVAL_FAULT_KINDS, ...RESPONSE_FAULT_KINDS];

type RcModel = Awaited<ReturnType<typeof builtProfile>>['model'];

interface Answer {
  readonly bytes: Uint8Array;
}

interface Run {
  readonly at: number;
  readonly kind: ApduFaultKind;
  readonly report?: ResidenceCardReport;
  readonly error?: unknown;
  readonly activity: ResidenceCardActivity;
  readonly hit: boolean;
  readonly hitIns?: number;
}

const where = (r: Run, flow: string) => `${flow}: ${r.kind} at APDU ${r.at} (INS ${r.hitIns?.toString(16) ?? '-'})`;

async function run(model: RcModel, purpose: PurposeId, cardNumber: string, env: VerificationEnvironment, at: number, kind: ApduFaultKind, record?: Answer[]): Promise<Run> {
  const sim = new SimulatedResidenceCard(model);
  let transport: SimulatedTransport | undefined;
  const recorder = {
    powerOn: () => sim.powerOn(),
    powerOff: () => sim.powerOff(),
    process: async (c: Uint8Array) => {
      const r = await sim.process(c);
      record?.push({ bytes: r.slice() });
      return r;
    },
  };
  const wrapper = new FaultInjectingResponder(recorder, { at, kind, removeCard: () => transport?.removeCard() });
  transport = new SimulatedTransport(wrapper);
  const base = () => ({ at, kind, activity: { ...sim.activity }, hit: wrapper.record.hit, ...(wrapper.record.hitIns !== undefined ? { hitIns: wrapper.record.hitIns } : {}) });
  try {
    await transport.connect();
    const report = (await runVerification(transport, PURPOSES[purpose], { cardNumber }, env, undefined, { document: 'residence-card' })) as ResidenceCardReport;
    return { ...base(), report };
  } catch (error) {
    return { ...base(), error };
  } finally {
    await transport.disconnect();
  }
}

/** The attributes the chip's signature covers (core attributes come from signed gen-2 text only). */
function signedPart(r: ResidenceCardReport): unknown {
  const { residence, address, ...core } = r.attributes;
  // The core address is DF2's 住居地 on generation 1: not signed.
  return { core, address: residence.address?.signed ? address : 'unsigned', residence: Object.fromEntries(Object.entries(residence).filter(([, v]) => typeof v === 'object' && v !== null && 'signed' in v && (v as { signed: boolean }).signed)) };
}

/** The signed images: face, gen-1 front image, gen-2 name image (not the gen-2 住居地 image). */
function signedImages(r: ResidenceCardReport): ResidenceCardReport['images'] {
  const { addressImageTiff: _unsigned, ...signed } = r.images;
  return signed;
}

let env: VerificationEnvironment;
beforeAll(async () => {
  env = await environment();
});

describe.each([
  ['rc1-adult', 'counter'],
  ['rc2-adult', 'counter'],
] as const)('%s, %s flow: every fault at every APDU', (profile, purpose) => {
  const flow = `${profile} ${purpose}`;
  const cardNumber = namedRcProfile(profile)!.cardNumber;
  let model: RcModel;
  let clean: Run;
  const answers: Answer[] = [];
  const runs: Run[] = [];

  beforeAll(async () => {
    model = (await builtProfile(profile)).model;
    // A fault index past the end never fires: the clean run, with every answer recorded.
    clean = await run(model, purpose, cardNumber, env, 1_000_000, 'extend', answers);
    for (const kind of ALL_KINDS) {
      for (let at = 0; at < answers.length; at++) {
        if (faultIsNoOp(answers[at]!.bytes, kind)) continue;
        runs.push(await run(model, purpose, cardNumber, env, at, kind));
      }
    }
    for (const kind of ALL_KINDS) {
      const n = runs.filter((r) => r.kind === kind).length;
      if (n > 0) recordFigure(SOURCE, 'fault-points', `${flow} flow, simulated transport, ${kind} at every APDU`, n);
    }
  }, 900_000);

  it('the clean run is verified, over a flow of many APDUs', () => {
    expect(clean.hit).toBe(false);
    expect(clean.report?.outcome).toBe('verified');
    expect(clean.activity.failedMutualAuthentications).toBe(0);
    expect(answers.length).toBeGreaterThanOrEqual(10);
  });

  it('every one of the 16 fault kinds reached its APDU (sw-9000 changes nothing: every clean answer is 9000)', () => {
    for (const a of answers) expect([a.bytes[a.bytes.length - 2], a.bytes[a.bytes.length - 1]]).toEqual([0x90, 0x00]);
    expect(new Set(runs.map((r) => r.kind))).toEqual(new Set(ALL_KINDS.filter((k) => k !== 'sw-9000')));
    expect(runs.length).toBeGreaterThan(answers.length * 10);
    for (const r of runs) expect(r.hit, where(r, flow)).toBe(true);
  });

  it('typed error or report; verified only with the clean signed data (unsigned fields marked so); never more authentications than the clean run', () => {
    const ref = clean.report!;
    for (const r of runs) {
      const w = where(r, flow);
      if (r.report) {
        if (r.report.outcome === 'verified') {
          expect(signedPart(r.report), w).toEqual(signedPart(ref));
          expect(sameImages(signedImages(r.report), signedImages(ref)), `${w}: signed images`).toBe(true);
          // What a fault may change on a verified card is only what the chip does not sign (DF2,
          // the gen-2 住居地 image): shown as not signed, with the check that says so.
          if (!sameImages(r.report.images, ref.images) || JSON.stringify(r.report.attributes) !== JSON.stringify(ref.attributes)) {
            expect(r.report.checks.find((c) => c.id === 'rc.unsigned-fields')?.status, w).toBe('warn');
          }
          expect(r.report.material.cardNumber, w).toBe(ref.material.cardNumber);
          expect(r.report.material.signerCertificateSha256, w).toBe(ref.material.signerCertificateSha256);
          expect(r.report.material.signature, w).toBe('verified');
        }
      } else {
        expect(isKazasuError(r.error), `${w}: ${String(r.error)}`).toBe(true);
      }
      expect(r.activity.mutualAuthentications, `${w}: authentications`).toBeLessThanOrEqual(clean.activity.mutualAuthentications);
      expect(r.activity.verifies, `${w}: VERIFY`).toBeLessThanOrEqual(clean.activity.verifies);
    }
  });

  it('a card that left never yields a report: always card-removed', () => {
    for (const r of runs.filter((x) => x.kind === 'remove-before' || x.kind === 'remove-after')) {
      expect(r.report, where(r, flow)).toBeUndefined();
      expect(r.error, where(r, flow)).toBeInstanceOf(TransportError);
      expect((r.error as TransportError).code, where(r, flow)).toBe('card-removed');
    }
  });

  it('damaged answers are noticed: most runs are not verified, no untyped error', () => {
    const damaged = runs.filter((r) => r.kind !== 'remove-before' && r.kind !== 'remove-after');
    const verified = damaged.filter((r) => r.report?.outcome === 'verified').length;
    const errors = new Map<string, number>();
    for (const r of damaged) if (!r.report) errors.set(isKazasuError(r.error) ? r.error.code : 'untyped', (errors.get(isKazasuError(r.error) ? r.error.code : 'untyped') ?? 0) + 1);
    expect(errors.get('untyped') ?? 0).toBe(0);
    expect(damaged.length - verified).toBeGreaterThan(verified);
  });
});
