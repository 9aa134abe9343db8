/**
 * The passport's card layer, the entry point for the document driver:
 *   detect()            — is this an eMRTD? EF.CardAccess (plain, from the MF) or the eMRTD AID;
 *   authenticate(pw)    — PACE with the MRZ or CAN when EF.CardAccess offers a PACEInfo Kazasu
 *                         supports, BAC otherwise (and after PACE was refused before it started);
 *   readFile(name)      — EF.COM, DG1, DG2, DG11, DG12, DG14, DG15, EF.SOD, each read once;
 *   readCardSecurity()  — EF.CardSecurity from the MF (PACE-CAM);
 *   activeAuthenticate()— INTERNAL AUTHENTICATE; the signature goes to the verifier;
 *   chipAuthenticate()  — Chip Authentication with DG14's key, SM re-keyed, confirmed.
 * The card module decides nothing about policy (what to read is the caller's plan); it refuses
 * what is unsafe: plain answers under SM, automatic retries after a wrong password.
 */
import type { CardChannel } from '../iso7816/card-channel';
import { IcaoSmError } from '../secure-messaging/icao-sm-error';
import { activeAuthenticate, type ActiveAuthenticationResponse } from './active-authentication';
import { performBac } from './bac';
import { wipeCanKey, type CanKey } from './can';
import { chipAuthenticate, chooseChipAuthentication, confirmChipAuthentication, type ChipAuthenticationResult } from './chip-authentication';
import { isSupportedGroup } from './domain-parameters';
import { EF_CARD_ACCESS, EF_CARD_SECURITY, EMRTD_AID, LDS_FILES, type LdsFileName } from './lds-files';
import { LdsFileReader, type ReadOptions } from './lds-file-reader';
import { wipeMrzKey, type MrzKey } from './mrz-key';
import { performPace, type PaceCamEvidence } from './pace';
import { PassportChannel } from './passport-channel';
import { PassportError } from './passport-error';
import { webCryptoRandom, type RandomSource } from './random-source';
import { parseSecurityInfos, paceInfos, SecurityInfosError, type PaceInfo, type SecurityInfo } from './security-infos';
import type { PaceMapping } from './oids';

export type PassportPassword = MrzKey | CanKey;

export interface PassportDetection {
  /** Raw EF.CardAccess (unprotected: verify against DG14 / EF.CardSecurity later, §4.2). */
  readonly cardAccess?: Uint8Array;
  readonly securityInfos: readonly SecurityInfo[];
  /** Why EF.CardAccess could not be used, when it could not. */
  readonly cardAccessProblem?: string;
  /** True when the plain SELECT of the eMRTD AID answered 9000 (BAC chips; PACE-only chips may answer 6982). */
  readonly applicationAnswered: boolean;
}

export interface AuthenticateOptions {
  /** Preferred mapping order when EF.CardAccess offers several (default: CAM, GM, IM). */
  readonly preferMappings?: readonly PaceMapping[];
  /** Allow BAC when PACE is unavailable or was refused before it started (default true; MRZ only). */
  readonly allowBacFallback?: boolean;
}

export interface AccessResult {
  readonly method: 'pace' | 'bac';
  readonly pace?: { readonly protocol: string; readonly parameterId: number; readonly password: 'mrz' | 'can'; readonly triesLeftWarning?: number };
  /** PACE-CAM: what the verifier needs after Passive Authentication of EF.CardSecurity. */
  readonly cam?: PaceCamEvidence;
  /** Why BAC was used although EF.CardAccess was read (e.g. PACE refused), for the report. */
  readonly fallbackReason?: string;
}

export interface PassportCardOptions extends ReadOptions {
  readonly random?: RandomSource;
}

const MAPPING_ORDER: readonly PaceMapping[] = ['cam', 'gm', 'im'];

export class PassportCard {
  readonly channel: PassportChannel;
  private readonly random: RandomSource;
  private readonly reader: LdsFileReader;
  private detection: PassportDetection | undefined;
  private access: AccessResult | undefined;
  private applicationSelected = false;

  constructor(card: CardChannel, private readonly options: PassportCardOptions = {}) {
    this.channel = new PassportChannel(card);
    this.random = options.random ?? webCryptoRandom;
    this.reader = new LdsFileReader(this.channel, options);
  }

  get accessResult(): AccessResult | undefined {
    return this.access;
  }

