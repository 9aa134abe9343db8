/**
 * A simulated residence card / special permanent resident certificate of either generation, as
 * an ApduResponder (so SimulatedTransport, the emulated readers and, later, vpcd can serve it).
 * It implements the card side of 在留カード等仕様書 Ver 1.5 §4.2 (and the second generation's AES
 * variant) with its own crypto (sim-crypto.ts):
 *
 * - SELECT MF (`00 A4 00 00 02 3F 00`) and DF by its 16-byte name (`00 A4 04 0C 10 …`, 6A82 for
 *   any other); MF is current after power-up (§3.1).
 * - GET CHALLENGE (Le 08 only), MUTUAL AUTHENTICATE (one use per challenge; a failure answers
 *   63 00 and needs a new challenge, §4.2.4(2)), VERIFY only under SM (`08 20 00 86`, a wrong
 *   number answers 63 00 and clears the authentication; no retry counter, §4.2.2(2)).
 * - READ BINARY with SFI (P1 = 100xxxxx, P2 = offset) or on the current EF (15-bit offset), plain
 *   or SM (`08 B0 … 96 02 XX XX`, answer `86 L 01 ‖ E(KSenc, data ‖ 80 00…)`); files with the SM
 *   attribute refuse plain reads, every file but MF's needs the authentication (6982), past the
 *   end answers 6B00, a missing file 6A82.
 * The card's randomness (RND.ICC, K.ICC) comes from a seeded generator or an injected source, so
 * runs are reproducible.
 */
import { decodeCommand, type DecodedCommand } from '../../apdu/command';
import type { ApduResponder } from '../../transport/apdu-responder';
import { SeededRandom } from '../card/seeded-random';
import { DF_AIDS, type RcDf, type RcSimFile, type RcSimModel } from './card-files';
import { blockOf, cardDecrypt, cardEncrypt, cardKey, cardMac, pad, sessionKey, unpad } from './sim-crypto';

const SW = {
  OK: 0x9000,
  MISMATCH: 0x6300,
  WRONG_LENGTH: 0x6700,
  CHANNEL: 0x6881,
  SM_UNSUPPORTED: 0x6882,
  INCOMPATIBLE: 0x6981,
  SECURITY: 0x6982,
  CONDITIONS: 0x6985,
  NO_CURRENT_EF: 0x6986,
  SM_DATA: 0x6988,
  NOT_FOUND: 0x6a82,
  P1P2: 0x6a86,
  OFFSET: 0x6b00,
  INS: 0x6d00,
  CLA: 0x6e00,
} as const;

const ATR = Uint8Array.of(0x3b, 0x88, 0x80, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x09);

export interface SimulatedResidenceCardOptions {
  /** The card's random numbers (RND.ICC, K.ICC); a seeded generator by default. */
  readonly random?: (n: number) => Uint8Array;
}

export interface ResidenceCardActivity {
  commands: number;
  mutualAuthentications: number;
  failedMutualAuthentications: number;
  verifies: number;
  failedVerifies: number;
}

function sw(s: number): Uint8Array {
  return Uint8Array.of(s >> 8, s & 0xff);
}

