/**
 * A Type B card behind a reader that only moves frames (the RC-S380 with InCommRF, the RC-S300
 * in a transparent session): ISO/IEC 14443-3 activation done here in the host, the bit rate
 * chosen from the card's ATQB and the reader's abilities, ISO-DEP (iso-dep-session.ts) on top.
 *
 *   activate():  field off → RF at 106 kbit/s → SENSB_REQ → ATTRIB(best rate) → reader to that
 *                rate → R(NAK) probe at that rate
 *                ↳ no answer at the higher rate: field off, SENSB_REQ and ATTRIB again at 106
 *                  (and that card stays at 106 while this link lives)
 *   transceive() / checkPresence() / deselect(): the ISO-DEP session
 *   sense():     SENSB_REQ at 106 kbit/s, for presence polling between sessions
 */
import { toHex } from '../../bytes/hex';
import { TransportError } from '../card-transport';
import { RfExchangeError, type FrameExchanger } from './frame-exchanger';
import { IsoDepSession } from './iso-dep-session';
import { DELTA_FWT_MS, FWT_MAX_MS, MAX_FRAME_SIZE_INDEX, frameSizeFromIndex } from './iso-dep-timing';
import { chooseBitRate, type TypeBBitRate } from './type-b-bit-rate';
import { ACTIVATION_TIMEOUT_MS, buildAttrib, isIsoDepCapable, parseAttribResponse, parseSensbRes, SENSB_REQ, type TypeBTarget } from './type-b-activation';

/** What the link needs from the reader. */
export interface TypeBFrontEnd {
  /** Type B bit rates the reader can run (both directions alike). */
  readonly bitRates: readonly TypeBBitRate[];
  /** Largest frame (without CRC_B) the reader carries either way. */
  readonly maxFramePayload: number;
  /** RF set up for Type B at `rate`, field on. At 106 before SENSB_REQ; at a higher rate after the Answer to ATTRIB. */
  configure(rate: TypeBBitRate): Promise<void>;
  /** Field off: the card loses power and every state. */
  fieldOff(): Promise<void>;
  /** One frame exchange (RfExchangeError for a missing or damaged answer). */
  readonly exchange: FrameExchanger;
}

export interface TypeBCardLinkOptions {
  /** FSDI announced in ATTRIB (default 8 = 256 bytes). */
  readonly fsdi?: number;
  /** ISO-DEP retransmissions per block (default 3). */
  readonly maxRetries?: number;
  /** Highest bit rate to use (default: the highest card and reader share). 106 keeps every card at 106. */
  readonly maxBitRate?: TypeBBitRate;
  readonly maxCommandLength: number;
  readonly maxResponseLength: number;
}

/** The card did not get through at a rate above 106 kbit/s. */
class HigherRateFailed extends Error {}

export class TypeBCardLink {
  private session: IsoDepSession | undefined;
  private targetValue: TypeBTarget | undefined;
  private rate: TypeBBitRate = 106;
  private configuredAt: TypeBBitRate | undefined;
  /** PUPIs of cards that failed above 106 kbit/s: activated at 106 from then on. */
  private readonly slowCards = new Set<string>();
  private readonly fsdi: number;

  constructor(
    private readonly front: TypeBFrontEnd,
    private readonly options: TypeBCardLinkOptions,
  ) {
    const fsdi = options.fsdi ?? MAX_FRAME_SIZE_INDEX;
    if (!Number.isInteger(fsdi) || fsdi < 0 || fsdi > MAX_FRAME_SIZE_INDEX) throw new TransportError('protocol', `FSDI ${fsdi} out of range 0..8`);
    this.fsdi = fsdi;
  }

  /** The activated card's SENSB_RES parameters (FSC, FWT, bit rates), for diagnostics. */
  get target(): TypeBTarget | undefined {
    return this.targetValue;
  }

  /** The bit rate the current session runs at (106 when none). */
  get bitRate(): TypeBBitRate {
    return this.session ? this.rate : 106;
  }

  /** True while an ISO-DEP session is open. */
  get active(): boolean {
    return this.session !== undefined;
  }

