/**
 * A Type A card behind a reader that only moves frames (the RC-S380 with InCommRF, the RC-S300
 * in a transparent session): ISO/IEC 14443-3 Type A activation and the ISO/IEC 14443-4 Type A
 * steps done here in the host, the bit rate chosen from the card's ATS TA(1) and the reader's
 * abilities, ISO-DEP (iso-dep-session.ts) on top.
 *
 *   activate():  field off → 106 kbit/s short frame: REQA → ATQA
 *                → for each cascade level: SDD_REQ → UID CLn + BCC (no CRC_A),
 *                  SEL_REQ → SAK (CRC_A) until SAK ends the UID (4, 7 or 10 bytes)
 *                → SAK b6 (ISO/IEC 14443-4) → RATS → ATS (FSC, FWT, SFGT, TA/TB/TC)
 *                → SFGT → PPS for the best rate → reader to that rate → R(NAK) probe
 *                ↳ no answer at the higher rate: field off, activation again at 106 (and that
 *                  UID stays at 106 while this link lives), as the Type B link does with ATTRIB
 *   transceive() / checkPresence() / deselect(): the ISO-DEP session
 *   sense():     WUPA → ATQA → HLTA at 106 kbit/s, for presence polling between sessions (WUPA
 *                also wakes a card left in HALT; HLTA puts it back so the next WUPA finds it again)
 */
import { toHex } from '../../bytes/hex';
import { concatBytes } from '../../bytes/byte-ops';
import { TransportError } from '../card-transport';
import { RfExchangeError, type FrameExchanger } from './frame-exchanger';
import { IsoDepSession } from './iso-dep-session';
import { DELTA_FWT_MS, FWT_MAX_MS, MAX_FRAME_SIZE_INDEX, frameSizeFromIndex } from './iso-dep-timing';
import {
  buildPps,
  buildRats,
  checkPpsResponse,
  HLTA,
  parseAtqa,
  parseAts,
  parseSak,
  parseSddRes,
  REQA,
  sddReq,
  selReq,
  TYPE_A_ACTIVATION_TIMEOUT_MS,
  TypeAActivationError,
  uidPartOfLevel,
  WUPA,
  type Atqa,
  type TypeATarget,
} from './type-a-activation';
import { chooseBitRate, type TypeBBitRate } from './type-b-bit-rate';

/**
 * How the reader frames the next Type A frames:
 * - 'short-frame': 7 data bits, no parity, no CRC_A (REQA, WUPA); the ATQA comes back without CRC_A;
 * - 'anticollision': whole bytes with parity, no CRC_A either way (SDD_REQ / SDD_RES);
 * - 'standard': whole bytes with parity, CRC_A added and checked by the reader (everything else).
 */
export type TypeAFraming = 'short-frame' | 'anticollision' | 'standard';

/** What the link needs from the reader. */
export interface TypeAFrontEnd {
  /** Type A bit rates the reader can run (both directions alike). */
  readonly typeABitRates: readonly TypeBBitRate[];
  /** Largest frame (without CRC) the reader carries either way. */
  readonly maxFramePayload: number;
  /** RF set up for Type A at `rate` with `framing`, field on. */
  configureTypeA(rate: TypeBBitRate, framing: TypeAFraming): Promise<void>;
  /** Field off: the card loses power and every state. */
  fieldOff(): Promise<void>;
  /** One frame exchange (RfExchangeError for a missing or damaged answer). */
  readonly exchange: FrameExchanger;
}

export interface TypeACardLinkOptions {
  /** FSDI announced in RATS (default 8 = 256 bytes). */
  readonly fsdi?: number;
  /**
   * CID sent in RATS and, when the ATS says the card takes a CID, in every block. Undefined (the
   * default): CID 0 in RATS and no CID byte in blocks, which ISO/IEC 14443-4 lets a card with
   * CID 0 accept.
   */
  readonly cid?: number;
  /** ISO-DEP retransmissions per block (default 3). */
  readonly maxRetries?: number;
  /** Highest bit rate to use (default: the highest card and reader share). 106 keeps every card at 106. */
  readonly maxBitRate?: TypeBBitRate;
  readonly maxCommandLength: number;
  readonly maxResponseLength: number;
  /** Waits out SFGT (default setTimeout); tests may pass a recorder. */
  readonly delay?: (ms: number) => Promise<void>;
}

/** The card did not get through at a rate above 106 kbit/s. */
class HigherRateFailed extends Error {}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class TypeACardLink {
  private session: IsoDepSession | undefined;
  private targetValue: TypeATarget | undefined;
  private rate: TypeBBitRate = 106;
  private configuredAs: string | undefined;
  /** UIDs of cards that failed above 106 kbit/s: activated at 106 from then on. */
  private readonly slowCards = new Set<string>();
  private readonly fsdi: number;

