import { CardChannel } from '../src/cards/iso7816/card-channel';
import { PassportCard } from '../src/cards/passport/passport-card';
import { mrzKeyFromFields } from '../src/cards/passport/mrz-key';
import type { LdsFileName } from '../src/cards/passport/lds-files';
import { PassportChip } from '../src/sim/passport/chip/passport-chip';
import { bytesOnlyLowerBoundUs, DEFAULT_LINK, modelApdu, type BitRateKbps, type LinkParameters } from '../src/transport/link-model';
import { LinkModelTransport, apduShape, type ApduRecord } from '../src/transport/link-model-transport';
import { SimulatedTransport } from '../src/transport/simulated-transport';

/**
 * Passport read time per access method (issue 15 "Bad input, speed"): the real card library
 * (PassportCard) against the simulated chip with a 20 KB DG2, every APDU recorded and its time
 * modelled with src/transport/link-model.ts at 106/212/424/848 kbit/s, beside the bytes-only lower
 * bound of the same APDUs. Modelled, not timed: nothing sleeps.
 *
 * Assumptions beyond link-model.ts's own (all UNCONFIRMED, stated in the output):
 * - link-model.ts knows Type B framing and 106/212/424 kbit/s only; 848 kbit/s is modelled with
 *   the same Type B framing at etu = 16/fc. Passports may be Type A (different character
 *   framing and frame delays), which the transport helper's Type A model will refine.
 * - Chip computation for PACE: 50 ms per EC scalar-multiplication step (GA 2 and GA 3 of GM),
 *   reported separately ("chip ms") so the I/O ratio does not depend on it.
 */

const MRZ = { documentNumber: 'TK1234567', birthDate: '850312', expiryDate: '330115' } as const;
const FILES: LdsFileName[] = ['EF.COM', 'DG1', 'DG2', 'DG11', 'DG12', 'DG14', 'DG15', 'EF.SOD'];
const RATES: readonly number[] = [106, 212, 424, 848];
const CHIP_EC_STEP_MS = 50;

function tlvFile(tag: number, total: number): Uint8Array {
  const len = total - 4;
  const out = new Uint8Array(total);
  out.set([tag, 0x82, len >> 8, len & 0xff]);
  for (let i = 4; i < total; i++) out[i] = (i * 13) & 0xff;
  return out;
}

function files(): Map<number, Uint8Array> {
  return new Map([
    [0x011e, Uint8Array.from([0x60, 0x16, 0x5f, 0x01, 0x04, 0x30, 0x31, 0x30, 0x37, 0x5f, 0x36, 0x06, 0x30, 0x34, 0x30, 0x30, 0x30, 0x30, 0x5c, 0x04, 0x61, 0x75, 0x6e, 0x6f])],
    [0x0101, tlvFile(0x61, 93)],
    [0x0102, tlvFile(0x75, 20 * 1024)],
    [0x010b, tlvFile(0x6b, 150)],
    [0x010c, tlvFile(0x6c, 100)],
    [0x010e, tlvFile(0x6e, 330)],
    [0x010f, tlvFile(0x6f, 162)],
    [0x011d, tlvFile(0x77, 1900)],
  ]);
}

export interface PassportIoRow {
  readonly method: string;
  readonly reads: string;
  readonly apdus: number;
  readonly bytesOut: number;
  readonly bytesIn: number;
  readonly plainBytes: number;
  readonly ioMs: Record<number, number>;
  /** Same flow with ISO-DEP in the reader (CCID / PC/SC): one USB round trip per APDU. */
  readonly ioCcidMs: Record<number, number>;
  readonly boundMs: Record<number, number>;
  readonly chipMs: number;
  readonly hostCpuMs: number;
}

interface Flow {
  readonly method: string;
  readonly pace?: { oid: string; parameterId: number };
}

const FLOWS: Flow[] = [
  { method: 'BAC, 3DES SM' },
  { method: 'PACE-GM brainpoolP256r1, 3DES SM', pace: { oid: '0.4.0.127.0.7.2.2.4.2.1', parameterId: 13 } },
  { method: 'PACE-GM brainpoolP256r1, AES-128 SM', pace: { oid: '0.4.0.127.0.7.2.2.4.2.2', parameterId: 13 } },
  { method: 'PACE-IM P-256, AES-128 SM', pace: { oid: '0.4.0.127.0.7.2.2.4.4.2', parameterId: 12 } },
];

function params(rate: number, ccid = false): LinkParameters {
  // 848 kbit/s is outside link-model's validated set; modelApdu itself only needs the etu.
  return { ...DEFAULT_LINK, bitRateKbps: rate as BitRateKbps, ...(ccid ? { roundTripPer: 'apdu' as const } : {}) };
}

