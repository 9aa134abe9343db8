import { decodeCommand, type DecodedCommand } from '../../apdu/command';
import { encodeResponse } from '../../apdu/response';
import { bytesEqual, concatBytes, copyBytes } from '../../bytes/byte-ops';
import type { ApduResponder } from '../../transport/apdu-responder';
import type {
  AccessRule,
  CardKey,
  CardModel,
  DedicatedFile,
  ElementaryFile,
  PinEf,
  PrivateKeyEf,
} from './card-model';
import { SeededRandom } from './seeded-random';

/**
 * Raw RSA private operation with EMSA-PKCS1-v1_5 type-1 padding around `data` as given
 * (what the card does for `80 2A` P1=00, spec §4.2). Returns the 256-byte signature, or
 * `undefined` when `data` is too long for the key.
 */
export type CardSigner = (key: CardKey, data: Uint8Array) => Uint8Array | undefined;

/** SHA-256 DigestInfo prefix (spec §4.2). */
const SHA256_DIGEST_INFO_PREFIX = Uint8Array.of(
  0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20,
);

/** Status words the simulated card answers (spec §2.10). */
const SW = {
  OK: 0x9000,
  NO_RETRY_LIMIT: 0x6300,
  WRONG_LENGTH: 0x6700,
  CHANNEL_UNSUPPORTED: 0x6881,
  SM_UNSUPPORTED: 0x6882,
  INCOMPATIBLE_FILE: 0x6981,
  SECURITY_STATUS: 0x6982,
  BLOCKED: 0x6984,
  CONDITIONS: 0x6985,
  NO_CURRENT_EF: 0x6986,
  FILE_NOT_FOUND: 0x6a82,
  RECORD_NOT_FOUND: 0x6a83,
  INCORRECT_P1P2: 0x6a86,
  REF_DATA_NOT_FOUND: 0x6a88,
  WRONG_OFFSET: 0x6b00,
  INS_UNSUPPORTED: 0x6d00,
  CLA_UNSUPPORTED: 0x6e00,
} as const;

const ISD_AID = Uint8Array.of(0xa0, 0x00, 0x00, 0x01, 0x51, 0x00, 0x00);

interface DfState {
  /** Verified key references in the current DF (the DF's security status). */
  readonly verified: Set<number>;
}

/** Observable counters so tests (and fault-injection later) can see what the card did. */
export interface CardActivity {
  commands: number;
  verifyAttempts: number;
  triesConsumed: number;
}

/**
 * An in-process simulated My Number Card (or any card described by a CardModel).
 *
 * Faithfulness rules (spec §9): security status belongs to the selected DF and is cleared by
 * every DF selection and power cycle; retry counters persist for the life of the card object;
 * empty VERIFY answers the counter without using a try; a wrong value decrements and answers
 * 63Cx, reaching zero answers 63C0 and every later VERIFY 6984; a correct value restores the
 * counter. READ BINARY takes 15-bit offsets or the SFI form, short or extended Le, returns what
 * remains when Le is larger, and answers 6B00 past the end.
 */
export class SimulatedCard implements ApduResponder {
  readonly activity: CardActivity = { commands: 0, verifyAttempts: 0, triesConsumed: 0 };
  private readonly tries = new Map<string, number>();
  /** Reference data changed with CHANGE REFERENCE DATA; the model itself stays immutable. */
  private readonly changedSecrets = new Map<string, Uint8Array>();
  private readonly random: SeededRandom;
  private currentDf: DedicatedFile | undefined;
  private currentEf: ElementaryFile | undefined;
  private dfState: DfState = { verified: new Set() };
  /** The first internal-authentication answer, replayed by cloned chips. */
  private recordedAnswer: Uint8Array | undefined;
  /** True between power-up and the first DF selection: SELECT MF then answers 6A86 (spec §1.1). */
  private freshAfterReset = true;
  private powered = false;

  constructor(
    readonly model: CardModel,
    private readonly signer: CardSigner,
  ) {
    this.random = new SeededRandom(`${model.seed}/challenge`);
    for (const df of model.dfs) {
      for (const ef of df.files) {
        if (ef.kind === 'pin' && ef.maxTries !== null) {
          this.tries.set(this.pinKey(df, ef), ef.alwaysBlocked ? 0 : (ef.initialTries ?? ef.maxTries));
        }
      }
    }
  }

