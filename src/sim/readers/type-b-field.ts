/**
 * The RF field of an emulated reader that only moves ISO/IEC 14443 frames (the RC-S380 with
 * InCommRF, the RC-S300 in a transparent session): the card in it (type-b-picc.ts or
 * type-a-picc.ts), the field switching on and off, the fault knobs, and a log of every frame.
 * Each reader emulator says how it is set up for each frame (`RfMode`: technology, bit rate,
 * CRC added / checked, Type A short frame and parity) and turns the outcome into its own answer
 * (an InCommRF status, a transparent-exchange status). A card hears only frames of its own
 * technology; a Type A answer that comes with CRC_A while the reader does not check it arrives
 * with the two CRC bytes on, and one without CRC_A (ATQA, SDD_RES) while the reader checks it is
 * a CRC error, as on the real chip.
 *
 * Fault knobs (`faults`) count frames from 0 since the emulator was made (SENSB_REQ and ATTRIB
 * included; `frameCount` tells how many went by). `brokenRates` models a link that fails at a
 * rate the card offers (the card's ATQB says 424, but at 424 nothing gets through), so a host
 * must fall back to 106 kbit/s.
 */
import type { ApduResponder } from '../../transport/apdu-responder';
import { piccCrcA, piccCrcB, withCrc } from './rf-crc';
import { TypeAPicc, type TypeACardOptions } from './type-a-picc';
import { TypeBPicc, type PiccBitRate, type TypeBCardOptions, type WtxRequest } from './type-b-picc';

/** A card of either technology; Type B unless `technology: 'A'`. */
export type RfCardOptions = (TypeBCardOptions & { readonly technology?: 'B' }) | (TypeACardOptions & { readonly technology: 'A' });

/** How the reader is set up for one frame. */
export interface RfMode {
  readonly technology: 'A' | 'B';
  readonly rate: PiccBitRate;
  /** The reader appends CRC (Type B: always). */
  readonly addCrc: boolean;
  /** The reader checks and removes the card's CRC (Type B: always). */
  readonly checkCrc: boolean;
  /** Type A: bits of the last byte sent (7 for REQA/WUPA) and whether parity bits are sent. */
  readonly lastByteBits?: number;
  readonly parity?: boolean;
}

export const typeBMode = (rate: PiccBitRate): RfMode => ({ technology: 'B', rate, addCrc: true, checkCrc: true });

export interface TypeBFieldFaults {
  /** Frame indexes that never reach the card (the card's state does not change). */
  loseCommand: number[];
  /** Frame indexes whose answer is lost (the card acted on the frame). */
  loseAnswer: number[];
  /** Frame indexes whose answer arrives with a CRC error (the card acted on the frame). */
  garbleAnswer: number[];
  /** The card leaves the field just before this frame reaches it. */
  removeAtFrame?: number;
  /** The reader is unplugged when this frame arrives (it is never answered). */
  unplugAtFrame?: number;
  /** S(WTX) requests before answering these APDUs (0-based, counted over the card's life). */
  wtx?: { apdus: 'all' | number[]; count: number; wtxm: number };
  /** Bit rates (kbit/s) at which no frame gets through, whatever the card offers. */
  brokenRates?: number[];
}

export type RfOutcome =
  | 'answered'
  | 'no-card'
  | 'not-type-b'
  | 'other-technology'
  | 'rate-mismatch'
  | 'broken-rate'
  | 'silent'
  | 'lost-command'
  | 'lost-answer'
  | 'garbled'
  | 'late'
  | 'unplugged';

export interface RfLogEntry {
  readonly index: number;
  readonly sent: Uint8Array;
  /** The timeout the host gave, in ms. */
  readonly timeoutMs: number;
  /** The reader's bit rate for this frame (undefined: the reader was not set up for ISO/IEC 14443). */
  readonly rate: PiccBitRate | undefined;
  /** The technology the reader was set up for (undefined: neither). */
  readonly technology?: 'A' | 'B';
  readonly outcome: RfOutcome;
  readonly answer?: Uint8Array;
  readonly why?: string;
}

/** What became of one frame. */
export type FieldResult =
  | { readonly kind: 'answer'; readonly frame: Uint8Array }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'garbled' }
  /** The reader was unplugged: the host's command is never answered. */
  | { readonly kind: 'unplugged' };

export interface TypeBFieldOptions {
  /**
   * An answer only counts if the host waited long enough for it: FWT for ISO-DEP blocks, the
   * extended time after S(WTX). Otherwise the host sees a timeout ('late'). Default true.
   */
  readonly strictTiming?: boolean;
}

export function noFieldFaults(): TypeBFieldFaults {
  return { loseCommand: [], loseAnswer: [], garbleAnswer: [] };
}

export class TypeBField {
  readonly rfLog: RfLogEntry[] = [];
  faults: TypeBFieldFaults = noFieldFaults();
  strictTiming: boolean;
  private picc: TypeBPicc | TypeAPicc | undefined;
  private on = false;
  private index = 0;

