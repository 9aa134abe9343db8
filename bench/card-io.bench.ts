import 'reflect-metadata';
import { wipe, copyBytes } from '../src/bytes/byte-ops';
import { buildSimCard } from '../src/node/sim-loader';
import { runVerification, type VerificationCredentials } from '../src/session/run-verification';
import { PURPOSES, type PurposeId } from '../src/session/purposes';
import { simulatedCardFor } from '../src/sim/mynumber/build-card';
import { namedProfile } from '../src/sim/mynumber/profiles';
import { simulatorAnchorSet } from '../src/sim/pki/sim-trust-anchors';
import { Rcs300Emulator } from '../src/sim/readers/rcs300-emulator';
import { Rcs380Emulator } from '../src/sim/readers/rcs380-emulator';
import type { CardEventListener, CardTransport, TransmitOptions } from '../src/transport/card-transport';
import { bytesOnlyLowerBoundUs, linkParameters, type BitRateKbps } from '../src/transport/link-model';
import { LinkModelTransport, type ApduCounts } from '../src/transport/link-model-transport';
import { SimulatedTransport } from '../src/transport/simulated-transport';
import { OfflineRevocationChecker } from '../src/verify/revocation/offline-checker';
import { allKnownAnchors, createTrustStore } from '../src/verify/trust/trust-store';
import { WebUsbPort100Transport } from '../src/transport/webusb-port100/webusb-port100-transport';
import { WebUsbRcs300Transport } from '../src/transport/webusb-rcs300/webusb-rcs300-transport';

/**
 * Card I/O per purpose (issue 7 item 1): the real flow (runVerification through the card
 * library on the default simulated card) counted on the wire, and its modelled card time from
 * src/transport/link-model.ts at 106/212/424 kbit/s, beside the same purpose read the way existing
 * readers do it: 256-byte short READ BINARYs only, and SELECT DF + SELECT EF before every READ
 * BINARY — which on this card clears the DF's security status (spec §1.3), so such a reader must
 * VERIFY again each time. Modelled time, not wall-clock: nothing sleeps.
 */

const CREDENTIALS: Record<PurposeId, VerificationCredentials> = {
  counter: { codeB: '55021720352285' },
  bank: { codeB: '55021720352285', signPassword: 'KAZASU1' },
  field: { codeB: '55021720352285' },
  age: { birthDateKey: '550217' },
};
const RATES: readonly BitRateKbps[] = [106, 212, 424];

/**
 * The "naive reader" pattern, built on the real card library: every READ BINARY becomes SELECT
 * DF (as last selected), the VERIFYs that DF had (re-selection cleared them), SELECT EF by id,
 * then READ BINARY by offset. Bench-only; it keeps the VERIFY commands it must replay in memory
 * and wipes them when the DF changes or the session ends, and never prints them.
 */
class ReselectingTransport implements CardTransport {
  private dfSelect: Uint8Array | undefined;
  private verifies: Uint8Array[] = [];
  private currentEf: number | undefined;

  constructor(
    private readonly inner: CardTransport,
    /** true: before every READ BINARY (the pattern); false: once per file, before its first chunk. */
    private readonly everyRead: boolean,
  ) {}

  get kind() {
    return this.inner.kind;
  }
  get capabilities() {
    return this.inner.capabilities;
  }
  connect(): Promise<void> {
    this.forget();
    return this.inner.connect();
  }
  async disconnect(): Promise<void> {
    this.forget();
    await this.inner.disconnect();
  }
  isCardPresent(): boolean {
    return this.inner.isCardPresent();
  }
  onEvent(listener: CardEventListener): () => void {
    return this.inner.onEvent(listener);
  }

