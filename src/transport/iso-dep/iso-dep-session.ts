/**
 * ISO/IEC 14443-4 (ISO-DEP) half-duplex block protocol, host (PCD) side, over any reader that
 * can exchange single frames. No CID, no NAD.
 *
 * Rules followed (ISO/IEC 14443-4 §7.5.4; the facts as used by nfcpy `src/nfc/tag/tt4.py`
 * IsoDepInitiator and summarised in reference browser-readers.md §2.4; written here from those
 * rules, not copied):
 * - block numbering: starts at 0 after activation; toggled when an I-block, or an R(ACK) with
 *   our block number, arrives (rule B);
 * - send chaining: every chained I-block must be answered by R(ACK) with our block number
 *   (rule 7); an R(ACK) with the other number means "retransmit the last I-block" (rule 6);
 * - receive chaining: every chained I-block from the card is acknowledged with R(ACK) (rule 2);
 * - a lost or garbled answer: R(NAK) (rule 4), or R(ACK) while the card is chaining (rule 5), up
 *   to `maxRetries` times per block, then the card is taken as gone;
 * - S(WTX): answered with the same WTXM, and the next wait is WTXM × FWT, capped at FWTmax;
 * - an I-block with the wrong block number, an R(NAK) or S(DESELECT) from the card, an R(ACK)
 *   where an I-block must come: protocol error (no recovery is defined for these);
 * - S(DESELECT) on close; if the card does not answer it may be ignored (rule 8).
 *
 * After any failure the session is dead: every later call fails with the same error code, since
 * the block numbers of the two sides can no longer be trusted. The card must be re-activated.
 */
import { concatBytes } from '../../bytes/byte-ops';
import { isKazasuError } from '../../errors/kazasu-error';
import { TransportError } from '../card-transport';
import { RfExchangeError, type FrameExchanger } from './frame-exchanger';
import { addCid, iBlock, parseCardBlock, rAck, rNak, removeCid, S_DESELECT, wtxResponse, type CardBlock } from './iso-dep-blocks';
import { DELTA_FWT_MS, FWT_MAX_MS, wtxWaitMs } from './iso-dep-timing';

export interface IsoDepOptions {
  /** FSC: the largest frame the card accepts (PCB + INF + CRC_B), from SENSB_RES. 16..256. */
  readonly fsc: number;
  /** FSD: the largest frame we accept, as announced in ATTRIB. 16..256. */
  readonly fsd: number;
  /** FWT from the card's FWI, in ms. */
  readonly fwtMs: number;
  /** Retransmissions per block before giving up (default 3; 0..8). nfcpy uses min(1/FWT, 5). */
  readonly maxRetries?: number;
  /** Consecutive S(WTX) requests accepted for one block (default 60). */
  readonly maxWtx?: number;
  /** Largest response accepted, in bytes (default 65 538: extended Le 65 536 + SW1 SW2). */
  readonly maxResponseLength?: number;
  /** Largest command accepted, in bytes (default 65 544: extended case 4). */
  readonly maxCommandLength?: number;
  /**
   * CID (0..14) carried in every block, for a card that announced CID support (Type A ATS TC(1)
   * b2). Undefined (the default): no CID byte, which a card with CID 0 must accept.
   */
  readonly cid?: number;
}

export const DEFAULT_ISO_DEP_RETRIES = 3;
const MAX_ISO_DEP_RETRIES = 8;
const DEFAULT_MAX_WTX = 60;

/** What one block exchange ended with: an I-block, or R(ACK) carrying our block number. */
type Answer = Extract<CardBlock, { kind: 'i' }> | Extract<CardBlock, { kind: 'r-ack' }>;

export class IsoDepSession {
  private blockNumber = 0;
  private failure: TransportError | undefined;
  private busy = false;
  private readonly fsc: number;
  private readonly fsd: number;
  private readonly fwtMs: number;
  private readonly maxRetries: number;
  private readonly maxWtx: number;
  private readonly maxResponseLength: number;
  private readonly maxCommandLength: number;
  private readonly cid: number | undefined;
  /** Bytes of each frame that are not INF: PCB, CRC (2), and the CID byte if used. */
  private readonly overhead: number;

  constructor(
    private readonly exchange: FrameExchanger,
    options: IsoDepOptions,
  ) {
    const size = (n: number, what: string) => {
      if (!Number.isInteger(n) || n < 16 || n > 256) throw new TransportError('protocol', `${what} ${n} out of range 16..256`);
      return n;
    };
    this.fsc = size(options.fsc, 'FSC');
    this.fsd = size(options.fsd, 'FSD');
    if (!(options.fwtMs > 0) || options.fwtMs > FWT_MAX_MS + 1) throw new TransportError('protocol', `FWT ${options.fwtMs} ms out of range`);
    this.fwtMs = options.fwtMs;
    this.maxRetries = Math.max(0, Math.min(MAX_ISO_DEP_RETRIES, Math.trunc(options.maxRetries ?? DEFAULT_ISO_DEP_RETRIES)));
    this.maxWtx = Math.max(0, Math.trunc(options.maxWtx ?? DEFAULT_MAX_WTX));
    this.maxResponseLength = options.maxResponseLength ?? 65_538;
    this.maxCommandLength = options.maxCommandLength ?? 65_544;
    if (options.cid !== undefined && (!Number.isInteger(options.cid) || options.cid < 0 || options.cid > 14)) throw new TransportError('protocol', `CID ${options.cid} out of range 0..14`);
    this.cid = options.cid;
    this.overhead = 3 + (this.cid === undefined ? 0 : 1);
  }

