/**
 * An ISO/IEC 14443 Type A card (PICC) at the RF-frame level, in front of an ApduResponder (a
 * passport chip, or any simulated card): REQA/WUPA in a 7-bit short frame → ATQA; the
 * anticollision loop (SDD_REQ → UID CLn + BCC, SEL_REQ → SAK) over one, two or three cascade
 * levels; HLTA; RATS → ATS; PPS; then ISO-DEP (iso-dep-picc.ts, shared with the Type B card).
 *
 * Written on the card's side, independently of the host code in src/transport/iso-dep, from
 * ISO/IEC 14443-3 §6 (state machine IDLE / READY / ACTIVE / HALT and their starred "woken from
 * HALT" variants, ATQA coding, NVB, BCC, CT 88, SAK bits) and ISO/IEC 14443-4 §5 (RATS, ATS,
 * PPS). The framing matters: ATQA and SDD_RES go out without CRC_A, everything else with it; a
 * REQA/WUPA counts only as a 7-bit short frame; a frame with CRC_A where none belongs (or the
 * other way round), or without parity, is not understood and the card stays silent. A command
 * the card does not expect in READY or ACTIVE sends it back to IDLE (HALT if it was woken from
 * HALT), as §6.3 says. Rule breaks by the host are recorded in `violations`.
 */
import type { ApduResponder } from '../../transport/apdu-responder';
import { FRAME_SIZES, hexByte, IsoDepPicc, piccFwtMs, silent, type PiccReply, type WtxRequest } from './iso-dep-picc';
import type { PiccBitRate } from './type-b-picc';

export interface TypeACardOptions {
  /** UID: 4, 7 or 10 bytes. Default 7 bytes `04 4B 5A 53 55 41 31` (04: an NXP-style manufacturer byte). */
  readonly uid?: Uint8Array;
  /** SAK of the last cascade level. Default 20 (ISO/IEC 14443-4, no MIFARE). */
  readonly sak?: number;
  /** ATQA second byte (proprietary). Default 00. */
  readonly atqaHigh?: number;
  /** FSCI 0..8 in the ATS. Default 8 (256 bytes). */
  readonly fsci?: number;
  /**
   * TA(1): bit rates (same layout as Type B's Bit_Rate_capability: b8 same rate both ways, b7–b5
   * card → reader 848/424/212, b3–b1 reader → card 848/424/212). Default 00 (106 only); 77
   * offers 212, 424 and 848 both ways.
   */
  readonly ta?: number;
  /** FWI 0..14 in TB(1). Default 8 (≈ 77 ms). UNCONFIRMED for real passports (they vary). */
  readonly fwi?: number;
  /** SFGI 0..14 in TB(1). Default 0. */
  readonly sfgi?: number;
  /** TC(1). Default 02 (CID supported, NAD not). */
  readonly tc?: number;
  /** Leave TA/TB/TC out of the ATS (their defaults apply). Default: all present. */
  readonly omitInterfaceBytes?: boolean;
  /** Historical bytes. Default `80` (category indicator, nothing more). */
  readonly historicalBytes?: Uint8Array;
}

/** A frame as it reaches the card. */
export interface TypeAAirFrame {
  readonly bytes: Uint8Array;
  /** Bits of the last byte sent: 7 for a short frame, 8 otherwise. */
  readonly lastByteBits: number;
  /** The reader appended CRC_A (already checked here; `bytes` holds the frame without it). */
  readonly crc: boolean;
  /** The reader sent parity bits. */
  readonly parity: boolean;
}

export type TypeAPiccState = 'off' | 'idle' | 'ready' | 'active' | 'protocol' | 'halt';

const SEL = [0x93, 0x95, 0x97];
const RATES: readonly PiccBitRate[] = [106, 212, 424, 848];

export class TypeAPicc {
  readonly technology = 'A' as const;
  readonly uid: Uint8Array;
  readonly fsc: number;
  readonly fwtMs: number;
  private stateValue: TypeAPiccState = 'off';
  /** Woken from HALT (READY* / ACTIVE*): an unexpected command sends it back to HALT, not IDLE. */
  private fromHalt = false;
  /** Cascade level being resolved in READY (1..3). */
  private level = 1;
  private rateValue: PiccBitRate = 106;
  /** PPS is allowed only as the first block after the ATS. */
  private ppsAllowed = false;
  private ratsCid = 0;
  private readonly levels: Uint8Array[];
  private readonly atqa: Uint8Array;
  private readonly ats: Uint8Array;
  private readonly sak: number;
  private readonly ta: number;
  private readonly cidSupported: boolean;
  private readonly isoDep: IsoDepPicc;