  powerOn(): Uint8Array {
    this.powered = true;
    this.resetState();
    return copyBytes(this.model.atr);
  }

  powerOff(): void {
    this.powered = false;
    this.resetState();
  }

  /** Tries left for a key, for tests and the demo UI's "card inspector". */
  triesLeft(dfName: string, fid: number): number | null {
    const df = this.model.dfs.find((d) => d.name === dfName);
    const ef = df?.files.find((f) => f.fid === fid);
    if (!df || !ef || ef.kind !== 'pin') return null;
    if (ef.maxTries === null) return null;
    return this.tries.get(this.pinKey(df, ef)) ?? null;
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
    // Only logical channel 0 exists (spec §1.1); secure messaging is not simulated (spec §5.4).
    if ((cmd.cla & 0x80) === 0 && (cmd.cla & 0x03) !== 0) return sw(SW.CHANNEL_UNSUPPORTED);
    if ((cmd.cla & 0x80) === 0 && (cmd.cla & 0x0c) !== 0) return sw(SW.SM_UNSUPPORTED);
    if (cmd.cla === 0x00) {
      switch (cmd.ins) {
        case 0xa4:
          return this.select(cmd);
        case 0xb0:
          return this.readBinary(cmd);
        case 0xb2:
          return this.readRecord(cmd);
        case 0x20:
          return this.verify(cmd);
        case 0x24:
          return this.changeReferenceData(cmd);
        case 0x84:
          return this.getChallenge(cmd);
        case 0x88:
          return this.internalAuthenticate(cmd);
        default:
          return sw(SW.INS_UNSUPPORTED);
      }
    }
    if (cmd.cla === 0x80) {
      if (cmd.ins === 0x2a) return this.computeSignature(cmd);
      return sw(SW.INS_UNSUPPORTED);
    }
    return sw(SW.CLA_UNSUPPORTED);
  }

  // ---------------------------------------------------------------- SELECT (spec §1.3)

  private select(cmd: DecodedCommand): Uint8Array {
    const data = cmd.data ?? new Uint8Array(0);
    if (cmd.p1 === 0x04) {
      if (cmd.p2 !== 0x0c) return sw(SW.INCORRECT_P1P2);
      if (data.length === 0) return sw(SW.WRONG_LENGTH);
      // Selecting the issuer security domain returns the card to its power-up (MF-level) state.
      if (bytesEqual(data, ISD_AID)) {
        this.enterDf(undefined);
        return sw(SW.OK);
      }
      // JICSAP 4.2(1): a DF name prefix is accepted, so the first DF whose name starts with the
      // given bytes is selected (spec §1.3 warns hosts to send all 10 bytes).
      const df = this.model.dfs.find((d) => startsWith(d.aid, data));
      if (!df) return sw(SW.FILE_NOT_FOUND);
      this.enterDf(df);
      return sw(SW.OK);
    }
    if (cmd.p1 === 0x02) {
      if (cmd.p2 !== 0x0c) return sw(SW.INCORRECT_P1P2);
      if (data.length !== 2) return sw(SW.WRONG_LENGTH);
      const fid = (data[0]! << 8) | data[1]!;
      const ef = this.currentDf?.files.find((f) => f.fid === fid);
      if (!ef) return sw(SW.FILE_NOT_FOUND);
      this.currentEf = ef;
      return sw(SW.OK);
    }
    if (cmd.p1 === 0x00) {
      // SELECT MF is unreliable on this card (spec §1.1): 6A86 right after reset, otherwise
      // 9000 while silently keeping the current DF; selecting 3F00 by id answers 6A82.
      if (data.length > 0) return sw(SW.FILE_NOT_FOUND);
      if (this.freshAfterReset) return sw(SW.INCORRECT_P1P2);
      return sw(SW.OK);
    }
    return sw(SW.INCORRECT_P1P2);
  }