  /** The host's current block number (0 or 1); exposed for tests and diagnostics. */
  get currentBlockNumber(): number {
    return this.blockNumber;
  }

  /** True once the session failed or was deselected. */
  get closed(): boolean {
    return this.failure !== undefined;
  }

  /** Largest INF per I-block we send: FSC minus PCB, CRC (and CID when used). */
  get maxInfPerBlock(): number {
    return this.fsc - this.overhead;
  }

  /** Send one command APDU, chaining as needed, and return the whole response APDU. */
  async transceive(apdu: Uint8Array): Promise<Uint8Array> {
    this.enter();
    try {
      if (apdu.length === 0) throw new TransportError('protocol', 'empty command APDU');
      if (apdu.length > this.maxCommandLength) throw new TransportError('protocol', `command of ${apdu.length} bytes exceeds ${this.maxCommandLength}`);
      const first = await this.sendCommand(apdu);
      return await this.receiveResponse(first);
    } catch (e) {
      throw this.fail(e);
    } finally {
      this.busy = false;
    }
  }

  /**
   * Presence check between commands: R(NAK) with our block number; a card in the field answers
   * R(ACK) and changes no state (reference §2.4, "R(NAK) alone also serves as a presence check").
   * Resolves false (and closes the session) when the card stays silent. Non-RF errors reject.
   */
  async checkPresence(): Promise<boolean> {
    if (this.failure) return false;
    this.enter();
    try {
      for (let attempt = 0; attempt <= this.maxRetries; attempt++) {
        try {
          const block = this.parse(await this.exchange(this.framed(rNak(this.blockNumber)), this.waitMs()));
          if (block.kind === 'r-ack') return true;
          if (block.kind === 'invalid') continue;
          // Any other well-formed block proves presence, but the two sides no longer agree.
          this.failure = new TransportError('protocol', `presence check answered with ${block.kind}`);
          return true;
        } catch (e) {
          if (!(e instanceof RfExchangeError)) throw e;
        }
      }
      this.failure = new TransportError('card-removed', 'The card did not answer the presence check');
      return false;
    } catch (e) {
      throw this.fail(e);
    } finally {
      this.busy = false;
    }
  }

  /**
   * S(DESELECT): the card goes to HALT. If it does not answer after the retries it may be ignored
   * (rule 8), so this resolves anyway; only non-RF errors (reader unplugged) reject.
   */
  async deselect(): Promise<void> {
    if (this.failure) return;
    this.enter();
    try {
      for (let attempt = 0; attempt <= this.maxRetries; attempt++) {
        try {
          const block = this.parse(await this.exchange(this.framed(S_DESELECT), this.waitMs()));
          if (block.kind === 'deselect') break;
        } catch (e) {
          if (!(e instanceof RfExchangeError)) throw e;
        }
      }
      this.failure = new TransportError('not-connected', 'The card was deselected');
    } catch (e) {
      throw this.fail(e);
    } finally {
      this.busy = false;
    }
  }

  // ------------------------------------------------------------------ internals

  private enter(): void {
    if (this.failure) throw new TransportError(this.failure.code, this.failure.message, { cause: this.failure });
    if (this.busy) throw new TransportError('protocol', 'ISO-DEP exchange already in progress');
    this.busy = true;
  }

  /** Remember the first failure; anything that is not a Kazasu error becomes a protocol error. */
  private fail(e: unknown): unknown {
    let error: TransportError;
    if (e instanceof TransportError) error = e;
    else if (isKazasuError(e)) error = new TransportError('protocol', e.message, { cause: e });
    else error = new TransportError('protocol', 'ISO-DEP exchange failed', { cause: e });
    this.failure ??= error;
    return error;
  }

  /** A block as it goes on air: with the CID byte when the session uses one. */
  private framed(block: Uint8Array): Uint8Array {
    return this.cid === undefined ? block : addCid(block, this.cid);
  }

  /** A card's frame classified; FSD counts every byte but the CRC, the CID byte included. */
  private parse(frame: Uint8Array): CardBlock {
    if (frame.length > this.fsd - 2) return { kind: 'invalid', reason: `frame of ${frame.length} bytes exceeds FSD` };
    return parseCardBlock(this.cid === undefined ? frame : removeCid(frame, this.cid), this.fsd - 2);
  }

  private waitMs(): number {
    return this.fwtMs + DELTA_FWT_MS;
  }

  private toggle(): void {
    this.blockNumber ^= 1;
  }