  async transmit(command: Uint8Array, options?: TransmitOptions): Promise<Uint8Array> {
    const [cla, ins, p1, p2] = [command[0], command[1], command[2], command[3]];
    if (cla === 0x00 && ins === 0xa4 && p1 === 0x04) {
      this.forget();
      const res = await this.inner.transmit(command, options);
      if (ok(res)) this.dfSelect = copyBytes(command);
      return res;
    }
    if (cla === 0x00 && ins === 0x20 && command.length > 4) {
      const res = await this.inner.transmit(command, options);
      if (ok(res)) this.verifies.push(copyBytes(command));
      return res;
    }
    if (cla === 0x00 && ins === 0xb0 && command.length === 5 && p1 !== undefined && p2 !== undefined) {
      const sfiForm = (p1 & 0x80) !== 0;
      if (!sfiForm && !this.everyRead) return this.inner.transmit(command, options);
      const ef = sfiForm ? p1 & 0x1f : this.currentEf;
      if (ef === undefined) return this.inner.transmit(command, options);
      const offset = sfiForm ? p2 : ((p1 & 0x7f) << 8) | p2;
      if (this.dfSelect) await this.require(this.dfSelect);
      for (const v of this.verifies) await this.require(v);
      await this.require(Uint8Array.of(0x00, 0xa4, 0x02, 0x0c, 0x02, 0x00, ef));
      this.currentEf = ef;
      return this.inner.transmit(Uint8Array.of(0x00, 0xb0, (offset >> 8) & 0x7f, offset & 0xff, command[4]!), options);
    }
    return this.inner.transmit(command, options);
  }

  private async require(command: Uint8Array): Promise<void> {
    const res = await this.inner.transmit(command);
    if (!ok(res)) throw new Error(`naive reader: re-sent ${command[1]!.toString(16)} was refused`);
  }

  private forget(): void {
    if (this.dfSelect) wipe(this.dfSelect);
    for (const v of this.verifies) wipe(v);
    this.dfSelect = undefined;
    this.verifies = [];
    this.currentEf = undefined;
  }
}

function ok(res: Uint8Array): boolean {
  return res.length >= 2 && res[res.length - 2] === 0x90 && res[res.length - 1] === 0x00;
}

/** kazasu: runVerification as shipped; naive: re-select (+ re-VERIFY) before every READ BINARY; naive-file: before each file's first READ BINARY. */
export type Flow = 'kazasu' | 'naive' | 'naive-file';

export interface CardIoRow {
  readonly purpose: PurposeId;
  readonly flow: Flow;
  readonly outcome: string;
  readonly counts: ApduCounts;
  /** Modelled I/O time (no private-key compute), ms, by bit rate. */
  readonly ioMs: Readonly<Record<BitRateKbps, number>>;
  /** Modelled private-key compute on the card, ms (same at every bit rate). */
  readonly computeMs: number;
  /** Bytes-only lower bound of the purpose at 106 kbit/s (the kazasu flow's APDU bytes), ms. */
  readonly lowerBoundMs: number;
}

export async function cardIoBenchmarks(): Promise<CardIoRow[]> {
  const built = await buildSimCard(namedProfile('default')!);
  const simulator = await simulatorAnchorSet();
  const now = new Date('2026-11-20T03:00:00Z');
  const env = {
    trust: createTrustStore('simulator', { simulator }),
    allAnchors: allKnownAnchors({ simulator }),
    revocation: new OfflineRevocationChecker(),
    now: () => now,
  };
  const rows: CardIoRow[] = [];
  for (const purpose of Object.keys(PURPOSES) as PurposeId[]) {
    let lowerBoundMs = 0;
    for (const flow of ['kazasu', 'naive', 'naive-file'] as const) {
      const meter = new LinkModelTransport(new SimulatedTransport(simulatedCardFor(built.model), { extendedLength: flow === 'kazasu' }));
      const transport: CardTransport = flow === 'kazasu' ? meter : new ReselectingTransport(meter, flow === 'naive');
      await transport.connect();
      let outcome: string;
      try {
        outcome = (await runVerification(transport, PURPOSES[purpose], CREDENTIALS[purpose], env)).outcome;
      } finally {
        await transport.disconnect();
      }
      const counts = meter.counts();
      if (flow === 'kazasu') lowerBoundMs = bytesOnlyLowerBoundUs(counts.bytesOut, counts.bytesIn, 106) / 1000;
      const ioMs = {} as Record<BitRateKbps, number>;
      let computeMs = 0;
      for (const rate of RATES) {
        const t = meter.model(linkParameters({ bitRateKbps: rate }));
        ioMs[rate] = t.ioUs / 1000;
        computeMs = t.computeUs / 1000;
      }
      rows.push({ purpose, flow, outcome, counts, ioMs, computeMs, lowerBoundMs });
    }
  }
  return rows;
}

