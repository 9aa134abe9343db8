/**
 * An ISO/IEC 14443 Type B card (PICC) at the RF-frame level, in front of an ApduResponder:
 * answers SENSB_REQ with SENSB_RES, ATTRIB, then ISO-DEP blocks, unwrapping I-blocks into whole
 * command APDUs and wrapping the responses back, chaining with the FSD the host announced.
 *
 * Written independently of the host code in src/transport/iso-dep (so a bug there is not
 * mirrored here), from the PICC rules of ISO/IEC 14443-4 §7.5.4 (block numbering rules C–E,
 * rules 9–13) and the frame facts of reference browser-readers.md §2.3–§2.4. Where the rules
 * leave a case open, the PICC stays silent and records a `violation` so tests can see it.
 */
import type { ApduResponder } from '../../transport/apdu-responder';
import { FRAME_SIZES, hexByte, IsoDepPicc, piccFwtMs, silent, type PiccReply, type WtxRequest } from './iso-dep-picc';

/** Type B bit rates in kbit/s (fc/128, fc/64, fc/32, fc/16). */
export type PiccBitRate = 106 | 212 | 424 | 848;

export interface TypeBCardOptions {
  /** PUPI (4 bytes). Default 4B 5A 53 31. */
  readonly pupi?: Uint8Array;
  /** Application data (4 bytes). Default 00 00 00 00. */
  readonly applicationData?: Uint8Array;
  /** The card's AFI; SENSB_REQ with AFI 00 or this value is answered. Default 00. */
  readonly afi?: number;
  /**
   * Protocol Info byte 1 (Bit_Rate_capability). Default 00 (106 kbit/s only); B3 offers 212 and
   * 424 kbit/s both ways. Real My Number Cards come in both kinds (reference updates-2026-12.md
   * §4); which one a given card is, is the card's.
   */
  readonly bitRateCapability?: number;
  /** FSCI 0..8 (16..256 bytes). Default 8. */
  readonly fsci?: number;
  /** Protocol_Type (low nibble). Default 1 (ISO/IEC 14443-4). */
  readonly protocolType?: number;
  /** FWI 0..14. Default 8 (≈ 77 ms), as in nfcpy's SENSB_RES test vector. UNCONFIRMED for the real card. */
  readonly fwi?: number;
  /** ADC and FO bits of Protocol Info byte 3. Default 0 (no NAD, no CID). */
  readonly adcFo?: number;
}

export type { PiccReply, WtxRequest } from './iso-dep-picc';

export type PiccState = 'off' | 'idle' | 'ready' | 'active' | 'halt';

const RATE_CODES: readonly PiccBitRate[] = [106, 212, 424, 848];

/**
 * The rates this card accepts, read from its own Bit_Rate_capability byte (ISO/IEC 14443-3:
 * b7–b5 PICC → PCD 847/424/212, b3–b1 PCD → PICC 847/424/212, b4 set means 106 only).
 * Written here on the card's side, independently of the host's decoding.
 */
function ratesOffered(capability: number): { readonly send: ReadonlySet<PiccBitRate>; readonly receive: ReadonlySet<PiccBitRate> } {
  const send = new Set<PiccBitRate>([106]);
  const receive = new Set<PiccBitRate>([106]);
  if ((capability & 0x08) === 0) {
    ([[0, 212], [1, 424], [2, 848]] as const).forEach(([bit, rate]) => {
      if (capability & (0x10 << bit)) send.add(rate);
      if (capability & (0x01 << bit)) receive.add(rate);
    });
  }
  return { send, receive };
}


export class TypeBPicc {
  readonly technology = 'B' as const;
  readonly pupi: Uint8Array;
  readonly fsc: number;
  readonly fwtMs: number;
  private stateValue: PiccState = 'off';
  /** The bit rate the card listens and answers at: 106 until an ATTRIB asks for another. */
  private rateValue: PiccBitRate = 106;
  private readonly offered: ReturnType<typeof ratesOffered>;
  private readonly isoDep: IsoDepPicc;
  private readonly sensbRes: Uint8Array;
  private readonly afi: number;
  private readonly protocolType: number;

