/**
 * The NFC Port-100 command layer: one command at a time, `D6 <cmd> <params>` in a frame, the
 * reader's ACK, then `D7 <cmd+1> <result>`. Facts: reference §2.1–§2.2; nfcpy
 * `src/nfc/clf/rcs380.py` (Chipset.__init__, send_command, in_set_rf, in_set_protocol,
 * in_comm_rf, switch_rf, close).
 */
import { TransportError } from '../card-transport';
import { RfExchangeError } from '../iso-dep/frame-exchanger';
import type { TypeBBitRate } from '../iso-dep/type-b-bit-rate';
import type { RfFrontEnd } from '../iso-dep/rf-card-link';
import type { TypeAFraming } from '../iso-dep/type-a-card-link';
import {
  describeInCommRfStatus,
  IN_COMM_RF_GARBLED,
  IN_COMM_RF_STATUS,
  IN_SET_PROTOCOL_CRC_OFF,
  IN_SET_PROTOCOL_CRC_ON,
  IN_SET_PROTOCOL_DEFAULTS,
  IN_SET_PROTOCOL_TYPE_A,
  IN_SET_PROTOCOL_TYPE_A_BYTES,
  IN_SET_PROTOCOL_TYPE_A_SHORT_FRAME,
  IN_SET_PROTOCOL_TYPE_B,
  inSetRfTypeAPayload,
  inCommRfParams,
  inCommRfTimeoutUnits,
  inSetRfPayload,
  parseInCommRfResponse,
  port100StatusName,
  PORT100_COMMAND,
  PORT100_COMMAND_PREFIX,
  PORT100_RESPONSE_PREFIX,
  PORT100_TYPE_A_RATES,
  PORT100_TYPE_B_RATES,
  type InCommRfResult,
} from './port100-commands';
import { encodePort100Frame, Port100FrameAssembler, PORT100_ACK, type Port100Frame } from './port100-frame';
import type { Port100UsbLink } from './port100-usb-link';

export interface Port100Timing {
  /** How long the reader may take to ACK a command (default 500 ms). */
  readonly ackTimeoutMs?: number;
  /** Extra time, beyond the command's own RF timeout, for its response (default 500 ms). */
  readonly responseMarginMs?: number;
  /** How long to drain stale input after an abort (default 20 ms; nfcpy drains with 10 ms reads). */
  readonly drainMs?: number;
}

export interface Port100Versions {
  /** e.g. "1.11" (nfcpy prints major.minor from the two bytes, minor first). */
  readonly firmware: string;
  readonly pdData: string;
}

/** Frames from a previous, aborted command that may still arrive; skipped, but only this many. */
const MAX_STALE_FRAMES = 4;

/** RC-S380 limit on the RF payload of one InCommRF (nfcpy get_max_send/recv_data_size). */
export const PORT100_MAX_RF_PAYLOAD = 290;

export class Port100Chipset implements RfFrontEnd {
  readonly bitRates = PORT100_TYPE_B_RATES;
  readonly typeABitRates = PORT100_TYPE_A_RATES;
  readonly maxFramePayload = PORT100_MAX_RF_PAYLOAD;

  private readonly assembler = new Port100FrameAssembler();
  private queue: Promise<unknown> = Promise.resolve();
  private needsResync = false;
  private readonly ackTimeoutMs: number;
  private readonly responseMarginMs: number;
  private readonly drainMs: number;
  /** The Type A settings last sent (undefined after Type B settings or none), so only the changes are sent. */
  private typeA: { readonly rate: TypeBBitRate; readonly framing: TypeAFraming } | undefined;

  constructor(
    readonly link: Port100UsbLink,
    timing: Port100Timing = {},
  ) {
    this.ackTimeoutMs = timing.ackTimeoutMs ?? 500;
    this.responseMarginMs = timing.responseMarginMs ?? 500;
    this.drainMs = timing.drainMs ?? 20;
  }

  /** ACK (soft reset) → drain → SetCommandType(1) → GetFirmwareVersion → GetPDDataVersion → SwitchRF(off). */
  async initialize(): Promise<Port100Versions> {
    return this.exclusive(async () => {
      await this.abortAndDrain();
      await this.statusCommand(PORT100_COMMAND.SetCommandType, Uint8Array.of(0x01), 'SetCommandType');
      const fw = await this.command(PORT100_COMMAND.GetFirmwareVersion, new Uint8Array(0));
      const pd = await this.command(PORT100_COMMAND.GetPDDataVersion, new Uint8Array(0));
      if (fw.length < 2 || pd.length < 2) throw new TransportError('protocol', 'short version answer');
      await this.statusCommand(PORT100_COMMAND.SwitchRF, Uint8Array.of(0x00), 'SwitchRF');
      return { firmware: version(fw), pdData: version(pd) };
    });
  }

