import { toHex } from '../bytes/hex';
import type { CardTransport, TransmitOptions } from './card-transport';
import { ForwardingTransport } from './forwarding-transport';

/** One traced exchange. Response *data* is never kept: it may be personal data. */
export interface ApduTraceEntry {
  readonly seq: number;
  readonly at: number;
  /** Command APDU in hex with secret-bearing data replaced by `<redacted N bytes>`. */
  readonly command: string;
  readonly responseLength: number;
  /** SW1 SW2 in hex, or the transport error code. */
  readonly status: string;
  readonly durationMs: number;
}

/**
 * Commands whose data is a secret (PIN, password, 照合番号 — 照合番号A *is* the My Number):
 * VERIFY (00 20), CHANGE REFERENCE DATA (00 24), RESET RETRY COUNTER (00 2C), JICSAP CHANGE KEY
 * (80 32), and SET SESSION KEY (80 AE) whose payload wraps a session key (spec §2.2, §2.3, §5.4).
 * Also MUTUAL AUTHENTICATE (00 82): the residence card's E.IFD ‖ M.IFD is keyed by SHA-1 of the
 * card number (在留カード等仕様書 別添1), so a recorded one would let anyone search for the number
 * offline; ICAO BAC's EXTERNAL AUTHENTICATE (same INS) is keyed by the MRZ the same way.
 */
function isSecretCommand(cla: number, ins: number): boolean {
  const proprietary = (cla & 0x80) !== 0;
  if (!proprietary) return ins === 0x20 || ins === 0x24 || ins === 0x2c || ins === 0x82;
  return ins === 0x32 || ins === 0xae;
}

/** Hex of a command with the data field redacted when it carries a secret. Header stays visible. */
export function redactCommand(command: Uint8Array): string {
  if (command.length < 4) return toHex(command, ' ');
  const cla = command[0]!;
  const ins = command[1]!;
  if (!isSecretCommand(cla, ins) || command.length <= 5) return toHex(command, ' ');
  // Redact everything after the header: covers short and extended Lc, data and Le alike.
  return `${toHex(command.subarray(0, 4), ' ')} <redacted ${command.length - 4} bytes>`;
}

export type ApduTraceSink = (entry: ApduTraceEntry) => void;

/**
 * A CardTransport decorator that records every exchange for diagnostics. VERIFY data is always
 * redacted and response data is never recorded, so a trace can be shown to support staff.
 */
export class TracingTransport extends ForwardingTransport {
  private seq = 0;
  readonly entries: ApduTraceEntry[] = [];

  constructor(
    inner: CardTransport,
    private readonly sink?: ApduTraceSink,
    private readonly maxEntries = 1000,
  ) {
    super(inner);
  }

  async transmit(command: Uint8Array, options?: TransmitOptions): Promise<Uint8Array> {
    const started = Date.now();
    const redacted = redactCommand(command);
    try {
      const response = await this.inner.transmit(command, options);
      const status = response.length >= 2 ? toHex(response.subarray(response.length - 2)) : 'short';
      this.record(redacted, Math.max(0, response.length - 2), status, started);
      return response;
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      this.record(redacted, 0, typeof code === 'string' ? code : 'error', started);
      throw e;
    }
  }

  clear(): void {
    this.entries.length = 0;
  }

  private record(command: string, responseLength: number, status: string, started: number): void {
    const entry: ApduTraceEntry = {
      seq: ++this.seq,
      at: started,
      command,
      responseLength,
      status,
      durationMs: Date.now() - started,
    };
    this.entries.push(entry);
    if (this.entries.length > this.maxEntries) this.entries.shift();
    this.sink?.(entry);
  }
}
