/**
 * The RC-S300's RF, seen by the host's Type B code (../iso-dep/type-b-card-link.ts): each
 * operation is one PC/SC transparent-session pseudo-APDU (transparent-session.ts) in a CCID
 * PC_to_RDR_Escape message on vendor interface 1, answered in RDR_to_PC_Escape.
 *
 *   configure(106):  RF on (84) if off → Switch Protocol Type B (8F 02 01 <layer>)
 *   configure(212 / 424, after ATTRIB): Set Parameter communication speed (FF6E 05) UNCONFIRMED
 *   configureTypeA(106, framing): RF on if off → Switch Protocol Type A layer 3 (8F 02 00 03) when
 *                    coming from elsewhere; the framing goes into each exchange's flags
 *   configureTypeA(212 / 424, after PPS): Set Parameter communication speed, as felica-rs
 *   fieldOff():      RF off (83)
 *   exchange():      transparent exchange: flags 00 1C (Type B) or 00 13 / 00 10 (Type A without /
 *                    with CRC_A; bit framing 91 01 07 for REQA/WUPA, 91 01 00 after it, as
 *                    felica-rs), timer = the RF timeout, transceive
 *                    C0 status 64 01 (no response from the ICC) → RfExchangeError rf-timeout;
 *                    96 response status ≠ 0, or C0 6F 00 → rf-garbled; other C0 statuses and
 *                    SW ≠ 90 00 → TransportError('protocol')
 *
 * CCID level (felica-rs `pcsc.rs` CcidTransport.escape, CCID rev 1.1 §6.2.6): a failed answer
 * with bError E0 (slot busy) is retried a few times after a pause; time extensions are waited
 * through by the command channel. The guard times after RF off/on and Switch Protocol are the
 * ones felica-rs uses (30, 21, 20 ms; UNCONFIRMED whether the RC-S300 needs them).
 */
import { TransportError } from '../card-transport';
import { RfExchangeError } from '../iso-dep/frame-exchanger';
import type { TypeBBitRate } from '../iso-dep/type-b-bit-rate';
import type { RfFrontEnd } from '../iso-dep/rf-card-link';
import type { TypeAFraming } from '../iso-dep/type-a-card-link';
import type { CcidCommandChannel } from '../webusb-ccid/ccid-command-channel';
import { PC_TO_RDR } from '../webusb-ccid/ccid-message';
import { commandFailure, SLOT_ERROR } from '../webusb-ccid/ccid-slot-error';
import {
  endSession,
  getFirmwareVersion,
  parseSessionAnswer,
  rfOff,
  rfOn,
  setCommunicationSpeed,
  startSession,
  STANDARD,
  STATUS_SW,
  switchProtocol,
  transceive,
  TYPE_A_FLAGS,
  TYPE_A_FLAGS_NO_CRC,
  TYPE_B_FLAGS,
  type SessionAnswer,
} from './transparent-session';

export interface Rcs300Timing {
  /** Pauses after RF off, RF on and Switch Protocol (default 30 / 21 / 20 ms, as felica-rs). */
  readonly rfOffGuardMs?: number;
  readonly rfOnGuardMs?: number;
  readonly switchGuardMs?: number;
  /** Escape retries while the reader says its slot is busy (default 4), and the pause (default 50 ms). */
  readonly busyRetries?: number;
  readonly busyRetryMs?: number;
  /**
   * The layer byte of Switch Protocol for Type B (default 4, as soltia48/felica-rs sends before
   * building REQB and ATTRIB in the host). UNCONFIRMED for the RC-S300 with a Type B card.
   */
  readonly typeBLayer?: number;
  /** The layer byte of Switch Protocol for host-driven Type A (default 3, felica-rs switch_protocol_iso14443_3a). UNCONFIRMED. */
  readonly typeALayer?: number;
}

/** Type B rates tried on the RC-S300 (848 kbit/s is left out: UNCONFIRMED for the reader and the card). */
export const RCS300_TYPE_B_RATES: readonly TypeBBitRate[] = [106, 212, 424];
/** Type A rates tried on the RC-S300 after PPS (the same speed parameter; 848 left out). UNCONFIRMED. */
export const RCS300_TYPE_A_RATES: readonly TypeBBitRate[] = [106, 212, 424];

/** Largest ISO-DEP frame the host builds (FSC/FSD 256 minus CRC_B would be 254; 256 keeps the link's own bound). */
const MAX_FRAME = 256;

const pause = (ms: number): Promise<void> => (ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve());

export class Rcs300FrontEnd implements RfFrontEnd {
  readonly bitRates = RCS300_TYPE_B_RATES;
  readonly typeABitRates = RCS300_TYPE_A_RATES;
  readonly maxFramePayload = MAX_FRAME;
  private fieldIsOn = false;
  /** What the next frames are: Type B, or Type A with a framing (undefined until configured). */
  private mode: { readonly tech: 'B' } | { readonly tech: 'A'; readonly framing: TypeAFraming } | undefined;
  /** The reader keeps the last bit framing: a short frame must be undone before whole bytes (felica-rs). */
  private shortFrameSent = false;

  constructor(
    private readonly channel: CcidCommandChannel,
    private readonly timing: Rcs300Timing = {},
  ) {}

