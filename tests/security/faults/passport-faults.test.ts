/**
 * The fault sweep over every APDU of the passport flow (issue 15 "Bad input"), through the one
 * runner as the kiosk and the CLI run it: for a BAC chip, a PACE-GM chip and a PACE-CAM chip, the
 * counter check (every file read, AA, CA or PACE-CAM, PA) with every fault kind — card removed
 * before or after the command, a bit flipped in the data or the status word, data truncated or
 * extended, the trailer cut, a wrong status word — at every APDU index, each on a fresh chip.
 *
 * Rules: every run ends in a report or a typed error (KazasuError); 'verified' only with exactly
 * the clean run's attributes and face; never more access-control attempts (BAC MUTUAL
 * AUTHENTICATE, PACE MSE:SET AT) than the clean run — a spoiled answer never makes the kiosk try
 * the MRZ again on its own.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { isKazasuError } from '../../../src/errors/kazasu-error';
import { PASSPORT_DRIVER } from '../../../src/documents/passport/passport-driver';
import type { PassportReport } from '../../../src/documents/passport/passport-report';
import { runVerification } from '../../../src/session/run-verification';
import { PURPOSES } from '../../../src/session/purposes';
import type { VerificationEnvironment } from '../../../src/session/verification-environment';
import { REMOVAL_FAULT_KINDS, RESPONSE_FAULT_KINDS, type ApduFaultKind } from '../../../src/sim/faults/apdu-fault';
import { FaultInjectingResponder } from '../../../src/sim/faults/fault-injecting-responder';
import { PassportChip, type PassportChipConfig } from '../../../src/sim/passport/chip/passport-chip';
import { buildSimPassport } from '../../../src/sim/passport/lds/build-passport';
import { chipConfigFor } from '../../../src/sim/passport/lds/chip-config';
import { SimulatedTransport } from '../../../src/transport/simulated-transport';
import { MRZ, passportEnvironment } from '../../passport/passport-helpers';
import { recordFigure } from '../figures';
import { changesAnswer, sameImages, type CleanAnswer } from './fault-rig';

const SOURCE = 'faults-passport';
const ALL_KINDS: readonly ApduFaultKind[] = [...REMOVAL_FAULT_KINDS, ...RESPONSE_FAULT_KINDS];
/** KAZASU_FAULT_STRIDE=n runs every n-th APDU index only (shared machines); 1 = every APDU. */
const STRIDE = Math.max(1, Number(process.env.KAZASU_FAULT_STRIDE ?? '1') || 1);

interface Run {
  readonly at: number;
  readonly kind: ApduFaultKind;
  readonly report?: PassportReport;
  readonly error?: unknown;
  readonly ins: readonly number[];
  readonly commands: readonly Uint8Array[];
}

/**
 * Attempts that use the MRZ / CAN in a command log: distinct BAC MUTUAL AUTHENTICATE cryptograms
 * (the same one resent after 6Cxx, ISO/IEC 7816-3's "wrong Le", is not a new attempt), and PACE
 * runs that got as far as GENERAL AUTHENTICATE (a MSE:SET AT the chip refused used no password).
 */
function accessAttempts(commands: readonly Uint8Array[]): number {
  const bac = new Set<string>();
  let pace = 0;
  let setAt = false;
  for (const c of commands) {
    // PACE's first GENERAL AUTHENTICATE follows its MSE:SET AT directly (Chip Authentication's
    // later MSE/GA pairs are under SM, class 0C, and are not password uses).
    if (c[1] === 0x86 && setAt) pace++;
    setAt = c[0] === 0x00 && c[1] === 0x22 && c[2] === 0xc1 && c[3] === 0xa4;
    if (c[1] === 0x82 && (c[0]! & 0x0c) === 0) bac.add([...c.subarray(5, c.length - 1)].join(','));
  }
  return bac.size + pace;
}

async function runOnce(config: PassportChipConfig, profile: string, env: VerificationEnvironment, plan?: { at: number; kind: ApduFaultKind }): Promise<Run & { answers: CleanAnswer[] }> {
  const chip = new PassportChip(config);
  const commands: Uint8Array[] = [];
  const answers: CleanAnswer[] = [];
  const recorder = {
    powerOn: () => chip.powerOn(),
    powerOff: () => chip.powerOff(),
    process: async (c: Uint8Array) => {
      commands.push(c.slice());
      const r = await chip.process(c);
      answers.push({ ins: c[1] ?? -1, dataLength: r.length - 2, sw: (r[r.length - 2]! << 8) | r[r.length - 1]! });
      return r;
    },
  };
  let transport: SimulatedTransport | undefined;
  const wrapper = new FaultInjectingResponder(recorder, plan ? { ...plan, removeCard: () => transport?.removeCard() } : undefined);
  transport = new SimulatedTransport(wrapper, { extendedLength: true });
  const base = { at: plan?.at ?? -1, kind: plan?.kind ?? ('remove-before' as ApduFaultKind), ins: wrapper.record.ins, commands, answers };
  try {
    await transport.connect();
    const report = (await runVerification(transport, PURPOSES.counter, { mrz: MRZ[profile]! }, env, undefined, { document: PASSPORT_DRIVER })) as PassportReport;
    return { ...base, report };
  } catch (error) {
    return { ...base, error };
  } finally {
    await transport.disconnect();
  }
}

describe.each(['utopia-bac', 'germany-pace-gm', 'utopia-pace-cam'])('%s: every fault at every APDU of the counter check', (profile) => {
  let env: VerificationEnvironment;
  let config: PassportChipConfig;
  let clean: Run & { answers: CleanAnswer[] };
  const runs: Run[] = [];

  beforeAll(async () => {
    env = await passportEnvironment();
    config = chipConfigFor(await buildSimPassport(profile));
    clean = await runOnce(config, profile, env);
    for (const kind of ALL_KINDS) {
      for (let at = 0; at < clean.answers.length; at += STRIDE) {
        if (!changesAnswer(clean.answers[at]!, kind)) continue;
        runs.push(await runOnce(config, profile, env, { at, kind }));
      }
    }
    recordFigure(SOURCE, 'fault-points', `${profile} counter flow (${clean.answers.length} APDUs), every fault kind at every APDU through the runner`, runs.length);
  }, 600_000);

  it('the clean run is verified', () => {
    expect(clean.report?.outcome, String(clean.error)).toBe('verified');
    expect(clean.answers.length).toBeGreaterThan(10);
  });

  it('every faulted run ends in a report or a typed error; verified only with the clean data', () => {
    for (const r of runs) {
      const w = `${profile}: ${r.kind} at APDU ${r.at} (INS ${r.ins[r.at]?.toString(16)})`;
      if (r.report) {
        if (r.report.outcome === 'verified') {
          expect(r.report.attributes, w).toEqual(clean.report!.attributes);
          expect(sameImages(r.report.images, clean.report!.images), `${w}: face`).toBe(true);
        }
      } else expect(isKazasuError(r.error), `${w}: ${String(r.error)}`).toBe(true);
    }
  });

  it('a fault never makes the kiosk try the MRZ again', () => {
    const allowed = accessAttempts(clean.commands);
    for (const r of runs) expect(accessAttempts(r.commands), `${profile}: ${r.kind} at ${r.at}`).toBeLessThanOrEqual(allowed);
  });

  it('faults on protected answers are caught (no faulted data-changing run is verified)', () => {
    const dataFaults = runs.filter((r) => r.kind === 'flip-data-bit' && r.at > 8);
    expect(dataFaults.length).toBeGreaterThan(0);
    expect(dataFaults.filter((r) => r.report?.outcome === 'verified')).toEqual([]);
  });
});