  constructor(
    readonly responder: ApduResponder,
    options: TypeBCardOptions = {},
    /** Asked once per APDU (0-based index) whether to send S(WTX) before the answer. */
    wtxFor: (apduIndex: number) => WtxRequest | undefined = () => undefined,
  ) {
    const fsci = Math.max(0, Math.min(8, options.fsci ?? 8));
    const fwi = Math.max(0, Math.min(14, options.fwi ?? 8));
    this.pupi = (options.pupi ?? Uint8Array.of(0x4b, 0x5a, 0x53, 0x31)).slice(0, 4);
    this.fsc = FRAME_SIZES[fsci]!;
    this.fwtMs = piccFwtMs(fwi);
    this.afi = options.afi ?? 0;
    this.protocolType = (options.protocolType ?? 1) & 0x0f;
    this.offered = ratesOffered(options.bitRateCapability ?? 0);
    this.isoDep = new IsoDepPicc(responder, {
      fsc: this.fsc,
      fwtMs: this.fwtMs,
      wtxFor,
      deselected: () => {
        this.stateValue = 'halt';
        this.rateValue = 106; // a HALTed card is woken with WUPB at 106 kbit/s
      },
      alive: () => this.stateValue === 'active',
    });
    const app = options.applicationData ?? new Uint8Array(4);
    this.sensbRes = Uint8Array.of(
      0x50,
      ...this.pupi,
      ...app.slice(0, 4),
      (options.bitRateCapability ?? 0) & 0xff,
      (fsci << 4) | this.protocolType,
      (fwi << 4) | ((options.adcFo ?? 0) & 0x0f),
    );
  }

  /** Complete APDUs processed since the card was made. */
  get apduCount(): number {
    return this.isoDep.apduCount;
  }

  /** Rule breaks by the host (tests expect none). */
  get violations(): string[] {
    return this.isoDep.violations;
  }

  get state(): PiccState {
    return this.stateValue;
  }

  /** The bit rate the card currently listens and answers at. */
  get bitRate(): PiccBitRate {
    return this.rateValue;
  }

  /** The reader's field came on: the card powers up in IDLE. */
  fieldOn(): void {
    if (this.stateValue === 'off') this.stateValue = 'idle';
  }

  /** The field went off or the card left it: everything is lost. */
  fieldOff(): void {
    if (this.stateValue === 'active' || this.stateValue === 'halt') this.responder.powerOff();
    this.stateValue = 'off';
    this.rateValue = 106;
    this.isoDep.reset();
  }

  /** A frame sent by the reader at `rate` kbit/s (both directions alike). */
  async receive(frame: Uint8Array, rate: PiccBitRate = 106): Promise<PiccReply> {
    // The card demodulates only the rate it is at (106 until ATTRIB selected another).
    if (rate !== this.rateValue) return silent(`frame at ${rate} kbit/s, card at ${this.rateValue}`);
    switch (this.stateValue) {
      case 'off':
        return silent('card not powered');
      case 'idle':
      case 'ready':
      case 'halt':
        return this.activation(frame);
      case 'active':
        return this.isoDep.block(frame);
    }
  }

  // ---------------------------------------------------------------- ISO 14443-3 B

  private activation(frame: Uint8Array): PiccReply {
    if (frame.length === 3 && frame[0] === 0x05) {
      const afi = frame[1]!;
      const wakeUp = (frame[2]! & 0x08) !== 0;
      if (this.stateValue === 'halt' && !wakeUp) return silent('REQB in HALT');
      if (afi !== 0 && afi !== this.afi) return silent('AFI does not match');
      this.stateValue = 'ready';
      return { kind: 'answer', frame: this.sensbRes.slice(), minTimeoutMs: 0 };
    }
    if (frame.length >= 9 && frame[0] === 0x1d && this.stateValue === 'ready') {
      for (let i = 0; i < 4; i++) if (frame[1 + i] !== this.pupi[i]) return silent('ATTRIB for another PUPI');
      const fsdi = frame[6]! & 0x0f;
      const cid = frame[8]! & 0x0f;
      if ((frame[7]! & 0x0f) !== (this.protocolType & 0x01)) {
        this.violations.push(`ATTRIB Param3 ${frame[7]!.toString(16)} does not confirm protocol type ${this.protocolType}`);
        return silent('ATTRIB protocol type');
      }
      if (cid !== 0) return silent('CID not supported');
      // Param 2: b8 b7 PICC → PCD, b6 b5 PCD → PICC (00 106, 01 212, 10 424, 11 848 kbit/s).
      const send = RATE_CODES[(frame[6]! >> 6) & 3]!;
      const receive = RATE_CODES[(frame[6]! >> 4) & 3]!;
      if (!this.offered.send.has(send) || !this.offered.receive.has(receive)) {
        this.violations.push(`ATTRIB asks for ${send}/${receive} kbit/s, not offered in the ATQB`);
        return silent('ATTRIB bit rate not offered');
      }
      if (send !== receive) return this.isoDep.violation(`ATTRIB asks for different rates (${send}/${receive} kbit/s)`);
      this.stateValue = 'active';
      this.isoDep.start(FRAME_SIZES[Math.min(8, fsdi)]!, undefined);
      // The answer goes out at the rate ATTRIB came at; the new rate applies from the next frame.
      this.rateValue = send;
      return { kind: 'answer', frame: Uint8Array.of(0x00), minTimeoutMs: 0 };
    }
    return silent(`frame ${hexByte(frame[0])} ignored in ${this.stateValue}`);
  }
}