function withSw(data: Uint8Array, s = SW.OK): Uint8Array {
  const out = new Uint8Array(data.length + 2);
  out.set(data);
  out[data.length] = s >> 8;
  out[data.length + 1] = s & 0xff;
  return out;
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

export class SimulatedResidenceCard implements ApduResponder {
  readonly activity: ResidenceCardActivity = { commands: 0, mutualAuthentications: 0, failedMutualAuthentications: 0, verifies: 0, failedVerifies: 0 };
  private readonly random: (n: number) => Uint8Array;
  private readonly key: Uint8Array;
  private df: RcDf = 'mf';
  private ef: RcSimFile | undefined;
  private challenge: Uint8Array | undefined;
  private ks: Uint8Array | undefined;
  private authenticated = false;
  private powered = false;

  constructor(
    readonly model: RcSimModel,
    options: SimulatedResidenceCardOptions = {},
  ) {
    const seeded = new SeededRandom(`${model.seed}/residence-card`);
    this.random = options.random ?? ((n) => seeded.bytes(n));
    this.key = cardKey(model.cardNumber);
  }

  powerOn(): Uint8Array {
    this.powered = true;
    this.reset();
    return ATR.slice();
  }

  powerOff(): void {
    this.powered = false;
    this.reset();
  }

  private reset(): void {
    this.df = 'mf';
    this.ef = undefined;
    this.challenge = undefined;
    this.ks = undefined;
    this.authenticated = false;
  }

  get isAuthenticated(): boolean {
    return this.authenticated;
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
    if ((cmd.cla & 0x80) !== 0) return sw(SW.CLA);
    if ((cmd.cla & 0x03) !== 0) return sw(SW.CHANNEL);
    const sm = (cmd.cla & 0x0c) === 0x08;
    if ((cmd.cla & 0x0c) !== 0 && !sm) return sw(SW.SM_UNSUPPORTED);
    if ((cmd.cla & 0x70) !== 0) return sw(SW.CLA);
    switch (cmd.ins) {
      case 0xa4:
        return sm ? sw(SW.SM_UNSUPPORTED) : this.select(cmd);
      case 0x84:
        return sm ? sw(SW.SM_UNSUPPORTED) : this.getChallenge(cmd);
      case 0x82:
        return sm ? sw(SW.SM_UNSUPPORTED) : this.mutualAuthenticate(cmd);
      case 0x20:
        return this.verify(cmd, sm);
      case 0xb0:
        return this.readBinary(cmd, sm);
      default:
        return sw(SW.INS);
    }
  }

  private select(cmd: DecodedCommand): Uint8Array {
    const data = cmd.data ?? new Uint8Array(0);
    if (cmd.p1 === 0x00 && cmd.p2 === 0x00) {
      if (!equal(data, Uint8Array.of(0x3f, 0x00))) return sw(SW.NOT_FOUND);
      this.df = 'mf';
      this.ef = undefined;
      return sw(SW.OK);
    }
    if (cmd.p1 === 0x04) {
      if (cmd.p2 !== 0x0c) return sw(SW.P1P2);
      const entry = (Object.entries(DF_AIDS) as [Exclude<RcDf, 'mf'>, Uint8Array][]).find(([, aid]) => equal(aid, data));
      if (!entry) return sw(SW.NOT_FOUND);
      // Selecting a DF keeps the card-number authentication (§3.5.1: select, read, select the next DF).
      this.df = entry[0];
      this.ef = undefined;
      return sw(SW.OK);
    }
    return sw(SW.P1P2);
  }

  private getChallenge(cmd: DecodedCommand): Uint8Array {
    if (cmd.p1 !== 0 || cmd.p2 !== 0) return sw(SW.P1P2);
    if (cmd.le !== 8 || cmd.data) return sw(SW.WRONG_LENGTH);
    this.challenge = this.random(8).slice();
    return withSw(this.challenge);
  }

  private mutualAuthenticate(cmd: DecodedCommand): Uint8Array {
    if (cmd.p1 !== 0 || cmd.p2 !== 0) return sw(SW.P1P2);
    if (!cmd.data || cmd.data.length !== 40) return sw(SW.WRONG_LENGTH);
    const rndIcc = this.challenge;
    this.challenge = undefined; // one use (§4.2.4(2): after a failure, get a new challenge)
    if (!rndIcc) return sw(SW.CONDITIONS);
    this.activity.mutualAuthentications++;
    const g = this.model.generation;
    const e = cmd.data.subarray(0, 32);
    const m = cmd.data.subarray(32, 40);
    const plain = cardDecrypt(g, this.key, e);
    if (!equal(cardMac(g, this.key, e), m) || !equal(plain.subarray(8, 16), rndIcc)) {
      this.activity.failedMutualAuthentications++;
      this.ks = undefined;
      this.authenticated = false;
      return sw(SW.MISMATCH);
    }
    const rndIfd = plain.subarray(0, 8);
    const kIfd = plain.subarray(16, 32);
    const kIcc = this.random(16).slice();
    const eIcc = cardEncrypt(g, this.key, Uint8Array.from([...rndIcc, ...rndIfd, ...kIcc]));
    const mIcc = cardMac(g, this.key, eIcc);
    if (this.model.behaviour?.wrongCardMac) mIcc[7] = mIcc[7]! ^ 0x01;
    this.ks = sessionKey(kIfd, kIcc);
    this.authenticated = false;
    return withSw(Uint8Array.from([...eIcc, ...mIcc]));
  }

  private verify(cmd: DecodedCommand, sm: boolean): Uint8Array {
    if (!sm) return sw(SW.SECURITY); // §4.2.2(2): VERIFY must come under SM
    if (cmd.p1 !== 0x00 || cmd.p2 !== 0x86) return sw(SW.P1P2);
    if (!this.ks) return sw(SW.CONDITIONS);
    const d = cmd.data;
    const block = blockOf(this.model.generation);
    if (!d || d.length < 3 + block || d[0] !== 0x86 || d[1] !== d.length - 2 || d[2] !== 0x01 || (d.length - 3) % block !== 0) return sw(SW.SM_DATA);
    this.activity.verifies++;
    const plain = unpad(cardDecrypt(this.model.generation, this.ks, d.subarray(3)));
    if (!plain) return sw(SW.SM_DATA);
    if (new TextDecoder().decode(plain) === this.model.cardNumber) {
      this.authenticated = true;
      return sw(SW.OK);
    }
    this.activity.failedVerifies++;
    this.authenticated = false;
    return sw(SW.MISMATCH);
  }

  private readBinary(cmd: DecodedCommand, sm: boolean): Uint8Array {
    let ef: RcSimFile | undefined;
    let offset: number;
    if (cmd.p1 & 0x80) {
      if (cmd.p1 & 0x60) return sw(SW.P1P2);
      const sfi = cmd.p1 & 0x1f;
      ef = this.model.files.find((f) => f.df === this.df && f.sfi === sfi);
      if (!ef) return sw(SW.NOT_FOUND);
      offset = cmd.p2;
    } else {
      ef = this.ef;
      if (!ef) return sw(SW.NO_CURRENT_EF);
      offset = ((cmd.p1 & 0x7f) << 8) | cmd.p2;
    }
    if (cmd.le === undefined) return sw(SW.WRONG_LENGTH);
    if (ef.auth && !this.authenticated) return sw(SW.SECURITY);
    if (ef.sm && !sm) return sw(SW.SECURITY);
    let want: number;
    if (sm) {
      if (!this.ks) return sw(SW.CONDITIONS);
      const d = cmd.data;
      if (!d || d.length !== 4 || d[0] !== 0x96 || d[1] !== 0x02) return sw(SW.SM_DATA);
      const le = (d[2]! << 8) | d[3]!;
      want = le === 0 ? Number.MAX_SAFE_INTEGER : le;
    } else {
      if (cmd.data && cmd.data.length > 0) return sw(SW.WRONG_LENGTH);
      want = cmd.le;
    }
    if (offset >= ef.content.length) return sw(SW.OFFSET);
    this.ef = ef;
    const data = ef.content.subarray(offset, Math.min(ef.content.length, offset + want));
    if (!sm) return withSw(data);
    const g = this.model.generation;
    const cryptogram = cardEncrypt(g, this.ks!, pad(data, blockOf(g)));
    const corrupt = this.model.behaviour?.corruptSmAnswer;
    if (corrupt && corrupt.df === ef.df && corrupt.sfi === ef.sfi) {
      const at = corrupt.where === 'last-block' ? cryptogram.length - 1 : Math.floor(cryptogram.length / 2);
      cryptogram[at] = cryptogram[at]! ^ 0x10;
    }
    const v = cryptogram.length + 1;
    const header = v < 0x80 ? [0x86, v] : v <= 0xff ? [0x86, 0x81, v] : [0x86, 0x82, v >> 8, v & 0xff];
    const answer = Uint8Array.from([...header, 0x01, ...cryptogram]);
    if (answer.length > cmd.le) return sw(SW.WRONG_LENGTH);
    return withSw(answer);
  }
}
