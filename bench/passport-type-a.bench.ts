import { CardChannel } from '../src/cards/iso7816/card-channel';
import { PassportCard } from '../src/cards/passport/passport-card';
import { mrzKeyFromFields } from '../src/cards/passport/mrz-key';
import type { LdsFileName } from '../src/cards/passport/lds-files';
import { PassportChip } from '../src/sim/passport/chip/passport-chip';
import { bytesOnlyLowerBoundUs, DEFAULT_LINK, etuMicros, modelApdu, TYPE_A_FRAMING, type BitRateKbps, type LinkParameters } from '../src/transport/link-model';
import { LinkModelTransport, apduShape, type ApduRecord } from '../src/transport/link-model-transport';
import { SimulatedTransport } from '../src/transport/simulated-transport';

/**
 * A passport read over ISO/IEC 14443 Type A, modelled (issue 15, Readers): the real card library
 * (PassportCard, BAC and PACE-GM) against the simulated chip with a 20 KB DG2, every APDU
 * recorded and its time modelled with src/transport/link-model.ts under Type A framing
 * (TYPE_A_FRAMING: 9-etu characters, 1-etu SOF/EOF, ≈10-etu frame delays) on the RC-S380's
 * host-side ISO-DEP (one USB round trip per RF frame), at 106/212/424/848 kbit/s, beside the
 * bytes-only bound of the same APDUs at 9 etu per byte. The Type A activation is added once: REQA,
 * two cascade levels (SDD_REQ + SEL_REQ each, a 7-byte UID), RATS, and above 106 kbit/s PPS and
 * the R(NAK) probe, each one RF frame and one USB round trip. 848 kbit/s: the RC-S380 has no
 * setting for it (nfcpy in_set_rf stops at 424A), so that column is a reader that has one.
 * Modelled, not timed: nothing sleeps.
 */

const MRZ = { documentNumber: 'TK1234567', birthDate: '850312', expiryDate: '330115' } as const;
const FILES: LdsFileName[] = ['EF.COM', 'DG1', 'DG2', 'DG11', 'DG12', 'DG14', 'DG15', 'EF.SOD'];
export const TYPE_A_RATES: readonly number[] = [106, 212, 424, 848];

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
    [0x0102, tlvFile(0x75, 20_000)],
    [0x010b, tlvFile(0x6b, 120)],
    [0x010c, tlvFile(0x6c, 80)],
    [0x010e, tlvFile(0x6e, 300)],
    [0x010f, tlvFile(0x6f, 300)],
    [0x011d, tlvFile(0x77, 1800)],
  ]);
}

/** Type A link at `rate`; 848 is outside link-model's validated Type B set, modelApdu only needs the etu. */
function params(rate: number): LinkParameters {
  return { ...DEFAULT_LINK, ...TYPE_A_FRAMING, bitRateKbps: rate as BitRateKbps };
}

/** Activation frames (reader bytes, card bytes) at 106 kbit/s; PPS and the probe switch to `rate`. */
function activationUs(rate: number): number {
  const p = params(106);
  const frame = (out: number, inn: number, at: LinkParameters, outBits = out * p.characterEtu): number =>
    p.hostRoundTripUs + (p.sofEtu + outBits + p.eofEtu + at.cardFrameLeadEtu + p.sofEtu + inn * p.characterEtu + p.eofEtu + at.readerFrameDelayEtu) * etuMicros(at.bitRateKbps);
  let us = frame(0, 2, p, 7); // REQA (7-bit short frame) → ATQA
  for (let level = 0; level < 2; level++) us += frame(2, 5, p) + frame(9, 3, p); // SDD_REQ → UID CLn + BCC; SEL_REQ + CRC_A → SAK + CRC_A
  us += frame(4, 7 + 2, p); // RATS + CRC_A → a 7-byte ATS + CRC_A
  if (rate > 106) us += frame(5, 3, p) + frame(3, 3, params(rate)); // PPS → PPSS; R(NAK) probe at the new rate
  return us;
}