  constructor(
    readonly responder: ApduResponder,
    options: TypeACardOptions = {},
    wtxFor: (apduIndex: number) => WtxRequest | undefined = () => undefined,
  ) {
    const uid = (options.uid ?? Uint8Array.of(0x04, 0x4b, 0x5a, 0x53, 0x55, 0x41, 0x31)).slice();
    if (![4, 7, 10].includes(uid.length)) throw new RangeError(`UID of ${uid.length} bytes`);
    this.uid = uid;
    // UID CLn per cascade level (ISO/IEC 14443-3 §6.5.4): CT 88 in front while the UID goes on.
    this.levels =
      uid.length === 4
        ? [uid]
        : uid.length === 7
          ? [Uint8Array.of(0x88, ...uid.subarray(0, 3)), uid.subarray(3, 7)]
          : [Uint8Array.of(0x88, ...uid.subarray(0, 3)), Uint8Array.of(0x88, ...uid.subarray(3, 6)), uid.subarray(6, 10)];
    const sizeBits = uid.length === 4 ? 0 : uid.length === 7 ? 1 : 2;
    this.atqa = Uint8Array.of((sizeBits << 6) | 0x04, options.atqaHigh ?? 0x00);
    this.sak = (options.sak ?? 0x20) & ~0x04;
    const fsci = Math.max(0, Math.min(8, options.fsci ?? 8));
    const fwi = Math.max(0, Math.min(14, options.fwi ?? 8));
    const sfgi = Math.max(0, Math.min(14, options.sfgi ?? 0));
    this.ta = options.omitInterfaceBytes ? 0 : (options.ta ?? 0x00) & 0xff;
    const tc = options.omitInterfaceBytes ? 0x02 : (options.tc ?? 0x02) & 0x03;
    this.cidSupported = (tc & 0x02) !== 0;
    this.fsc = FRAME_SIZES[fsci]!;
    this.fwtMs = piccFwtMs(options.omitInterfaceBytes ? 4 : fwi);
    const historical = options.historicalBytes ?? Uint8Array.of(0x80);
    const body = options.omitInterfaceBytes ? [fsci] : [0x70 | fsci, this.ta, (fwi << 4) | sfgi, tc];
    this.ats = Uint8Array.of(1 + body.length + historical.length, ...body, ...historical);
    this.isoDep = new IsoDepPicc(responder, {
      fsc: this.fsc,
      fwtMs: this.fwtMs,
      wtxFor,
      deselected: () => {
        this.stateValue = 'halt';
        this.rateValue = 106;
      },
      alive: () => this.stateValue === 'protocol',
    });
  }

  get apduCount(): number {
    return this.isoDep.apduCount;
  }

  get violations(): string[] {
    return this.isoDep.violations;
  }

  get state(): TypeAPiccState {
    return this.stateValue;
  }

  get bitRate(): PiccBitRate {
    return this.rateValue;
  }

  /** The ATS the card sends (for tests). */
  get atsBytes(): Uint8Array {
    return this.ats.slice();
  }

  fieldOn(): void {
    if (this.stateValue === 'off') this.stateValue = 'idle';
  }

  fieldOff(): void {
    if (this.stateValue === 'protocol') this.responder.powerOff();
    this.stateValue = 'off';
    this.rateValue = 106;
    this.fromHalt = false;
    this.isoDep.reset();
  }

  /** A frame from the reader at `rate`. */
  async receive(frame: TypeAAirFrame, rate: PiccBitRate = 106): Promise<PiccReply> {
    if (rate !== this.rateValue) return silent(`frame at ${rate} kbit/s, card at ${this.rateValue}`);
    if (this.stateValue === 'off') return silent('card not powered');
    const short = frame.lastByteBits === 7 && frame.bytes.length === 1 && !frame.crc;
    if (short) return this.shortFrame(frame.bytes[0]!);
    if (frame.lastByteBits !== 8 || !frame.parity) return this.unexpected('a frame without parity or whole bytes');
    switch (this.stateValue) {
      case 'idle':
      case 'halt':
        return silent(`frame ${hexByte(frame.bytes[0])} in ${this.stateValue}`);
      case 'ready':
        return this.anticollision(frame);
      case 'active':
        return this.layer4Entry(frame);
      case 'protocol':
        if (!frame.crc) return silent('ISO-DEP block without CRC_A');
        return this.protocolBlock(frame.bytes);
    }
  }

  // ---------------------------------------------------------------- ISO 14443-3 A

  private shortFrame(code: number): PiccReply {
    const wake = code === 0x52;
    if (code !== 0x26 && !wake) return this.unexpected(`short frame ${hexByte(code)}`);
    if (this.stateValue === 'protocol') return silent('short frame during ISO-DEP');
    if (this.stateValue === 'halt' && !wake) return silent('REQA in HALT');
    if (this.stateValue === 'ready' || this.stateValue === 'active') return this.unexpected('REQA/WUPA while selected');
    this.fromHalt = this.stateValue === 'halt';
    this.stateValue = 'ready';
    this.level = 1;
    return { kind: 'answer', frame: this.atqa.slice(), minTimeoutMs: 0, crc: false };
  }

  /** An unexpected command in READY or ACTIVE: back to IDLE, or HALT when woken from it. */
  private unexpected(what: string): PiccReply {
    if (this.stateValue === 'ready' || this.stateValue === 'active') this.stateValue = this.fromHalt ? 'halt' : 'idle';
    return silent(what);
  }