  constructor(
    private readonly front: TypeAFrontEnd,
    private readonly options: TypeACardLinkOptions,
  ) {
    const fsdi = options.fsdi ?? MAX_FRAME_SIZE_INDEX;
    if (!Number.isInteger(fsdi) || fsdi < 0 || fsdi > MAX_FRAME_SIZE_INDEX) throw new TransportError('protocol', `FSDI ${fsdi} out of range 0..8`);
    if (options.cid !== undefined && (!Number.isInteger(options.cid) || options.cid < 0 || options.cid > 14)) throw new TransportError('protocol', `CID ${options.cid} out of range 0..14`);
    this.fsdi = fsdi;
  }

  /** The activated card's UID, SAK and ATS, for diagnostics. */
  get target(): TypeATarget | undefined {
    return this.targetValue;
  }

  /** The bit rate the current session runs at (106 when none). */
  get bitRate(): TypeBBitRate {
    return this.session ? this.rate : 106;
  }

  get active(): boolean {
    return this.session !== undefined;
  }

  /**
   * Restart the field and activate the Type A card in it (`found` hears of it once it answered
   * REQA with a valid ATQA; its UID is not known yet then). Rejects with TransportError: 'no-card' (nothing answered REQA),
   * 'unsupported' (SAK: not ISO/IEC 14443-4), 'card-removed' (it left during activation),
   * 'protocol' (TypeAActivationError for a malformed answer), or whatever the reader failed with.
   */
  async activate(found?: (target: { readonly atqa: Atqa; readonly uid: Uint8Array }) => void): Promise<TypeATarget> {
    if (this.session) await this.session.deselect().catch(() => undefined);
    this.forget();
    let first = await this.select('no-card', found);
    const rate = this.slowCards.has(toHex(first.uid)) ? 106 : chooseBitRate(first.ats.ta, this.front.typeABitRates, this.options.maxBitRate);
    try {
      await this.open(first, rate);
      return first;
    } catch (e) {
      if (!(e instanceof HigherRateFailed)) throw e;
    }
    // The card offered a rate it (or this reader) could not keep: start over at 106.
    this.slowCards.add(toHex(first.uid));
    this.forget();
    first = await this.select('card-removed');
    await this.open(first, 106);
    return first;
  }

  /** WUPA → ATQA → HLTA at 106 kbit/s (field on first if needed): true when a Type A card answered. */
  async sense(): Promise<boolean> {
    try {
      await this.configure(106, 'short-frame');
      const atqa = await this.front.exchange(Uint8Array.of(WUPA), TYPE_A_ACTIVATION_TIMEOUT_MS);
      parseAtqa(atqa);
    } catch (e) {
      // Silence, two cards answering at once, or a tag without anticollision: no card to talk to.
      if (e instanceof RfExchangeError || e instanceof TypeAActivationError) return false;
      throw e;
    }
    await this.halt();
    return true;
  }

  transceive(apdu: Uint8Array): Promise<Uint8Array> {
    if (!this.session) return Promise.reject(new TransportError('not-connected', 'No card session'));
    return this.session.transceive(apdu);
  }

  checkPresence(): Promise<boolean> {
    if (!this.session) return Promise.resolve(false);
    return this.session.checkPresence();
  }

  /** S(DESELECT), then field off. */
  async deselect(): Promise<void> {
    const session = this.session;
    this.forget();
    await session?.deselect();
    await this.fieldOff();
  }

  forget(): void {
    this.session = undefined;
    this.targetValue = undefined;
    this.rate = 106;
  }

  async fieldOff(): Promise<void> {
    this.configuredAs = undefined;
    await this.front.fieldOff();
  }

  /** The reader's RF settings are unknown (another technology or a reader reset): set them again before use. */
  invalidate(): void {
    this.configuredAs = undefined;
  }

  // ------------------------------------------------------------------ internals

  private async configure(rate: TypeBBitRate, framing: TypeAFraming): Promise<void> {
    const key = `${rate}/${framing}`;
    if (this.configuredAs === key) return;
    await this.front.configureTypeA(rate, framing);
    this.configuredAs = key;
  }

  /** HLTA: the card goes to HALT and does not answer (an answer is ignored as well). */
  private async halt(): Promise<void> {
    await this.configure(106, 'standard');
    try {
      await this.front.exchange(HLTA, TYPE_A_ACTIVATION_TIMEOUT_MS);
    } catch (e) {
      if (!(e instanceof RfExchangeError)) throw e;
    }
  }

