/**
 * ISO/IEC 14443-3 Type A activation and the ISO/IEC 14443-4 Type A steps, host side, independent
 * of the reader: REQA/WUPA/HLTA, ATQA, the anticollision loop's SDD_REQ/SDD_RES and SEL_REQ/SAK
 * over cascade levels 1–3 (UIDs of 4, 7 and 10 bytes, BCC, cascade tag 88), RATS, the ATS and
 * PPS. Every byte from the card is untrusted: parsers throw TypeAActivationError (a
 * TransportError 'protocol' with a stable `reason` and the offset).
 *
 * Facts: ISO/IEC 14443-3 §6 (Type A: short frame, ATQA coding, SEL codes 93/95/97, NVB 20/70,
 * BCC, CT 88, SAK b3 cascade bit and b6 "compliant with ISO/IEC 14443-4"), ISO/IEC 14443-4
 * §5 (RATS `E0 | FSDI CID`, ATS TL T0 TA TB TC T1..Tk with defaults FSCI 2, TA 00, FWI 4, SFGI 0,
 * TC 02; PPS `D0|CID 11 DSI DRI`) as summarised in nfcpy `src/nfc/clf/rcs380.py sense_tta` and
 * `src/nfc/tag/tt4.py Type4ATag` (which reads FSCI from ATS byte 1 and FWI from byte 3, so it
 * assumes TA and TB present; here T0's presence bits decide). Written here, not copied.
 */
import { copyBytes } from '../../bytes/byte-ops';
import { ReasonedTransportError } from '../card-transport';
import { frameSizeFromIndex, fwtMsFromFwi, CARRIER_HZ } from './iso-dep-timing';
import { bitRateCode, decodeBitRateCapability, type BitRateCapability, type TypeBBitRate } from './type-b-bit-rate';

export type TypeAActivationReason =
  | 'atqa-length'
  | 'atqa-no-anticollision'
  | 'sdd-res-length'
  | 'bcc-mismatch'
  | 'sak-length'
  | 'cascade-tag-missing'
  | 'cascade-too-deep'
  | 'ats-empty'
  | 'ats-length'
  | 'ats-interface-bytes'
  | 'pps-response'
  | 'uid-length';

/** A Type A activation answer the host cannot use. `offset`: the byte that was wrong. */
export class TypeAActivationError extends ReasonedTransportError<TypeAActivationReason> {
  constructor(
    reason: TypeAActivationReason,
    readonly offset: number,
    message: string,
  ) {
    super('protocol', reason, `${message} (offset ${offset})`);
  }
}

/** REQA and WUPA are short frames: 7 bits, no parity, no CRC. */
export const REQA = 0x26;
export const WUPA = 0x52;
/** HLTA `50 00` + CRC_A. The card does not answer it: a timeout is success. */
export const HLTA: Uint8Array = Uint8Array.of(0x50, 0x00);
/** Cascade tag: first byte of UID CLn when the UID goes on in the next level. */
export const CASCADE_TAG = 0x88;
/** SEL codes of cascade levels 1, 2, 3. */
export const SEL_CODES: readonly number[] = [0x93, 0x95, 0x97];
/** RATS start byte. */
export const RATS_START = 0xe0;
/** Timeout used for REQA, anticollision, SELECT, RATS and PPS, as nfcpy (30 ms). */
export const TYPE_A_ACTIVATION_TIMEOUT_MS = 30;

export type UidSize = 4 | 7 | 10;

export interface Atqa {
  /** The two ATQA bytes as received (first byte first). */
  readonly bytes: Uint8Array;
  /** UID size the card announces (b8 b7 of the first byte); undefined for the RFU value 11. */
  readonly uidSize: UidSize | undefined;
}

/** ATQA (SENS_RES): two bytes; b5–b1 of the first must have one bit set (bit frame anticollision). */
export function parseAtqa(res: Uint8Array): Atqa {
  if (res.length !== 2) throw new TypeAActivationError('atqa-length', Math.min(res.length, 2), `ATQA of ${res.length} bytes (expected 2)`);
  const anticollision = res[0]! & 0x1f;
  // No bit set: a Type 1 tag (nfcpy sense_tta), which has no anticollision and no ISO-DEP.
  if (anticollision === 0 || (anticollision & (anticollision - 1)) !== 0) {
    throw new TypeAActivationError('atqa-no-anticollision', 0, `ATQA ${hex(res)} announces no bit frame anticollision`);
  }
  const code = res[0]! >> 6;
  return { bytes: copyBytes(res), uidSize: code === 0 ? 4 : code === 1 ? 7 : code === 2 ? 10 : undefined };
}

