/**
 * The CCID function of an emulated reader, seen over USB: reassembles PC_to_RDR messages from
 * bulk OUT transfers, keeps one slot's state, answers RDR_to_PC messages, and raises
 * NotifySlotChange when a card comes or goes. The card behind the slot is any ApduResponder; the
 * reader does the card protocol itself (APDU exchange levels), so whole APDUs reach it.
 *
 * Facts: USB CCID rev 1.1 §6.1–§6.3 (message layouts, bStatus/bError, bSeq echo, time extension,
 * wLevelParameter / bChainParameter chaining at extended APDU level), libccid `src/ccid.h`
 * (status bits). Written independently of src/transport/webusb-ccid so the two check each other.
 *
 * Emulator choices where real readers differ or the spec leaves room (all UNCONFIRMED):
 * - GetSlotStatus with no card answers bmCommandStatus 0, bmICCStatus 2 (some readers also set
 *   "failed" with ICC_MUTE);
 * - IccPowerOn / XfrBlock with no card: failed, bmICCStatus 2, bError ICC_MUTE; XfrBlock to a
 *   present but unpowered card: failed, bmICCStatus 1, bError ICC_MUTE;
 * - at short APDU level an XfrBlock whose abData is not 4..261 bytes is refused with bError 1
 *   (dwLength); at extended level a chaining step out of order with bError 8 (wLevelParameter);
 * - at TPDU and character level XfrBlock is refused with bError 0 (command not supported): the
 *   emulator carries no T=0/T=1 card;
 * - a message announcing more than dwMaxCCIDMessageLength is answered with bError 1 and the
 *   buffered bytes are dropped;
 * - a command arriving while another one is processed is answered at once with CMD_SLOT_BUSY;
 * - bPowerSelect 00 (automatic) from a reader that does not advertise automatic voltage, or a
 *   voltage bVoltageSupport does not list, fails with bError 7 (the offset of bPowerSelect); a
 *   card powered at a voltage it does not work at stays mute (ICC_MUTE, bmICCStatus 1).
 */
import type { ApduResponder } from '../../transport/apdu-responder';
import type { CcidEmulatedLevel } from './ccid-descriptor';

const HEADER = 10;
const T_POWER_ON = 0x62;
const T_POWER_OFF = 0x63;
const T_GET_SLOT_STATUS = 0x65;
const T_XFR_BLOCK = 0x6f;
const T_GET_PARAMETERS = 0x6c;
const T_ESCAPE = 0x6b;
const R_DATA_BLOCK = 0x80;
const R_SLOT_STATUS = 0x81;
const R_PARAMETERS = 0x82;
const R_ESCAPE = 0x83;
const NOTIFY_SLOT_CHANGE = 0x50;

const ICC_ACTIVE = 0;
const ICC_INACTIVE = 1;
const ICC_ABSENT = 2;
const CMD_FAILED = 0x40;
const CMD_TIME_EXTENSION = 0x80;

const ERR_ICC_MUTE = 0xfe;
const ERR_CMD_SLOT_BUSY = 0xe0;
const ERR_CMD_NOT_SUPPORTED = 0x00;
const ERR_OFFSET_DWLENGTH = 1;
const ERR_OFFSET_BSLOT = 5;
const ERR_OFFSET_BPOWERSELECT = 7;
const ERR_OFFSET_WLEVEL = 8;

const MAX_EXTENDED_APDU = 65_544;

/** What the emulator sees of each command, for tests: never the message data (it may hold a PIN). */
export interface CcidMessageRecord {
  readonly index: number;
  readonly type: number;
  readonly slot: number;
  readonly seq: number;
  readonly dataLength: number;
  /** XfrBlock only. */
  readonly levelParameter?: number;
  /** IccPowerOn only: bPowerSelect. */
  readonly powerSelect?: number;
  /** How the firmware answered (before any fault the emulator applies). */
  outcome: 'answered' | 'failed' | 'no-card' | 'busy' | 'ignored';
  /** bChainParameter of the DataBlock answer, when there was one. */
  answerChain?: number;
  timeExtensions?: number;
}

