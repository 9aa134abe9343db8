import { encodeCommand, type CommandApdu } from '../../apdu/command';
import { exchange } from '../../apdu/exchange';
import type { ResponseApdu } from '../../apdu/response';
import { CardStatusError, describeStatus } from '../../apdu/status-words';
import { describeCommandHeader } from '../../apdu/command';
import { bytesEqual, copyBytes } from '../../bytes/byte-ops';
import type { CardTransport, TransmitOptions } from '../../transport/card-transport';

/** Counters of what went over the wire, for benchmarks and "no redundant SELECT" tests. */
export interface ChannelStats {
  apdus: number;
  bytesOut: number;
  bytesIn: number;
  selects: number;
}

/**
 * One card session over a CardTransport: sends APDUs (61xx/6Cxx handled by apdu/exchange),
 * remembers the selected DF so a card module never re-selects the DF it is already in (which
 * would also clear the DF's security status, spec §1.3), and counts traffic.
 */
export class CardChannel {
  readonly stats: ChannelStats = { apdus: 0, bytesOut: 0, bytesIn: 0, selects: 0 };
  private currentDf: Uint8Array | undefined;
  private readonly unsubscribe: () => void;

  constructor(readonly transport: CardTransport) {
    // A card that leaves the field or is (re)activated loses its selection; so must we.
    this.unsubscribe = transport.onEvent(() => {
      this.currentDf = undefined;
    });
  }

  get extendedLength(): boolean {
    return this.transport.capabilities.extendedLength;
  }

  /** Largest response data one READ BINARY may ask for on this path. */
  get maxReadLength(): number {
    if (!this.extendedLength) return 256;
    // Leave room for SW1 SW2 within the transport's response limit; the card's 15-bit offsets
    // cap files at 32 KiB anyway.
    return Math.min(65_536, this.transport.capabilities.maxResponseLength - 2);
  }

  async send(cmd: CommandApdu, options?: TransmitOptions): Promise<ResponseApdu> {
    const encoding = this.extendedLength ? 'auto' : 'short';
    return exchange(
      async (bytes) => {
        this.stats.apdus++;
        this.stats.bytesOut += bytes.length;
        const res = await this.transport.transmit(bytes, options);
        this.stats.bytesIn += res.length;
        return res;
      },
      cmd,
      { encoding },
    );
  }

  /** Send and require 9000; returns the data. Throws CardStatusError otherwise. */
  async sendOk(cmd: CommandApdu): Promise<Uint8Array> {
    const res = await this.send(cmd);
    if (res.sw !== 0x9000) throw new CardStatusError(res.sw, describeCommandHeader(cmd));
    return res.data;
  }

  /**
   * SELECT a DF by its full name (spec §1.3: `00 A4 04 0C`, always all 10 bytes, since a prefix
   * can match another DF). Skipped when the DF is already selected.
   */
  async selectDf(aid: Uint8Array): Promise<void> {
    if (this.currentDf && bytesEqual(this.currentDf, aid)) return;
    this.currentDf = undefined;
    this.stats.selects++;
    await this.sendOk({ cla: 0x00, ins: 0xa4, p1: 0x04, p2: 0x0c, data: aid });
    this.currentDf = copyBytes(aid);
  }

  /** Forget the selected DF, e.g. after the card was re-powered. */
  invalidateSelection(): void {
    this.currentDf = undefined;
  }

  isSelected(aid: Uint8Array): boolean {
    return this.currentDf !== undefined && bytesEqual(this.currentDf, aid);
  }

  /** Encoded size of a command on this path (for link-model accounting in benchmarks). */
  encodedLength(cmd: CommandApdu): number {
    return encodeCommand(cmd, this.extendedLength ? 'auto' : 'short').length;
  }

  close(): void {
    this.unsubscribe();
  }
}

export function isStatus(e: unknown, code: string): e is CardStatusError {
  return e instanceof CardStatusError && e.code === code;
}

export { describeStatus };
