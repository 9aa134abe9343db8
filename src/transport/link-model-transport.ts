import { toHex } from '../bytes/hex';
import type { CardTransport, TransmitOptions } from './card-transport';
import { ForwardingTransport } from './forwarding-transport';
import { modelFlow, type ApduShape, type FlowTime, type LinkParameters } from './link-model';

/**
 * What one exchange looked like on the wire. Only the command header and sizes are kept — never
 * command data (a VERIFY carries a secret) and never response data (personal data) — except the
 * DF name of a SELECT, which is public (spec §1.3) and shows whether a DF was selected twice.
 */
export interface ApduRecord {
  readonly cla: number;
  readonly ins: number;
  readonly p1: number;
  readonly p2: number;
  readonly commandLength: number;
  readonly responseLength: number;
  /** SW1 SW2, or -1 when the response was shorter than two bytes. */
  readonly sw: number;
  /** Hex DF name of a SELECT by name (`00 A4 04`); absent for every other command. */
  readonly dfName?: string;
}

/** Counts the issue 7 targets are about, from a list of records. */
export interface ApduCounts {
  readonly apdus: number;
  readonly bytesOut: number;
  readonly bytesIn: number;
  /** SELECT by DF name (`00 A4 04`). */
  readonly dfSelects: number;
  /** SELECT of an EF by file id (`00 A4 02`). */
  readonly efSelects: number;
  /** VERIFY carrying a credential (a try is at stake). */
  readonly verifies: number;
  /** Empty VERIFY: the retry-counter query pin-guard sends first (no try used). */
  readonly retryQueries: number;
  readonly readBinaries: number;
}

/**
 * A CardTransport decorator for benchmarks and tests: passes every call through unchanged and
 * records the size of each exchange so a flow's modelled card time can be summed afterwards with
 * `modelFlow`. It never sleeps and never changes what the card or the caller sees.
 */
export class LinkModelTransport extends ForwardingTransport {
  readonly records: ApduRecord[] = [];

  constructor(
    inner: CardTransport,
    /** Records kept at most; a runaway flow must not grow memory without bound. */
    private readonly maxRecords = 100_000,
  ) {
    super(inner);
  }

  async transmit(command: Uint8Array, options?: TransmitOptions): Promise<Uint8Array> {
    const response = await this.inner.transmit(command, options);
    if (this.records.length < this.maxRecords) {
      const cla = command[0] ?? 0;
      const dfName = (cla & 0x80) === 0 && command[1] === 0xa4 && command[2] === 0x04 && command.length >= 5 ? selectName(command) : undefined;
      this.records.push({
        ...(dfName !== undefined ? { dfName } : {}),
        cla: command[0] ?? 0,
        ins: command[1] ?? 0,
        p1: command[2] ?? 0,
        p2: command[3] ?? 0,
        commandLength: command.length,
        responseLength: response.length,
        sw: response.length >= 2 ? (response[response.length - 2]! << 8) | response[response.length - 1]! : -1,
      });
    }
    return response;
  }

  clear(): void {
    this.records.length = 0;
  }

  counts(): ApduCounts {
    return countApdus(this.records);
  }

  model(params?: LinkParameters): FlowTime {
    return modelFlow(this.records.map(apduShape), params);
  }
}

/** The Lc data of a short or extended SELECT, as hex (bounded by the command's own length). */
function selectName(command: Uint8Array): string | undefined {
  let lc = command[4]!;
  let start = 5;
  if (lc === 0 && command.length >= 7) {
    lc = (command[5]! << 8) | command[6]!;
    start = 7;
  }
  if (lc === 0 || start + lc > command.length) return undefined;
  return toHex(command.subarray(start, start + lc));
}

/** A record as the link model sees it. INS 2A is the card's private-key operation (spec §2.9, §4.2). */
export function apduShape(r: ApduRecord): ApduShape {
  return { commandLength: r.commandLength, responseLength: r.responseLength, privateKey: r.ins === 0x2a && r.sw === 0x9000 };
}

export function countApdus(records: readonly ApduRecord[]): ApduCounts {
  let bytesOut = 0;
  let bytesIn = 0;
  let dfSelects = 0;
  let efSelects = 0;
  let verifies = 0;
  let retryQueries = 0;
  let readBinaries = 0;
  for (const r of records) {
    bytesOut += r.commandLength;
    bytesIn += r.responseLength;
    const interindustry = (r.cla & 0x80) === 0;
    if (interindustry && r.ins === 0xa4 && r.p1 === 0x04) dfSelects++;
    if (interindustry && r.ins === 0xa4 && r.p1 === 0x02) efSelects++;
    // A case-1 VERIFY (header only) asks for the counter; anything longer carries a credential.
    if (interindustry && r.ins === 0x20) {
      if (r.commandLength > 4) verifies++;
      else retryQueries++;
    }
    if (interindustry && r.ins === 0xb0) readBinaries++;
  }
  return { apdus: records.length, bytesOut, bytesIn, dfSelects, efSelects, verifies, retryQueries, readBinaries };
}
