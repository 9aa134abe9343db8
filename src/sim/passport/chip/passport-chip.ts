/**
 * A simulated eMRTD chip (ICAO Doc 9303-10/-11) as an ApduResponder: master file with
 * EF.CardAccess (and EF.CardSecurity), the eMRTD application A0 00 00 02 47 10 01 with the LDS
 * files it is given (FID → bytes), and the chip side of BAC, PACE (GM / IM / CAM over ECDH and
 * DH, 3DES and AES), secure messaging, Chip Authentication (MSE:Set KAT and MSE:Set AT + GA) and
 * Active Authentication (RSA ISO/IEC 9796-2, ECDSA). Deterministic: every random byte comes from
 * `random` (default: a seeded generator), so fixed inputs replay the 9303-11 worked examples.
 *
 * Written on its own (sim rule): only the APDU codec is shared with the card library.
 * Fault knobs reproduce forgeries: a broken SM MAC, plain answers after SM starts (downgrade),
 * and a cloned chip whose AA / CA private keys do not match the published public keys.
 */
import { decodeCommand, type DecodedCommand } from '../../../apdu/command';
import { encodeResponse } from '../../../apdu/response';
import type { ApduResponder } from '../../../transport/apdu-responder';
import { SeededRandom } from '../../card/seeded-random';
import { aaSign, type AaKey } from './chip-active-auth';
import { aesBlock, blockOf, chipCbc, chipKdf, chipMac, chipPad, chipSha1, chipUnpad, fromBig, invMod, keyBytesOf, powMod, sameBytes, toBig, type ChipCipher } from './chip-crypto';
import { chipGroup, type ChipGroup, type ChipPoint } from './chip-groups';
import { chipGmGenerator, chipImGenerator, chipNonceLength } from './chip-pace-math';
import { cardAccessFor, type ChipAuthenticationKey, type PaceOffer } from './chip-security-infos';

export interface ChipMrz {
  readonly documentNumber: string;
  readonly birthDate: string;
  readonly expiryDate: string;
}

export interface PassportChipFaults {
  /** Every SM answer carries a MAC with one bit flipped. */
  readonly breakSmMac?: boolean;
  /** Once SM runs, answers are sent plain (data ‖ SW), as a downgrading attacker would. */
  readonly plainAnswers?: boolean;
  /** Cloned chip: AA and CA use keys other than the published ones (right data, wrong keys). */
  readonly clonedKeys?: boolean;
}

export interface PassportChipConfig {
  /** MRZ data the chip is keyed with (BAC and PACE-MRZ). */
  readonly mrz: ChipMrz;
  /** Card access number (PACE with CAN); absent = CAN refused (6A88). */
  readonly can?: string;
  /** BAC available (default true). */
  readonly bac?: boolean;
  /** PACE offers; EF.CardAccess is generated from them unless `cardAccess` is given. */
  readonly pace?: readonly PaceOffer[];
  readonly cardAccess?: Uint8Array;
  readonly cardSecurity?: Uint8Array;
  /** eMRTD application files by FID (EF.COM 011E, DG1 0101, …, EF.SOD 011D). */
  readonly files: ReadonlyMap<number, Uint8Array>;
  /** Chip Authentication key pairs (also the PACE-CAM key, matched by keyId = parameterId). */
  readonly chipAuthentication?: readonly ChipAuthenticationKey[];
  readonly activeAuthentication?: AaKey;
  /** Random bytes; default a SeededRandom of `seed`. */
  readonly random?: (length: number) => Uint8Array;
  readonly seed?: string;
  /** Accept extended-length APDUs (default true). */
  readonly extendedLength?: boolean;
  /** CAR returned in DO'87' of the last PACE step (9303-11 G.2 shows one). */
  readonly certificationAuthorityReference?: string;
  /** Answer a plain SELECT of the eMRTD application before access control (default true). */
  readonly plainSelectAllowed?: boolean;
  readonly faults?: PassportChipFaults;
  readonly atr?: Uint8Array;
}

const AID = Uint8Array.of(0xa0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01);
const FID_CARD_ACCESS = 0x011c;
const FID_CARD_SECURITY = 0x011d;