  private enterDf(df: DedicatedFile | undefined): void {
    this.currentDf = df;
    this.currentEf = undefined;
    // Security status belongs to the DF and is cleared by any DF selection (spec §1.3, §9),
    // including re-selecting the same DF (OpenSC logs out that way).
    this.dfState = { verified: new Set() };
    this.freshAfterReset = false;
  }

  // ---------------------------------------------------------------- READ BINARY (spec §5.1)

  private readBinary(cmd: DecodedCommand): Uint8Array {
    if (cmd.data && cmd.data.length > 0) return sw(SW.WRONG_LENGTH);
    if (cmd.le === undefined) return sw(SW.WRONG_LENGTH);
    let ef: ElementaryFile | undefined;
    let offset: number;
    if (cmd.p1 & 0x80) {
      // SFI form: P1 = 100x xxxx, P2 = 8-bit offset. Bits 6-7 must be zero.
      if (cmd.p1 & 0x60) return sw(SW.INCORRECT_P1P2);
      const sfi = cmd.p1 & 0x1f;
      if (sfi === 0) return sw(SW.INCORRECT_P1P2);
      ef = this.currentDf?.files.find((f) => f.fid === sfi);
      if (!ef) return sw(SW.FILE_NOT_FOUND);
      this.currentEf = ef;
      offset = cmd.p2;
    } else {
      ef = this.currentEf;
      if (!ef) return sw(SW.NO_CURRENT_EF);
      offset = ((cmd.p1 & 0x7f) << 8) | cmd.p2;
    }
    if (ef.kind !== 'transparent') return sw(SW.INCOMPATIBLE_FILE);
    if (!this.allowed(ef.read)) return sw(SW.SECURITY_STATUS);
    if (offset >= ef.content.length) return sw(SW.WRONG_OFFSET);
    const end = Math.min(ef.content.length, offset + cmd.le);
    return concatBytes(ef.content.subarray(offset, end), swBytes(SW.OK));
  }

  // ---------------------------------------------------------------- READ RECORD (spec §2.7)

  private readRecord(cmd: DecodedCommand): Uint8Array {
    if (cmd.le === undefined) return sw(SW.WRONG_LENGTH);
    // P2 = SFI (5 bits) << 3 | 100b: read record number P1. SFI 0 = current EF.
    if ((cmd.p2 & 0x07) !== 0x04) return sw(SW.INCORRECT_P1P2);
    const sfi = cmd.p2 >> 3;
    let ef: ElementaryFile | undefined = this.currentEf;
    if (sfi !== 0) {
      ef = this.currentDf?.files.find((f) => f.fid === sfi);
      if (!ef) return sw(SW.FILE_NOT_FOUND);
      this.currentEf = ef;
    }
    if (!ef) return sw(SW.NO_CURRENT_EF);
    if (ef.kind !== 'record') return sw(SW.INCOMPATIBLE_FILE);
    if (!this.allowed(ef.read)) return sw(SW.SECURITY_STATUS);
    const record = ef.records[cmd.p1 - 1];
    if (cmd.p1 === 0 || !record) return sw(SW.RECORD_NOT_FOUND);
    return concatBytes(record.subarray(0, Math.min(record.length, cmd.le)), swBytes(SW.OK));
  }

  // ---------------------------------------------------------------- VERIFY (spec §2.2)

  private verify(cmd: DecodedCommand): Uint8Array {
    if (cmd.p1 !== 0x00) return sw(SW.INCORRECT_P1P2);
    const key = this.resolvePinRef(cmd.p2);
    if (typeof key === 'number') return sw(key);
    const { df, ef } = key;
    const id = this.pinKey(df, ef);
    const data = cmd.data;
    const secret = this.changedSecrets.get(id) ?? ef.secret;
    if (ef.maxTries === null) {
      if (!data || data.length === 0) return sw(SW.NO_RETRY_LIMIT);
      if (!bytesEqual(data, secret)) return sw(SW.NO_RETRY_LIMIT);
      this.dfState.verified.add(ef.fid);
      return sw(SW.OK);
    }
    const left = this.tries.get(id) ?? 0;
    // Empty VERIFY is the retry query and never uses a try (spec §2.2); 63C0 when blocked.
    if (!data || data.length === 0) return sw(0x63c0 | Math.min(left, 15));
    this.activity.verifyAttempts++;
    if (left === 0 || ef.alwaysBlocked) return sw(SW.BLOCKED);
    if (bytesEqual(data, secret)) {
      this.tries.set(id, ef.maxTries);
      this.dfState.verified.add(ef.fid);
      return sw(SW.OK);
    }
    const now = left - 1;
    this.tries.set(id, now);
    this.activity.triesConsumed++;
    this.dfState.verified.delete(ef.fid);
    return sw(0x63c0 | Math.min(now, 15));
  }

