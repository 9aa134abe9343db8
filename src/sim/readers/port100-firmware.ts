/**
 * The RC-S380's firmware as seen over USB: parses Port-100 frames from OUT transfers, answers
 * ACK and then `D7 <cmd+1> …` as separate IN transfers, and keeps the RF settings. RF exchanges
 * are handed to `rf` (the emulator: faults + the Type B card).
 *
 * Facts: reference browser-readers.md §2.1–§2.2, nfcpy `src/nfc/clf/rcs380.py` and
 * `tests/test_clf_rcs380.py` (response shapes: `D7 2B 00`, `D7 21 11 01` = firmware 1.11,
 * `D7 23 00 01`, `D7 01 00`, `D7 03 00`, `D7 07 00`, InCommRF `D7 05 <status LE32> [08 <rf>]`).
 * Written independently of src/transport/webusb-port100 so the two check each other.
 *
 * Emulator choices where the real behaviour is unknown (all UNCONFIRMED, all documented):
 * - a frame with a bad LCS/DCS/postamble, or an unknown command, is answered with the 5-byte
 *   error frame `00 00 FF FF FF` and no ACK (`badFrameReply: 'silent'` answers nothing);
 * - a host ACK aborts: queued answers are dropped and a running InCommRF is not answered;
 * - an OUT transfer that is a non-zero multiple of 64 bytes is not complete until a ZLP or a
 *   short packet follows (USB bulk semantics), so a host that forgets the ZLP gets no answer;
 * - RF commands before SetCommandType(1) answer COMMANDTYPE_ERROR (07);
 * - InCommRF before any InSetRF answers RF_OFF_ERROR; the field comes on with InSetRF or
 *   SwitchRF(01) and goes off with SwitchRF(00);
 * - the fifth byte of a successful InCommRF answer is 08 (nfcpy's vectors); errors carry only
 *   the 4 status bytes.
 */

export type BadFrameReply = 'error-frame' | 'silent';

/** What the RF side answers for one InCommRF. */
export interface RfResult {
  readonly status: number;
  readonly rf?: Uint8Array;
}

export interface RfSettings {
  /** The InSetRF bytes last set (undefined before any). */
  readonly inSetRf: Uint8Array | undefined;
  /** InSetProtocol values by key. */
  readonly protocol: ReadonlyMap<number, number>;
}

export interface Port100RfSide {
  /** One InCommRF; `undefined` means "never answer" (the reader was unplugged meanwhile). */
  inCommRf(rf: Uint8Array, timeoutMs: number, settings: RfSettings): Promise<RfResult | undefined>;
  /** The field was switched on (true) or off (false). */
  field(on: boolean): void;
}

const ACK = Uint8Array.of(0x00, 0x00, 0xff, 0x00, 0xff, 0x00);
const ERROR_FRAME = Uint8Array.of(0x00, 0x00, 0xff, 0xff, 0xff);
const RF_OFF = 0x400;
const PARAMETER_ERROR = 0x01;
const COMMANDTYPE_ERROR = 0x07;
const MAX_INPUT = 2048;

/** Valid InSetRF (send type, send rate, recv type, recv rate) tuples (nfcpy in_set_rf). */
const RF_SEND = new Set(['1,1', '1,2', '2,3', '4,4', '5,5', '3,7', '3,8', '3,9']);
const RF_RECV = new Set(['15,1', '15,2', '15,3', '15,4', '15,5', '15,7', '15,8', '15,9']);

function checksum(bytes: Uint8Array): number {
  let s = 0;
  for (const b of bytes) s += b;
  return (256 - (s & 0xff)) & 0xff;
}

function frame(data: Uint8Array): Uint8Array {
  const n = data.length;
  const out = new Uint8Array(10 + n);
  out.set([0, 0, 0xff, 0xff, 0xff, n & 0xff, n >> 8], 0);
  out[7] = checksum(out.subarray(5, 7));
  out.set(data, 8);
  out[8 + n] = checksum(data);
  return out;
}