interface Session {
  readonly cipher: ChipCipher;
  readonly enc: Uint8Array;
  readonly mac: Uint8Array;
  readonly ssc: Uint8Array;
}

type PaceStep =
  | { readonly at: 'set'; readonly offer: PaceOffer; readonly password: Uint8Array }
  | { readonly at: 'nonce'; readonly offer: PaceOffer; readonly s: Uint8Array }
  | { readonly at: 'mapped'; readonly offer: PaceOffer; readonly generator: ChipPoint | bigint; readonly skMap?: bigint; readonly pkMap?: Uint8Array }
  | { readonly at: 'agreed'; readonly offer: PaceOffer; readonly session: Session; readonly pkIc: Uint8Array; readonly pkIfd: Uint8Array; readonly skMap?: bigint };

type Answer = { data: Uint8Array; sw: number };

const ok = (data: Uint8Array = new Uint8Array(0)): Answer => ({ data, sw: 0x9000 });
const sw = (code: number): Answer => ({ data: new Uint8Array(0), sw: code });

/** Activity counters for tests (what the chip saw). */
export interface ChipActivity {
  commands: number;
  smCommands: number;
  bacAttempts: number;
  paceAttempts: number;
  readBinaries: number;
}

export class PassportChip implements ApduResponder {
  readonly activity: ChipActivity = { commands: 0, smCommands: 0, bacAttempts: 0, paceAttempts: 0, readBinaries: 0 };
  private readonly rng: (n: number) => Uint8Array;
  private readonly cardAccess: Uint8Array | undefined;
  private inApplication = false;
  private currentEf: Uint8Array | undefined;
  private session: Session | undefined;
  private authenticated = false;
  private paceDone = false;
  private challenge: Uint8Array | undefined;
  private pace: PaceStep | undefined;
  private caPending: { key: ChipAuthenticationKey; cipher: ChipCipher } | undefined;
  /** Set during a CA command: switch to these keys once its answer is wrapped (§9.8.2). */
  private nextSession: Session | undefined;
  private readonly cloneKeys = new Map<string, bigint>();

  constructor(readonly config: PassportChipConfig) {
    const seeded = new SeededRandom(`${config.seed ?? 'kazasu-passport'}/chip`);
    this.rng = config.random ?? ((n) => seeded.bytes(n));
    this.cardAccess = config.cardAccess ?? (config.pace && config.pace.length > 0 ? cardAccessFor(config.pace) : undefined);
  }

  powerOn(): Uint8Array {
    this.reset();
    return this.config.atr ?? Uint8Array.of(0x3b, 0x88, 0x80, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x09);
  }

  powerOff(): void {
    this.reset();
  }

  private reset(): void {
    this.inApplication = false;
    this.currentEf = undefined;
    this.dropSession();
    this.challenge = undefined;
    this.pace = undefined;
    this.caPending = undefined;
  }

  private dropSession(): void {
    if (this.session) {
      this.session.enc.fill(0);
      this.session.mac.fill(0);
    }
    this.session = undefined;
    this.authenticated = false;
    this.paceDone = false;
    this.nextSession = undefined;
  }

  async process(command: Uint8Array): Promise<Uint8Array> {
    this.activity.commands++;
    let cmd: DecodedCommand;
    try {
      cmd = decodeCommand(command);
    } catch {
      return encodeResponse(new Uint8Array(0), 0x6700);
    }
    if (cmd.extended && this.config.extendedLength === false) return encodeResponse(new Uint8Array(0), 0x6700);
    if ((cmd.cla & 0x0c) === 0x0c) return this.processProtected(cmd);
    if (this.session) {
      // 9303-11 §9.8.3: a plain APDU ends secure messaging.
      this.dropSession();
      if (this.inApplication) this.currentEf = undefined;
    }
    const a = this.execute(cmd, false);
    return encodeResponse(a.data, a.sw);
  }

  // ------------------------------------------------------------------------------------------
  // Secure messaging (chip side)