export interface CcidFirmwareHooks {
  /**
   * A complete message arrived. Return false to never answer it (the reader was unplugged).
   * Runs before the message is handled, so the emulator can take the card away first.
   */
  onMessage(record: CcidMessageRecord): boolean;
  /** Time-extension requests to send before answering this XfrBlock (0 for none), and bError (the multiplier). */
  timeExtensions(record: CcidMessageRecord): { readonly count: number; readonly multiplier: number };
  /** Queue one bulk-IN message; `final` is false for time-extension messages. */
  answer(record: CcidMessageRecord, message: Uint8Array, final: boolean): void;
  /** Queue one interrupt-IN message. */
  notify(message: Uint8Array): void;
  /**
   * PC_to_RDR_Escape (§6.1.8): the vendor command's answer data, undefined to never answer (the
   * reader was unplugged), 'busy' to refuse it with CMD_SLOT_BUSY. Without this hook Escape is
   * not supported.
   */
  escape?(data: Uint8Array): Promise<Uint8Array | 'busy' | undefined>;
}

export interface CcidFirmwareOptions {
  readonly level: CcidEmulatedLevel;
  readonly maxMessageLength: number;
  readonly maxSlotIndex: number;
  /** The reader selects the voltage itself (dwFeatures 0x08). Default true. */
  readonly autoVoltage?: boolean;
  /** bVoltageSupport. Default 07. */
  readonly voltageSupport?: number;
  /** bPowerSelect values (1–3) the card answers at. Default all. */
  readonly cardVoltages?: readonly number[];
  /** Only PC_to_RDR_Escape is taken (a vendor interface speaking CCID framing, as the RC-S300's interface 1). */
  readonly escapeOnly?: boolean;
}

function message(type: number, slot: number, seq: number, status: number, error: number, specific: number, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const out = new Uint8Array(HEADER + data.length);
  out[0] = type;
  new DataView(out.buffer).setUint32(1, data.length, true);
  out[5] = slot;
  out[6] = seq;
  out[7] = status;
  out[8] = error;
  out[9] = specific;
  out.set(data, HEADER);
  return out;
}

export class CcidFirmware {
  private buffer = new Uint8Array(0);
  private card: ApduResponder | undefined;
  private powered = false;
  private busy = false;
  private index = 0;
  /** Extended level: a command APDU arriving in pieces, and the rest of a response being fetched. */
  private commandPieces: Uint8Array[] | undefined;
  private commandLength = 0;
  private pendingResponse: Uint8Array | undefined;

  constructor(
    private readonly options: CcidFirmwareOptions,
    private readonly hooks: CcidFirmwareHooks,
    firstIndex = 0,
  ) {
    this.index = firstIndex;
  }

  /** Messages seen so far (the next one gets this index). */
  get messageCount(): number {
    return this.index;
  }

  get cardPowered(): boolean {
    return this.powered;
  }

  get hasCard(): boolean {
    return this.card !== undefined;
  }

  /** A card enters the field (no power yet). */
  insert(card: ApduResponder): void {
    this.card = card;
    this.powered = false;
    this.resetChaining();
    this.notifySlot();
  }

  /** The card leaves: it loses power and every state. */
  remove(): void {
    if (!this.card) return;
    this.card.powerOff();
    this.card = undefined;
    this.powered = false;
    this.resetChaining();
    this.notifySlot();
  }

  /** One bulk OUT transfer (a ZLP is an empty one). Messages may span transfers. */
  onBulkOut(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    const joined = new Uint8Array(this.buffer.length + bytes.length);
    joined.set(this.buffer);
    joined.set(bytes, this.buffer.length);
    this.buffer = joined;
    // Each pass removes one message (or drops the buffer), so the loop ends.
    while (this.buffer.length >= HEADER) {
      const length = new DataView(this.buffer.buffer, this.buffer.byteOffset).getUint32(1, true);
      if (length > this.options.maxMessageLength - HEADER) {
        const head = this.buffer.subarray(0, HEADER);
        const record = this.record(head, length);
        this.buffer = new Uint8Array(0);
        if (!this.hooks.onMessage(record)) return;
        record.outcome = 'failed';
        this.hooks.answer(record, message(R_SLOT_STATUS, head[5]!, head[6]!, CMD_FAILED | this.iccStatus(), ERR_OFFSET_DWLENGTH, 0), true);
        return;
      }
      if (this.buffer.length < HEADER + length) return;
      const msg = this.buffer.slice(0, HEADER + length);
      this.buffer = this.buffer.slice(HEADER + length);
      void this.handle(msg);
    }
  }

  // ------------------------------------------------------------------ internals

  private record(head: Uint8Array, dataLength: number): CcidMessageRecord {
    const record: CcidMessageRecord = { index: this.index++, type: head[0]!, slot: head[5]!, seq: head[6]!, dataLength, outcome: 'answered' };
    if (head[0] === T_XFR_BLOCK) return { ...record, levelParameter: head[8]! | (head[9]! << 8) };
    if (head[0] === T_POWER_ON) return { ...record, powerSelect: head[7]! };
    return record;
  }