/** SDD_REQ of cascade level `level` (1..3): SEL, NVB 20 (no UID bits known). Sent without CRC_A. */
export function sddReq(level: number): Uint8Array {
  return Uint8Array.of(selCode(level), 0x20);
}

/** SDD_RES: UID CLn (4 bytes) and BCC, their exclusive or. Received without CRC_A. */
export function parseSddRes(res: Uint8Array): Uint8Array {
  if (res.length !== 5) throw new TypeAActivationError('sdd-res-length', Math.min(res.length, 5), `SDD_RES of ${res.length} bytes (expected 5)`);
  if ((res[0]! ^ res[1]! ^ res[2]! ^ res[3]!) !== res[4]) throw new TypeAActivationError('bcc-mismatch', 4, `SDD_RES BCC ${hex(res.subarray(4))} does not match UID CLn ${hex(res.subarray(0, 4))}`);
  return copyBytes(res.subarray(0, 4));
}

/** SEL_REQ: SEL, NVB 70, UID CLn, BCC (CRC_A added by the reader). */
export function selReq(level: number, uidCl: Uint8Array): Uint8Array {
  if (uidCl.length !== 4) throw new TypeAActivationError('uid-length', uidCl.length, `UID CLn of ${uidCl.length} bytes`);
  return Uint8Array.of(selCode(level), 0x70, ...uidCl, uidCl[0]! ^ uidCl[1]! ^ uidCl[2]! ^ uidCl[3]!);
}

export interface Sak {
  readonly value: number;
  /** b3: the UID is not complete, go on with the next cascade level. */
  readonly cascade: boolean;
  /** b6 with b3 clear: the card speaks ISO/IEC 14443-4 (RATS next). */
  readonly isoDep: boolean;
}

/** SAK (SEL_RES): one byte after CRC_A is removed. */
export function parseSak(res: Uint8Array): Sak {
  if (res.length !== 1) throw new TypeAActivationError('sak-length', Math.min(res.length, 1), `SAK of ${res.length} bytes (expected 1)`);
  const value = res[0]!;
  const cascade = (value & 0x04) !== 0;
  return { value, cascade, isoDep: !cascade && (value & 0x20) !== 0 };
}

/**
 * One cascade level's UID CLn and SAK checked against each other: a cascade bit needs the
 * cascade tag in front (and a level left); the tag without the bit is an incomplete UID.
 * Returns the UID bytes this level contributes.
 */
export function uidPartOfLevel(level: number, uidCl: Uint8Array, sak: Sak): Uint8Array {
  if (sak.cascade) {
    if (level >= 3) throw new TypeAActivationError('cascade-too-deep', 0, 'SAK asks for a fourth cascade level');
    if (uidCl[0] !== CASCADE_TAG) throw new TypeAActivationError('cascade-tag-missing', 0, `UID CL${level} ${hex(uidCl)} lacks the cascade tag 88 although SAK says the UID goes on`);
    return uidCl.subarray(1);
  }
  if (uidCl[0] === CASCADE_TAG) throw new TypeAActivationError('cascade-tag-missing', 0, `UID CL${level} starts with the cascade tag but SAK ${sak.value.toString(16)} ends the UID`);
  return uidCl;
}

/** RATS `E0 | FSDI CID`: FSDI 0..8, CID 0..14. */
export function buildRats(fsdi: number, cid: number): Uint8Array {
  if (!Number.isInteger(fsdi) || fsdi < 0 || fsdi > 8) throw new RangeError(`FSDI ${fsdi} out of range 0..8`);
  if (!Number.isInteger(cid) || cid < 0 || cid > 14) throw new RangeError(`CID ${cid} out of range 0..14`);
  return Uint8Array.of(RATS_START, (fsdi << 4) | cid);
}

