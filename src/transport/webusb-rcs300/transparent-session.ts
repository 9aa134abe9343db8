/**
 * PC/SC Part 3 "transparent session" pseudo-APDUs as the Sony RC-S300 takes them on its vendor
 * interface 1, inside CCID PC_to_RDR_Escape messages (reference updates-2026-12.md §5,
 * browser-readers.md §2.5). Pure functions: bytes in, bytes out; every answer is checked.
 *
 * How sure each byte is — [P]: PC/SC Part 3 Supplemental Document for Contactless ICCs (rev
 * 2.02) as vendors document it (Microsoft's NFC class-driver pages: FF C2 00 00 manage session
 * with 80/81/82, FF C2 00 01 transparent exchange with 95 transceive and 5F46 timer; ACS
 * ACM1252U-Y3 reference manual §5.2.3: 83/84 RF off/on, 5F46 in µs, FF6D/FF6E get/set parameter,
 * 90/91/92/93/94/95, 8F switch protocol, C0 generic error status `XX SW1 SW2`, 96 response
 * status, 97 ICC response; Identive CLOUD 47x0 F manual: the error-status values). [I]: seen in
 * public RC-S300 code (marimelon/rcs300-poc, laddge/esp32-pasori-rcs300, soltia48/felica-rs).
 * UNCONFIRMED: nothing public shows it on an RC-S300 with a Type B card.
 *
 *   FF 50 00 P2 …        INS 50, not the standard C2, on the RC-S300 [I: all three]
 *   P2 00 manage session: Lc DOs 00                     short form [I]
 *   P2 02 switch protocol: Lc DOs 00                    short form [I]
 *   P2 01 transparent exchange: 00 Lc(2) DOs 00 00 00   extended Lc, three trailing zero bytes
 *                                                       (two would be an extended Le) [I: all three]
 *   81 00 / 82 00 start / end session; 83 00 / 84 00 RF off / on [P][I]
 *   8F 02 <standard> <layer>: standard 00 Type A, 01 Type B, 02 ISO 15693, 03 FeliCa [P];
 *        host-driven Type A is `00 03` (ISO/IEC 14443-3A) [I: felica-rs switch_protocol_iso14443_3a];
 *        FeliCa is `03 00` [I]; for host-driven Type B felica-rs sends `01 04` (layer 4)
 *        preceded by FF6E FSDI/CID objects — UNCONFIRMED, so the layer byte is an option
 *   90 02 <flags, big-endian>: bit 0 no CRC appended, 1 CRC not removed, 2 no parity sent,
 *        3 no parity expected, 4 no PCB/CID/NAD prologue [P]; Type B frames from the host:
 *        CRC on, no parity, no prologue = 00 1C [I: felica-rs]
 *   91 01 <bits>: valid bits of the last byte sent (07 for REQA/WUPA, 00 whole bytes) [P][I: felica-rs]
 *   5F 46 04 <timeout, µs, little-endian> [P][I]
 *   95 82 <length, 2 bytes> <frame> [I: all three use the 82 long form]
 *   FF 6E 03 05 01 <speed>: "communication speed of the ICC", (DRI << 3) | DSI with 0 106,
 *        1 212, 2 424 kbit/s [I: felica-rs only] — UNCONFIRMED
 *   answer: C0 03 <status> … 97 <length> <frame> … SW1 SW2 [P][I]
 */
import { TransportError } from '../card-transport';
import { bitRateCode, type TypeBBitRate } from '../iso-dep/type-b-bit-rate';

export const PSEUDO_APDU_CLA = 0xff;
/** The RC-S300's INS for the transparent session (PC/SC names C2 "General Authenticate"). */
export const RCS300_SESSION_INS = 0x50;

export const SESSION_P2 = { manage: 0x00, exchange: 0x01, switchProtocol: 0x02 } as const;

/** Data object tags (PC/SC Part 3 supplement, transparent session). */
export const DO = {
  version: 0x80,
  startSession: 0x81,
  endSession: 0x82,
  rfOff: 0x83,
  rfOn: 0x84,
  switchProtocol: 0x8f,
  flags: 0x90,
  transceive: 0x95,
  genericStatus: 0xc0,
  rxBitFraming: 0x92,
  responseStatus: 0x96,
  iccResponse: 0x97,
} as const;
/** Two-byte tags. */
export const DO_TIMER = 0x5f46;
export const DO_GET_PARAMETER = 0xff6d;
export const DO_SET_PARAMETER = 0xff6e;

/** Switch Protocol standards. */
export const STANDARD = { typeA: 0x00, typeB: 0x01, iso15693: 0x02, felica: 0x03 } as const;