  /**
   * Restart the field and activate the card in it (`found` hears of it as soon as it answered
   * SENSB_REQ as an ISO-DEP card). Rejects with TransportError: 'no-card' (none
   * answered SENSB_REQ), 'unsupported' (not ISO/IEC 14443-4), 'card-removed' (it left during
   * activation), 'protocol', or whatever the reader failed with.
   */
  async activate(found?: (target: TypeBTarget) => void): Promise<TypeBTarget> {
    if (this.session) await this.session.deselect().catch(() => undefined);
    this.forget();
    const target = await this.restart('no-card');
    found?.(target);
    const rate = this.slowCards.has(toHex(target.pupi)) ? 106 : chooseBitRate(target.bitRateCapability, this.front.bitRates, this.options.maxBitRate);
    try {
      await this.attrib(target, rate);
      return target;
    } catch (e) {
      if (!(e instanceof HigherRateFailed)) throw e;
    }
    // The card offered a rate it (or this reader) could not keep: start over at 106.
    this.slowCards.add(toHex(target.pupi));
    this.forget();
    const again = await this.restart('card-removed');
    await this.attrib(again, 106);
    return again;
  }

  /** SENSB_REQ at 106 kbit/s (field on first if needed); undefined when no card answers. */
  async sense(): Promise<TypeBTarget | undefined> {
    await this.configure(106);
    let res: Uint8Array;
    try {
      res = await this.front.exchange(SENSB_REQ, ACTIVATION_TIMEOUT_MS);
    } catch (e) {
      // Silence, or two cards answering at once: no single card to talk to.
      if (e instanceof RfExchangeError) return undefined;
      throw e;
    }
    return parseSensbRes(res);
  }

  transceive(apdu: Uint8Array): Promise<Uint8Array> {
    if (!this.session) return Promise.reject(new TransportError('not-connected', 'No card session'));
    return this.session.transceive(apdu);
  }

  /** R(NAK) presence check of the open session (false: the card stopped answering). */
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

  /** Forget the session (it failed, or the reader went away); nothing is sent. */
  forget(): void {
    this.session = undefined;
    this.targetValue = undefined;
    this.rate = 106;
  }

  async fieldOff(): Promise<void> {
    this.configuredAt = undefined;
    await this.front.fieldOff();
  }

  /** The reader's RF settings are unknown (after a reader reset): set them again before use. */
  invalidate(): void {
    this.configuredAt = undefined;
  }

  // ------------------------------------------------------------------ internals

  private async configure(rate: TypeBBitRate): Promise<void> {
    if (this.configuredAt === rate) return;
    await this.front.configure(rate);
    this.configuredAt = rate;
  }

  /** Field off and on (the card restarts in IDLE, whatever state it was left in), then find it. */
  private async restart(ifNone: 'no-card' | 'card-removed'): Promise<TypeBTarget> {
    await this.fieldOff();
    const target = await this.sense();
    if (!target) throw new TransportError(ifNone, ifNone === 'no-card' ? 'No Type B card answered SENSB_REQ' : 'The card left the reader during activation');
    if (!isIsoDepCapable(target)) throw new TransportError('unsupported', 'The card does not support ISO/IEC 14443-4');
    return target;
  }

  /** ATTRIB at 106 kbit/s asking for `rate`, then (above 106) the reader to that rate and one R(NAK) probe. */
  private async attrib(target: TypeBTarget, rate: TypeBBitRate): Promise<void> {
    const timeout = Math.min(Math.max(ACTIVATION_TIMEOUT_MS, target.fwtMs + DELTA_FWT_MS), FWT_MAX_MS);
    let answer: Uint8Array;
    try {
      answer = await this.front.exchange(buildAttrib(target, this.fsdi, rate), timeout);
    } catch (e) {
      if (!(e instanceof RfExchangeError)) throw e;
      // A card may stay silent to a rate it does not accept: try 106 before calling it gone.
      if (rate > 106) throw new HigherRateFailed();
      if (e.code === 'rf-timeout') throw new TransportError('card-removed', 'The card left before ATTRIB', { cause: e });
      throw new TransportError('protocol', `ATTRIB failed: ${e.message}`, { cause: e });
    }
    parseAttribResponse(answer);
    const max = this.front.maxFramePayload;
    const session = new IsoDepSession(this.front.exchange, {
      fsc: Math.min(target.fsc, max),
      fsd: Math.min(frameSizeFromIndex(this.fsdi), max),
      fwtMs: target.fwtMs,
      maxRetries: this.options.maxRetries,
      maxCommandLength: this.options.maxCommandLength,
      maxResponseLength: this.options.maxResponseLength,
    });
    if (rate > 106) {
      await this.configure(rate);
      // R(NAK) changes no state on the card (ISO/IEC 14443-4, PICC rule 12): a safe first frame at the new rate.
      if (!(await session.checkPresence())) throw new HigherRateFailed();
    }
    this.session = session;
    this.targetValue = target;
    this.rate = rate;
  }
}