  private iccStatus(): number {
    if (!this.card) return ICC_ABSENT;
    return this.powered ? ICC_ACTIVE : ICC_INACTIVE;
  }

  private responseTypeOf(type: number): number {
    if (type === T_POWER_ON || type === T_XFR_BLOCK) return R_DATA_BLOCK;
    if (type === T_GET_PARAMETERS) return R_PARAMETERS;
    if (type === T_ESCAPE) return R_ESCAPE;
    return R_SLOT_STATUS;
  }

  private async handle(msg: Uint8Array): Promise<void> {
    const record = this.record(msg, msg.length - HEADER);
    if (!this.hooks.onMessage(record)) return;
    const { type, slot, seq } = record;
    const reply = (status: number, error: number, specific: number, data?: Uint8Array): void => {
      const responseType = this.responseTypeOf(type);
      if (responseType === R_DATA_BLOCK) record.answerChain = specific;
      this.hooks.answer(record, message(responseType, slot, seq, status, error, specific, data), true);
    };
    if (this.busy) {
      record.outcome = 'busy';
      reply(CMD_FAILED | this.iccStatus(), ERR_CMD_SLOT_BUSY, 0);
      return;
    }
    if (slot > this.options.maxSlotIndex) {
      record.outcome = 'failed';
      reply(CMD_FAILED | ICC_ABSENT, ERR_OFFSET_BSLOT, 0);
      return;
    }
    if (this.options.escapeOnly && type !== T_ESCAPE) {
      record.outcome = 'failed';
      return reply(CMD_FAILED | this.iccStatus(), ERR_CMD_NOT_SUPPORTED, 0);
    }
    this.busy = true;
    try {
      switch (type) {
        case T_ESCAPE: {
          if (!this.hooks.escape) break;
          const answer = await this.hooks.escape(msg.slice(HEADER));
          if (answer === undefined) {
            record.outcome = 'ignored';
            return;
          }
          if (answer === 'busy') {
            record.outcome = 'busy';
            return reply(CMD_FAILED | this.iccStatus(), ERR_CMD_SLOT_BUSY, 0);
          }
          return reply(this.iccStatus(), 0, 0, answer);
        }
        case T_POWER_ON:
          return this.powerOn(record, msg[7]!, reply);
        case T_POWER_OFF:
          this.card?.powerOff();
          this.powered = false;
          this.resetChaining();
          return reply(this.iccStatus(), 0, this.card ? 1 : 0);
        case T_GET_SLOT_STATUS:
          return reply(this.iccStatus(), 0, this.powered ? 0 : 1);
        case T_GET_PARAMETERS:
          if (!this.card) {
            record.outcome = 'no-card';
            return reply(CMD_FAILED | ICC_ABSENT, ERR_ICC_MUTE, 1);
          }
          // T=1 protocol data (§6.1.7): Fi/Di 0x11, TCCKS 0x10, guard 0, BWI/CWI 0x4D, clock stop 0, IFSC 254, NAD 0.
          return reply(this.iccStatus(), 0, 1, Uint8Array.of(0x11, 0x10, 0x00, 0x4d, 0x00, 0xfe, 0x00));
        case T_XFR_BLOCK:
          return await this.xfrBlock(record, msg.subarray(HEADER), reply);
      }
      record.outcome = 'failed';
      return reply(CMD_FAILED | this.iccStatus(), ERR_CMD_NOT_SUPPORTED, 0);
    } finally {
      this.busy = false;
    }
  }

  private powerOn(record: CcidMessageRecord, powerSelect: number, reply: (s: number, e: number, p: number, d?: Uint8Array) => void): void {
    const supported = this.options.voltageSupport ?? 0x07;
    const refused = powerSelect > 3 || (powerSelect === 0 ? this.options.autoVoltage === false : (supported & (1 << (powerSelect - 1))) === 0);
    if (refused) {
      record.outcome = 'failed';
      return reply(CMD_FAILED | this.iccStatus(), ERR_OFFSET_BPOWERSELECT, 0);
    }
    if (!this.card) {
      record.outcome = 'no-card';
      return reply(CMD_FAILED | ICC_ABSENT, ERR_ICC_MUTE, 0);
    }
    const works = this.options.cardVoltages;
    if (powerSelect !== 0 && works && !works.includes(powerSelect)) {
      // The card does not come up at this voltage: present, unpowered, silent.
      record.outcome = 'failed';
      return reply(CMD_FAILED | ICC_INACTIVE, ERR_ICC_MUTE, 0);
    }
    const atr = this.card.powerOn();
    this.powered = true;
    this.resetChaining();
    reply(ICC_ACTIVE, 0, 0, atr);
  }