export interface Port100FirmwareOptions {
  badFrameReply?: BadFrameReply;
  /** (minor, major) of GetFirmwareVersion. Default 11 01 → "1.11" (nfcpy test vector). */
  firmwareVersion?: readonly [number, number];
}

export class Port100Firmware {
  /** Every command code received, in order (tests check the init sequence). */
  readonly commandLog: number[] = [];
  /**
   * InSetRF, InSetProtocol and SwitchRF as `<code> <params>` in hex (nfcpy's test-vector form,
   * e.g. `00 02030f03`), so tests can compare the RF set-up byte for byte. InCommRF is left out:
   * its frames are in the RF log.
   */
  readonly settingsLog: string[] = [];
  /** Frames rejected for checksum or shape, and unknown commands. */
  badFrames = 0;
  badFrameReply: BadFrameReply;
  private input: Uint8Array = new Uint8Array(0);
  private commandType = 0;
  private inSetRf: Uint8Array | undefined;
  private readonly protocol = new Map<number, number>();
  private fieldOn = false;
  private epoch = 0;
  private work: Promise<void> = Promise.resolve();
  private readonly firmwareVersion: readonly [number, number];

  constructor(
    private readonly sendIn: (bytes: Uint8Array) => void,
    private readonly clearIn: () => void,
    private readonly rf: Port100RfSide,
    options: Port100FirmwareOptions = {},
  ) {
    this.badFrameReply = options.badFrameReply ?? 'error-frame';
    this.firmwareVersion = options.firmwareVersion ?? [0x11, 0x01];
  }

  /** USB OUT: bytes of one transfer. */
  onTransferOut(bytes: Uint8Array): void {
    if (this.input.length + bytes.length > MAX_INPUT) {
      this.input = new Uint8Array(0);
      this.rejectFrame();
      return;
    }
    const joined = new Uint8Array(this.input.length + bytes.length);
    joined.set(this.input);
    joined.set(bytes, this.input.length);
    this.input = joined;
    // A full-size packet means the transfer goes on: wait for a short packet or a ZLP.
    if (bytes.length > 0 && bytes.length % 64 === 0) return;
    this.parseInput();
  }

  /** Power loss (unplug): forget everything. */
  reset(): void {
    this.epoch++;
    this.input = new Uint8Array(0);
    this.commandType = 0;
    this.inSetRf = undefined;
    this.protocol.clear();
    this.setField(false);
  }

  private parseInput(): void {
    let buf = this.input;
    // Each pass consumes bytes or stops: bounded by the buffer length.
    while (buf.length > 0) {
      if (buf.length >= 6 && ACK.every((b, i) => buf[i] === b)) {
        this.abort();
        buf = buf.subarray(6);
        continue;
      }
      if (buf.length < 8) {
        if (buf[0] === 0 && (buf.length < 2 || buf[1] === 0) && (buf.length < 3 || buf[2] === 0xff)) break; // partial
        buf = new Uint8Array(0);
        this.rejectFrame();
        break;
      }
      if (buf[0] !== 0 || buf[1] !== 0 || buf[2] !== 0xff || buf[3] !== 0xff || buf[4] !== 0xff || ((buf[5]! + buf[6]! + buf[7]!) & 0xff) !== 0) {
        buf = new Uint8Array(0);
        this.rejectFrame();
        break;
      }
      const n = buf[5]! | (buf[6]! << 8);
      if (buf.length < 10 + n) break; // wait for the rest
      const data = buf.slice(8, 8 + n);
      const ok = n >= 2 && checksum(data) === buf[8 + n] && buf[9 + n] === 0 && data[0] === 0xd6;
      buf = buf.subarray(10 + n);
      if (!ok) {
        this.rejectFrame();
        continue;
      }
      this.command(data[1]!, data.slice(2));
    }
    this.input = buf.slice();
  }

  private rejectFrame(): void {
    this.badFrames++;
    if (this.badFrameReply === 'error-frame') this.sendIn(ERROR_FRAME);
  }