  private anticollision(frame: TypeAAirFrame): PiccReply {
    const b = frame.bytes;
    const sel = SEL[this.level - 1]!;
    const cl = this.levels[this.level - 1]!;
    if (b[0] !== sel) return this.unexpected(`${hexByte(b[0])} in READY at cascade level ${this.level}`);
    if (b.length === 2 && b[1] === 0x20 && !frame.crc) {
      return { kind: 'answer', frame: Uint8Array.of(...cl, cl[0]! ^ cl[1]! ^ cl[2]! ^ cl[3]!), minTimeoutMs: 0, crc: false };
    }
    if (b.length === 7 && b[1] === 0x70 && frame.crc) {
      const bcc = cl[0]! ^ cl[1]! ^ cl[2]! ^ cl[3]!;
      if (b[6] !== bcc || cl.some((x, i) => b[2 + i] !== x)) return this.unexpected('SELECT for another UID');
      if (this.level < this.levels.length) {
        this.level++;
        return { kind: 'answer', frame: Uint8Array.of(0x04), minTimeoutMs: 0 };
      }
      this.stateValue = 'active';
      return { kind: 'answer', frame: Uint8Array.of(this.sak), minTimeoutMs: 0 };
    }
    // Only NVB 20 and 70 are modelled (one card in the field: no bit collisions to resolve).
    return this.unexpected(`anticollision frame of ${b.length} bytes, NVB ${hexByte(b[1])}, ${frame.crc ? 'with' : 'without'} CRC_A`);
  }

  /** ACTIVE: HLTA, or RATS into ISO/IEC 14443-4. */
  private layer4Entry(frame: TypeAAirFrame): PiccReply {
    const b = frame.bytes;
    if (!frame.crc) return this.unexpected('frame without CRC_A in ACTIVE');
    if (b.length === 2 && b[0] === 0x50 && b[1] === 0x00) {
      this.stateValue = 'halt';
      return silent('HLTA: the card does not answer');
    }
    if (b.length === 2 && b[0] === 0xe0) {
      const fsdi = b[1]! >> 4;
      const cid = b[1]! & 0x0f;
      if (cid === 15) return this.unexpected('RATS with CID 15 (RFU)');
      this.ratsCid = cid;
      this.stateValue = 'protocol';
      this.ppsAllowed = true;
      // FSDI above 8 is RFU: read as 256 bytes.
      this.isoDep.start(FRAME_SIZES[Math.min(8, fsdi)]!, this.cidSupported ? cid : undefined);
      return { kind: 'answer', frame: this.ats.slice(), minTimeoutMs: 0 };
    }
    return this.unexpected(`${hexByte(b[0])} in ACTIVE`);
  }

  // ---------------------------------------------------------------- ISO 14443-4 A

  private async protocolBlock(b: Uint8Array): Promise<PiccReply> {
    if (this.ppsAllowed && b.length >= 2 && (b[0]! & 0xf0) === 0xd0) {
      this.ppsAllowed = false;
      return this.pps(b);
    }
    this.ppsAllowed = false;
    return this.isoDep.block(b);
  }

  /** PPS `D0|CID PPS0 [PPS1]`: the rates must be offered in TA(1); the answer goes out at the old rate. */
  private pps(b: Uint8Array): PiccReply {
    if ((b[0]! & 0x0f) !== this.ratsCid) return silent('PPS for another CID');
    if (b[1] === 0x01 && b.length === 2) return { kind: 'answer', frame: Uint8Array.of(b[0]!), minTimeoutMs: 0 };
    if (b[1] !== 0x11 || b.length !== 3) return this.isoDep.violation(`PPS0 ${hexByte(b[1])} with ${b.length} bytes`);
    const dsi = (b[2]! >> 2) & 0x03;
    const dri = b[2]! & 0x03;
    if ((b[2]! & 0xf0) !== 0) return this.isoDep.violation(`PPS1 ${hexByte(b[2])} with RFU bits`);
    const send = RATES[dsi]!;
    const receive = RATES[dri]!;
    // TA(1): b7–b5 DS 8/4/2 (card → reader), b3–b1 DR 8/4/2 (reader → card); b4 set: 106 only.
    const offered = (rate: PiccBitRate, shift: number): boolean => rate === 106 || ((this.ta & 0x08) === 0 && ((this.ta >> (shift + RATES.indexOf(rate) - 1)) & 1) === 1);
    if (!offered(send, 4) || !offered(receive, 0)) return this.isoDep.violation(`PPS asks for ${send}/${receive} kbit/s, not offered in TA(1) ${hexByte(this.ta)}`);
    if (send !== receive) return this.isoDep.violation(`PPS asks for different rates (${send}/${receive} kbit/s)`);
    this.rateValue = send;
    return { kind: 'answer', frame: Uint8Array.of(b[0]!), minTimeoutMs: 0 };
  }
}
