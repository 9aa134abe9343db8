/**
 * A pure timing model of the contactless link, for benchmarks only (issue 7): given the sizes of
 * a command and its response APDU, how long ISO/IEC 14443 Type B + ISO-DEP + the reader's USB
 * link take when nothing goes wrong. Nothing here sleeps or touches a reader; production paths
 * never use it.
 *
 * Facts used (each default below names its source, or says UNCONFIRMED and is a parameter):
 * - ISO/IEC 14443-2: fc = 13.56 MHz; at 106 kbit/s 1 etu = 128/fc ≈ 9.44 µs, at 212 / 424 kbit/s
 *   64/fc and 32/fc.
 * - ISO/IEC 14443-3 Type B character: start bit + 8 data bits + stop bit = 10 etu; frames are
 *   SOF, characters, EOF; CRC_B is 2 bytes.
 * - ISO/IEC 14443-4 I-block = PCB + INF + CRC_B (no CID/NAD), so INF ≤ FSC − 3 (card-bound) or
 *   FSD − 3 (reader-bound); chained blocks are each answered by a 1-byte R(ACK) + CRC_B
 *   (reference browser-readers.md §2.4; src/transport/iso-dep/iso-dep-blocks.ts).
 * - RC-S380 (Port-100) frames: `00 00 FF FF FF LEN(2) LCS DATA DCS 00` with DATA = D6 04
 *   timeout(2) + RF bytes out; an ACK `00 00 FF 00 FF 00` then a frame with DATA = D7 05
 *   status(4) + 1 byte + RF bytes in (reference browser-readers.md §2.1–§2.2). ISO-DEP runs in the
 *   host on this reader, so every RF frame exchange is one USB round trip.
 */
import { CARRIER_HZ } from './iso-dep/iso-dep-timing';

export type BitRateKbps = 106 | 212 | 424;

/** Where the reader's USB round trip is paid: per RF frame (host-side ISO-DEP, RC-S380) or per APDU (CCID / PC/SC readers run ISO-DEP themselves). */
export type RoundTripUnit = 'rf-frame' | 'apdu';

export interface LinkParameters {
  readonly bitRateKbps: BitRateKbps;
  /** FSC: largest frame the card accepts (PCB + INF + CRC_B), 16..256. Default 256 (the simulated card's FSCI 8; real card UNCONFIRMED). */
  readonly fsc: number;
  /** FSD: largest frame the reader accepts, 16..256. Default 256 (ATTRIB FSDI 8, browser-readers.md §2.3). */
  readonly fsd: number;
  /** etu per character: start + 8 data + stop (ISO/IEC 14443-3 Type B character format). */
  readonly characterEtu: number;
  /** Extra guard time between characters, in etu. Default 0, the minimum (ISO/IEC 14443-3 allows 0–6 etu PCD→PICC, 0–2 PICC→PCD; recollection, UNCONFIRMED against the text). */
  readonly extraGuardEtu: number;
  /** SOF length in etu: 10 low + 2 high at the minimum (ISO/IEC 14443-3; recollection, UNCONFIRMED against the text). */
  readonly sofEtu: number;
  /** EOF length in etu: 10 low at the minimum (ISO/IEC 14443-3; recollection, UNCONFIRMED against the text). */
  readonly eofEtu: number;
  /**
   * TR0 + TR1 before every card frame, in etu. Default 8 + 10 (TR0min 64/fs = 1024/fc and TR1min
   * 80/fs = 1280/fc at 106 kbit/s, ATTRIB Param1 default). Kept in etu at 212/424 kbit/s: UNCONFIRMED.
   */
  readonly cardFrameLeadEtu: number;
  /** Least delay from the card's EOF to the reader's next SOF, in etu. Default 10: UNCONFIRMED. */
  readonly readerFrameDelayEtu: number;
  /** CRC_B bytes per frame (ISO/IEC 14443-3). */
  readonly crcBytes: number;
  /** PCB bytes per block; no CID or NAD is used (browser-readers.md §2.4). */
  readonly pcbBytes: number;
  /** Time the card takes to start answering a complete command APDU, in µs. Default 1000: UNCONFIRMED (card-dependent; FWT only bounds it). */
  readonly cardCommandUs: number;
  /**
   * Extra card time for a private-key operation (INS 2A: internal authentication, JPKI
   * signature; RSA-2048), in µs. Default 200 000: UNCONFIRMED (no measurement of the My Number
   * Card chip is at hand). Reported separately so the I/O figures do not depend on it.
   */
  readonly privateKeyOperationUs: number;
  /** Host ↔ reader USB round trip, in µs, paid once per `roundTripPer`. Default 2000: UNCONFIRMED (USB full-speed bulk OUT + ACK IN + response IN, 1 ms frames). */
  readonly hostRoundTripUs: number;
  readonly roundTripPer: RoundTripUnit;
  /** Reader frame bytes around each unit host → reader. Default 14: RC-S380 frame (10) + `D6 04` + timeout (2), browser-readers.md §2.1–§2.2. */
  readonly hostFrameOutBytes: number;
  /** Reader frame bytes around each unit reader → host. Default 23: ACK (6) + frame (10) + `D7 05` + status (4) + 1, browser-readers.md §2.1–§2.2. */
  readonly hostFrameInBytes: number;
  /** USB signalling rate, bit/s. Default 12 000 000 (USB 2.0 full speed; bit stuffing and packet overhead ignored). */
  readonly usbBitRate: number;
}

