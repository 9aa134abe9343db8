/**
 * Issue 6, item 1 through the real reader transports and their emulators (the normal suite
 * already removes the card at every frame: tests/transport-port100/card-removal,
 * tests/transport-ccid/ccid-card-removal). Here, for the counter flow:
 * - RC-S380 (WebUsbPort100Transport) and RC-S300 (WebUsbRcs300Transport), the two readers with
 *   ISO-DEP in the host, each with a Type B and a Type A card: at every RF frame the command lost, the answer lost, the answer garbled
 *   (CRC error) and the reader unplugged; at every APDU the card's answer truncated, cut,
 *   extended or bit-flipped inside the ISO-DEP blocks (the fault-injecting responder behind the
 *   emulated card); on the RC-S380, at every USB OUT transfer one byte damaged;
 * - CCID (WebUsbCcidTransport): at every bulk message every answer fault of the emulator
 *   (truncated, wrong bSeq, wrong type, huge dwLength, reserved status, hardware error, silent,
 *   STALL) and the reader unplugged; at every APDU the card's answer held back past the
 *   transport's response timeout, and the byte faults above.
 * Every run: a typed error or a report; 'verified' only with the clean data; never an extra
 * VERIFY; no try used (the credentials are right).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { isKazasuError } from '../../../src/errors/kazasu-error';
import type { CcidAnswerFault } from '../../../src/sim/readers/ccid-emulator';
import type { ApduFaultKind } from '../../../src/sim/faults/apdu-fault';
import { FaultInjectingResponder } from '../../../src/sim/faults/fault-injecting-responder';
import type { SimulatedCard } from '../../../src/sim/card/simulated-card';
import type { CardTransport } from '../../../src/transport/card-transport';
import type { MyNumberReport as VerificationReport } from '../../../src/documents/mynumber/mynumber-report';
import { recordFigure } from '../figures';
import { counterCheck as port100Counter, rig as port100Rig } from '../../transport-port100/rig';
import { rig as rcs300Rig } from '../../transport-rcs300/rig';
import type { RfCardOptions } from '../../../src/sim/readers/type-b-field';
import { counterCheck as ccidCounter, rig as ccidRig } from '../../transport-ccid/rig';

const SOURCE = 'faults-readers';
const BYTE_FAULTS: readonly ApduFaultKind[] = ['truncate-data', 'truncate-tail', 'extend', 'flip-data-bit', 'flip-sw2-bit'];

interface ReaderRun {
  readonly what: string;
  readonly report?: VerificationReport;
  readonly error?: unknown;
  readonly sim: SimulatedCard;
}

async function attempt(what: string, sim: SimulatedCard, transport: CardTransport, check: (t: never) => Promise<VerificationReport>): Promise<ReaderRun> {
  try {
    await transport.connect();
    return { what, sim, report: await check(transport as never) };
  } catch (error) {
    return { what, sim, error };
  }
}

let clean: { report: VerificationReport; verifyAttempts: number };

function expectSafe(r: ReaderRun): void {
  if (r.report) {
    if (r.report.outcome === 'verified') {
      expect(r.report.attributes, r.what).toEqual(clean.report.attributes);
      expect(r.report.images, r.what).toEqual(clean.report.images);
    }
  } else {
    expect(isKazasuError(r.error), `${r.what}: ${String(r.error)}`).toBe(true);
  }
  expect(r.sim.activity.verifyAttempts, r.what).toBeLessThanOrEqual(clean.verifyAttempts);
  expect(r.sim.activity.triesConsumed, r.what).toBe(0);
}

/**
 * The readers that only move frames: ISO-DEP recovery is the host's (src/transport/iso-dep).
 * Each also with the card as a Type A card, so every frame of a Type A activation (REQA,
 * anticollision, SELECT, RATS, and on the RC-S380 PPS to 424 kbit/s with its R(NAK) probe) is hit
 * by every RF fault; the SENSB_REQ the host sends first (polling B before A) is there as well.
 */