  private processProtected(cmd: DecodedCommand): Uint8Array {
    const s = this.session;
    if (!s) return encodeResponse(new Uint8Array(0), 0x6988);
    this.activity.smCommands++;
    const body = cmd.data ?? new Uint8Array(0);
    const objs = readObjects(body);
    if (!objs || !objs.get(0x8e) || objs.get(0x8e)!.length !== 8) return this.abort(0x6987);
    bump(s.ssc);
    const macMsg = Uint8Array.from([...s.ssc, ...chipPad(Uint8Array.of(cmd.cla, cmd.ins, cmd.p1, cmd.p2), blockOf(s.cipher)), ...objs.raw]);
    if (!sameBytes(chipMac(s.cipher, s.mac, macMsg), objs.get(0x8e)!)) return this.abort(0x6988);
    let data: Uint8Array | undefined;
    const enc87 = objs.get(0x87);
    const enc85 = objs.get(0x85);
    if (enc87 || enc85) {
      const c = enc87 ? (enc87[0] === 0x01 ? enc87.subarray(1) : undefined) : enc85!;
      if (!c || c.length === 0 || c.length % blockOf(s.cipher) !== 0) return this.abort(0x6988);
      const iv = s.cipher === '3des' ? undefined : aesBlock(s.enc, s.ssc);
      const plain = chipUnpad(chipCbc(s.cipher, s.enc, c, true, iv));
      if (!plain) return this.abort(0x6988);
      data = plain;
    }
    let le: number | undefined;
    const do97 = objs.get(0x97);
    if (do97) {
      if (do97.length === 1) le = do97[0] === 0 ? 256 : do97[0]!;
      else if (do97.length === 2) le = ((do97[0]! << 8) | do97[1]!) || 65536;
      else return this.abort(0x6988);
    }
    const inner: DecodedCommand = { cla: cmd.cla & 0xf3, ins: cmd.ins, p1: cmd.p1, p2: cmd.p2, ...(data ? { data } : {}), ...(le !== undefined ? { le } : {}), case: 1, extended: false };
    const answer = this.execute(inner, true);
    const out = this.wrap(answer, cmd.ins);
    if (this.nextSession) {
      this.session = this.nextSession;
      this.nextSession = undefined;
    }
    return out;
  }

  private wrap(a: Answer, ins: number): Uint8Array {
    const s = this.session;
    if (!s) return encodeResponse(a.data, a.sw);
    if (this.config.faults?.plainAnswers && this.authenticated) return encodeResponse(a.data, a.sw);
    bump(s.ssc);
    const parts: number[] = [];
    if (a.data.length > 0) {
      const iv = s.cipher === '3des' ? undefined : aesBlock(s.enc, s.ssc);
      const c = chipCbc(s.cipher, s.enc, chipPad(a.data, blockOf(s.cipher)), false, iv);
      parts.push(...(ins & 1 ? tlv(0x85, c) : tlv(0x87, Uint8Array.from([0x01, ...c]))));
    }
    parts.push(...tlv(0x99, Uint8Array.of(a.sw >> 8, a.sw & 0xff)));
    const mac = chipMac(s.cipher, s.mac, Uint8Array.from([...s.ssc, ...parts]));
    if (this.config.faults?.breakSmMac) mac[mac.length - 1]! ^= 0x01;
    parts.push(...tlv(0x8e, mac));
    return encodeResponse(Uint8Array.from(parts), a.sw);
  }

  private abort(code: number): Uint8Array {
    // §9.8.5: SM errors are answered without SM and end the session.
    this.dropSession();
    return encodeResponse(new Uint8Array(0), code);
  }

  // ------------------------------------------------------------------------------------------
  // Commands

  private execute(cmd: DecodedCommand, secured: boolean): Answer {
    switch (cmd.ins) {
      case 0xa4:
        return this.select(cmd, secured);
      case 0xb0:
      case 0xb1:
        return this.readBinary(cmd, secured);
      case 0x84:
        return this.getChallenge(cmd);
      case 0x82:
        return this.externalAuthenticate(cmd);
      case 0x22:
        return this.manageSecurityEnvironment(cmd, secured);
      case 0x86:
        return this.generalAuthenticate(cmd, secured);
      case 0x88:
        return this.internalAuthenticate(cmd, secured);
      default:
        return sw(0x6d00);
    }
  }

