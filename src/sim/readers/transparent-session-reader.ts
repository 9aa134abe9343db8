/**
 * The RC-S300's vendor interface 1 as the emulator plays it: PC/SC Part 3 transparent-session
 * pseudo-APDUs arriving in CCID PC_to_RDR_Escape messages, answered with data objects and a
 * status word. Frames go to the shared RF field (type-b-field.ts), Type B or Type A.
 *
 * Written from the sources, independently of src/transport/webusb-rcs300 (which it checks):
 * PC/SC Part 3 supplement objects as ACS (ACM1252U-Y3 reference manual §5.2.3) and Identive
 * (CLOUD 47x0 F manual §6.2.9) document them; the RC-S300 framing from marimelon/rcs300-poc,
 * laddge/esp32-pasori-rcs300 and soltia48/felica-rs (INS 50; short form for manage session and
 * switch protocol; extended Lc and three trailing zero bytes for transparent exchange; answers
 * `C0 03 00 90 00 92 01 00 96 02 00 00 97 <len> <frame> 90 00`; FF 56 00 00 firmware version).
 *
 * Emulator choices where nothing public says what an RC-S300 does (all UNCONFIRMED):
 * - Type B frames are carried after Switch Protocol `8F 02 01 <any layer>`, with Tx/Rx flags
 *   00 1C (CRC_B by the reader, no parity, no prologue); other flags are refused (6A 80);
 * - Type A frames are carried after Switch Protocol `8F 02 00 <any layer>` (felica-rs sends
 *   `00 03`), with flags 00 10 (CRC_A added and removed, parity, no prologue) or 00 13 (no CRC_A
 *   either way) and the transmission bit framing `91 01 <bits>` (0 = whole bytes), which the
 *   reader keeps from one exchange to the next until Switch Protocol resets it (felica-rs);
 *   other flags are refused (6A 80); a Type A answer with CRC_A while CRC is not removed keeps
 *   its two CRC bytes, one without CRC_A while CRC is removed is a damaged answer;
 * - a frame the card does not answer: `C0 03 <index of the 95 object> 64 01` (PC/SC "no
 *   response from the ICC"); a damaged one: `C0 03 00 90 00` with response status `96 02 01 00`
 *   and no 97 object;
 * - Set Parameter `FF 6E … 05 01 <(DRI << 3) | DSI>` sets the rate both ways (felica-rs' speed
 *   code); Switch Protocol resets it to 106 kbit/s;
 * - commands other than start session without a session: `C0 03 <index> 69 85`; an unknown data
 *   object: `6A 81`; a transparent exchange without the 5F46 timer: `6A 80` (measured as
 *   mandatory in an ESP32 library, reference browser-readers.md §2.5);
 * - ending the session switches the field off.
 */
import { typeBMode, type RfMode, type TypeBField } from './type-b-field';
import type { PiccBitRate } from './type-b-picc';

const RATES: readonly PiccBitRate[] = [106, 212, 424, 848];

interface DataObject {
  readonly tag: number;
  readonly value: Uint8Array;
}

/** What the emulator saw of each pseudo-APDU, for tests (never the frames: they may hold a PIN). */
export interface SessionLogEntry {
  readonly p2: number | undefined;
  readonly tags: readonly number[];
  readonly status: string;
}

export interface TransparentSessionFaults {
  /** Answer this many of the next escape messages with CMD_SLOT_BUSY. */
  busy: number;
}

const sw = (value: number): Uint8Array => Uint8Array.of(value >> 8, value & 0xff);

function status(index: number, word: number): Uint8Array {
  return Uint8Array.of(0xc0, 0x03, index, word >> 8, word & 0xff);
}

function berLength(n: number): number[] {
  return n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
}

/** Data objects of a command, or undefined if they do not parse exactly. */
function dataObjects(bytes: Uint8Array): DataObject[] | undefined {
  const out: DataObject[] = [];
  let at = 0;
  while (at < bytes.length) {
    let tag = bytes[at++]!;
    if ((tag & 0x1f) === 0x1f) {
      if (at >= bytes.length) return undefined;
      tag = (tag << 8) | bytes[at++]!;
    }
    if (at >= bytes.length) return undefined;
    let length = bytes[at++]!;
    if (length === 0x81 || length === 0x82) {
      const n = length - 0x80;
      if (at + n > bytes.length) return undefined;
      length = n === 1 ? bytes[at]! : (bytes[at]! << 8) | bytes[at + 1]!;
      at += n;
    } else if (length > 0x80) {
      return undefined;
    }
    if (at + length > bytes.length) return undefined;
    out.push({ tag, value: bytes.slice(at, at + length) });
    at += length;
  }
  return out;
}