  private async xfrBlock(record: CcidMessageRecord, data: Uint8Array, reply: (s: number, e: number, p: number, d?: Uint8Array) => void): Promise<void> {
    const card = this.card;
    if (!card || !this.powered) {
      record.outcome = card ? 'failed' : 'no-card';
      return reply(CMD_FAILED | this.iccStatus(), ERR_ICC_MUTE, 0);
    }
    const level = this.options.level;
    if (level === 'tpdu' || level === 'character') {
      record.outcome = 'failed';
      return reply(CMD_FAILED | ICC_ACTIVE, ERR_CMD_NOT_SUPPORTED, 0);
    }
    const maxData = this.options.maxMessageLength - HEADER;
    const badLevel = (): void => {
      record.outcome = 'failed';
      this.resetChaining();
      reply(CMD_FAILED | ICC_ACTIVE, ERR_OFFSET_WLEVEL, 0);
    };
    let apdu: Uint8Array;
    if (level === 'short-apdu') {
      if (data.length < 4 || data.length > 261) {
        record.outcome = 'failed';
        return reply(CMD_FAILED | ICC_ACTIVE, ERR_OFFSET_DWLENGTH, 0);
      }
      apdu = data.slice();
    } else {
      const wLevel = record.levelParameter ?? 0;
      switch (wLevel) {
        case 0x0000:
          if (this.commandPieces) return badLevel();
          if (data.length < 4) {
            record.outcome = 'failed';
            return reply(CMD_FAILED | ICC_ACTIVE, ERR_OFFSET_DWLENGTH, 0);
          }
          this.pendingResponse = undefined;
          apdu = data.slice();
          break;
        case 0x0001:
        case 0x0003:
          if ((wLevel === 0x0001) === (this.commandPieces !== undefined) || data.length === 0) return badLevel();
          this.commandPieces ??= [];
          this.commandPieces.push(data.slice());
          this.commandLength += data.length;
          if (this.commandLength > MAX_EXTENDED_APDU) return badLevel();
          // "Send the next piece of the command" (§6.2.1, bChainParameter 10h).
          return reply(ICC_ACTIVE, 0, 0x10);
        case 0x0002: {
          if (!this.commandPieces || data.length === 0) return badLevel();
          this.commandPieces.push(data.slice());
          const whole = new Uint8Array(this.commandLength + data.length);
          let at = 0;
          for (const p of this.commandPieces) {
            whole.set(p, at);
            at += p.length;
          }
          this.commandPieces = undefined;
          this.commandLength = 0;
          apdu = whole;
          break;
        }
        case 0x0010: {
          const rest = this.pendingResponse;
          if (!rest || data.length !== 0) return badLevel();
          const piece = rest.subarray(0, maxData);
          this.pendingResponse = rest.length > maxData ? rest.slice(maxData) : undefined;
          return reply(ICC_ACTIVE, 0, this.pendingResponse ? 0x03 : 0x02, piece.slice());
        }
        default:
          return badLevel();
      }
    }
    const extensions = this.hooks.timeExtensions(record);
    record.timeExtensions = extensions.count;
    for (let i = 0; i < extensions.count; i++) {
      this.hooks.answer(record, message(R_DATA_BLOCK, record.slot, record.seq, CMD_TIME_EXTENSION | ICC_ACTIVE, extensions.multiplier, 0), false);
    }
    const response = await card.process(apdu);
    if (this.card !== card || !this.powered) {
      // The card left (or lost power) while it was working on the command.
      record.outcome = 'no-card';
      return reply(CMD_FAILED | this.iccStatus(), ERR_ICC_MUTE, 0);
    }
    if (level === 'short-apdu' || response.length <= maxData) return reply(ICC_ACTIVE, 0, 0x00, response);
    this.pendingResponse = response.slice(maxData);
    reply(ICC_ACTIVE, 0, 0x01, response.slice(0, maxData));
  }

  private resetChaining(): void {
    this.commandPieces = undefined;
    this.commandLength = 0;
    this.pendingResponse = undefined;
  }

  private notifySlot(): void {
    // Slot 0: bit 0 present, bit 1 changed (§6.3.1).
    this.hooks.notify(Uint8Array.of(NOTIFY_SLOT_CHANGE, (this.card ? 1 : 0) | 0x02));
  }
}