/** Tx/Rx flags for host-built Type B frames: CRC_B added and removed by the reader, no parity, no prologue. */
export const TYPE_B_FLAGS = 0x001c;
/**
 * Tx/Rx flags for host-built Type A frames [I: felica-rs TransmissionFlags::iso14443_type_a and
 * build_flag_mask]: parity on both ways, no prologue; CRC_A added and removed (00 10) or, for
 * REQA/WUPA and the anticollision frames, neither (00 13). UNCONFIRMED on an RC-S300 with a
 * Type A ISO-DEP card.
 */
export const TYPE_A_FLAGS = 0x0010;
export const TYPE_A_FLAGS_NO_CRC = 0x0013;
/** Transmission bit framing object (PC/SC Part 3: valid bits in the last byte sent, 0 = all 8) [P][I: felica-rs]. */
export const DO_TX_BIT_FRAMING = 0x91;

/** Largest frame one transceive object carries (the 95 object's two length bytes; an ISO-DEP frame is at most 256). */
const MAX_TRANSCEIVE = 0xffff;

function tlv(tag: number, value: Uint8Array): Uint8Array {
  const head = tag > 0xff ? [tag >> 8, tag & 0xff] : [tag];
  if (value.length > 0x7f) throw new TransportError('protocol', 'short-form data object too long');
  return Uint8Array.of(...head, value.length, ...value);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A manage-session or switch-protocol pseudo-APDU: FF 50 00 P2 Lc DOs 00. */
function shortCommand(p2: number, dos: readonly Uint8Array[]): Uint8Array {
  const data = concat(dos);
  if (data.length === 0 || data.length > 0xff) throw new TransportError('protocol', `pseudo-APDU data of ${data.length} bytes`);
  return Uint8Array.of(PSEUDO_APDU_CLA, RCS300_SESSION_INS, 0x00, p2, data.length, ...data, 0x00);
}

export const startSession = (): Uint8Array => shortCommand(SESSION_P2.manage, [tlv(DO.startSession, new Uint8Array(0))]);
export const endSession = (): Uint8Array => shortCommand(SESSION_P2.manage, [tlv(DO.endSession, new Uint8Array(0))]);
export const rfOff = (): Uint8Array => shortCommand(SESSION_P2.manage, [tlv(DO.rfOff, new Uint8Array(0))]);
export const rfOn = (): Uint8Array => shortCommand(SESSION_P2.manage, [tlv(DO.rfOn, new Uint8Array(0))]);

/** Switch Protocol to `standard` at `layer`. */
export function switchProtocol(standard: number, layer: number): Uint8Array {
  return shortCommand(SESSION_P2.switchProtocol, [tlv(DO.switchProtocol, Uint8Array.of(standard, layer))]);
}

/** Set Parameter "communication speed of the ICC" (sub-tag 05): (DRI << 3) | DSI, the same rate both ways. UNCONFIRMED (felica-rs). */
export function setCommunicationSpeed(rate: TypeBBitRate): Uint8Array {
  const code = bitRateCode(rate);
  return shortCommand(SESSION_P2.manage, [tlv(DO_SET_PARAMETER, Uint8Array.of(0x05, 0x01, (code << 3) | code))]);
}

/** Firmware version (Sony's FF 56 00 00 [I: felica-rs]). */
export const getFirmwareVersion = (): Uint8Array => Uint8Array.of(PSEUDO_APDU_CLA, 0x56, 0x00, 0x00);

/**
 * Transparent exchange of one frame: flags (none: the reader's defaults, as for FeliCa), the
 * transmission bit framing when `txBits` is given (7 for a Type A short frame; 0 puts whole
 * bytes back after one, as felica-rs does: the reader keeps the last framing), timer (µs),
 * transceive.
 */
export function transceive(frame: Uint8Array, timeoutMs: number, flags: number | null = TYPE_B_FLAGS, txBits?: number): Uint8Array {
  if (frame.length === 0 || frame.length > MAX_TRANSCEIVE) throw new TransportError('protocol', `frame of ${frame.length} bytes`);
  const micros = Math.min(0xffff_ffff, Math.max(0, Math.ceil(timeoutMs * 1000)));
  const timer = Uint8Array.of(micros & 0xff, (micros >>> 8) & 0xff, (micros >>> 16) & 0xff, micros >>> 24);
  const data = concat([
    ...(flags === null ? [] : [tlv(DO.flags, Uint8Array.of(flags >> 8, flags & 0xff))]),
    ...(txBits === undefined ? [] : [tlv(DO_TX_BIT_FRAMING, Uint8Array.of(txBits & 0x07))]),
    tlv(DO_TIMER, timer),
    Uint8Array.of(DO.transceive, 0x82, frame.length >> 8, frame.length & 0xff),
    frame,
  ]);
  return concat([Uint8Array.of(PSEUDO_APDU_CLA, RCS300_SESSION_INS, 0x00, SESSION_P2.exchange, 0x00, data.length >> 8, data.length & 0xff), data, Uint8Array.of(0, 0, 0)]);
}

/** C0's three bytes: which data object failed (00: the command as a whole) and its SW1 SW2. */
export interface GenericStatus {
  readonly object: number;
  readonly sw: number;
}

/** The answer to a pseudo-APDU, checked. */
export interface SessionAnswer {
  /** SW1 SW2 after the data objects. */
  readonly sw: number;
  readonly status: GenericStatus | undefined;
  /** 96's two bytes (their meaning beyond "00 00 = clean" is UNCONFIRMED). */
  readonly responseStatus: number | undefined;
  /** 92: valid bits in the last byte (0 = all). */
  readonly rxBits: number | undefined;
  /** 97: the card's frame. */
  readonly iccResponse: Uint8Array | undefined;
}

/** Largest answer a reader may send: a CCID message of the reader's maximum. */
const MAX_ANSWER = 65_544;

/**
 * Parse the data of an RDR_to_PC_Escape answer: data objects, then SW1 SW2. Tags C0, 92, 96,
 * 97 and FF6D (IFD parameters, skipped) may appear, each at most once; BER lengths of 1 to 3
 * bytes (81, 82); nothing may run past the end. Throws TransportError('protocol') naming the
 * offset.
 */
export function parseSessionAnswer(data: Uint8Array): SessionAnswer {
  if (data.length < 2 || data.length > MAX_ANSWER) throw new TransportError('protocol', `transparent-session answer of ${data.length} bytes`);
  const end = data.length - 2;
  const sw = (data[end]! << 8) | data[end + 1]!;
  const seen = new Set<number>();
  let status: GenericStatus | undefined;
  let responseStatus: number | undefined;
  let rxBits: number | undefined;
  let iccResponse: Uint8Array | undefined;
  for (let at = 0; at < end; ) {
    const offset = at;
    let tag = data[at++]!;
    // BER: low five bits all set means a second tag byte follows (5F46, FF6D).
    if ((tag & 0x1f) === 0x1f) {
      if (at >= end) throw new TransportError('protocol', `data object tag cut short at offset ${offset}`);
      tag = (tag << 8) | data[at++]!;
    }
    if (at >= end) throw new TransportError('protocol', `data object ${tag.toString(16)} has no length at offset ${offset}`);
    let length = data[at++]!;
    if (length === 0x81 || length === 0x82) {
      const n = length - 0x80;
      if (at + n > end) throw new TransportError('protocol', `data object length cut short at offset ${offset}`);
      length = n === 1 ? data[at]! : (data[at]! << 8) | data[at + 1]!;
      at += n;
    } else if (length > 0x7f) {
      throw new TransportError('protocol', `data object length form ${length.toString(16)} at offset ${offset}`);
    }
    if (at + length > end) throw new TransportError('protocol', `data object ${tag.toString(16)} of ${length} bytes runs past the end at offset ${offset}`);
    if (seen.has(tag)) throw new TransportError('protocol', `data object ${tag.toString(16)} twice (offset ${offset})`);
    seen.add(tag);
    const value = data.subarray(at, at + length);
    at += length;
    switch (tag) {
      case DO.genericStatus:
        if (length !== 3) throw new TransportError('protocol', `generic status of ${length} bytes at offset ${offset}`);
        status = { object: value[0]!, sw: (value[1]! << 8) | value[2]! };
        break;
      case DO.responseStatus:
        if (length !== 2) throw new TransportError('protocol', `response status of ${length} bytes at offset ${offset}`);
        responseStatus = (value[0]! << 8) | value[1]!;
        break;
      case DO.rxBitFraming:
        if (length !== 1 || value[0]! > 7) throw new TransportError('protocol', `bad reception bit framing at offset ${offset}`);
        rxBits = value[0]!;
        break;
      case DO.iccResponse:
        iccResponse = value.slice();
        break;
      case DO_GET_PARAMETER:
        break;
      default:
        throw new TransportError('protocol', `unexpected data object ${tag.toString(16)} at offset ${offset}`);
    }
  }
  return { sw, status, responseStatus, rxBits, iccResponse };
}

/** PC/SC Part 3 error-status values (C0: XX SW1 SW2). */
export const STATUS_SW = {
  ok: 0x9000,
  /** Data object execution error: no response from the ICC. */
  noIccResponse: 0x6401,
  /** … no response from the IFD. */
  noIfdResponse: 0x6400,
  /** Data object failed, no precise diagnosis. */
  failed: 0x6f00,
} as const;