  /** Send phase: chained I-blocks, each acknowledged; returns the card's first answer block. */
  private async sendCommand(apdu: Uint8Array): Promise<Extract<CardBlock, { kind: 'i' }>> {
    const miu = this.maxInfPerBlock;
    let offset = 0;
    // Each pass sends one block and advances `offset` by at least one byte: bounded.
    for (;;) {
      const end = Math.min(offset + miu, apdu.length);
      const more = end < apdu.length;
      const answer = await this.exchangeBlock(iBlock(this.blockNumber, more, apdu.subarray(offset, end)), 'command');
      if (more) {
        if (answer.kind !== 'r-ack') throw new TransportError('protocol', 'card answered a chained I-block with an I-block instead of R(ACK)');
        this.toggle(); // rule B: R(ACK) with our block number
        offset = end;
        continue;
      }
      if (answer.kind !== 'i') throw new TransportError('protocol', 'card answered the last I-block with R(ACK)');
      return answer;
    }
  }

  /** Receive phase: collect the card's I-blocks, acknowledging each chained one. */
  private async receiveResponse(first: Extract<CardBlock, { kind: 'i' }>): Promise<Uint8Array> {
    const parts: Uint8Array[] = [];
    let total = 0;
    let block = first;
    // Each pass appends at least one byte (empty chained blocks are refused) and the total is
    // capped, so the loop is bounded.
    for (;;) {
      if (block.blockNumber !== this.blockNumber) {
        throw new TransportError('protocol', `I-block with block number ${block.blockNumber}, expected ${this.blockNumber}`);
      }
      this.toggle(); // rule B: I-block received
      if (block.chaining && block.inf.length === 0) throw new TransportError('protocol', 'empty chained I-block');
      total += block.inf.length;
      if (total > this.maxResponseLength) throw new TransportError('protocol', `response exceeds ${this.maxResponseLength} bytes`);
      parts.push(block.inf.slice());
      if (!block.chaining) break;
      const next = await this.exchangeBlock(rAck(this.blockNumber), 'card-chaining');
      if (next.kind !== 'i') throw new TransportError('protocol', 'card sent R(ACK) while chaining its response');
      block = next;
    }
    return concatBytes(...parts);
  }

  /**
   * Send `block` and return the card's answer, handling S(WTX) and recovering lost or garbled
   * answers. `mode` says what we sent: an I-block of a command ('command': recover with R(NAK),
   * rule 4; R(ACK) with the other block number means retransmit it, rule 6) or an R(ACK) while
   * the card chains ('card-chaining': recover with R(ACK), rule 5).
   */
  private async exchangeBlock(block: Uint8Array, mode: 'command' | 'card-chaining'): Promise<Answer> {
    let toSend = block;
    let timeout = this.waitMs();
    let retries = 0;
    let wtx = 0;
    let lastProblem: 'timeout' | 'garbled' = 'timeout';
    const recovery = () => (mode === 'command' ? rNak(this.blockNumber) : rAck(this.blockNumber));
    const retry = (problem: 'timeout' | 'garbled', detail: string): void => {
      lastProblem = problem;
      retries++;
      if (retries > this.maxRetries) {
        throw lastProblem === 'timeout'
          ? new TransportError('card-removed', `The card stopped answering (${this.maxRetries} retransmissions)`)
          : new TransportError('protocol', `Frames from the card stayed unusable after ${this.maxRetries} retransmissions: ${detail}`);
      }
    };
    // Every pass either returns, throws, or increments `retries` (≤ maxRetries) or `wtx`
    // (≤ maxWtx): bounded.
    for (;;) {
      let frame: Uint8Array;
      try {
        frame = await this.exchange(this.framed(toSend), timeout);
      } catch (e) {
        if (!(e instanceof RfExchangeError)) throw e;
        retry(e.code === 'rf-timeout' ? 'timeout' : 'garbled', e.message);
        toSend = recovery();
        timeout = this.waitMs();
        continue;
      }
      const answer = this.parse(frame);
      switch (answer.kind) {
        case 'invalid':
          retry('garbled', answer.reason);
          toSend = recovery();
          timeout = this.waitMs();
          continue;
        case 'wtx':
          wtx++;
          if (wtx > this.maxWtx) throw new TransportError('timeout', `card asked for more than ${this.maxWtx} waiting-time extensions`);
          toSend = wtxResponse(answer.wtxm);
          timeout = wtxWaitMs(this.fwtMs, answer.wtxm) + DELTA_FWT_MS;
          continue;
        case 'deselect':
          throw new TransportError('protocol', 'card sent S(DESELECT)');
        case 'r-nak':
          throw new TransportError('protocol', 'card sent R(NAK)');
        case 'r-ack':
          if (mode === 'command' && answer.blockNumber !== this.blockNumber) {
            // Rule 6: the card did not get our I-block; send it again.
            retry('timeout', 'I-block lost');
            toSend = block;
            timeout = this.waitMs();
            continue;
          }
          return answer;
        case 'i':
          return answer;
      }
    }
  }
}