  /** CHANGE REFERENCE DATA `00 24 01 80` after a successful VERIFY (spec §2.3). */
  private changeReferenceData(cmd: DecodedCommand): Uint8Array {
    if (cmd.p1 !== 0x01) return sw(SW.INCORRECT_P1P2);
    const key = this.resolvePinRef(cmd.p2);
    if (typeof key === 'number') return sw(key);
    if (!cmd.data || cmd.data.length === 0) return sw(SW.WRONG_LENGTH);
    if (!this.dfState.verified.has(key.ef.fid)) return sw(SW.SECURITY_STATUS);
    this.changedSecrets.set(this.pinKey(key.df, key.ef), copyBytes(cmd.data));
    return sw(SW.OK);
  }

  /** P2 = 80: key of the current EF; P2 = 80|SFI: the key EF with that short id (spec §2.2). */
  private resolvePinRef(p2: number): { df: DedicatedFile; ef: PinEf } | number {
    if ((p2 & 0x80) === 0 || (p2 & 0x60) !== 0) return SW.INCORRECT_P1P2;
    const df = this.currentDf;
    if (!df) return SW.REF_DATA_NOT_FOUND;
    const sfi = p2 & 0x1f;
    let ef: ElementaryFile | undefined;
    if (sfi === 0) {
      ef = this.currentEf;
      if (!ef) return SW.REF_DATA_NOT_FOUND;
    } else {
      ef = df.files.find((f) => f.fid === sfi);
    }
    if (!ef || ef.kind !== 'pin') return SW.REF_DATA_NOT_FOUND;
    return { df, ef };
  }

  // ---------------------------------------------------------------- GET CHALLENGE (spec §2.9)

  private getChallenge(cmd: DecodedCommand): Uint8Array {
    if (cmd.p1 !== 0 || cmd.p2 !== 0) return sw(SW.INCORRECT_P1P2);
    if (cmd.le === undefined) return sw(SW.WRONG_LENGTH);
    // Extended Le is refused with 6985 (spec §2.9).
    if (cmd.extended) return sw(SW.CONDITIONS);
    return concatBytes(this.random.bytes(cmd.le), swBytes(SW.OK));
  }

  // ---------------------------------------------------------------- INTERNAL AUTHENTICATE (spec §2.9)

  private async internalAuthenticate(cmd: DecodedCommand): Promise<Uint8Array> {
    const df = this.currentDf;
    if (cmd.p1 !== 0x00 || (cmd.p2 & 0x80) === 0 || (cmd.p2 & 0x60) !== 0) return sw(SW.INCORRECT_P1P2);
    if (!cmd.data || cmd.data.length === 0 || cmd.le === undefined) return sw(SW.WRONG_LENGTH);
    const fid = cmd.p2 & 0x1f;
    // Only DF …0100 EF 0019 answers; the 券面 keys refuse with 6985.
    if (!df || df.internalAuthenticateKey === undefined || df.internalAuthenticateKey !== fid) {
      return sw(SW.CONDITIONS);
    }
    const keyEf = df.files.find((f) => f.fid === fid);
    if (!keyEf || keyEf.kind !== 'private-key') return sw(SW.REF_DATA_NOT_FOUND);
    const digest = await sha256(cmd.data);
    const signature = this.sign(keyEf.keyId, concatBytes(SHA256_DIGEST_INFO_PREFIX, digest));
    if (!signature) return sw(SW.CONDITIONS);
    return concatBytes(signature, swBytes(SW.OK));
  }

  // ---------------------------------------------------------------- COMPUTE DIGITAL SIGNATURE (spec §4.2, §2.9)

