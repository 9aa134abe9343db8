import 'reflect-metadata';
import { wipe, copyBytes } from '../src/bytes/byte-ops';
import { buildSimCard } from '../src/node/sim-loader';
import { runVerification, type VerificationCredentials } from '../src/session/run-verification';
import { PURPOSES, type PurposeId } from '../src/session/purposes';
import { simulatedCardFor } from '../src/sim/mynumber/build-card';
import { namedProfile } from '../src/sim/mynumber/profiles';
import { simulatorAnchorSet } from '../src/sim/pki/sim-trust-anchors';
import type { CardEventListener, CardTransport, TransmitOptions } from '../src/transport/card-transport';
import { bytesOnlyLowerBoundUs, linkParameters, type BitRateKbps } from '../src/transport/link-model';
import { LinkModelTransport, type ApduCounts } from '../src/transport/link-model-transport';
import { SimulatedTransport } from '../src/transport/simulated-transport';
import { OfflineRevocationChecker } from '../src/verify/revocation/offline-checker';
import { allKnownAnchors, createTrustStore } from '../src/verify/trust/trust-store';

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