const TYPE_A_WITH_PPS: RfCardOptions = { technology: 'A', ta: 0x33 };
const TYPE_A: RfCardOptions = { technology: 'A' };
const HOST_ISO_DEP: readonly { name: string; card: RfCardOptions; make: () => ReturnType<typeof port100Rig> | ReturnType<typeof rcs300Rig> }[] = [
  { name: 'RC-S380', card: {}, make: () => port100Rig() },
  { name: 'RC-S300', card: {}, make: () => rcs300Rig() },
  { name: 'RC-S380, Type A card with PPS', card: TYPE_A_WITH_PPS, make: () => port100Rig({ card: TYPE_A_WITH_PPS }) },
  { name: 'RC-S300, Type A card', card: TYPE_A, make: () => rcs300Rig({ card: TYPE_A }) },
];

describe.each(HOST_ISO_DEP)('$name emulator, counter flow', ({ name, make, card }) => {
  let frames = 0;
  let apdus = 0;

  beforeAll(async () => {
    const { transport, emulator, sim } = await make();
    await transport.connect();
    const report = await port100Counter(transport);
    clean = { report, verifyAttempts: sim.activity.verifyAttempts };
    frames = emulator.rfFrameCount;
    apdus = sim.activity.commands;
  });

  it('clean run verified', () => {
    expect(clean.report.outcome).toBe('verified');
    expect(frames).toBeGreaterThan(20);
  });

  const rfFaults = ['loseCommand', 'loseAnswer', 'garbleAnswer', 'unplugAtFrame'] as const;
  it.each(rfFaults)('%s at every RF frame', async (fault) => {
    const runs: ReaderRun[] = [];
    let hits = 0;
    for (let frame = 0; frame < frames; frame++) {
      const { transport, emulator, sim } = await make();
      if (fault === 'unplugAtFrame') emulator.faults.unplugAtFrame = frame;
      else emulator.faults[fault] = [frame];
      runs.push(await attempt(`${name} ${fault} at frame ${frame}`, sim, transport, port100Counter));
      const outcome = { loseCommand: 'lost-command', loseAnswer: 'lost-answer', garbleAnswer: 'garbled', unplugAtFrame: 'unplugged' }[fault];
      // The fault really happened at that frame (unless an earlier outcome ended the session).
      if (emulator.rfLog.find((e) => e.index === frame)?.outcome === outcome) hits++;
    }
    for (const r of runs) expectSafe(r);
    expect(hits).toBeGreaterThan(frames / 2);
    if (fault === 'unplugAtFrame') {
      for (const r of runs) expect(r.report, r.what).toBeUndefined();
    } else {
      // One lost or garbled frame is recovered by ISO-DEP (R(NAK) / retransmission): the check
      // still completes, and then with the clean data (expectSafe).
      expect(runs.filter((r) => r.report?.outcome === 'verified').length).toBeGreaterThan(frames / 2);
    }
    recordFigure(SOURCE, 'fault-points', `counter flow, ${name} emulator, ${fault} at every RF frame`, runs.length);
  });

  it.each(BYTE_FAULTS)('%s on the card answer at every APDU (inside ISO-DEP)', async (kind) => {
    const runs: ReaderRun[] = [];
    for (let at = 0; at < apdus; at++) {
      const { transport, emulator, sim } = await make();
      emulator.placeCard(new FaultInjectingResponder(sim, { at, kind }), card);
      runs.push(await attempt(`${name} ${kind} at APDU ${at}`, sim, transport, port100Counter));
    }
    for (const r of runs) expectSafe(r);
    recordFigure(SOURCE, 'fault-points', `counter flow, ${name} emulator, ${kind} at every APDU`, runs.length);
  });
});