  private fileFor(fid: number): Uint8Array | undefined {
    if (!this.inApplication) {
      if (fid === FID_CARD_ACCESS) return this.cardAccess;
      if (fid === FID_CARD_SECURITY) return this.paceDone ? this.config.cardSecurity : undefined;
      return undefined;
    }
    return this.config.files.get(fid);
  }

  private select(cmd: DecodedCommand, secured: boolean): Answer {
    const data = cmd.data ?? new Uint8Array(0);
    if (cmd.p1 === 0x04) {
      if (!sameBytes(data, AID)) return sw(0x6a82);
      if (!secured && this.config.plainSelectAllowed === false) return sw(0x6982);
      this.inApplication = true;
      this.currentEf = undefined;
      return ok();
    }
    if ((cmd.p1 === 0x00 && (data.length === 0 || (data.length === 2 && data[0] === 0x3f && data[1] === 0x00)))) {
      this.inApplication = false;
      this.currentEf = undefined;
      return ok();
    }
    if ((cmd.p1 === 0x02 || cmd.p1 === 0x00) && data.length === 2) {
      const fid = (data[0]! << 8) | data[1]!;
      const file = this.fileFor(fid);
      if (!file) return sw(0x6a82);
      if (this.inApplication && !this.authenticated) return sw(0x6982);
      this.currentEf = file;
      return ok();
    }
    return sw(0x6a86);
  }

  private readBinary(cmd: DecodedCommand, secured: boolean): Answer {
    this.activity.readBinaries++;
    let file = this.currentEf;
    let offset: number;
    if (cmd.ins === 0xb0) {
      if (cmd.p1 & 0x80) {
        const sfi = cmd.p1 & 0x1f;
        const f = this.fileFor(0x0100 | sfi);
        if (!f) return sw(0x6a82);
        if (this.inApplication && !this.authenticated) return sw(0x6982);
        file = f;
        this.currentEf = f;
        offset = cmd.p2;
      } else offset = ((cmd.p1 & 0x7f) << 8) | cmd.p2;
    } else {
      const d = cmd.data ?? new Uint8Array(0);
      if (d.length < 3 || d[0] !== 0x54 || d[1] !== d.length - 2 || d[1]! > 3) return sw(0x6a80);
      offset = Number(toBig(d.subarray(2)));
    }
    if (!file) return sw(0x6986);
    if (this.inApplication && !(this.authenticated && secured)) return sw(0x6982);
    if (offset > file.length) return sw(0x6b00);
    const le = cmd.le ?? 256;
    if (cmd.ins === 0xb0) {
      const part = file.subarray(offset, Math.min(file.length, offset + le));
      return { data: part.slice(), sw: part.length < le ? 0x6282 : 0x9000 };
    }
    const room = Math.max(0, le - 4);
    const part = file.subarray(offset, Math.min(file.length, offset + room));
    return { data: Uint8Array.from(tlv(0x53, part)), sw: 0x9000 };
  }

  private getChallenge(cmd: DecodedCommand): Answer {
    if (cmd.le !== 8) return sw(0x6700);
    this.challenge = this.rng(8);
    return ok(this.challenge.slice());
  }

  /** BAC (9303-11 §4.3.1 step 3). */
  private externalAuthenticate(cmd: DecodedCommand): Answer {
    this.activity.bacAttempts++;
    const rndIc = this.challenge;
    this.challenge = undefined;
    if (this.config.bac === false || !this.inApplication) return sw(0x6985);
    const d = cmd.data;
    if (!rndIc || !d || d.length !== 40) return sw(0x6700);
    const seed = chipSha1(mrzInformation(this.config.mrz)).subarray(0, 16);
    const kEnc = chipKdf(seed, 1, '3des');
    const kMac = chipKdf(seed, 2, '3des');
    const eIfd = d.subarray(0, 32);
    if (!sameBytes(chipMac('3des', kMac, eIfd), d.subarray(32))) return sw(0x6300);
    const s = chipCbc('3des', kEnc, eIfd, true);
    if (!sameBytes(s.subarray(8, 16), rndIc)) return sw(0x6300);
    const rndIfd = s.subarray(0, 8);
    const kIfd = s.subarray(16, 32);
    const kIc = this.rng(16);
    const r = Uint8Array.from([...rndIc, ...rndIfd, ...kIc]);
    const eIc = chipCbc('3des', kEnc, r, false);
    const answer = Uint8Array.from([...eIc, ...chipMac('3des', kMac, eIc)]);
    const kSeed = kIfd.map((b, i) => b ^ kIc[i]!);
    this.session = { cipher: '3des', enc: chipKdf(kSeed, 1, '3des'), mac: chipKdf(kSeed, 2, '3des'), ssc: Uint8Array.from([...rndIc.subarray(4), ...rndIfd.subarray(4)]) };
    this.authenticated = true;
    return ok(answer);
  }