export function printCardIo(rows: readonly CardIoRow[]): void {
  const p = linkParameters();
  console.log(
    `Card I/O per purpose (modelled, src/transport/link-model.ts: RC-S380 host-side ISO-DEP, FSC/FSD ${p.fsc}/${p.fsd}, ` +
      `USB round trip ${p.hostRoundTripUs / 1000} ms per RF frame, card turnaround ${p.cardCommandUs / 1000} ms per APDU, ` +
      `RSA ${p.privateKeyOperationUs / 1000} ms per private-key operation — the last three UNCONFIRMED).`,
  );
  console.log('kazasu = runVerification, extended length; naive = 256-byte short reads + SELECT DF/EF (+ re-VERIFY) before every READ BINARY; naive-file = the same once per file.');
  console.log('I/O = modelled time without RSA; total = I/O at 106 kbit/s + RSA; bound = bytes-only lower bound of the kazasu flow at 106 kbit/s.');
  const header = ['purpose', 'flow', 'outcome', 'APDUs', 'out B', 'in B', 'SEL DF', 'SEL EF', 'VERIFY', 'ctr qry', 'I/O 106', 'I/O 212', 'I/O 424', 'RSA', 'total 106', 'bound 106', 'I/O÷bound'];
  const ms = (v: number) => `${v.toFixed(0)} ms`;
  const body = rows.map((r) => [
    r.purpose,
    r.flow,
    r.outcome,
    String(r.counts.apdus),
    String(r.counts.bytesOut),
    String(r.counts.bytesIn),
    String(r.counts.dfSelects),
    String(r.counts.efSelects),
    String(r.counts.verifies),
    String(r.counts.retryQueries),
    ms(r.ioMs[106]),
    ms(r.ioMs[212]),
    ms(r.ioMs[424]),
    ms(r.computeMs),
    ms(r.ioMs[106] + r.computeMs),
    ms(r.lowerBoundMs),
    `${(r.ioMs[106] / r.lowerBoundMs).toFixed(3)}×`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(line(header));
  for (const b of body) console.log(line(b));
}

// ---------------------------------------------------------------------------------------------
// Type B bit rate (issue 13): the counter check at the card's best rate.

/** The counter-check target at the card's best rate (issue 13). */
export const COUNTER_TARGET_MS = 1000;

export interface BitRateRow {
  readonly reader: 'RC-S380' | 'RC-S300';
  /** The card's ATQB Bit_Rate_capability byte. */
  readonly capability: number;
  /** The rate the real transport chose and the emulated card accepted. */
  readonly rate: BitRateKbps;
  /** USB messages the reader got for connect() (activation, rate switch, probe). */
  readonly connectMessages: number;
  /** Of them, beyond what a 106-only card needs: the price of the switch. */
  readonly switchMessages: number;
  /** Modelled: the counter check's I/O at `rate`, the switch's round trips, RSA, total. */
  readonly ioMs: number;
  readonly switchMs: number;
  readonly computeMs: number;
  readonly totalMs: number;
}

/** Messages on the reader's USB link while the real transport connects to a card with `capability`. */
async function connectAt(reader: BitRateRow['reader'], capability: number): Promise<{ rate: BitRateKbps; messages: number }> {
  const card = simulatedCardFor((await buildSimCard(namedProfile('default')!)).model);
  if (reader === 'RC-S380') {
    const emulator = new Rcs380Emulator({ granted: true });
    emulator.placeCard(card, { bitRateCapability: capability });
    const transport = new WebUsbPort100Transport(emulator.usb, { ackTimeoutMs: 200, responseMarginMs: 200, drainMs: 5 });
    await transport.openReader();
    const before = emulator.firmware.commandLog.length;
    await transport.connect();
    const r = { rate: transport.activeBitRate as BitRateKbps, messages: emulator.firmware.commandLog.length - before };
    await transport.close();
    return r;
  }
  const emulator = new Rcs300Emulator({ granted: true });
  emulator.placeCard(card, { bitRateCapability: capability });
  const transport = new WebUsbRcs300Transport(emulator.usb, { rfOffGuardMs: 0, rfOnGuardMs: 0, switchGuardMs: 0, drainMs: 5 });
  await transport.openReader();
  const before = emulator.escapeLog.length;
  await transport.connect();
  const r = { rate: transport.activeBitRate as BitRateKbps, messages: emulator.escapeLog.length - before };
  await transport.close();
  return r;
}

/**
 * The counter check at the best rate the card and reader share: the rate is chosen by the real
 * transport (RC-S380 and RC-S300 paths) against the emulated reader and a card whose ATQB offers
 * 106 only (00), 212 (11) or 212 and 424 (B3); the card I/O of the kazasu counter flow is then
 * modelled at that rate (link-model.ts, as above), plus one USB round trip per extra message the
 * rate switch took (InSetRF/InSetProtocol or Set Parameter, and the R(NAK) probe).
 */
export async function bitRateBenchmarks(cardIo: readonly CardIoRow[]): Promise<BitRateRow[]> {
  const counter = cardIo.find((r) => r.purpose === 'counter' && r.flow === 'kazasu');
  if (!counter) throw new Error('no counter row');
  const roundTripMs = linkParameters().hostRoundTripUs / 1000;
  const rows: BitRateRow[] = [];
  for (const reader of ['RC-S380', 'RC-S300'] as const) {
    const base = await connectAt(reader, 0x00);
    for (const capability of [0x00, 0x11, 0xb3]) {
      const { rate, messages } = capability === 0x00 ? base : await connectAt(reader, capability);
      const switchMessages = messages - base.messages;
      const ioMs = counter.ioMs[rate];
      const switchMs = switchMessages * roundTripMs;
      rows.push({ reader, capability, rate, connectMessages: messages, switchMessages, ioMs, switchMs, computeMs: counter.computeMs, totalMs: ioMs + switchMs + counter.computeMs });
    }
  }
  return rows;
}

export function printBitRates(rows: readonly BitRateRow[]): void {
  console.log(
    `Counter check at the card's best Type B rate (issue 13): rate chosen by the real transport against the emulated reader; ` +
      `I/O of the kazasu counter flow modelled at that rate (same model as above), + ${linkParameters().hostRoundTripUs / 1000} ms per extra USB message of the rate switch; target ≤ ${COUNTER_TARGET_MS / 1000} s.`,
  );
  const header = ['reader', 'ATQB rates', 'rate', 'connect msgs', 'switch msgs', 'I/O', 'switch', 'RSA', 'total', 'target'];
  const offered: Record<number, string> = { 0x00: '00 (106)', 0x11: '11 (212)', 0xb3: 'B3 (212, 424)' };
  const ms = (v: number) => `${v.toFixed(0)} ms`;
  const body = rows.map((r) => [
    r.reader,
    offered[r.capability] ?? r.capability.toString(16),
    `${r.rate} kbit/s`,
    String(r.connectMessages),
    String(r.switchMessages),
    ms(r.ioMs),
    ms(r.switchMs),
    ms(r.computeMs),
    ms(r.totalMs),
    r.totalMs <= COUNTER_TARGET_MS ? 'met' : 'not met',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(line(header));
  for (const b of body) console.log(line(b));
}
