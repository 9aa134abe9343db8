import 'reflect-metadata';
import { ResidenceCard } from '../src/cards/residence-card';
import { checkCardNumber } from '../src/cards/residence-card/card-number';
import { simFont } from '../src/node/sim-font';
import { buildResidenceCard } from '../src/sim/residence-card/build-card';
import { namedRcProfile } from '../src/sim/residence-card/profiles';
import { SimulatedResidenceCard } from '../src/sim/residence-card/residence-sim-card';
import { simulatorResidenceAnchors } from '../src/sim/residence-card/sim-trust-anchors';
import { bytesOnlyLowerBoundUs, linkParameters, type BitRateKbps } from '../src/transport/link-model';
import { LinkModelTransport } from '../src/transport/link-model-transport';
import { SimulatedTransport } from '../src/transport/simulated-transport';
import { createResidenceTrustStore } from '../src/verify/residence-card/rc-trust';
import { verifyResidenceCard } from '../src/verify/residence-card/verify-residence-card';
import { measure, type Timing } from './measure';

/**
 * Residence card (issue 12 §5): one full read per generation — detect, authenticate (GET
 * CHALLENGE, MUTUAL AUTHENTICATE, VERIFY under SM), every file once — through the real card
 * library on the simulated card, counted on the wire and modelled with src/transport/link-model.ts
 * at 106/212/424 kbit/s, beside the bytes-only bound; and the verifier's CPU on the read data.
 * Modelled, not timed: nothing sleeps.
 */

const RATES: readonly BitRateKbps[] = [106, 212, 424];
const NOW = new Date('2026-11-20T03:00:00Z');

export interface RcIoRow {
  readonly profile: string;
  readonly path: 'extended' | 'short';
  readonly outcome: string;
  readonly apdus: number;
  readonly bytesOut: number;
  readonly bytesIn: number;
  readonly ioMs: Readonly<Record<BitRateKbps, number>>;
  readonly boundMs: Readonly<Record<BitRateKbps, number>>;
}

export async function residenceCardBenchmarks(): Promise<{ io: RcIoRow[]; cpu: Timing[] }> {
  const simulator = await simulatorResidenceAnchors();
  const trust = createResidenceTrustStore('simulator', { simulator });
  const io: RcIoRow[] = [];
  const cpu: Timing[] = [];
  for (const id of ['rc1-adult', 'rc2-adult']) {
    const profile = namedRcProfile(id)!;
    const built = await buildResidenceCard(profile, { glyphs: simFont() });
    for (const path of ['extended', 'short'] as const) {
      const meter = new LinkModelTransport(new SimulatedTransport(new SimulatedResidenceCard(built.model), { extendedLength: path === 'extended' }));
      await meter.connect();
      const card = new ResidenceCard(meter);
      const number = checkCardNumber(profile.cardNumber);
      await card.detect();
      await card.authenticate(number);
      const read = await card.readAll();
      card.close();
      await meter.disconnect();
      const verification = await verifyResidenceCard({ read, enteredCardNumber: number, trust, now: NOW });
      const counts = meter.counts();
      const ioMs = {} as Record<BitRateKbps, number>;
      const boundMs = {} as Record<BitRateKbps, number>;
      for (const rate of RATES) {
        ioMs[rate] = meter.model(linkParameters({ bitRateKbps: rate })).ioUs / 1000;
        boundMs[rate] = bytesOnlyLowerBoundUs(counts.bytesOut, counts.bytesIn, rate) / 1000;
      }
      io.push({ profile: id, path, outcome: verification.outcome, apdus: counts.apdus, bytesOut: counts.bytesOut, bytesIn: counts.bytesIn, ioMs, boundMs });
      if (path === 'extended') {
        cpu.push(await measure(`residence card gen ${profile.generation} verification (files pre-read)`, 30, () => verifyResidenceCard({ read, enteredCardNumber: number, trust, now: NOW })));
      }
    }
  }
  return { io, cpu };
}

export function printResidenceCardIo(rows: readonly RcIoRow[]): void {
  const p = linkParameters();
  console.log(
    `Residence card read per generation (modelled, src/transport/link-model.ts: RC-S380 host-side ISO-DEP, FSC/FSD ${p.fsc}/${p.fsd}, USB round trip ${p.hostRoundTripUs / 1000} ms per RF frame, card turnaround ${p.cardCommandUs / 1000} ms per APDU — the last two UNCONFIRMED). ` +
      'Full read: SELECT MF + 2 plain reads, GET CHALLENGE, MUTUAL AUTHENTICATE, VERIFY (SM), every file once; extended = whole files (Le 00 00), short = 256-byte plain / 247- or 239-byte SM chunks.',
  );
  const header = ['profile', 'path', 'outcome', 'APDUs', 'out B', 'in B', 'I/O 106', 'I/O 212', 'I/O 424', 'bound 106', 'I/O÷bound 106', 'I/O÷bound 424'];
  const ms = (v: number) => `${v.toFixed(0)} ms`;
  const body = rows.map((r) => [r.profile, r.path, r.outcome, String(r.apdus), String(r.bytesOut), String(r.bytesIn), ms(r.ioMs[106]), ms(r.ioMs[212]), ms(r.ioMs[424]), ms(r.boundMs[106]), `${(r.ioMs[106] / r.boundMs[106]).toFixed(3)}×`, `${(r.ioMs[424] / r.boundMs[424]).toFixed(3)}×`]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(line(header));
  for (const b of body) console.log(line(b));
}

// `npx tsx bench/residence-card.bench.ts` runs this section alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { io, cpu } = await residenceCardBenchmarks();
  printResidenceCardIo(io);
  const { printTable } = await import('./measure');
  printTable(cpu);
}