  private manageSecurityEnvironment(cmd: DecodedCommand, secured: boolean): Answer {
    const objs = readObjects(cmd.data ?? new Uint8Array(0));
    if (!objs) return sw(0x6a80);
    if (cmd.p1 === 0xc1 && cmd.p2 === 0xa4) return this.setPace(objs);
    if (!secured || !this.authenticated) return sw(0x6982);
    if (cmd.p1 === 0x41 && cmd.p2 === 0xa6) {
      // MSE:Set KAT (3DES only, §6.2.4.1): ephemeral key in 91, optional key ref 84.
      const key = this.caKey(objs.get(0x84), (k) => k.oid.endsWith('.1'));
      const pk = objs.get(0x91);
      if (!key || !pk) return sw(0x6a80);
      return this.completeCa(key, '3des', pk);
    }
    if (cmd.p1 === 0x41 && cmd.p2 === 0xa4) {
      const oid = objs.get(0x80);
      const key = this.caKey(objs.get(0x84), (k) => oid !== undefined && sameBytes(oidBytes(k.oid), oid));
      if (!key) return sw(0x6a80);
      this.caPending = { key, cipher: cipherOfOid(key.oid) };
      return ok();
    }
    return sw(0x6a86);
  }

  private caKey(ref: Uint8Array | undefined, match: (k: ChipAuthenticationKey) => boolean): ChipAuthenticationKey | undefined {
    const keys = (this.config.chipAuthentication ?? []).filter(match);
    if (ref) return keys.find((k) => k.keyId !== undefined && BigInt(k.keyId) === toBig(ref));
    return keys.length === 1 ? keys[0] : undefined;
  }

  private completeCa(key: ChipAuthenticationKey, cipher: ChipCipher, pkIfd: Uint8Array): Answer {
    const g = chipGroup(key.groupId);
    const secret = this.agree(g, this.privateKeyFor('ca', key.keyId, key.privateKey, g), pkIfd);
    if (!secret) return sw(0x6a80);
    this.nextSession = { cipher, enc: chipKdf(secret, 1, cipher), mac: chipKdf(secret, 2, cipher), ssc: new Uint8Array(blockOf(cipher)) };
    return ok();
  }

  /** A cloned chip holds other private keys than the ones the (copied) DG14 / DG15 publish. */
  private privateKeyFor(purpose: string, keyId: number | undefined, real: bigint, g: ChipGroup): bigint {
    if (!this.config.faults?.clonedKeys) return real;
    const name = `${purpose}/${keyId ?? '-'}`;
    let k = this.cloneKeys.get(name);
    if (k === undefined) {
      k = this.randomScalar(g);
      this.cloneKeys.set(name, k);
    }
    return k;
  }

  // ------------------------------------------------------------------------------------------
  // PACE (9303-11 §4.4), chip side