  /** One activation frame; a lost answer means the card left, a damaged one is a protocol error. */
  private async activationFrame(frame: Uint8Array, what: string): Promise<Uint8Array> {
    try {
      return await this.front.exchange(frame, TYPE_A_ACTIVATION_TIMEOUT_MS);
    } catch (e) {
      if (!(e instanceof RfExchangeError)) throw e;
      if (e.code === 'rf-timeout') throw new TransportError('card-removed', `The card left before ${what}`, { cause: e });
      throw new TransportError('protocol', `${what} failed: ${e.message}`, { cause: e });
    }
  }

  /**
   * Field off and on, REQA, anticollision and SELECT over the cascade levels, RATS: the card in
   * ISO-DEP, at 106. `found` hears of the card as soon as its ATQA arrived: from then on a card
   * is in the field (presence), whatever SAK says later.
   */
  private async select(ifNone: 'no-card' | 'card-removed', found?: (card: { readonly atqa: Atqa; readonly uid: Uint8Array }) => void): Promise<TypeATarget> {
    await this.fieldOff();
    await this.configure(106, 'short-frame');
    let atqaBytes: Uint8Array;
    try {
      atqaBytes = await this.front.exchange(Uint8Array.of(REQA), TYPE_A_ACTIVATION_TIMEOUT_MS);
    } catch (e) {
      if (!(e instanceof RfExchangeError)) throw e;
      throw new TransportError(ifNone, ifNone === 'no-card' ? 'No Type A card answered REQA' : 'The card left the reader during activation', { cause: e });
    }
    const atqa = parseAtqa(atqaBytes);
    found?.({ atqa, uid: new Uint8Array(0) });
    const parts: Uint8Array[] = [];
    let sak = parseSak(Uint8Array.of(0x04));
    // At most three cascade levels: uidPartOfLevel refuses a fourth.
    for (let level = 1; sak.cascade; level++) {
      await this.configure(106, 'anticollision');
      const uidCl = parseSddRes(await this.activationFrame(sddReq(level), `SDD_REQ of cascade level ${level}`));
      await this.configure(106, 'standard');
      sak = parseSak(await this.activationFrame(selReq(level, uidCl), `SEL_REQ of cascade level ${level}`));
      parts.push(uidPartOfLevel(level, uidCl, sak));
    }
    const uid = concatBytes(...parts);
    if (!sak.isoDep) throw new TransportError('unsupported', `The Type A card (SAK ${sak.value.toString(16).padStart(2, '0')}) does not support ISO/IEC 14443-4`);
    const ats = parseAts(await this.activationFrame(buildRats(this.fsdi, this.options.cid ?? 0), 'RATS'));
    // SFGT: the card may need this long before it takes the next frame (ISO/IEC 14443-4 §5.2.5).
    if (ats.sfgtMs > 0) await (this.options.delay ?? sleep)(Math.min(ats.sfgtMs, FWT_MAX_MS));
    return { atqa, uid, sak, ats };
  }

  /** PPS for `rate` (above 106), then the reader to that rate and one R(NAK) probe; the session opens. */
  private async open(target: TypeATarget, rate: TypeBBitRate): Promise<void> {
    const cid = this.options.cid !== undefined && target.ats.cidSupported ? this.options.cid : undefined;
    const max = this.front.maxFramePayload;
    const session = new IsoDepSession(this.front.exchange, {
      fsc: Math.min(target.ats.fsc, max),
      fsd: Math.min(frameSizeFromIndex(this.fsdi), max),
      fwtMs: target.ats.fwtMs,
      maxRetries: this.options.maxRetries,
      maxCommandLength: this.options.maxCommandLength,
      maxResponseLength: this.options.maxResponseLength,
      cid,
    });
    if (rate > 106) {
      const timeout = Math.min(Math.max(TYPE_A_ACTIVATION_TIMEOUT_MS, target.ats.fwtMs + DELTA_FWT_MS), FWT_MAX_MS);
      try {
        checkPpsResponse(await this.front.exchange(buildPps(this.options.cid ?? 0, rate), timeout), this.options.cid ?? 0);
      } catch (e) {
        // A card may stay silent to (or refuse) a rate it does not keep: try 106 before calling it gone.
        if (e instanceof RfExchangeError || e instanceof TypeAActivationError) throw new HigherRateFailed();
        throw e;
      }
      await this.configure(rate, 'standard');
      // R(NAK) changes no state on the card (ISO/IEC 14443-4, PICC rule 12): a safe first frame at the new rate.
      if (!(await session.checkPresence())) throw new HigherRateFailed();
    }
    this.session = session;
    this.targetValue = target;
    this.rate = rate;
  }
}