  /**
   * InSetRF(Type B rate) → InSetProtocol(defaults) → InSetProtocol(Type B overrides), as nfcpy
   * sense_ttb. Also used to change the rate after ATTRIB: whether InSetRF alone would keep the
   * protocol settings is UNCONFIRMED, so they are sent again (they change nothing on the card).
   */
  async configure(rate: TypeBBitRate): Promise<void> {
    return this.exclusive(async () => {
      this.typeA = undefined;
      await this.statusCommand(PORT100_COMMAND.InSetRF, inSetRfPayload(rate), 'InSetRF');
      await this.statusCommand(PORT100_COMMAND.InSetProtocol, IN_SET_PROTOCOL_DEFAULTS, 'InSetProtocol');
      await this.statusCommand(PORT100_COMMAND.InSetProtocol, IN_SET_PROTOCOL_TYPE_B, 'InSetProtocol');
    });
  }

  /**
   * Type A, the nfcpy sense_tta / send_cmd_recv_rsp byte sequence:
   * - 'short-frame': InSetRF(106A) → defaults → `01 00 02 00 05 01 00 06 07 07` (no CRC, 7 bits);
   * - 'anticollision': `04 01 07 08` (parity, 8 bits) if coming from the short frame, then `01 00 02 00`;
   * - 'standard' after the anticollision: `01 01 02 01` (CRC_A on); after the short frame (HLTA
   *   after WUPA): `04 01 07 08` then `01 01 02 01`; at a new rate (after PPS): InSetRF(rate A)
   *   → defaults → `04 01 05 01`.
   * Only what changed is sent; the settings live in the reader, so they outlast SwitchRF
   * (UNCONFIRMED; the link sends the short frame settings again after every field restart anyway).
   */
  async configureTypeA(rate: TypeBBitRate, framing: TypeAFraming): Promise<void> {
    return this.exclusive(async () => {
      const was = this.typeA;
      const protocol = (bytes: Uint8Array) => this.statusCommand(PORT100_COMMAND.InSetProtocol, bytes, 'InSetProtocol');
      this.typeA = undefined;
      if (framing === 'short-frame' || !was || was.rate !== rate) {
        await this.statusCommand(PORT100_COMMAND.InSetRF, inSetRfTypeAPayload(rate), 'InSetRF');
        await protocol(IN_SET_PROTOCOL_DEFAULTS);
        if (framing === 'short-frame') await protocol(IN_SET_PROTOCOL_TYPE_A_SHORT_FRAME);
        else {
          await protocol(IN_SET_PROTOCOL_TYPE_A);
          if (framing === 'anticollision') await protocol(IN_SET_PROTOCOL_CRC_OFF);
        }
      } else if (was.framing !== framing) {
        if (was.framing === 'short-frame') await protocol(IN_SET_PROTOCOL_TYPE_A_BYTES);
        await protocol(framing === 'anticollision' ? IN_SET_PROTOCOL_CRC_OFF : IN_SET_PROTOCOL_CRC_ON);
      }
      this.typeA = { rate, framing };
    });
  }

  async switchRf(on: boolean): Promise<void> {
    return this.exclusive(() => this.statusCommand(PORT100_COMMAND.SwitchRF, Uint8Array.of(on ? 0x01 : 0x00), 'SwitchRF'));
  }

  fieldOff(): Promise<void> {
    return this.switchRf(false);
  }

  /** One RF exchange: the raw status and frame. */
  async inCommRf(rf: Uint8Array, timeoutMs: number): Promise<InCommRfResult> {
    return this.exclusive(async () => {
      const rfTimeoutMs = inCommRfTimeoutUnits(timeoutMs) / 10;
      const answer = await this.command(PORT100_COMMAND.InCommRF, inCommRfParams(rf, timeoutMs), rfTimeoutMs);
      return parseInCommRfResponse(answer);
    });
  }

  /**
   * A FrameExchanger for ISO-DEP: RECEIVE_TIMEOUT → RfExchangeError('rf-timeout'); CRC, parity,
   * collision, protocol, overflow, length → RfExchangeError('rf-garbled'); anything else (RF off,
   * temperature, transmit timeout, unknown bits) → TransportError('protocol').
   */
  readonly exchange = (frame: Uint8Array, timeoutMs: number): Promise<Uint8Array> => this.exchangeFrame(frame, timeoutMs);