  private setPace(objs: ObjectMap): Answer {
    this.pace = undefined;
    const oid = objs.get(0x80);
    const ref = objs.get(0x83);
    if (!oid || !ref || ref.length !== 1) return sw(0x6a80);
    const param = objs.get(0x84);
    const offers = (this.config.pace ?? []).filter((o) => sameBytes(oidBytes(o.oid), oid) && (!param || toBig(param) === BigInt(o.parameterId)));
    if (offers.length !== 1) return sw(0x6a80);
    let password: Uint8Array;
    if (ref[0] === 0x01) password = chipSha1(mrzInformation(this.config.mrz));
    else if (ref[0] === 0x02 && this.config.can) password = Uint8Array.from(this.config.can, (c) => c.charCodeAt(0));
    else return sw(0x6a88);
    // A new PACE run ends any earlier session (and the application selection: PACE runs in the MF).
    this.dropSession();
    this.inApplication = false;
    this.currentEf = undefined;
    this.pace = { at: 'set', offer: offers[0]!, password };
    this.activity.paceAttempts++;
    return ok();
  }

  private generalAuthenticate(cmd: DecodedCommand, secured: boolean): Answer {
    if (secured && this.caPending) return this.caGeneralAuthenticate(cmd);
    const step = this.pace;
    if (!step) return sw(0x6985);
    const outer = readObjects(cmd.data ?? new Uint8Array(0));
    const dyn = outer?.get(0x7c);
    if (!outer || !dyn) return this.paceFail(0x6a80);
    const inner = readObjects(dyn);
    if (!inner) return this.paceFail(0x6a80);
    const { cipher, mapping, group } = describeOffer(step.offer);
    if (step.at === 'set') {
      const kPi = chipKdf(step.password, 3, cipher);
      const s = this.rng(chipNonceLength(cipher));
      const z = chipCbc(cipher, kPi, s, false);
      this.pace = { at: 'nonce', offer: step.offer, s };
      return ok(Uint8Array.from(tlv(0x7c, Uint8Array.from(tlv(0x80, z)))));
    }
    if (step.at === 'nonce') {
      const m = inner.get(0x81);
      if (!m) return this.paceFail(0x6a80);
      if (mapping === 'im') {
        if (m.length !== keyBytesOf(cipher)) return this.paceFail(0x6a80);
        this.pace = { at: 'mapped', offer: step.offer, generator: chipImGenerator(group, cipher, step.s, m) };
        return ok(Uint8Array.from(tlv(0x7c, Uint8Array.from(tlv(0x82, new Uint8Array(0))))));
      }
      const skMap = this.randomScalar(group);
      const pkMap = this.publicOf(group, group.type === 'ec' ? group.curve.Point.BASE : group.g, skMap);
      const h = this.agreeElement(group, skMap, m);
      if (h === undefined) return this.paceFail(0x6a80);
      this.pace = { at: 'mapped', offer: step.offer, generator: chipGmGenerator(group, step.s, h), skMap, pkMap };
      return ok(Uint8Array.from(tlv(0x7c, Uint8Array.from(tlv(0x82, pkMap)))));
    }
    if (step.at === 'mapped') {
      const pkIfd = inner.get(0x83);
      if (!pkIfd) return this.paceFail(0x6a80);
      const sk = this.randomScalar(group);
      const pkIc = this.publicOf(group, step.generator, sk);
      if (sameBytes(pkIc, pkIfd)) return this.paceFail(0x6a80);
      const secret = this.agree(group, sk, pkIfd);
      if (!secret) return this.paceFail(0x6a80);
      const session: Session = { cipher, enc: chipKdf(secret, 1, cipher), mac: chipKdf(secret, 2, cipher), ssc: new Uint8Array(blockOf(cipher)) };
      this.pace = { at: 'agreed', offer: step.offer, session, pkIc, pkIfd, ...(step.skMap !== undefined ? { skMap: step.skMap } : {}) };
      return ok(Uint8Array.from(tlv(0x7c, Uint8Array.from(tlv(0x84, pkIc)))));
    }
    // Tokens
    const tIfd = inner.get(0x85);
    const expected = chipMac(cipher, step.session.mac, tokenInput(step.offer.oid, group, step.pkIc), true);
    if (!tIfd || !sameBytes(tIfd, expected)) return this.paceFail(0x6300);
    const tIc = chipMac(cipher, step.session.mac, tokenInput(step.offer.oid, group, step.pkIfd), true);
    const out: number[] = [...tlv(0x86, tIc)];
    if (this.config.certificationAuthorityReference) out.push(...tlv(0x87, Uint8Array.from(this.config.certificationAuthorityReference, (c) => c.charCodeAt(0))));
    if (mapping === 'cam' && group.type === 'ec') {
      const key = (this.config.chipAuthentication ?? []).find((k) => k.keyId === step.offer.parameterId) ?? (this.config.chipAuthentication ?? [])[0];
      if (!key) return this.paceFail(0x6985);
      const skIc = this.privateKeyFor('ca', key.keyId, key.privateKey, group);
      const caIc = (invMod(skIc, group.n) * step.skMap!) % group.n;
      const iv = aesBlock(step.session.enc, new Uint8Array(16).fill(0xff));
      out.push(...tlv(0x8a, chipCbc(cipher, step.session.enc, chipPad(fromBig(caIc, group.scalar), 16), false, iv)));
    }
    this.session = step.session;
    this.authenticated = true;
    this.paceDone = true;
    this.pace = undefined;
    return ok(Uint8Array.from(tlv(0x7c, Uint8Array.from(out))));
  }

