/**
 * Shared parts of the fault-injection sweeps (issue 6, item 1): the default simulated card built
 * once, a clean run per purpose as the yardstick (its APDU count, attributes, images, VERIFYs),
 * one faulted run through SimulatedTransport, and the rules every faulted run must keep.
 */
import 'reflect-metadata';
import { expect } from 'vitest';
import { PinError } from '../../../src/cards/iso7816/pin-guard';
import { isKazasuError } from '../../../src/errors/kazasu-error';
import { runVerification, type VerificationCredentials } from '../../../src/session/run-verification';
import { PURPOSES, type PurposeId } from '../../../src/session/purposes';
import type { VerificationEnvironment } from '../../../src/session/verification-environment';
import type { CardModel } from '../../../src/sim/card/card-model';
import { simulatedCardFor } from '../../../src/sim/mynumber/build-card';
import { simJpkiRoot } from '../../../src/sim/pki/sim-hierarchy';
import { startCrlServer, type CrlServer } from '../../../src/sim/revocation/crl-server';
import { faultIsNoOp, type ApduFaultKind } from '../../../src/sim/faults/apdu-fault';
import { FaultInjectingResponder } from '../../../src/sim/faults/fault-injecting-responder';
import { SimulatedTransport } from '../../../src/transport/simulated-transport';
import type { CardActivity } from '../../../src/sim/card/simulated-card';
import type { DocumentReport as VerificationReport } from '../../../src/documents/registry';
import { CrlRevocationChecker } from '../../../src/verify/revocation/crl-client';
import { MemoryCrlCache } from '../../../src/verify/revocation/crl-cache';
import { card, CODE_B, BIRTH_KEY, environment, NOW } from '../../verify-flows/flow-helpers';

export const PURPOSE_IDS: readonly PurposeId[] = ['counter', 'bank', 'field', 'age'];

/** What the kiosk asks for, per purpose (KioskSession's CREDENTIALS_FOR), all correct. */
export const CREDENTIALS: Record<PurposeId, VerificationCredentials> = {
  counter: { codeB: CODE_B.default! },
  bank: { codeB: CODE_B.default!, signPassword: 'KAZASU1' },
  field: { codeB: CODE_B.default! },
  age: { birthDateKey: BIRTH_KEY.default! },
};

export async function defaultModel(): Promise<CardModel> {
  return (await card('default')).model;
}

/**
 * A CRL server that does not list the default card, so the bank check (revocation required)
 * can reach 'verified' in the clean run; the cache is shared, so the CRL is fetched once.
 */
export async function cleanCrl(): Promise<{ server: CrlServer; env: VerificationEnvironment }> {
  const root = await simJpkiRoot('sign', 'gen1');
  const server = await startCrlServer({ crls: { clean: { issuer: root, entries: [] } }, now: () => NOW });
  const checker = new CrlRevocationChecker({ urlFor: () => server.url('clean'), fetch: (u, i) => fetch(u, i), cache: new MemoryCrlCache() });
  return { server, env: await environment('simulator', checker) };
}

/** One response as the clean run saw it: enough to tell whether a fault would change it. */
export interface CleanAnswer {
  readonly ins: number;
  readonly dataLength: number;
  readonly sw: number;
}

export interface CleanRun {
  readonly purpose: PurposeId;
  readonly report: VerificationReport;
  readonly activity: CardActivity;
  readonly answers: readonly CleanAnswer[];
}

export interface FaultRun {
  readonly at: number;
  readonly kind: ApduFaultKind;
  readonly report?: VerificationReport;
  readonly error?: unknown;
  readonly activity: CardActivity;
  readonly hit: boolean;
  readonly hitIns?: number;
}

/** The clean flow, with the shape (never the bytes) of every answer recorded. */
export async function cleanRun(model: CardModel, purpose: PurposeId, env: VerificationEnvironment, credentials = CREDENTIALS[purpose]): Promise<CleanRun> {
  const sim = simulatedCardFor(model);
  const answers: CleanAnswer[] = [];
  const recorder = {
    powerOn: () => sim.powerOn(),
    powerOff: () => sim.powerOff(),
    process: async (c: Uint8Array) => {
      const r = await sim.process(c);
      answers.push({ ins: c[1] ?? -1, dataLength: r.length - 2, sw: (r[r.length - 2]! << 8) | r[r.length - 1]! });
      return r;
    },
  };
  const transport = new SimulatedTransport(recorder);
  await transport.connect();
  const report = await runVerification(transport, PURPOSES[purpose], credentials, env);
  return { purpose, report, activity: { ...sim.activity }, answers };
}