export class TransparentSessionReader {
  readonly log: SessionLogEntry[] = [];
  faults: TransparentSessionFaults = { busy: 0 };
  private session = false;
  private technology: 'A' | 'B' | undefined;
  private rate: PiccBitRate = 106;
  /** Transmission bit framing (91): valid bits of the last byte, 0 = 8; kept until changed. */
  private txBits = 0;

  constructor(
    private readonly field: TypeBField,
    /** FF 56 00 00 answer (4 bytes). */
    private readonly firmwareVersion: readonly number[] = [0x01, 0x00, 0x05, 0x00],
  ) {}

  get sessionOpen(): boolean {
    return this.session;
  }

  /** The reader's Type B rate (both ways). */
  get bitRate(): PiccBitRate {
    return this.rate;
  }

  /** One PC_to_RDR_Escape's data; the RDR_to_PC_Escape data, 'busy', or undefined (unplugged). */
  async escape(apdu: Uint8Array): Promise<Uint8Array | 'busy' | undefined> {
    if (this.faults.busy > 0) {
      this.faults.busy--;
      return 'busy';
    }
    if (apdu.length === 4 && apdu[0] === 0xff && apdu[1] === 0x56 && apdu[2] === 0 && apdu[3] === 0) {
      this.log.push({ p2: undefined, tags: [], status: 'version' });
      return Uint8Array.of(...this.firmwareVersion, 0x90, 0x00);
    }
    if (apdu.length < 5 || apdu[0] !== 0xff || apdu[1] !== 0x50 || apdu[2] !== 0x00) return this.done(undefined, [], 'unknown command', sw(0x6d00));
    const p2 = apdu[3]!;
    const body = this.body(p2, apdu);
    if (!body) return this.done(p2, [], 'wrong length', sw(0x6700));
    const objects = dataObjects(body);
    if (!objects || objects.length === 0) return this.done(p2, [], 'malformed data objects', sw(0x6a80));
    const tags = objects.map((o) => o.tag);
    switch (p2) {
      case 0x00:
        return this.done(p2, tags, ...this.manage(objects));
      case 0x02:
        return this.done(p2, tags, ...this.switchProtocol(objects));
      case 0x01: {
        const answer = await this.exchange(objects);
        if (answer === undefined) return undefined;
        return this.done(p2, tags, ...answer);
      }
      default:
        return this.done(p2, tags, 'unknown P2', sw(0x6a86));
    }
  }

  /** The data objects' bytes: short form `Lc data 00` for P2 00 / 02, extended `00 Lc2 data 00 00 00` for P2 01. */
  private body(p2: number, apdu: Uint8Array): Uint8Array | undefined {
    if (p2 === 0x01) {
      if (apdu.length < 10 || apdu[4] !== 0x00) return undefined;
      const lc = (apdu[5]! << 8) | apdu[6]!;
      if (apdu.length !== 7 + lc + 3 || apdu.subarray(7 + lc).some((b) => b !== 0)) return undefined;
      return apdu.subarray(7, 7 + lc);
    }
    const lc = apdu[4]!;
    if (apdu.length !== 5 + lc + 1 || apdu[5 + lc] !== 0x00) return undefined;
    return apdu.subarray(5, 5 + lc);
  }

  private done(p2: number | undefined, tags: readonly number[], what: string, answer: Uint8Array): Uint8Array {
    this.log.push({ p2, tags, status: what });
    return answer;
  }

  private ok(): [string, Uint8Array] {
    return ['ok', Uint8Array.of(...status(0, 0x9000), 0x90, 0x00)];
  }

  private refuse(index: number, word: number, what: string): [string, Uint8Array] {
    return [what, Uint8Array.of(...status(index, word), 0x90, 0x00)];
  }

  private manage(objects: readonly DataObject[]): [string, Uint8Array] {
    for (const [i, o] of objects.entries()) {
      const index = i + 1;
      if (o.tag === 0x81) {
        this.session = true;
        continue;
      }
      if (!this.session) return this.refuse(index, 0x6985, 'no session');
      switch (o.tag) {
        case 0x82:
          this.session = false;
          this.technology = undefined;
          this.field.field(false);
          break;
        case 0x83:
          this.field.field(false);
          break;
        case 0x84:
          this.field.field(true);
          break;
        case 0x5f46:
          break;
        case 0xff6e:
          if (!this.setParameters(o.value)) return this.refuse(index, 0x6a80, 'bad parameter');
          break;
        default:
          return this.refuse(index, 0x6a81, 'data object not supported');
      }
    }
    return this.ok();
  }