  private paceFail(code: number): Answer {
    this.pace = undefined;
    return sw(code);
  }

  private caGeneralAuthenticate(cmd: DecodedCommand): Answer {
    const pending = this.caPending!;
    this.caPending = undefined;
    const outer = readObjects(cmd.data ?? new Uint8Array(0));
    const inner = outer?.get(0x7c) && readObjects(outer.get(0x7c)!);
    const pk = inner ? inner.get(0x80) : undefined;
    if (!pk) return sw(0x6a80);
    const a = this.completeCa(pending.key, pending.cipher, pk);
    return a.sw === 0x9000 ? ok(Uint8Array.of(0x7c, 0x00)) : a;
  }

  private internalAuthenticate(cmd: DecodedCommand, secured: boolean): Answer {
    const key = this.config.activeAuthentication;
    if (!key) return sw(0x6d00);
    if (!secured || !this.authenticated) return sw(0x6982);
    const nonce = cmd.data;
    if (!nonce || nonce.length !== 8) return sw(0x6700);
    let signingKey = key;
    if (this.config.faults?.clonedKeys) {
      signingKey = key.kind === 'ecdsa' ? { ...key, privateKey: this.privateKeyFor('aa', undefined, key.privateKey, chipGroup(key.groupId)) } : cloneRsa(key, this.rng);
    }
    return ok(aaSign(signingKey, nonce, this.rng));
  }

  // ------------------------------------------------------------------------------------------
  // Group helpers

  private randomScalar(group: ChipGroup): bigint {
    const order = group.type === 'ec' ? group.n : group.q;
    const len = group.type === 'ec' ? group.scalar : group.qBytes;
    // Reduced mod the order (not rejection-sampled): 9303-11 I.1 uses a chip key above n.
    // Simulator only; the bias does not matter here.
    for (;;) {
      const k = toBig(this.rng(len)) % order;
      if (k > 0n) return k;
    }
  }

  private publicOf(group: ChipGroup, generator: ChipPoint | bigint, sk: bigint): Uint8Array {
    if (group.type === 'ec') return (generator as ChipPoint).multiply(sk).toBytes(false);
    return fromBig(powMod(generator as bigint, sk, group.p));
  }

  private agreeElement(group: ChipGroup, sk: bigint, peer: Uint8Array): ChipPoint | bigint | undefined {
    if (group.type === 'ec') {
      try {
        const p = group.curve.Point.fromBytes(peer);
        p.assertValidity();
        return p.multiply(sk);
      } catch {
        return undefined;
      }
    }
    const y = toBig(peer);
    if (y <= 1n || y >= group.p - 1n || powMod(y, group.q, group.p) !== 1n) return undefined;
    return powMod(y, sk, group.p);
  }

  private agree(group: ChipGroup, sk: bigint, peer: Uint8Array): Uint8Array | undefined {
    const e = this.agreeElement(group, sk, peer);
    if (e === undefined) return undefined;
    if (group.type === 'ec') return fromBig((e as ChipPoint).toAffine().x, group.coord);
    return fromBig(e as bigint, group.pBytes);
  }
}