  private async computeSignature(cmd: DecodedCommand): Promise<Uint8Array> {
    const df = this.currentDf;
    if (!df) return sw(SW.CONDITIONS);
    if (!cmd.data || cmd.data.length === 0 || cmd.le === undefined) return sw(SW.WRONG_LENGTH);
    let keyId: string;
    if (cmd.p2 === 0x00) {
      // The 券面 APs' default key (internal authentication): no credential needed.
      if (!df.defaultSigningKey) return sw(SW.INCORRECT_P1P2);
      if (df.replaysInternalAuthentication && this.recordedAnswer) return concatBytes(this.recordedAnswer, swBytes(SW.OK));
      keyId = df.defaultSigningKey;
    } else {
      if ((cmd.p2 & 0x80) === 0 || (cmd.p2 & 0x60) !== 0) return sw(SW.INCORRECT_P1P2);
      const sfi = cmd.p2 & 0x1f;
      const ef: ElementaryFile | undefined = sfi === 0 ? this.currentEf : df.files.find((f) => f.fid === sfi);
      if (!ef || ef.kind !== 'private-key') return sw(SW.REF_DATA_NOT_FOUND);
      if (!this.allowed((ef as PrivateKeyEf).use)) return sw(SW.SECURITY_STATUS);
      keyId = ef.keyId;
    }
    let toSign: Uint8Array;
    const allowAll = df.signatureSchemes === 'jpki';
    switch (cmd.p1) {
      case 0x00:
        // Data as given (a DigestInfo); the card adds PKCS#1 v1.5 type-1 padding.
        toSign = cmd.data;
        break;
      case 0x01:
        if (!allowAll) return sw(SW.INCORRECT_P1P2);
        // Card hashes with SHA-256 and signs the bare 32-byte hash.
        toSign = await sha256(cmd.data);
        break;
      case 0x02:
        if (!allowAll) return sw(SW.INCORRECT_P1P2);
        // Data is a 32-byte SHA-256 hash; the card wraps it in a DigestInfo.
        if (cmd.data.length !== 32) return sw(SW.WRONG_LENGTH);
        toSign = concatBytes(SHA256_DIGEST_INFO_PREFIX, cmd.data);
        break;
      case 0x03:
        if (!allowAll) return sw(SW.INCORRECT_P1P2);
        toSign = concatBytes(SHA256_DIGEST_INFO_PREFIX, await sha256(cmd.data));
        break;
      default:
        // PSS schemes (P1 04/05) are not simulated; unknown schemes answer 6A86 (spec §4.2).
        return sw(SW.INCORRECT_P1P2);
    }
    const signature = this.sign(keyId, toSign);
    if (!signature) return sw(SW.CONDITIONS);
    if (cmd.p2 === 0x00 && df.replaysInternalAuthentication) this.recordedAnswer = signature.slice();
    return concatBytes(signature, swBytes(SW.OK));
  }

  private sign(keyId: string, data: Uint8Array): Uint8Array | undefined {
    return this.signer({ id: keyId }, data);
  }

  // ---------------------------------------------------------------- helpers

  private allowed(rule: AccessRule): boolean {
    if (rule.kind === 'always') return true;
    if (rule.kind === 'never') return false;
    return rule.keys.some((k) => this.dfState.verified.has(k));
  }

  private pinKey(df: DedicatedFile, ef: PinEf): string {
    return `${df.name}/${ef.fid.toString(16)}`;
  }

  private resetState(): void {
    this.currentDf = undefined;
    this.currentEf = undefined;
    this.dfState = { verified: new Set() };
    this.freshAfterReset = true;
  }
}

function startsWith(aid: Uint8Array, prefix: Uint8Array): boolean {
  if (prefix.length > aid.length) return false;
  for (let i = 0; i < prefix.length; i++) if (aid[i] !== prefix[i]) return false;
  return true;
}

function swBytes(s: number): Uint8Array {
  return Uint8Array.of((s >> 8) & 0xff, s & 0xff);
}

function sw(s: number): Uint8Array {
  return encodeResponse(new Uint8Array(0), s);
}

async function sha256(data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', copyBytes(data)));
}