  constructor(
    options: TypeBFieldOptions,
    /** Pull the reader's cable (for `unplugAtFrame`). */
    private readonly unplug: () => void,
  ) {
    this.strictTiming = options.strictTiming ?? true;
  }

  get card(): TypeBPicc | TypeAPicc | undefined {
    return this.picc;
  }

  /** Frames seen so far (the next one gets this index). */
  get frameCount(): number {
    return this.index;
  }

  get fieldOn(): boolean {
    return this.on;
  }

  /** Put a card in the field (Type B unless `options.technology` is 'A'). */
  placeCard(responder: ApduResponder, options: RfCardOptions = {}): TypeBPicc | TypeAPicc {
    this.removeCard();
    const picc = options.technology === 'A' ? new TypeAPicc(responder, options, (i) => this.wtxFor(i)) : new TypeBPicc(responder, options, (i) => this.wtxFor(i));
    this.picc = picc;
    if (this.on) picc.fieldOn();
    return picc;
  }

  /** Take the card out of the field: it loses power and every state. */
  removeCard(): void {
    this.picc?.fieldOff();
    this.picc = undefined;
  }

  /** The reader switched its field on or off. */
  field(on: boolean): void {
    if (on === this.on) return;
    this.on = on;
    if (on) this.picc?.fieldOn();
    else this.picc?.fieldOff();
  }

  /** One frame from the reader set up as `mode` (undefined: the reader is not set up for ISO/IEC 14443 A or B). */
  async exchange(rf: Uint8Array, timeoutMs: number, mode: RfMode | undefined): Promise<FieldResult> {
    const index = this.index++;
    const rate = mode?.rate;
    const log = (outcome: RfOutcome, extra: { answer?: Uint8Array; why?: string } = {}): void => {
      this.rfLog.push({ index, sent: rf.slice(), timeoutMs, rate, technology: mode?.technology, outcome, ...extra });
    };
    const timeout: FieldResult = { kind: 'timeout' };
    if (this.faults.unplugAtFrame === index) {
      log('unplugged');
      this.unplug();
      return { kind: 'unplugged' };
    }
    if (this.faults.removeAtFrame === index) this.removeCard();
    const picc = this.picc;
    if (!picc) {
      log('no-card');
      return timeout;
    }
    if (mode === undefined || rate === undefined) {
      log('not-type-b');
      return timeout;
    }
    if (mode.technology !== picc.technology) {
      log('other-technology', { why: `reader set up for Type ${mode.technology}, card is Type ${picc.technology}` });
      return timeout;
    }
    if (this.faults.brokenRates?.includes(rate)) {
      log('broken-rate');
      return timeout;
    }
    if (rate !== picc.bitRate) {
      log('rate-mismatch', { why: `reader at ${rate} kbit/s, card at ${picc.bitRate}` });
      return timeout;
    }
    if (this.faults.loseCommand.includes(index)) {
      log('lost-command');
      return timeout;
    }
    const reply =
      picc.technology === 'A'
        ? await picc.receive({ bytes: rf, lastByteBits: mode.lastByteBits ?? 8, crc: mode.addCrc, parity: mode.parity ?? true }, rate)
        : await picc.receive(rf, rate);
    if (this.picc !== picc) {
      log('no-card', { why: 'removed while answering' });
      return timeout;
    }
    if (reply.kind === 'silent') {
      log('silent', { why: reply.why });
      return timeout;
    }
    if (this.faults.loseAnswer.includes(index)) {
      log('lost-answer', { answer: reply.frame });
      return timeout;
    }
    if (this.faults.garbleAnswer.includes(index)) {
      log('garbled', { answer: reply.frame });
      return { kind: 'garbled' };
    }
    if (this.strictTiming && reply.minTimeoutMs > timeoutMs) {
      log('late', { answer: reply.frame, why: `needs ${reply.minTimeoutMs.toFixed(1)} ms, host waited ${timeoutMs} ms` });
      return timeout;
    }
    const cardCrc = reply.crc ?? true;
    if (!cardCrc && mode.checkCrc) {
      log('garbled', { answer: reply.frame, why: 'the reader checks a CRC the answer does not have' });
      return { kind: 'garbled' };
    }
    const frame = cardCrc && !mode.checkCrc ? withCrc(reply.frame, picc.technology === 'A' ? piccCrcA : piccCrcB) : reply.frame;
    log('answered', { answer: frame });
    return { kind: 'answer', frame };
  }

  private wtxFor(apduIndex: number): WtxRequest | undefined {
    const w = this.faults.wtx;
    if (!w) return undefined;
    if (w.apdus !== 'all' && !w.apdus.includes(apduIndex)) return undefined;
    return { count: w.count, wtxm: w.wtxm };
  }
}
