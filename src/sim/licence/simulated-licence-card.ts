/**
 * A simulated driver's licence card (運転免許証), an ApduResponder written on its own (it shares
 * nothing with the card library but the APDU codec). Behaviour, from licence-facts §1–§2 as the
 * simulator reads it:
 *  - MF with EF01 (2F01) 共通データ要素 and EF02 (000A) PIN設定, free; IEF01 (0001) PIN1 and IEF02
 *    (0002) PIN2; DF1/DF2/DF3 selected by their 16-byte AIDs (exact match);
 *  - SELECT MF `00 A4 00 00` (or by 3F00), EF `00 A4 02 0C <FID>`, DF `00 A4 04 0C <AID>`;
 *  - READ BINARY by SFI (`00 B0 80|SFI off`) in the current directory, or by 15-bit offset on the
 *    current EF; short or extended Le; what remains when Le is larger; 6B00 past the end; 6982
 *    without the PINs the file needs (PIN1: DF1 files but EF02/EF06; PIN1 + PIN2: DF1/EF02,
 *    DF1/EF06, DF2/EF01);
 *  - VERIFY P2 80 (the current IEF) or 81/82 (IEF by SFI, with the MF current); an empty VERIFY
 *    answers 63Cx and uses no try (63C0 once blocked, [U]); a wrong PIN answers 63Cx with one try
 *    fewer, a blocked PIN 6984; a right one restores the counter;
 *  - the security status survives DF selection [I×5] and is lost at power-off.
 * Fault knobs (for forgeries): a counter that lies (`reportedTries`), a counter that never drops
 * (`frozenCounter`).
 */
import { decodeCommand, type DecodedCommand } from '../../apdu/command';
import { encodeResponse } from '../../apdu/response';
import type { ApduResponder } from '../../transport/apdu-responder';

export type LicenceAccess = 'free' | 'pin1' | 'pin1+pin2';

export interface SimLicenceFile {
  readonly fid: number;
  readonly content: Uint8Array;
  readonly access: LicenceAccess;
}

export interface SimLicenceDf {
  readonly name: 'df1' | 'df2' | 'df3';
  readonly aid: Uint8Array;
  readonly files: readonly SimLicenceFile[];
}

export interface SimLicencePin {
  readonly secret: Uint8Array;
  readonly maxTries: number;
  readonly initialTries: number;
}

/** Plain data (JSON-able with base64 bytes), like the My Number simulator's CardModel. */
export interface LicenceCardModel {
  readonly atr: Uint8Array;
  readonly mfFiles: readonly SimLicenceFile[];
  readonly dfs: readonly SimLicenceDf[];
  readonly pins: { readonly pin1: SimLicencePin; readonly pin2: SimLicencePin };
  readonly faults?: LicenceCardFaults;
}

export interface LicenceCardFaults {
  /** Every empty VERIFY answers 63C0|n with this n, whatever the real counter (a card that lies). */
  readonly reportedTries?: number;
  /** A wrong PIN does not lower the counter the card reports (it still lowers the real one). */
  readonly frozenCounter?: boolean;
}

const SW = {
  OK: 0x9000,
  WRONG_LENGTH: 0x6700,
  INCOMPATIBLE: 0x6981,
  SECURITY: 0x6982,
  BLOCKED: 0x6984,
  NO_CURRENT_EF: 0x6986,
  NOT_FOUND: 0x6a82,
  P1P2: 0x6a86,
  REF_NOT_FOUND: 0x6a88,
  OFFSET: 0x6b00,
  INS: 0x6d00,
  CLA: 0x6e00,
} as const;

type PinName = 'pin1' | 'pin2';
type Current = { dir: 'mf' } | { dir: 'df'; df: SimLicenceDf };
type CurrentEf = { kind: 'file'; file: SimLicenceFile } | { kind: 'pin'; pin: PinName } | undefined;

export interface LicenceCardActivity {
  commands: number;
  verifyAttempts: number;
  triesConsumed: number;
  /** READ BINARYs that returned data, per file key "mf/2F01", "df1/0001"… */
  reads: Record<string, number>;
}

function sw(s: number): Uint8Array {
  return encodeResponse(new Uint8Array(0), s);
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i]! ^ b[i]!;
  return d === 0;
}

export class SimulatedLicenceCard implements ApduResponder {
  readonly activity: LicenceCardActivity = { commands: 0, verifyAttempts: 0, triesConsumed: 0, reads: {} };
  private readonly tries: Record<PinName, number>;
  private readonly reported: Record<PinName, number>;
  private current: Current = { dir: 'mf' };
  private currentEf: CurrentEf;
  private verified = new Set<PinName>();
  private powered = false;

  constructor(readonly model: LicenceCardModel) {
    this.tries = { pin1: model.pins.pin1.initialTries, pin2: model.pins.pin2.initialTries };
    this.reported = { ...this.tries };
  }

  powerOn(): Uint8Array {
    this.powered = true;
    this.reset();
    return this.model.atr.slice();
  }

  powerOff(): void {
    this.powered = false;
    this.reset();
  }

  /** Tries left (the card's real counter), for tests. */
  triesLeft(pin: PinName): number {
    return this.tries[pin];
  }

  private reset(): void {
    this.current = { dir: 'mf' };
    this.currentEf = undefined;
    this.verified = new Set();
  }

  async process(command: Uint8Array): Promise<Uint8Array> {
    if (!this.powered) this.powerOn();
    this.activity.commands++;
    let cmd: DecodedCommand;
    try {
      cmd = decodeCommand(command);
    } catch {
      return sw(SW.WRONG_LENGTH);
    }
    if (cmd.cla !== 0x00) return sw(SW.CLA);
    switch (cmd.ins) {
      case 0xa4:
        return this.select(cmd);
      case 0xb0:
        return this.readBinary(cmd);
      case 0x20:
        return this.verify(cmd);
      default:
        return sw(SW.INS);
    }
  }