describe('RC-S380 emulator, damaged USB OUT transfers', () => {
  let outTransfers = 0;

  beforeAll(async () => {
    const { transport, emulator, sim } = await port100Rig();
    let outs = 0;
    const device = emulator.device;
    const original = device.transferOut.bind(device);
    device.transferOut = (ep, data) => {
      outs++;
      return original(ep, data);
    };
    await transport.connect();
    clean = { report: await port100Counter(transport), verifyAttempts: sim.activity.verifyAttempts };
    outTransfers = outs;
  });

  it('one damaged byte in every USB OUT transfer', async () => {
    const runs: ReaderRun[] = [];
    let damaged = 0;
    for (let at = 0; at < outTransfers; at++) {
      const { transport, emulator, sim } = await port100Rig();
      let n = 0;
      const device = emulator.device;
      const original = device.transferOut.bind(device);
      device.transferOut = (ep, data) => {
        if (n++ === at) emulator.corruptOutTransfers = 1;
        return original(ep, data);
      };
      runs.push(await attempt(`RC-S380 OUT transfer ${at} damaged`, sim, transport, port100Counter));
      // The knob was used up: the damage really went out (transfers of more than 8 bytes only).
      if (emulator.corruptOutTransfers === 0) damaged++;
    }
    for (const r of runs) expectSafe(r);
    expect(damaged).toBeGreaterThan(outTransfers / 2);
    recordFigure(SOURCE, 'fault-points', 'counter flow, RC-S380 emulator, damaged USB OUT transfer at every transfer', runs.length);
  });
});

describe('CCID emulator, counter flow', () => {
  let messages = 0;
  let apdus = 0;
  const FAST = { transport: { responseTimeoutMs: 150, drainMs: 5 } } as const;

  beforeAll(async () => {
    const { transport, emulator, sim } = await ccidRig(FAST);
    await transport.connect();
    const report = await ccidCounter(transport);
    clean = { report, verifyAttempts: sim.activity.verifyAttempts };
    messages = emulator.messageCount;
    apdus = sim.activity.commands;
  });

  it('clean run verified', () => {
    expect(clean.report.outcome).toBe('verified');
    expect(messages).toBeGreaterThan(15);
  });

  const answerFaults: readonly CcidAnswerFault[] = ['truncate', 'wrong-seq', 'wrong-type', 'huge-length', 'reserved-status', 'hardware-error', 'silent', 'stall'];
  it.each(answerFaults)('answer fault %s at every bulk message', async (fault) => {
    const runs: ReaderRun[] = [];
    for (let at = 0; at < messages; at++) {
      const { transport, emulator, sim } = await ccidRig(FAST);
      emulator.faults.answer[at] = fault;
      runs.push(await attempt(`CCID ${fault} at message ${at}`, sim, transport, ccidCounter));
    }
    for (const r of runs) expectSafe(r);
    recordFigure(SOURCE, 'fault-points', `counter flow, CCID emulator, ${fault} answer at every bulk message`, runs.length);
  });

  it('reader unplugged at every bulk message', async () => {
    const runs: ReaderRun[] = [];
    for (let at = 0; at < messages; at++) {
      const { transport, emulator, sim } = await ccidRig(FAST);
      emulator.faults.unplugAtMessage = at;
      runs.push(await attempt(`CCID unplugged at message ${at}`, sim, transport, ccidCounter));
    }
    for (const r of runs) {
      expectSafe(r);
      expect(r.report, r.what).toBeUndefined();
    }
    recordFigure(SOURCE, 'fault-points', 'counter flow, CCID emulator, reader unplugged at every bulk message', runs.length);
  });

  it.each([...BYTE_FAULTS, 'delay'] as const)('%s on the card answer at every APDU', async (kind) => {
    const runs: ReaderRun[] = [];
    for (let at = 0; at < apdus; at++) {
      const { transport, emulator, sim } = await ccidRig(FAST);
      // 'delay': the answer comes after the transport stopped waiting (150 ms).
      emulator.placeCard(new FaultInjectingResponder(sim, { at, kind, delayMs: 300 }));
      const r = await attempt(`CCID ${kind} at APDU ${at}`, sim, transport, ccidCounter);
      runs.push(r);
      if (kind === 'delay') {
        expect(r.report, r.what).toBeUndefined();
        expect((r.error as { code?: string }).code, r.what).toBe('timeout');
        // Let the late answer arrive before the next run, so it cannot land anywhere else.
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
    for (const r of runs) expectSafe(r);
    recordFigure(SOURCE, 'fault-points', `counter flow, CCID emulator, ${kind} on the card answer at every APDU`, runs.length);
  });
});