  private abort(): void {
    this.epoch++;
    this.clearIn();
  }

  private command(code: number, params: Uint8Array): void {
    const known = [0x00, 0x02, 0x04, 0x06, 0x12, 0x20, 0x22, 0x28, 0x2a];
    if (!known.includes(code)) {
      this.rejectFrame();
      return;
    }
    this.commandLog.push(code);
    if (code === 0x00 || code === 0x02 || code === 0x06) {
      this.settingsLog.push(`${code.toString(16).padStart(2, '0')} ${Array.from(params, (b) => b.toString(16).padStart(2, '0')).join('')}`);
    }
    const epoch = this.epoch;
    this.sendIn(ACK);
    this.work = this.work.then(async () => {
      const answer = await this.execute(code, params);
      if (answer && epoch === this.epoch) this.sendIn(frame(Uint8Array.of(0xd7, code + 1, ...answer)));
    });
  }

  private async execute(code: number, p: Uint8Array): Promise<Uint8Array | undefined> {
    const rfCommand = code === 0x00 || code === 0x02 || code === 0x04 || code === 0x06;
    if (rfCommand && this.commandType !== 1 && code !== 0x04) return Uint8Array.of(COMMANDTYPE_ERROR);
    switch (code) {
      case 0x2a: // SetCommandType
        if (p.length !== 1) return Uint8Array.of(PARAMETER_ERROR);
        this.commandType = p[0]!;
        return Uint8Array.of(0);
      case 0x28: // GetCommandType
        return Uint8Array.of(0, 0, 0, 0, 0, 0, 0, this.commandType);
      case 0x20: // GetFirmwareVersion
        return Uint8Array.of(...this.firmwareVersion);
      case 0x22: // GetPDDataVersion
        return Uint8Array.of(0x00, 0x01);
      case 0x12: // ResetDevice
        this.reset();
        return Uint8Array.of(0);
      case 0x06: // SwitchRF
        if (p.length !== 1 || p[0]! > 1) return Uint8Array.of(PARAMETER_ERROR);
        this.setField(p[0] === 1 && this.inSetRf !== undefined);
        return Uint8Array.of(0);
      case 0x00: // InSetRF
        if (p.length !== 4 || !RF_SEND.has(`${p[0]},${p[1]}`) || !RF_RECV.has(`${p[2]},${p[3]}`)) return Uint8Array.of(PARAMETER_ERROR);
        this.inSetRf = p.slice();
        return Uint8Array.of(0);
      case 0x02: // InSetProtocol
        if (p.length % 2 !== 0) return Uint8Array.of(PARAMETER_ERROR);
        for (let i = 0; i < p.length; i += 2) if (p[i]! > 0x13) return Uint8Array.of(PARAMETER_ERROR);
        for (let i = 0; i < p.length; i += 2) this.protocol.set(p[i]!, p[i + 1]!);
        return Uint8Array.of(0);
      case 0x04: {
        // InCommRF
        if (p.length < 3) return Uint8Array.of(PARAMETER_ERROR, 0, 0, 0);
        if (this.commandType !== 1 || !this.inSetRf) return status(RF_OFF);
        this.setField(true);
        const timeoutMs = (p[0]! | (p[1]! << 8)) / 10;
        const result = await this.rf.inCommRf(p.slice(2), timeoutMs, { inSetRf: this.inSetRf, protocol: this.protocol });
        if (!result) return undefined;
        if (result.status !== 0) return status(result.status);
        return Uint8Array.of(0, 0, 0, 0, 0x08, ...(result.rf ?? []));
      }
      default:
        return undefined;
    }
  }

  private setField(on: boolean): void {
    if (on === this.fieldOn) return;
    this.fieldOn = on;
    this.rf.field(on);
  }
}

function status(bits: number): Uint8Array {
  return Uint8Array.of(bits & 0xff, (bits >>> 8) & 0xff, (bits >>> 16) & 0xff, (bits >>> 24) & 0xff);
}
