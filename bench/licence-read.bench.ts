import 'reflect-metadata';
import { LicenceCard, readLicence } from '../src/cards/licence';
import { buildLicence, licenceProfile, simulatedLicenceCardFor, simulatorLicenceIssuerCertificates } from '../src/sim/licence';
import { bytesOnlyLowerBoundUs, DEFAULT_LINK, modelApdu, modelFlow, type BitRateKbps, type LinkParameters } from '../src/transport/link-model';
import { apduShape, countApdus, LinkModelTransport, type ApduCounts, type ApduRecord } from '../src/transport/link-model-transport';
import { SimulatedTransport } from '../src/transport/simulated-transport';
import { simulatorLicenceIssuerTrust, verifyLicenceReadout } from '../src/verify/licence';

/**
 * Driver's licence read time (issue 14 "Bad input, speed"): the real card library against the
 * simulated licence (licence-default: PINs set, no change records, no 外字), the flow a document
 * driver runs — detect (SELECT MF + 共通データ要素), the counter of each PIN before entry, each
 * guarded VERIFY (counter again + VERIFY), then readLicence and verifyLicenceReadout — with PIN1
 * only (記載事項, change records, signature file; no photo) and with PIN1 + PIN2 (also 本籍 as
 * hash-only bytes for the signature, and the photo). Every APDU is recorded and its time modelled
 * with src/transport/link-model.ts at 106/212/424 kbit/s, beside the bytes-only lower bound of the
 * same APDUs. Modelled, not timed: nothing sleeps. "host CPU" is wall-clock on this machine for
 * the whole flow (card library + simulator + verification).
 *
 * The file sizes read are the ones implementations report (licence-facts §1.2): a real card's
 * ATQB bit rates, FSC and turnaround are UNCONFIRMED, as link-model.ts says for each parameter.
 */

const RATES: readonly BitRateKbps[] = [106, 212, 424];

export interface LicenceIoRow {
  readonly flow: 'PIN1' | 'PIN1+PIN2';
  /** before entry: detect + counters (while the person types); after entry: guarded VERIFYs + reads (what they wait for); placement: both. */
  readonly phase: 'before entry' | 'after entry' | 'placement';
  readonly reads: 'extended' | 'short';
  readonly outcome: string;
  readonly counts: ApduCounts;
  readonly ioMs: Record<BitRateKbps, number>;
  readonly ioCcidMs: Record<BitRateKbps, number>;
  readonly boundMs: Record<BitRateKbps, number>;
  readonly hostCpuMs: number;
}

function params(rate: BitRateKbps, ccid = false): LinkParameters {
  return { ...DEFAULT_LINK, bitRateKbps: rate, ...(ccid ? { roundTripPer: 'apdu' as const } : {}) };
}