  /** Set Parameter sub-objects: 05 (speed) is acted on; 01 (FSDI) and 08 (CID) are taken and ignored. */
  private setParameters(value: Uint8Array): boolean {
    const subs = dataObjects(value);
    if (!subs) return false;
    for (const s of subs) {
      if (s.tag === 0x05) {
        if (s.value.length !== 1) return false;
        const dri = (s.value[0]! >> 3) & 0x07;
        const dsi = s.value[0]! & 0x07;
        if (dri !== dsi || dri > 3) return false;
        this.rate = RATES[dri]!;
      } else if (s.tag !== 0x01 && s.tag !== 0x08) {
        return false;
      }
    }
    return true;
  }

  private switchProtocol(objects: readonly DataObject[]): [string, Uint8Array] {
    if (!this.session) return this.refuse(1, 0x6985, 'no session');
    for (const [i, o] of objects.entries()) {
      if (o.tag === 0xff6e) {
        if (!this.setParameters(o.value)) return this.refuse(i + 1, 0x6a80, 'bad parameter');
        continue;
      }
      if (o.tag !== 0x8f || o.value.length !== 2) return this.refuse(i + 1, 0x6a81, 'data object not supported');
      this.technology = o.value[0] === 0x01 ? 'B' : o.value[0] === 0x00 ? 'A' : undefined;
      this.rate = 106;
      this.txBits = 0;
    }
    return this.ok();
  }

  /** How the frame goes on air. */
  private mode(flags: number | undefined): RfMode | undefined {
    if (this.technology === 'B') return typeBMode(this.rate);
    if (this.technology !== 'A') return undefined;
    const crc = flags === 0x0010;
    return { technology: 'A', rate: this.rate, addCrc: crc, checkCrc: crc, lastByteBits: this.txBits === 0 ? 8 : this.txBits, parity: true };
  }

  private async exchange(objects: readonly DataObject[]): Promise<[string, Uint8Array] | undefined> {
    if (!this.session) return this.refuse(1, 0x6985, 'no session');
    let flags: number | undefined;
    let timeoutUs: number | undefined;
    let frame: Uint8Array | undefined;
    let frameIndex = 0;
    for (const [i, o] of objects.entries()) {
      if (o.tag === 0x90 && o.value.length === 2) flags = (o.value[0]! << 8) | o.value[1]!;
      else if (o.tag === 0x91 && o.value.length === 1 && o.value[0]! <= 7) this.txBits = o.value[0]!;
      else if (o.tag === 0x5f46 && o.value.length === 4) timeoutUs = new DataView(o.value.buffer, o.value.byteOffset, 4).getUint32(0, true);
      else if (o.tag === 0x95 && o.value.length > 0) {
        frame = o.value;
        frameIndex = i + 1;
      } else return this.refuse(i + 1, 0x6a81, 'data object not supported');
    }
    if (!frame || timeoutUs === undefined) return this.refuse(0, 0x6a80, 'transceive without its timer');
    if (this.technology === 'B' && flags !== 0x001c) return this.refuse(1, 0x6a80, 'flags other than 00 1C for Type B');
    if (this.technology === 'A' && flags !== 0x0010 && flags !== 0x0013) return this.refuse(1, 0x6a80, 'flags other than 00 10 / 00 13 for Type A');
    const result = await this.field.exchange(frame, timeoutUs / 1000, this.field.fieldOn ? this.mode(flags) : undefined);
    switch (result.kind) {
      case 'unplugged':
        return undefined;
      case 'timeout':
        return this.refuse(frameIndex, 0x6401, 'no answer');
      case 'garbled':
        return ['garbled', Uint8Array.of(...status(0, 0x9000), 0x96, 0x02, 0x01, 0x00, 0x90, 0x00)];
      case 'answer':
        return [
          'answered',
          Uint8Array.of(...status(0, 0x9000), 0x92, 0x01, 0x00, 0x96, 0x02, 0x00, 0x00, 0x97, ...berLength(result.frame.length), ...result.frame, 0x90, 0x00),
        ];
    }
  }
}