export interface TypeAPassportRow {
  readonly method: string;
  readonly apdus: number;
  readonly bytesOut: number;
  readonly bytesIn: number;
  readonly ioMs: Record<number, number>;
  readonly activationMs: Record<number, number>;
  readonly boundMs: Record<number, number>;
}

const FLOWS = [
  { method: 'BAC, 3DES SM' },
  { method: 'PACE-GM brainpoolP256r1, AES-128 SM', pace: { oid: '0.4.0.127.0.7.2.2.4.2.2', parameterId: 13 } },
] as const;

async function runFlow(flow: (typeof FLOWS)[number]): Promise<TypeAPassportRow> {
  const pace = 'pace' in flow ? flow.pace : undefined;
  const chip = new PassportChip({ mrz: MRZ, files: files(), bac: !pace, ...(pace ? { pace: [pace] } : {}), seed: flow.method });
  const link = new LinkModelTransport(new SimulatedTransport(chip, { extendedLength: false }));
  await link.connect();
  const card = new PassportCard(new CardChannel(link));
  await card.authenticate(mrzKeyFromFields(MRZ));
  for (const f of FILES) await card.readFile(f);
  card.close();
  const records: readonly ApduRecord[] = link.records;
  const bytesOut = records.reduce((n, r) => n + r.commandLength, 0);
  const bytesIn = records.reduce((n, r) => n + r.responseLength, 0);
  const ioMs: Record<number, number> = {};
  const activationMs: Record<number, number> = {};
  const boundMs: Record<number, number> = {};
  for (const rate of TYPE_A_RATES) {
    ioMs[rate] = records.reduce((us, r) => us + modelApdu(apduShape(r), params(rate)).totalUs, 0) / 1000;
    activationMs[rate] = activationUs(rate) / 1000;
    boundMs[rate] = bytesOnlyLowerBoundUs(bytesOut, bytesIn, rate as BitRateKbps, TYPE_A_FRAMING.characterEtu) / 1000;
  }
  return { method: flow.method, apdus: records.length, bytesOut, bytesIn, ioMs, activationMs, boundMs };
}

export async function passportTypeABenchmarks(): Promise<TypeAPassportRow[]> {
  const rows: TypeAPassportRow[] = [];
  for (const flow of FLOWS) rows.push(await runFlow(flow));
  return rows;
}

export function printPassportTypeA(rows: readonly TypeAPassportRow[]): void {
  console.log('Passport read over Type A (modelled, src/transport/link-model.ts with TYPE_A_FRAMING: RC-S380 host-side ISO-DEP, FSC/FSD 256, short READ BINARYs, USB round trip 2 ms per RF frame, card turnaround 1 ms per APDU — UNCONFIRMED; chip crypto time not included).');
  console.log('total = activation (REQA, 2 cascade levels, RATS; PPS + probe above 106) + I/O of every APDU; bound = the APDU bytes alone at 9 etu per byte.');
  const head = ['method', 'APDUs', 'out B', 'in B', ...TYPE_A_RATES.map((r) => `act ${r}`), ...TYPE_A_RATES.map((r) => `total ${r}`), ...TYPE_A_RATES.map((r) => `÷bound ${r}`)];
  const lines = rows.map((r) => [
    r.method,
    String(r.apdus),
    String(r.bytesOut),
    String(r.bytesIn),
    ...TYPE_A_RATES.map((x) => `${r.activationMs[x]!.toFixed(1)} ms`),
    ...TYPE_A_RATES.map((x) => `${Math.round(r.activationMs[x]! + r.ioMs[x]!)} ms`),
    ...TYPE_A_RATES.map((x) => `${(r.ioMs[x]! / r.boundMs[x]!).toFixed(2)}×`),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  console.log(fmt(head));
  for (const l of lines) console.log(fmt(l));
}

if (process.argv[1]?.endsWith('passport-type-a.bench.ts')) printPassportTypeA(await passportTypeABenchmarks());