  /** EF.CardAccess first (plain, MF, 9303-11 §4.2 step 1); the eMRTD AID only when it is absent. */
  async detect(): Promise<PassportDetection> {
    let cardAccess: Uint8Array | undefined;
    let infos: SecurityInfo[] = [];
    let problem: string | undefined;
    try {
      cardAccess = await this.readPlainCardAccess();
    } catch (e) {
      problem = e instanceof Error ? e.message : 'unreadable';
    }
    if (cardAccess) {
      try {
        infos = parseSecurityInfos(cardAccess);
      } catch (e) {
        if (!(e instanceof SecurityInfosError)) throw e;
        problem = `EF.CardAccess is malformed: ${e.message}`;
      }
    }
    let applicationAnswered = false;
    if (paceInfos(infos).length === 0) {
      const res = await this.channel.send({ cla: 0x00, ins: 0xa4, p1: 0x04, p2: 0x0c, data: EMRTD_AID });
      applicationAnswered = res.sw === 0x9000;
      this.applicationSelected = applicationAnswered;
      if (!applicationAnswered && !cardAccess) throw new PassportError('not-an-emrtd', `neither EF.CardAccess nor the eMRTD application answered (${res.sw.toString(16)})`, { sw: res.sw });
    }
    this.detection = { securityInfos: infos, applicationAnswered, ...(cardAccess ? { cardAccess } : {}), ...(problem ? { cardAccessProblem: problem } : {}) };
    return this.detection;
  }

  private async readPlainCardAccess(): Promise<Uint8Array | undefined> {
    // READ BINARY with SFI 1C: no SELECT needed, works from the MF right after activation.
    const res = await this.channel.send({ cla: 0x00, ins: 0xb0, p1: 0x80 | EF_CARD_ACCESS.sfi, p2: 0x00, le: 256 });
    if (res.sw === 0x6a82 || res.sw === 0x6a86 || res.sw === 0x6982 || res.sw === 0x6986 || res.sw === 0x6d00 || res.sw === 0x6e00 || res.sw === 0x6b00) return undefined;
    if (res.sw !== 0x9000 && res.sw !== 0x6282) throw new PassportError('read-failed', `EF.CardAccess: ${res.sw.toString(16)}`, { sw: res.sw });
    if (res.data.length === 0) return undefined;
    if (res.data.length < 256) return res.data.slice();
    // Longer than one short read: select it and read it whole.
    return this.reader.readFile(EF_CARD_ACCESS.fid, 4096);
  }

  /**
   * Access control. The password object is wiped when this returns or throws. A wrong password
   * ends here with `bac-wrong-mrz` / `pace-wrong-password`: nothing is retried.
   */
  async authenticate(password: PassportPassword, options: AuthenticateOptions = {}): Promise<AccessResult> {
    try {
      const detection = this.detection ?? (await this.detect());
      const candidates = this.paceCandidates(detection.securityInfos, options.preferMappings ?? MAPPING_ORDER);
      const allowBac = options.allowBacFallback ?? true;
      let fallbackReason: string | undefined;
      if (candidates.length > 0) {
        const info = candidates[0]!;
        try {
          const result = await performPace(this.channel, info, password, {
            random: this.random,
            sendParameterId: paceInfos(detection.securityInfos).length > 1,
          });
          this.channel.startSecureMessaging(result.sm);
          // After PACE the MF is current: select the application under SM (§4.2 note).
          await this.channel.sendOk({ cla: 0x00, ins: 0xa4, p1: 0x04, p2: 0x0c, data: EMRTD_AID });
          this.applicationSelected = true;
          this.access = {
            method: 'pace',
            pace: { protocol: info.protocol, parameterId: info.parameterId!, password: result.password, ...(result.triesLeftWarning !== undefined ? { triesLeftWarning: result.triesLeftWarning } : {}) },
            ...(result.cam ? { cam: result.cam } : {}),
          };
          return this.access;
        } catch (e) {
          // Only a refusal before any GENERAL AUTHENTICATE allows BAC (no password was used).
          if (!(e instanceof PassportError && e.code === 'pace-refused-parameters')) throw e;
          fallbackReason = e.message;
        }
      } else if (paceInfos(detection.securityInfos).length > 0) {
        fallbackReason = this.channel.extendedLength
          ? 'EF.CardAccess offers no PACE parameters Kazasu supports'
          : 'EF.CardAccess offers no PACE parameters usable on this reader (2048-bit DH needs extended length)';
      }
      if (!allowBac) throw new PassportError('pace-unsupported', fallbackReason ?? 'the chip offers no PACE and BAC fallback is off');
      if (password.kind !== 'mrz') throw new PassportError('bac-not-available', 'this chip needs BAC, which works with the MRZ only (not the CAN)');
      if (!this.applicationSelected) {
        const res = await this.channel.send({ cla: 0x00, ins: 0xa4, p1: 0x04, p2: 0x0c, data: EMRTD_AID });
        if (res.sw !== 0x9000) throw new PassportError('not-an-emrtd', `SELECT eMRTD application answered ${res.sw.toString(16)}`, { sw: res.sw });
        this.applicationSelected = true;
      }
      const sm = await performBac(this.channel, password, this.random);
      this.channel.startSecureMessaging(sm);
      this.access = { method: 'bac', ...(fallbackReason ? { fallbackReason } : {}) };
      return this.access;
    } finally {
      if (password.kind === 'mrz') wipeMrzKey(password);
      else wipeCanKey(password);
    }
  }