async function runFlow(flow: Flow, extended: boolean): Promise<PassportIoRow> {
  const chip = new PassportChip({ mrz: MRZ, files: files(), bac: !flow.pace, ...(flow.pace ? { pace: [flow.pace] } : {}), seed: flow.method });
  const sim = new SimulatedTransport(chip, { extendedLength: extended });
  const link = new LinkModelTransport(sim);
  await link.connect();
  const card = new PassportCard(new CardChannel(link), extended ? { chunkSize: 65_000 } : {});
  const t0 = performance.now();
  await card.authenticate(mrzKeyFromFields(MRZ));
  let plainBytes = 0;
  for (const f of FILES) plainBytes += (await card.readFile(f)).length;
  const hostCpuMs = performance.now() - t0;
  card.close();
  const records: readonly ApduRecord[] = link.records;
  let bytesOut = 0;
  let bytesIn = 0;
  for (const r of records) {
    bytesOut += r.commandLength;
    bytesIn += r.responseLength;
  }
  const ioMs: Record<number, number> = {};
  const ioCcidMs: Record<number, number> = {};
  const boundMs: Record<number, number> = {};
  for (const rate of RATES) {
    let us = 0;
    let ccid = 0;
    for (const r of records) {
      us += modelApdu(apduShape(r), params(rate)).totalUs;
      ccid += modelApdu(apduShape(r), params(rate, true)).totalUs;
    }
    ioMs[rate] = us / 1000;
    ioCcidMs[rate] = ccid / 1000;
    boundMs[rate] = bytesOnlyLowerBoundUs(bytesOut, bytesIn, rate as BitRateKbps) / 1000;
  }
  const gaSteps = flow.pace ? (flow.pace.oid.includes('.4.4.') ? 1 : 2) : 0;
  return { method: flow.method, reads: extended ? 'extended' : 'short', apdus: records.length, bytesOut, bytesIn, plainBytes, ioMs, ioCcidMs, boundMs, chipMs: gaSteps * CHIP_EC_STEP_MS, hostCpuMs };
}

export async function passportAccessBenchmarks(): Promise<PassportIoRow[]> {
  const rows: PassportIoRow[] = [];
  for (const flow of FLOWS) for (const extended of [false, true]) rows.push(await runFlow(flow, extended));
  return rows;
}

export function printPassportAccess(rows: readonly PassportIoRow[]): void {
  console.log('Passport read per access method (modelled, src/transport/link-model.ts: RC-S380 host-side ISO-DEP, FSC/FSD 256/256, USB round trip 2 ms per RF frame, card turnaround 1 ms per APDU — UNCONFIRMED; 848 kbit/s with Type B framing — UNCONFIRMED for Type A passports).');
  console.log('Flow: detect (EF.CardAccess) → BAC or PACE → SELECT application → EF.COM, DG1, DG2 (20 KB), DG11, DG12, DG14, DG15, EF.SOD, each read once. short = 223 (AES) / 231 (3DES) plain bytes per READ BINARY; extended = whole files (needs a reader and chip with extended length).');
  console.log(`I/O = modelled link time; bound = bytes-only lower bound of the same APDUs; chip = PACE EC steps at an assumed ${CHIP_EC_STEP_MS} ms each (UNCONFIRMED); host CPU = this machine's card-library + simulator time for the whole flow.`);
  const head = ['method', 'reads', 'APDUs', 'out B', 'in B', 'file B', ...RATES.map((r) => `I/O ${r}`), ...RATES.map((r) => `÷bound ${r}`), 'chip ms', 'host CPU'];
  const lines = rows.map((r) => [
    r.method,
    r.reads,
    String(r.apdus),
    String(r.bytesOut),
    String(r.bytesIn),
    String(r.plainBytes),
    ...RATES.map((x) => `${Math.round(r.ioMs[x]!)} ms`),
    ...RATES.map((x) => `${(r.ioMs[x]! / r.boundMs[x]!).toFixed(3)}×`),
    String(r.chipMs),
    `${Math.round(r.hostCpuMs)} ms`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(fmt(head));
  for (const l of lines) console.log(fmt(l));
  console.log('');
  console.log('The same APDUs on a reader that runs ISO-DEP itself (CCID / PC/SC: one USB round trip per APDU instead of per RF frame):');
  const head2 = ['method', 'reads', ...RATES.map((r) => `I/O ${r}`), ...RATES.map((r) => `÷bound ${r}`)];
  const lines2 = rows.map((r) => [r.method, r.reads, ...RATES.map((x) => `${Math.round(r.ioCcidMs[x]!)} ms`), ...RATES.map((x) => `${(r.ioCcidMs[x]! / r.boundMs[x]!).toFixed(3)}×`)]);
  const w2 = head2.map((h, i) => Math.max(h.length, ...lines2.map((l) => l[i]!.length)));
  const fmt2 = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(w2[i]!) : c.padStart(w2[i]!))).join('  ');
  console.log(fmt2(head2));
  for (const l of lines2) console.log(fmt2(l));
}

if (process.argv[1] && process.argv[1].endsWith('passport-access.bench.ts')) {
  printPassportAccess(await passportAccessBenchmarks());
}
