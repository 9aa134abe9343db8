/**
 * One CCID command at a time on one slot: send it with the next bSeq, read bulk-IN messages until
 * the answer with the same bSeq and bSlot arrives, and wait through time-extension requests.
 *
 * - bSeq (§6.1): the host numbers each command; the reader copies the number into its answer.
 *   Messages with another bSeq are answers to commands we gave up on (after a timeout): dropped,
 *   at most `maxStaleMessages` of them per command.
 * - Time extension (§6.2.6, bmCommandStatus = 2): the reader needs more time; bError carries the
 *   BWT multiplier. Each request restarts the wait for the answer; at most `maxTimeExtensions`
 *   per command, and never beyond `commandDeadlineMs` in all, then 'timeout'.
 */
import { TransportError } from '../card-transport';
import {
  checkSlot,
  decodeResponse,
  encodeCommand,
  responseTypeFor,
  CCID_HEADER_LENGTH,
  type CcidResponse,
  type PcToRdrType,
} from './ccid-message';
import type { CcidUsbLink } from './ccid-usb-link';

export interface CcidTiming {
  /** How long to wait for each answer (and after each time extension). Default 5000 ms. */
  readonly responseTimeoutMs?: number;
  /** Time extensions accepted per command before giving up. Default 200. */
  readonly maxTimeExtensions?: number;
  /** The longest one command may take, time extensions included. Default 60 000 ms. */
  readonly commandDeadlineMs?: number;
  /** Answers to earlier commands dropped per command before giving up. Default 16. */
  readonly maxStaleMessages?: number;
}

/** What went by, for diagnostics and tests (no message data). */
export interface CcidChannelStats {
  commands: number;
  timeExtensions: number;
  staleMessages: number;
}

export class CcidCommandChannel {
  readonly stats: CcidChannelStats = { commands: 0, timeExtensions: 0, staleMessages: 0 };
  private seq = 0;
  private readonly responseTimeoutMs: number;
  private readonly maxTimeExtensions: number;
  private readonly maxStaleMessages: number;
  private readonly commandDeadlineMs: number;

  constructor(
    private readonly link: CcidUsbLink,
    readonly slot: number,
    timing: CcidTiming = {},
  ) {
    checkSlot(slot);
    this.responseTimeoutMs = timing.responseTimeoutMs ?? 5000;
    this.maxTimeExtensions = timing.maxTimeExtensions ?? 200;
    this.maxStaleMessages = timing.maxStaleMessages ?? 16;
    this.commandDeadlineMs = timing.commandDeadlineMs ?? 60_000;
  }

  /** Largest abData the reader takes in one message. */
  get maxDataLength(): number {
    return this.link.maxMessageLength - CCID_HEADER_LENGTH;
  }

  /** Send one command and return its (final) answer. A failed command status is returned, not thrown. */
  async command(type: PcToRdrType, specific: readonly [number, number, number], data?: Uint8Array): Promise<CcidResponse> {
    const seq = this.seq;
    this.seq = (this.seq + 1) & 0xff;
    this.stats.commands++;
    await this.link.write(encodeCommand(type, this.slot, seq, specific, data));
    const expected = responseTypeFor(type);
    const deadline = Date.now() + this.commandDeadlineMs;
    let stale = 0;
    let extensions = 0;
    // Each pass reads one message; both counters bound the loop.
    for (;;) {
      const left = deadline - Date.now();
      const overrun = new TransportError('timeout', `The reader did not finish the command within ${this.commandDeadlineMs} ms`);
      if (left <= 0) throw overrun;
      const wait = Math.min(this.responseTimeoutMs, left);
      let message: Uint8Array;
      try {
        message = await this.link.readMessage(wait);
      } catch (e) {
        // A wait cut short by the deadline is the deadline's doing, not the reader's silence.
        if (e instanceof TransportError && e.code === 'timeout' && wait < this.responseTimeoutMs) throw overrun;
        throw e;
      }
      const response = decodeResponse(message, this.maxDataLength);
      if (response.seq !== seq || response.slot !== this.slot) {
        this.stats.staleMessages++;
        if (++stale > this.maxStaleMessages) throw new TransportError('protocol', 'The reader keeps sending answers to other commands');
        continue;
      }
      if (response.type !== expected) {
        throw new TransportError('protocol', `CCID answer type 0x${response.type.toString(16)} to command 0x${type.toString(16)}`);
      }
      if (response.commandStatus === 'time-extension') {
        this.stats.timeExtensions++;
        if (++extensions > this.maxTimeExtensions) throw new TransportError('timeout', `The card asked for more than ${this.maxTimeExtensions} time extensions`);
        continue;
      }
      return response;
    }
  }
}