/** What the host learns from the ATS. Defaults (ISO/IEC 14443-4) where T0 leaves a byte out. */
export interface Ats {
  readonly bytes: Uint8Array;
  readonly fsci: number;
  /** FSC used (FSCI above 8 read as 8, as nfcpy). */
  readonly fsc: number;
  /** TA(1), or 00 (106 kbit/s only) when absent. Same bit layout as the ATQB Bit_Rate_capability. */
  readonly ta: number;
  readonly bitRates: BitRateCapability;
  readonly fwi: number;
  /** FWT (FWI 15 read as 4). */
  readonly fwtMs: number;
  readonly sfgi: number;
  /** SFGT: the guard time after the ATS before the host's next frame (0 for SFGI 0 or the RFU 15). */
  readonly sfgtMs: number;
  /** TC(1) b2 (default: supported). */
  readonly cidSupported: boolean;
  /** TC(1) b1 (default: not supported). */
  readonly nadSupported: boolean;
  readonly historicalBytes: Uint8Array;
}

/** The ATS default when T0 is absent: FSCI 2 (32 bytes). */
const DEFAULT_FSCI = 2;

/**
 * Parse the ATS (CRC_A removed): TL counts every byte including itself; T0 b7/b6/b5 announce
 * TC/TB/TA, b4–b1 FSCI; then TA(1), TB(1) (FWI b8–b5, SFGI b4–b1), TC(1) (b2 CID, b1 NAD); the
 * rest are historical bytes. RFU values are read as nfcpy does (FSCI > 8 → 8, FWI 15 → 4) or
 * as the smallest claim (TA b4 set → 106 only; SFGI 15 → no guard time).
 */
export function parseAts(ats: Uint8Array): Ats {
  if (ats.length === 0) throw new TypeAActivationError('ats-empty', 0, 'empty ATS');
  const tl = ats[0]!;
  if (tl === 0 || tl !== ats.length) throw new TypeAActivationError('ats-length', 0, `ATS length byte TL ${tl} but ${ats.length} bytes arrived`);
  let fsci = DEFAULT_FSCI;
  let ta = 0x00;
  let tb = 0x40;
  let tc = 0x02;
  let at = 1;
  if (tl > 1) {
    const t0 = ats[at++]!;
    fsci = t0 & 0x0f;
    const present = [0x10, 0x20, 0x40].filter((bit) => (t0 & bit) !== 0).length;
    if (at + present > tl) throw new TypeAActivationError('ats-interface-bytes', at, `T0 ${t0.toString(16)} announces ${present} interface bytes, the ATS has ${tl - at}`);
    if (t0 & 0x10) ta = ats[at++]!;
    if (t0 & 0x20) tb = ats[at++]!;
    if (t0 & 0x40) tc = ats[at++]!;
  }
  const fwi = tb >> 4;
  const sfgi = tb & 0x0f;
  return {
    bytes: copyBytes(ats),
    fsci,
    fsc: frameSizeFromIndex(fsci),
    ta,
    bitRates: decodeBitRateCapability(ta),
    fwi,
    fwtMs: fwtMsFromFwi(fwi),
    sfgi,
    sfgtMs: sfgi === 0 || sfgi === 15 ? 0 : ((4096 / CARRIER_HZ) * 2 ** sfgi) * 1000,
    cidSupported: (tc & 0x02) !== 0,
    nadSupported: (tc & 0x01) !== 0,
    historicalBytes: copyBytes(ats.subarray(at)),
  };
}

/** PPS request `D0|CID 11 PPS1`: PPS1 b4 b3 DSI (card → reader), b2 b1 DRI (reader → card); `rate` both ways. */
export function buildPps(cid: number, rate: TypeBBitRate): Uint8Array {
  const code = bitRateCode(rate);
  return Uint8Array.of(0xd0 | (cid & 0x0f), 0x11, (code << 2) | code);
}

/** The PPS response is the PPSS byte echoed. */
export function checkPpsResponse(res: Uint8Array, cid: number): void {
  if (res.length !== 1 || res[0] !== (0xd0 | (cid & 0x0f))) throw new TypeAActivationError('pps-response', 0, `PPS answered with ${hex(res)}, expected ${(0xd0 | cid).toString(16)}`);
}

/** The card's identity and ISO-DEP parameters after activation. Every field came from the card. */
export interface TypeATarget {
  readonly atqa: Atqa;
  readonly uid: Uint8Array;
  readonly sak: Sak;
  readonly ats: Ats;
}

function selCode(level: number): number {
  const code = SEL_CODES[level - 1];
  if (code === undefined) throw new RangeError(`cascade level ${level}`);
  return code;
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ') || '(nothing)';
}