  // ------------------------------------------------------------------ SELECT

  private select(cmd: DecodedCommand): Uint8Array {
    const data = cmd.data ?? new Uint8Array(0);
    if (cmd.p1 === 0x00) {
      if (cmd.p2 !== 0x00 && cmd.p2 !== 0x0c) return sw(SW.P1P2);
      if (data.length !== 0 && !(data.length === 2 && data[0] === 0x3f && data[1] === 0x00)) return sw(SW.NOT_FOUND);
      this.current = { dir: 'mf' };
      this.currentEf = undefined;
      return sw(SW.OK);
    }
    if (cmd.p1 === 0x04) {
      if (cmd.p2 !== 0x0c) return sw(SW.P1P2);
      const df = this.model.dfs.find((d) => equal(d.aid, data));
      if (!df) return sw(SW.NOT_FOUND);
      this.current = { dir: 'df', df };
      this.currentEf = undefined;
      return sw(SW.OK);
    }
    if (cmd.p1 === 0x02) {
      if (cmd.p2 !== 0x0c) return sw(SW.P1P2);
      if (data.length !== 2) return sw(SW.WRONG_LENGTH);
      const fid = (data[0]! << 8) | data[1]!;
      if (this.current.dir === 'mf' && (fid === 0x0001 || fid === 0x0002)) {
        this.currentEf = { kind: 'pin', pin: fid === 0x0001 ? 'pin1' : 'pin2' };
        return sw(SW.OK);
      }
      const file = this.files().find((f) => f.fid === fid);
      if (!file) return sw(SW.NOT_FOUND);
      this.currentEf = { kind: 'file', file };
      return sw(SW.OK);
    }
    return sw(SW.P1P2);
  }

  private files(): readonly SimLicenceFile[] {
    return this.current.dir === 'mf' ? this.model.mfFiles : this.current.df.files;
  }

  // ------------------------------------------------------------------ READ BINARY

  private readBinary(cmd: DecodedCommand): Uint8Array {
    if (cmd.data && cmd.data.length > 0) return sw(SW.WRONG_LENGTH);
    if (cmd.le === undefined) return sw(SW.WRONG_LENGTH);
    let file: SimLicenceFile | undefined;
    let offset: number;
    if (cmd.p1 & 0x80) {
      if (cmd.p1 & 0x60) return sw(SW.P1P2);
      const sfi = cmd.p1 & 0x1f;
      file = this.files().find((f) => (f.fid & 0x1f) === sfi && (this.current.dir === 'df' || f.fid !== 0x0001));
      if (!file) return sw(SW.NOT_FOUND);
      this.currentEf = { kind: 'file', file };
      offset = cmd.p2;
    } else {
      if (!this.currentEf) return sw(SW.NO_CURRENT_EF);
      if (this.currentEf.kind !== 'file') return sw(SW.INCOMPATIBLE);
      file = this.currentEf.file;
      offset = ((cmd.p1 & 0x7f) << 8) | cmd.p2;
    }
    if (!this.allowed(file.access)) return sw(SW.SECURITY);
    if (offset >= file.content.length) return sw(SW.OFFSET);
    const end = Math.min(file.content.length, offset + cmd.le);
    const key = `${this.current.dir === 'mf' ? 'mf' : this.current.df.name}/${file.fid.toString(16).toUpperCase().padStart(4, '0')}`;
    this.activity.reads[key] = (this.activity.reads[key] ?? 0) + 1;
    return encodeResponse(file.content.subarray(offset, end), SW.OK);
  }

  private allowed(access: LicenceAccess): boolean {
    if (access === 'free') return true;
    if (access === 'pin1') return this.verified.has('pin1');
    return this.verified.has('pin1') && this.verified.has('pin2');
  }

  // ------------------------------------------------------------------ VERIFY

  private verify(cmd: DecodedCommand): Uint8Array {
    if (cmd.p1 !== 0x00) return sw(SW.P1P2);
    let pin: PinName;
    if (cmd.p2 === 0x80) {
      if (this.currentEf?.kind !== 'pin') return sw(SW.REF_NOT_FOUND);
      pin = this.currentEf.pin;
    } else if (cmd.p2 === 0x81 || cmd.p2 === 0x82) {
      if (this.current.dir !== 'mf') return sw(SW.REF_NOT_FOUND);
      pin = cmd.p2 === 0x81 ? 'pin1' : 'pin2';
    } else return sw(SW.P1P2);
    const spec = this.model.pins[pin];
    if (!cmd.data || cmd.data.length === 0) {
      const shown = this.model.faults?.reportedTries ?? (this.model.faults?.frozenCounter ? this.reported[pin] : this.tries[pin]);
      return sw(0x63c0 | Math.min(shown, 15));
    }
    this.activity.verifyAttempts++;
    if (this.tries[pin] === 0) return sw(SW.BLOCKED);
    if (equal(cmd.data, spec.secret)) {
      this.tries[pin] = spec.maxTries;
      this.reported[pin] = spec.maxTries;
      this.verified.add(pin);
      return sw(SW.OK);
    }
    this.tries[pin]--;
    this.activity.triesConsumed++;
    this.verified.delete(pin);
    const shown = this.model.faults?.reportedTries ?? (this.model.faults?.frozenCounter ? this.reported[pin] : this.tries[pin]);
    return sw(0x63c0 | Math.min(shown, 15));
  }
}