/** Defaults: an RC-S380 at 106 kbit/s talking Type B to a card with FSC 256. */
export const DEFAULT_LINK: LinkParameters = {
  bitRateKbps: 106,
  fsc: 256,
  fsd: 256,
  characterEtu: 10,
  extraGuardEtu: 0,
  sofEtu: 12,
  eofEtu: 10,
  cardFrameLeadEtu: 18,
  readerFrameDelayEtu: 10,
  crcBytes: 2,
  pcbBytes: 1,
  cardCommandUs: 1000,
  privateKeyOperationUs: 200_000,
  hostRoundTripUs: 2000,
  roundTripPer: 'rf-frame',
  hostFrameOutBytes: 14,
  hostFrameInBytes: 23,
  usbBitRate: 12_000_000,
};

/**
 * ISO/IEC 14443 Type A framing, to lay over DEFAULT_LINK for a Type A card (a passport): a
 * character is 8 data bits + an odd parity bit, no start or stop bit (9 etu, ISO/IEC 14443-3
 * Type A; the same character at the higher rates of ISO/IEC 14443-2/-3 amendments); a frame
 * opens with a one-bit start of communication and ends with one etu without modulation; the card
 * answers after the frame delay time (n × 128 + 84)/fc with n = 9, ≈ 1236/fc ≈ 9.7 etu at
 * 106 kbit/s, and the reader waits at least 1172/fc ≈ 9.2 etu before its next frame. Both delays
 * are kept at 10 etu at 212–848 kbit/s: UNCONFIRMED (the text for higher rates was not at hand).
 * PCB + INF + CRC_A as for Type B; no CID.
 */
export const TYPE_A_FRAMING: Partial<LinkParameters> = {
  characterEtu: 9,
  sofEtu: 1,
  eofEtu: 1,
  cardFrameLeadEtu: 10,
  readerFrameDelayEtu: 10,
  crcBytes: 2,
};

export function linkParameters(overrides: Partial<LinkParameters> = {}): LinkParameters {
  const p = { ...DEFAULT_LINK, ...overrides };
  for (const [name, v] of Object.entries(p)) {
    if (typeof v === 'number' && !(Number.isFinite(v) && v >= 0)) throw new RangeError(`link parameter ${name} must be a finite number ≥ 0`);
  }
  if (![106, 212, 424].includes(p.bitRateKbps)) throw new RangeError(`bit rate ${p.bitRateKbps} kbit/s is not a Type B rate`);
  // A frame must carry at least one INF byte beside PCB and CRC_B (ISO/IEC 14443-4 FSC ≥ 16).
  for (const [name, v] of [['fsc', p.fsc], ['fsd', p.fsd]] as const) {
    if (!Number.isInteger(v) || v < 16 || v > 256) throw new RangeError(`${name} must be an integer 16..256`);
  }
  return p;
}

/** One elementary time unit in µs: 128/fc at 106 kbit/s, halved per doubling (ISO/IEC 14443-2). */
export function etuMicros(bitRateKbps: BitRateKbps): number {
  return ((128 * 106) / bitRateKbps / CARRIER_HZ) * 1e6;
}

/** What one APDU exchange costs, split so a table can show where the time goes. */
export interface ApduTime {
  /** RF frames the reader sent (I-blocks, R(ACK)s) and the card sent. */
  readonly readerFrames: number;
  readonly cardFrames: number;
  /** Air time of all frames (SOF, characters, EOF) and the gaps between them, µs. */
  readonly airUs: number;
  /** USB round trips and reader frame bytes, µs. */
  readonly hostUs: number;
  /** Card processing (command turnaround), µs. */
  readonly cardUs: number;
  /** Private-key operation time, µs (0 unless the command is one). */
  readonly computeUs: number;
  readonly totalUs: number;
}

export interface ApduShape {
  /** Encoded command APDU length (header, Lc, data, Le). */
  readonly commandLength: number;
  /** Response APDU length (data + SW1 SW2). */
  readonly responseLength: number;
  /** The command makes the card use a private key (INS 2A on this card). */
  readonly privateKey?: boolean;
}