  private paceCandidates(infos: readonly SecurityInfo[], order: readonly PaceMapping[]): PaceInfo[] {
    // 2048-bit DH public keys do not fit a short GENERAL AUTHENTICATE (§9.3.1: extended length
    // is required there), so on a short-only path those PACEInfos are not candidates.
    const fits = (id: number) => this.channel.extendedLength || !(id === 1 || id === 2);
    const usable = paceInfos(infos).filter((p) => p.algorithm && p.version === 2 && p.parameterId !== undefined && isSupportedGroup(p.parameterId) && fits(p.parameterId));
    return usable.sort((a, b) => rank(a) - rank(b));
    function rank(p: PaceInfo): number {
      const i = order.indexOf(p.algorithm!.mapping);
      return i < 0 ? 99 : i;
    }
  }

  private ensureAccess(): void {
    if (!this.access || !this.channel.secureMessaging) throw new PassportError('not-authenticated', 'authenticate() first (or secure messaging was closed)');
  }

  /** One LDS file, read whole. */
  async readFile(name: LdsFileName): Promise<Uint8Array> {
    this.ensureAccess();
    return this.reader.readFile(LDS_FILES[name].fid);
  }

  /** EF.CardSecurity from the MF (after PACE; PACE-CAM needs it). Re-selects the application afterwards. */
  async readCardSecurity(): Promise<Uint8Array> {
    this.ensureAccess();
    await this.channel.sendOk({ cla: 0x00, ins: 0xa4, p1: 0x00, p2: 0x0c, data: Uint8Array.of(0x3f, 0x00) });
    try {
      return await this.reader.readFile(EF_CARD_SECURITY.fid, 65536);
    } finally {
      if (this.channel.secureMessaging) await this.channel.sendOk({ cla: 0x00, ins: 0xa4, p1: 0x04, p2: 0x0c, data: EMRTD_AID });
    }
  }

  async activeAuthenticate(signatureLength?: number): Promise<ActiveAuthenticationResponse> {
    this.ensureAccess();
    return activeAuthenticate(this.channel, { random: this.random, ...(signatureLength !== undefined ? { signatureLength } : {}) });
  }

  /**
   * Chip Authentication with the SecurityInfos of DG14 (authenticate DG14 by Passive
   * Authentication before trusting the outcome, §6.2.2 note). Throws `ca-failed` when the chip's
   * answer under the new keys does not verify — a cloned chip.
   */
  async chipAuthenticate(dg14SecurityInfos: readonly SecurityInfo[], options: { useSetAt?: boolean } = {}): Promise<ChipAuthenticationResult> {
    this.ensureAccess();
    const choice = chooseChipAuthentication(dg14SecurityInfos);
    const result = await chipAuthenticate(this.channel, choice, { random: this.random, ...(options.useSetAt !== undefined ? { useSetAt: options.useSetAt } : {}) });
    await confirmChipAuthentication(this.channel, EMRTD_AID);
    return result;
  }

  /** End the session: SM keys wiped. */
  close(): void {
    this.channel.endSecureMessaging();
    this.access = undefined;
  }

  /** True when `e` means the SM session is gone (MAC failure, downgrade, abort). */
  static isSecureMessagingFailure(e: unknown): e is IcaoSmError {
    return e instanceof IcaoSmError;
  }
}

/** Parses DG14's content (tag 6E wrapping SecurityInfos, 9303-10 §4.7.14). */
export function dg14SecurityInfos(dg14: Uint8Array): SecurityInfo[] {
  if (dg14.length < 2 || dg14[0] !== 0x6e) throw new SecurityInfosError('security-infos-malformed', 'DG14 does not start with tag 6E', 0);
  let at = 1;
  const l0 = dg14[at++]!;
  let len = l0;
  if (l0 >= 0x80) {
    const n = l0 & 0x7f;
    if (n < 1 || n > 3 || at + n > dg14.length) throw new SecurityInfosError('security-infos-malformed', 'DG14 length is malformed', 1);
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + dg14[at++]!;
  }
  if (at + len !== dg14.length) throw new SecurityInfosError('security-infos-malformed', 'DG14 length does not match the file', 1);
  return parseSecurityInfos(dg14.subarray(at));
}