export async function licenceReadBenchmarks(): Promise<LicenceIoRow[]> {
  const built = await buildLicence(licenceProfile('licence-default')!);
  const issuers = await simulatorLicenceIssuerTrust(await simulatorLicenceIssuerCertificates());
  const now = new Date('2026-12-10T03:00:00Z');
  const rows: LicenceIoRow[] = [];
  for (const flow of ['PIN1', 'PIN1+PIN2'] as const) {
    for (const reads of ['extended', 'short'] as const) {
      const meter = new LinkModelTransport(new SimulatedTransport(simulatedLicenceCardFor(built.model), { extendedLength: reads === 'extended' }));
      await meter.connect();
      const pin2 = flow === 'PIN1+PIN2';
      const t0 = performance.now();
      const card = new LicenceCard(meter);
      let outcome: string;
      let before: ApduRecord[];
      try {
        await card.detect();
        // Before entry the kiosk must know whether to ask for a PIN at all (`****` cards) and how many tries are left.
        await card.readPinSetting();
        await card.readTries('pin1');
        if (pin2) await card.readTries('pin2');
        before = [...meter.records];
        await card.verify('pin1', '1234');
        if (pin2) await card.verify('pin2', '5678');
        const readout = await readLicence(card, { photo: pin2, signature: true, honsekiForSignature: pin2 });
        const v = await verifyLicenceReadout(readout, { issuers, now: () => now }, { pin2 });
        readout.wipe();
        const sig = v.checks.find((c) => c.id === 'dl.signature')!;
        outcome = sig.status === 'pass' ? 'signature pass' : `signature ${sig.code}`;
      } finally {
        card.close();
        await meter.disconnect();
      }
      const hostCpuMs = performance.now() - t0;
      const after = meter.records.slice(before.length);
      for (const [phase, records] of [['before entry', before], ['after entry', after], ['placement', meter.records]] as const) {
        const counts = countApdus(records);
        const ioMs = {} as Record<BitRateKbps, number>;
        const ioCcidMs = {} as Record<BitRateKbps, number>;
        const boundMs = {} as Record<BitRateKbps, number>;
        for (const rate of RATES) {
          ioMs[rate] = modelFlow(records.map(apduShape), params(rate)).ioUs / 1000;
          let ccid = 0;
          for (const r of records) ccid += modelApdu(apduShape(r), params(rate, true)).totalUs;
          ioCcidMs[rate] = ccid / 1000;
          boundMs[rate] = bytesOnlyLowerBoundUs(counts.bytesOut, counts.bytesIn, rate) / 1000;
        }
        rows.push({ flow, phase, reads, outcome, counts, ioMs, ioCcidMs, boundMs, hostCpuMs });
      }
    }
  }
  return rows;
}

export function printLicenceRead(rows: readonly LicenceIoRow[]): void {
  const p = DEFAULT_LINK;
  console.log(
    `Driver's licence read (modelled, src/transport/link-model.ts: RC-S380 host-side ISO-DEP, FSC/FSD ${p.fsc}/${p.fsd}, USB round trip ${p.hostRoundTripUs / 1000} ms per RF frame, ` +
      `card turnaround ${p.cardCommandUs / 1000} ms per APDU — UNCONFIRMED for licence cards).`,
  );
  console.log('Flow: before entry = detect + PIN setting + counter of each PIN (while the person types); after entry = guarded VERIFY (counter + VERIFY) → 記載事項, change records, signature file [+ 本籍 (hash only) and photo with PIN2] → verification. extended = whole files per READ BINARY; short = 256-byte chunks.');
  const header = ['flow', 'phase', 'reads', 'outcome', 'APDUs', 'out B', 'in B', 'SEL DF', 'VERIFY', 'ctr qry', 'I/O 106', 'I/O 212', 'I/O 424', '÷bound 106', '÷bound 212', '÷bound 424', 'CCID ÷bound 106/212/424', 'host CPU'];
  const ms = (v: number) => `${v.toFixed(0)} ms`;
  const x = (v: number) => `${v.toFixed(3)}×`;
  const body = rows.map((r) => [
    r.flow,
    r.phase,
    r.reads,
    r.outcome,
    String(r.counts.apdus),
    String(r.counts.bytesOut),
    String(r.counts.bytesIn),
    String(r.counts.dfSelects),
    String(r.counts.verifies),
    String(r.counts.retryQueries),
    ms(r.ioMs[106]),
    ms(r.ioMs[212]),
    ms(r.ioMs[424]),
    x(r.ioMs[106] / r.boundMs[106]),
    x(r.ioMs[212] / r.boundMs[212]),
    x(r.ioMs[424] / r.boundMs[424]),
    RATES.map((rate) => x(r.ioCcidMs[rate] / r.boundMs[rate])).join(' / '),
    ms(r.hostCpuMs),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 4 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(line(header));
  for (const b of body) console.log(line(b));
}

// `npx tsx bench/licence-read.bench.ts` runs this section alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  printLicenceRead(await licenceReadBenchmarks());
}