/** Would `kind` change the answer at this index? (Sweeps skip faults that change nothing.) */
export function changesAnswer(answer: CleanAnswer, kind: ApduFaultKind): boolean {
  const bytes = new Uint8Array(answer.dataLength + 2);
  bytes[answer.dataLength] = answer.sw >> 8;
  bytes[answer.dataLength + 1] = answer.sw & 0xff;
  return !faultIsNoOp(bytes, kind);
}

/** One run of the purpose's flow with one fault, on a fresh card, through SimulatedTransport. */
export async function faultRun(
  model: CardModel,
  purpose: PurposeId,
  env: VerificationEnvironment,
  at: number,
  kind: ApduFaultKind,
  credentials = CREDENTIALS[purpose],
): Promise<FaultRun> {
  const sim = simulatedCardFor(model);
  let transport: SimulatedTransport | undefined;
  const wrapper = new FaultInjectingResponder(sim, { at, kind, removeCard: () => transport?.removeCard() });
  transport = new SimulatedTransport(wrapper);
  const base = () => ({ at, kind, activity: { ...sim.activity }, hit: wrapper.record.hit, ...(wrapper.record.hitIns !== undefined ? { hitIns: wrapper.record.hitIns } : {}) });
  try {
    await transport.connect();
    const report = await runVerification(transport, PURPOSES[purpose], credentials, env);
    return { ...base(), report };
  } catch (error) {
    return { ...base(), error };
  } finally {
    await transport.disconnect();
  }
}

export function where(r: FaultRun, flow: string): string {
  return `${flow}: ${r.kind} at APDU ${r.at} (INS ${r.hitIns?.toString(16) ?? '-'})`;
}

/** Deep equality of the images a verified report shows (every image member of any document). */
export function sameImages(a: VerificationReport['images'], b: VerificationReport['images']): boolean {
  const x = a as Readonly<Record<string, unknown>>;
  const y = b as Readonly<Record<string, unknown>>;
  const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
  return [...keys].every((k) => {
    const p = x[k];
    const q = y[k];
    if (!(p instanceof Uint8Array) || !(q instanceof Uint8Array)) return p === q;
    return p.length === q.length && p.every((v, i) => v === q[i]);
  });
}

/**
 * The rules of issue 6 item 1 for a run with correct credentials:
 * - it ends in a report or a typed error (KazasuError), nothing else;
 * - 'verified' only when the clean run was verified too, and then with exactly the clean run's
 *   attributes and images (nothing spoiled is ever shown as verified);
 * - the card saw no more VERIFY attempts than in the clean run (no VERIFY nobody asked for);
 * - a try was consumed only when the person is told so (PinError 'pin-wrong' with tryConsumed).
 */
export function expectSafe(r: FaultRun, clean: CleanRun, flow: string): void {
  const w = where(r, flow);
  if (r.report) {
    if (r.report.outcome === 'verified') {
      expect(clean.report.outcome, w).toBe('verified');
      expect(r.report.attributes, w).toEqual(clean.report.attributes);
      expect(sameImages(r.report.images, clean.report.images), `${w}: images`).toBe(true);
    }
  } else {
    expect(isKazasuError(r.error), `${w}: ${String(r.error)}`).toBe(true);
  }
  expect(r.activity.verifyAttempts, `${w}: VERIFY attempts`).toBeLessThanOrEqual(clean.activity.verifyAttempts);
  if (r.activity.triesConsumed > 0) {
    expect(r.error, `${w}: a try was used`).toBeInstanceOf(PinError);
    expect((r.error as PinError).code, w).toBe('pin-wrong');
    expect((r.error as PinError).tryConsumed, w).toBe(true);
  }
}

/** How the sweep's runs ended, for figures and a sanity check that faults bit. */
export function tally(runs: readonly FaultRun[]): { verified: number; notVerified: number; errors: Map<string, number> } {
  const errors = new Map<string, number>();
  let verified = 0;
  let notVerified = 0;
  for (const r of runs) {
    if (r.report) r.report.outcome === 'verified' ? verified++ : notVerified++;
    else {
      const code = isKazasuError(r.error) ? r.error.code : 'untyped';
      errors.set(code, (errors.get(code) ?? 0) + 1);
    }
  }
  return { verified, notVerified, errors };
}