  /** End a session an earlier program may have left open, start ours, cycle the field (felica-rs start_transparent_session). */
  async startSession(): Promise<string> {
    await this.session(endSession()).catch(() => undefined);
    await this.session(startSession());
    await this.fieldOff();
    const firmware = await this.escape(getFirmwareVersion()).catch(() => undefined);
    return firmware && firmware.length >= 2 && firmware.at(-2) === 0x90 && firmware.at(-1) === 0x00 ? versionText(firmware.subarray(0, -2)) : 'unknown';
  }

  /** RF off and end the session, so the next program (or page) can start one. Errors are ignored. */
  async endSession(): Promise<void> {
    await this.fieldOff().catch(() => undefined);
    await this.session(endSession()).catch(() => undefined);
  }

  async configure(rate: TypeBBitRate): Promise<void> {
    if (rate === 106) {
      await this.fieldOn();
      await this.session(switchProtocol(STANDARD.typeB, this.timing.typeBLayer ?? 4));
      this.mode = { tech: 'B' };
      this.shortFrameSent = false;
      await pause(this.timing.switchGuardMs ?? 20);
      return;
    }
    await this.session(setCommunicationSpeed(rate));
  }

  async configureTypeA(rate: TypeBBitRate, framing: TypeAFraming): Promise<void> {
    if (rate === 106) {
      if (this.mode?.tech !== 'A' || !this.fieldIsOn) {
        await this.fieldOn();
        await this.session(switchProtocol(STANDARD.typeA, this.timing.typeALayer ?? 3));
        this.shortFrameSent = false;
        await pause(this.timing.switchGuardMs ?? 20);
      }
    } else {
      await this.session(setCommunicationSpeed(rate));
    }
    this.mode = { tech: 'A', framing };
  }

  private async fieldOn(): Promise<void> {
    if (this.fieldIsOn) return;
    await this.session(rfOn());
    this.fieldIsOn = true;
    await pause(this.timing.rfOnGuardMs ?? 21);
  }

  async fieldOff(): Promise<void> {
    this.fieldIsOn = false;
    this.mode = undefined;
    await this.session(rfOff());
    await pause(this.timing.rfOffGuardMs ?? 30);
  }

  readonly exchange = async (frame: Uint8Array, timeoutMs: number): Promise<Uint8Array> => {
    const answer = parseSessionAnswer(await this.escape(this.transceiveCommand(frame, timeoutMs)));
    if (answer.sw !== STATUS_SW.ok) throw new TransportError('protocol', `transparent exchange ended with SW ${hex4(answer.sw)}`);
    const sw = answer.status?.sw ?? STATUS_SW.ok;
    if (sw === STATUS_SW.noIccResponse) throw new RfExchangeError('rf-timeout', 'no answer from the card');
    if (sw === STATUS_SW.failed || (answer.responseStatus !== undefined && answer.responseStatus !== 0)) {
      throw new RfExchangeError('rf-garbled', `damaged answer from the card (status ${hex4(sw)}, response status ${hex4(answer.responseStatus ?? 0)})`);
    }
    if (sw !== STATUS_SW.ok) throw new TransportError('protocol', `transparent exchange failed: status ${hex4(sw)} at data object ${answer.status?.object ?? 0}`);
    if (answer.rxBits !== undefined && answer.rxBits !== 0) throw new RfExchangeError('rf-garbled', `answer of ${answer.rxBits} bits in its last byte`);
    if (!answer.iccResponse || answer.iccResponse.length === 0) throw new RfExchangeError('rf-timeout', 'no answer from the card');
    return answer.iccResponse;
  };

  /** The transparent exchange for the current mode (Type B by default). */
  private transceiveCommand(frame: Uint8Array, timeoutMs: number): Uint8Array {
    if (this.mode?.tech !== 'A') return transceive(frame, timeoutMs, TYPE_B_FLAGS);
    const short = this.mode.framing === 'short-frame';
    const txBits = short ? 7 : this.shortFrameSent ? 0 : undefined;
    this.shortFrameSent = short;
    return transceive(frame, timeoutMs, this.mode.framing === 'standard' ? TYPE_A_FLAGS : TYPE_A_FLAGS_NO_CRC, txBits);
  }

  /** A manage-session or switch-protocol command; anything but C0 00 90 00 + 90 00 is a protocol error. */
  private async session(command: Uint8Array): Promise<SessionAnswer> {
    const answer = parseSessionAnswer(await this.escape(command));
    const sw = answer.status?.sw ?? answer.sw;
    if (answer.sw !== STATUS_SW.ok || sw !== STATUS_SW.ok) throw new TransportError('protocol', `transparent-session command ${hex4((command[3]! << 8) | (command[5] ?? 0))} refused: ${hex4(answer.sw)} / ${hex4(sw)}`);
    return answer;
  }

  /** One PC_to_RDR_Escape; the RDR_to_PC_Escape data back. */
  private async escape(pseudoApdu: Uint8Array): Promise<Uint8Array> {
    const retries = this.timing.busyRetries ?? 4;
    // Bounded: one attempt plus `retries` while the slot is busy.
    for (let attempt = 0; ; attempt++) {
      const r = await this.channel.command(PC_TO_RDR.Escape, [0, 0, 0], pseudoApdu);
      if (r.commandStatus !== 'failed') return r.data;
      if (r.error !== SLOT_ERROR.CMD_SLOT_BUSY || attempt >= retries) throw commandFailure(r.error);
      await pause(this.timing.busyRetryMs ?? 50);
    }
  }
}

function hex4(n: number): string {
  return n.toString(16).padStart(4, '0').toUpperCase();
}

function versionText(bytes: Uint8Array): string {
  return Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join('.');
}