function blocks(length: number, maxInf: number): number {
  return Math.max(1, Math.ceil(length / maxInf));
}

/**
 * Modelled time of one APDU with no errors, no WTX and no retransmission. The command goes out in
 * ⌈C / (FSC − 3)⌉ I-blocks, each but the last acknowledged by the card's R(ACK); the response
 * comes back in ⌈R / (FSD − 3)⌉ I-blocks, each but the last fetched with the reader's R(ACK).
 * Every reader frame is answered by one card frame, so there are (out + in − 1) exchanges.
 */
export function modelApdu(shape: ApduShape, params: LinkParameters = DEFAULT_LINK): ApduTime {
  const { commandLength: c, responseLength: r } = shape;
  if (!Number.isInteger(c) || c < 4 || !Number.isInteger(r) || r < 0) throw new RangeError('APDU sizes must be whole byte counts (command ≥ 4)');
  const etu = etuMicros(params.bitRateKbps);
  const frameOverhead = params.pcbBytes + params.crcBytes;
  const outBlocks = blocks(c, params.fsc - frameOverhead);
  const inBlocks = blocks(r, params.fsd - frameOverhead);
  const ackBytes = frameOverhead; // R(ACK): PCB + CRC_B, no INF
  const charEtu = params.characterEtu + params.extraGuardEtu;

  // Reader frames: the command I-blocks, then one R(ACK) per chained response block.
  const readerBytes = c + outBlocks * frameOverhead + (inBlocks - 1) * ackBytes;
  const readerFrames = outBlocks + inBlocks - 1;
  // Card frames: one R(ACK) per chained command block, then the response I-blocks.
  const cardBytes = (outBlocks - 1) * ackBytes + r + inBlocks * frameOverhead;
  const cardFrames = readerFrames;
  const exchanges = readerFrames;
  const airEtu =
    readerBytes * charEtu +
    cardBytes * charEtu +
    (readerFrames + cardFrames) * (params.sofEtu + params.eofEtu) +
    exchanges * (params.cardFrameLeadEtu + params.readerFrameDelayEtu);

  // Host side: per RF frame, the reader frame carries the RF bytes without CRC_B (the chip adds
  // and checks it, browser-readers.md §2.2); per APDU it carries the APDU itself.
  const units = params.roundTripPer === 'rf-frame' ? exchanges : 1;
  const hostBytes =
    params.roundTripPer === 'rf-frame'
      ? readerBytes - readerFrames * params.crcBytes + cardBytes - cardFrames * params.crcBytes + units * (params.hostFrameOutBytes + params.hostFrameInBytes)
      : c + r + units * (params.hostFrameOutBytes + params.hostFrameInBytes);
  const hostUs = units * params.hostRoundTripUs + (hostBytes * 8 * 1e6) / params.usbBitRate;
  const airUs = airEtu * etu;
  const cardUs = params.cardCommandUs;
  const computeUs = shape.privateKey ? params.privateKeyOperationUs : 0;
  return { readerFrames, cardFrames, airUs, hostUs, cardUs, computeUs, totalUs: airUs + hostUs + cardUs + computeUs };
}

/**
 * The bytes-only lower bound: the APDU bytes themselves at 10 etu each, with no framing, no
 * gaps, no card or host time. No reader can move these bytes faster at this bit rate.
 */
export function bytesOnlyLowerBoundUs(bytesOut: number, bytesIn: number, bitRateKbps: BitRateKbps = 106, characterEtu = 10): number {
  return (bytesOut + bytesIn) * characterEtu * etuMicros(bitRateKbps);
}

/** Totals of a sequence of APDUs under one set of parameters. */
export interface FlowTime {
  readonly apdus: number;
  readonly airUs: number;
  readonly hostUs: number;
  readonly cardUs: number;
  readonly computeUs: number;
  readonly totalUs: number;
  /** totalUs − computeUs: what the link and the reader path cost. */
  readonly ioUs: number;
}

export function modelFlow(apdus: readonly ApduShape[], params: LinkParameters = DEFAULT_LINK): FlowTime {
  let airUs = 0;
  let hostUs = 0;
  let cardUs = 0;
  let computeUs = 0;
  for (const a of apdus) {
    const t = modelApdu(a, params);
    airUs += t.airUs;
    hostUs += t.hostUs;
    cardUs += t.cardUs;
    computeUs += t.computeUs;
  }
  const totalUs = airUs + hostUs + cardUs + computeUs;
  return { apdus: apdus.length, airUs, hostUs, cardUs, computeUs, totalUs, ioUs: totalUs - computeUs };
}