  async exchangeFrame(frame: Uint8Array, timeoutMs: number): Promise<Uint8Array> {
    const { status, rf } = await this.inCommRf(frame, timeoutMs);
    if (status === 0) return rf;
    const what = describeInCommRfStatus(status);
    if ((status & IN_COMM_RF_STATUS.RECEIVE_TIMEOUT) !== 0) throw new RfExchangeError('rf-timeout', `no answer from the card (${what})`);
    if (((status & IN_COMM_RF_GARBLED) >>> 0) !== 0) throw new RfExchangeError('rf-garbled', `damaged answer from the card (${what})`);
    throw new TransportError('protocol', `InCommRF failed: ${what}`);
  }

  /** SwitchRF(off) then ACK, as nfcpy's close(). Errors are ignored. */
  async shutdown(): Promise<void> {
    await this.exclusive(async () => {
      try {
        await this.statusCommand(PORT100_COMMAND.SwitchRF, Uint8Array.of(0x00), 'SwitchRF');
      } catch {
        /* the reader may be gone */
      }
      try {
        await this.link.write(PORT100_ACK);
      } catch {
        /* the reader may be gone */
      }
    });
  }

  // ------------------------------------------------------------------ internals

  /** Run `fn` with the reader to ourselves: commands never interleave on the wire. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async abortAndDrain(): Promise<void> {
    await this.link.write(PORT100_ACK);
    this.assembler.clear();
    this.link.discard();
    // Read whatever an earlier session left behind, for at most a few short reads.
    for (let i = 0; i < 8; i++) {
      try {
        await this.link.read(this.drainMs);
      } catch (e) {
        if (e instanceof TransportError && e.code === 'timeout') break;
        throw e;
      }
    }
    this.assembler.clear();
    this.needsResync = false;
  }

  private async statusCommand(code: number, params: Uint8Array, name: string): Promise<void> {
    const answer = await this.command(code, params);
    if (answer.length < 1) throw new TransportError('protocol', `${name}: empty answer`);
    if (answer[0] !== 0) throw new TransportError('protocol', `${name} failed: ${port100StatusName(answer[0]!)}`);
  }

  /** Send a command; returns the response after `D7 <cmd+1>`. Caller holds `exclusive`. */
  private async command(code: number, params: Uint8Array, rfTimeoutMs = 0): Promise<Uint8Array> {
    if (this.needsResync) await this.abortAndDrain();
    const data = new Uint8Array(2 + params.length);
    data[0] = PORT100_COMMAND_PREFIX;
    data[1] = code;
    data.set(params, 2);
    await this.link.write(encodePort100Frame(data));
    try {
      await this.expect('ack', this.ackTimeoutMs, code);
      const response = await this.expect('data', rfTimeoutMs + this.responseMarginMs, code);
      if (response.length < 2 || response[0] !== PORT100_RESPONSE_PREFIX || response[1] !== ((code + 1) & 0xff)) {
        throw new TransportError('protocol', `unexpected answer ${hexByte(response[0])}${hexByte(response[1])} to command ${hexByte(code)}`);
      }
      return response.slice(2);
    } catch (e) {
      // After a timeout or a garbled frame we no longer know where the reader is: abort it
      // (host ACK) before the next command.
      if (e instanceof TransportError && (e.code === 'timeout' || e.code === 'protocol')) this.needsResync = true;
      throw e;
    }
  }

  private async expect(type: 'ack', timeoutMs: number, code: number): Promise<void>;
  private async expect(type: 'data', timeoutMs: number, code: number): Promise<Uint8Array>;
  private async expect(type: 'ack' | 'data', timeoutMs: number, code: number): Promise<Uint8Array | void> {
    const deadline = Date.now() + timeoutMs;
    let stale = 0;
    // Bounded: each pass reads one transfer before the deadline, or skips one of at most
    // MAX_STALE_FRAMES stale frames.
    for (;;) {
      const frame = await this.nextFrame(deadline - Date.now());
      if (frame.type === 'error') throw new TransportError('protocol', `the reader answered command ${hexByte(code)} with an error frame`);
      if (frame.type === 'corrupt') throw new TransportError('protocol', `corrupt frame from the reader: ${frame.reason}`);
      if (frame.type === type) return frame.type === 'data' ? frame.data : undefined;
      // A data frame while waiting for ACK (or a second ACK) belongs to an aborted command.
      if (++stale > MAX_STALE_FRAMES) throw new TransportError('protocol', `expected ${type} from the reader, got ${frame.type}`);
    }
  }

  private async nextFrame(timeoutMs: number): Promise<Port100Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const ready = this.assembler.next();
      if (ready) return ready;
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new TransportError('timeout', 'The reader did not answer in time');
      this.assembler.push(await this.link.read(remaining));
    }
  }
}

function version(bytes: Uint8Array): string {
  return `${bytes[1]!.toString(16)}.${bytes[0]!.toString(16).padStart(2, '0')}`;
}

function hexByte(b: number | undefined): string {
  return b === undefined ? '--' : b.toString(16).padStart(2, '0').toUpperCase();
}