// ---------------------------------------------------------------------------------------------

function cloneRsa(key: Extract<AaKey, { kind: 'rsa' }>, rng: (n: number) => Uint8Array): AaKey {
  // A different exponent gives signatures that do not verify under the published key.
  const d = key.d ^ (toBig(rng(4)) | 1n);
  return { ...key, d };
}

function bump(counter: Uint8Array): void {
  for (let i = counter.length - 1; i >= 0; i--) {
    counter[i] = (counter[i]! + 1) & 0xff;
    if (counter[i] !== 0) break;
  }
}

function tlv(tag: number, value: Uint8Array): number[] {
  const n = value.length;
  const len = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  const head = tag > 0xff ? [tag >> 8, tag & 0xff] : [tag];
  return [...head, ...len, ...value];
}

type ObjectMap = Map<number, Uint8Array> & { raw: Uint8Array };

/** Simple TLV list with 1-byte tags (7F49 is never parsed here); undefined when malformed. */
function readObjects(data: Uint8Array): ObjectMap | undefined {
  const map = new Map<number, Uint8Array>() as ObjectMap;
  let i = 0;
  let macAt = data.length;
  while (i < data.length) {
    if (i + 2 > data.length) return undefined;
    const tag = data[i]!;
    let len = data[i + 1]!;
    let start = i + 2;
    if (len === 0x81) {
      len = data[i + 2] ?? -1;
      start = i + 3;
    } else if (len === 0x82) {
      len = ((data[i + 2] ?? 0) << 8) | (data[i + 3] ?? 0);
      start = i + 4;
    } else if (len > 0x82) return undefined;
    if (len < 0 || start + len > data.length) return undefined;
    if (tag === 0x8e) macAt = i;
    map.set(tag, data.subarray(start, start + len));
    i = start + len;
  }
  map.raw = data.subarray(0, macAt);
  return map;
}

function oidBytes(oid: string): Uint8Array {
  const parts = oid.split('.').map(Number);
  const out: number[] = [parts[0]! * 40 + parts[1]!];
  for (const arc of parts.slice(2)) {
    const chunk: number[] = [];
    let v = arc;
    do {
      chunk.unshift((v & 0x7f) | (chunk.length ? 0x80 : 0));
      v >>= 7;
    } while (v > 0);
    out.push(...chunk);
  }
  return Uint8Array.from(out);
}

function cipherOfOid(oid: string): ChipCipher {
  const last = oid.split('.').pop();
  return last === '1' ? '3des' : last === '2' ? 'aes-128' : last === '3' ? 'aes-192' : 'aes-256';
}

function describeOffer(offer: PaceOffer): { cipher: ChipCipher; mapping: 'gm' | 'im' | 'cam'; group: ChipGroup } {
  const arcs = offer.oid.split('.');
  const kind = arcs[arcs.length - 2];
  const mapping = kind === '3' || kind === '4' ? 'im' : kind === '6' ? 'cam' : 'gm';
  return { cipher: cipherOfOid(offer.oid), mapping, group: chipGroup(offer.parameterId) };
}

function tokenInput(oid: string, group: ChipGroup, publicKey: Uint8Array): Uint8Array {
  const body = [...tlv(0x06, oidBytes(oid)), ...tlv(group.type === 'ec' ? 0x86 : 0x84, publicKey)];
  return Uint8Array.from(tlv(0x7f49, Uint8Array.from(body)));
}

/** MRZ_information: number (padded to 9), DOB, DOE, each with its 7-3-1 check digit. */
export function mrzInformation(mrz: ChipMrz): Uint8Array {
  const digit = (s: string) => {
    let sum = 0;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      const v = c === 60 ? 0 : c <= 57 ? c - 48 : c - 55;
      sum += v * [7, 3, 1][i % 3]!;
    }
    return String(sum % 10);
  };
  const doc = mrz.documentNumber.length < 9 ? mrz.documentNumber.padEnd(9, '<') : mrz.documentNumber;
  const text = doc + digit(doc) + mrz.birthDate + digit(mrz.birthDate) + mrz.expiryDate + digit(mrz.expiryDate);
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}
