/**
 * The residence card (在留カード) and special permanent resident certificate (特別永住者証明書),
 * generations 1 and 2, over any CardTransport. One object per card placement:
 *
 *   const card = new ResidenceCard(transport);
 *   const identity = await card.detect();          // MF files only: never a VERIFY
 *   await card.authenticate(checkCardNumber(typed)); // at most one attempt per call, counted
 *   const read = await card.readAll();              // each file once, chunked to the reader
 *   card.close();                                   // wipes keys and every cached byte
 *
 * It reads what it is asked to and decides nothing about policy, with one safety rule: after
 * two refused card numbers on one placement (the card keeps no retry counter, §4.2.2(2), so
 * nothing else stops guessing) authenticate() refuses before sending anything
 * ('rc-card-number-attempts-exhausted'); staff must compare the number with the card.
 */
import { CardStatusError } from '../../apdu/status-words';
import { wipe } from '../../bytes/byte-ops';
import type { CardTransport } from '../../transport/card-transport';
import { CardChannel } from '../iso7816/card-channel';
import type { SecureChannel } from '../secure-messaging/secure-channel';
import { checkCardNumber, type CheckedCardNumber } from './card-number';
import { DF_AID, MF_FILES, fileSpec, filesOf, residenceOnlyProbe, type FileSpec, type ResidenceFileId } from './file-layout';
import { readPlainFile, readSecureFile } from './file-reader';
import { authenticateWithCardNumber, cryptoRandom, type RandomSource } from './mutual-authentication';
import { parseResidenceRead, type ReadScope, type ResidenceCardRead } from './read-result';
import { cardIdentity, type CardIdentity } from './records/card-identity';
import { CardNumberRejectedError, ResidenceCardError } from './residence-card-error';

/** Refused card numbers per placement before the card refuses to try again (issue 12 §2). */
export const MAX_FAILED_AUTHENTICATIONS = 2;

export interface ResidenceCardOptions {
  /** RND.IFD and K.IFD; crypto.getRandomValues unless a test injects a replay. */
  readonly random?: RandomSource;
  /**
   * Continue on an open channel to this card (the kiosk's detection channel), so its idea of the
   * selected DF stays true; `close()` then leaves the channel open for its owner.
   */
  readonly channel?: CardChannel;
}

export type { ReadScope };

export class ResidenceCard {
  readonly channel: CardChannel;
  private readonly random: RandomSource;
  private identity: CardIdentity | undefined;
  private secure: SecureChannel | undefined;
  private failures = 0;
  private readonly cache = new Map<ResidenceFileId, Uint8Array>();
  private readonly absent = new Set<ResidenceFileId>();
  private readonly unsubscribe: () => void;

  private readonly ownsChannel: boolean;

  constructor(
    readonly transport: CardTransport,
    options: ResidenceCardOptions = {},
  ) {
    this.channel = options.channel ?? new CardChannel(transport);
    this.ownsChannel = options.channel === undefined;
    this.random = options.random ?? cryptoRandom;
    this.unsubscribe = transport.onEvent((e) => {
      // Any (re)activation ends the card's authentication state and our session key with it.
      this.endSession();
      if (e.type === 'card-present' || e.type === 'card-removed') {
        // A new placement: new card, new count, nothing cached from the old one.
        this.failures = 0;
        this.identity = undefined;
        this.clearCache();
      }
    });
  }

  /** Refused card numbers on this placement so far. */
  get failedAuthentications(): number {
    return this.failures;
  }

  get isAuthenticated(): boolean {
    return this.secure?.isOpen === true;
  }

  /**
   * Which card this is, from MF/EF01 and MF/EF02 alone (free to read, §3.3.3): SELECT MF
   * (§4.2.1 `00 A4 00 00 02 3F 00`), then the two plain READ BINARYs. Never sends VERIFY.
   * Throws 'rc-not-a-residence-card' for a card without these files.
   */
  async detect(): Promise<CardIdentity> {
    if (this.identity) return this.identity;
    let common: Uint8Array;
    let type: Uint8Array;
    try {
      this.channel.invalidateSelection();
      await this.channel.sendOk({ cla: 0x00, ins: 0xa4, p1: 0x00, p2: 0x00, data: Uint8Array.of(0x3f, 0x00) });
      common = await readPlainFile(this.channel, MF_FILES.common);
      type = await readPlainFile(this.channel, MF_FILES.cardType);
    } catch (e) {
      if (e instanceof CardStatusError) throw new ResidenceCardError('rc-not-a-residence-card', `not a residence card: ${e.message}`);
      throw e;
    }
    try {
      this.identity = cardIdentity(common, type);
    } catch (e) {
      if (e instanceof ResidenceCardError && e.code === 'rc-record-malformed') {
        throw new ResidenceCardError('rc-not-a-residence-card', `not a residence card: ${e.message}`);
      }
      throw e;
    }
    this.cache.set('common', common);
    this.cache.set('cardType', type);
    return this.identity;
  }

  /**
   * One card-number authentication (GET CHALLENGE, MUTUAL AUTHENTICATE, VERIFY under SM).
   * Accepts a CheckedCardNumber or the raw text (checked here first; a format error sends
   * nothing and is not counted). A refusal by the card throws CardNumberRejectedError and
   * counts; the third attempt on one placement is refused without touching the card.
   */
  async authenticate(cardNumber: CheckedCardNumber | string): Promise<void> {
    const number = typeof cardNumber === 'string' ? checkCardNumber(cardNumber) : cardNumber;
    if (this.failures >= MAX_FAILED_AUTHENTICATIONS) {
      throw new ResidenceCardError('rc-card-number-attempts-exhausted', `the card refused ${this.failures} card numbers on this placement; compare the number with the card before trying again`);
    }
    const identity = await this.detect();
    this.endSession();
    try {
      this.secure = await authenticateWithCardNumber(this.channel, identity.generation, number, this.random, this.failures + 1);
    } catch (e) {
      if (e instanceof CardNumberRejectedError) this.failures++;
      throw e;
    } finally {
      // Authentication leaves the card at whatever DF it was; SELECT again before the next read.
      this.channel.invalidateSelection();
    }
  }

  /** The raw bytes of one file (read once; later calls return a copy from the cache). */
  async readFile(id: ResidenceFileId): Promise<Uint8Array> {
    const identity = await this.detect();
    const cached = this.cache.get(id);
    if (cached) return cached.slice();
    const spec = fileSpec(identity.generation, identity.kind, id);
    if (!spec) throw new ResidenceCardError('rc-read-failed', `a ${identity.kind} of generation ${identity.generation} has no file ${id}`);
    return (await this.read(spec)).slice();
  }

  private async read(spec: FileSpec): Promise<Uint8Array> {
    const identity = this.identity!;
    if (spec.auth && !this.isAuthenticated) throw new ResidenceCardError('rc-not-authenticated', `reading ${spec.id} needs the card-number authentication first`);
    if (spec.df !== 'mf') await this.channel.selectDf(DF_AID[spec.df]);
    const bytes = spec.sm ? await readSecureFile(this.secure!, identity.generation, spec) : await readPlainFile(this.channel, spec);
    this.cache.set(spec.id, bytes);
    return bytes;
  }

  /** Copies of the files read so far (MF's two included), for a recording (`kazasu read --out`). */
  filesRead(): Map<ResidenceFileId, Uint8Array> {
    return new Map([...this.cache].map(([id, bytes]) => [id, bytes.slice()]));
  }

  /** Read a file that may not exist (6A82 → undefined). */
  private async readOptional(spec: FileSpec): Promise<Uint8Array | undefined> {
    if (this.absent.has(spec.id)) return undefined;
    const cached = this.cache.get(spec.id);
    if (cached) return cached;
    try {
      return await this.read(spec);
    } catch (e) {
      if (e instanceof CardStatusError && e.sw === 0x6a82) {
        this.absent.add(spec.id);
        return undefined;
      }
      throw e;
    }
  }

  /**
   * Every file of this card, DF by DF (each DF selected once), parsed. On a special permanent
   * resident certificate the first residence-card-only file is probed once (6A82 expected), so
   * the verifier can tell a card-type EF that lies. `scope` 'signed' reads only what the
   * signature covers, the signature, and the gen-2 card number (generation 2: DF1 EF01–EF03 and
   * DF3; generation 1: DF1 and DF3): a purpose that needs no address or permission (the age
   * check) never reads them. The gen-2 printed entries then still tell a lying card type.
   */
  async readAll(scope: ReadScope = 'all'): Promise<ResidenceCardRead> {
    const identity = await this.detect();
    if (!this.isAuthenticated) throw new ResidenceCardError('rc-not-authenticated', 'readAll needs the card-number authentication first');
    const files = new Map<ResidenceFileId, Uint8Array>();
    files.set('common', this.cache.get('common')!);
    files.set('cardType', this.cache.get('cardType')!);
    const plan = filesOf(identity.generation, identity.kind).filter((f) => scope === 'all' || isSigned(f));
    const probe = residenceOnlyProbe(identity.generation);
    if (identity.kind === 'special-permanent-resident' && scope === 'all') plan.push(probe);
    const order = { mf: 0, df1: 1, df2: 2, df3: 3 } as const;
    plan.sort((a, b) => order[a.df] - order[b.df]);
    for (const spec of plan) {
      const optional = spec.df === 'df2' && (identity.kind === 'special-permanent-resident' ? spec.id === probe.id : spec.id !== 'address' && spec.id !== 'other');
      const bytes = optional ? await this.readOptional(spec) : this.cache.get(spec.id) ?? (await this.read(spec));
      if (bytes) files.set(spec.id, bytes);
    }
    return parseResidenceRead(identity, files, scope);
  }

  private endSession(): void {
    this.secure?.close();
    this.secure = undefined;
  }

  clearCache(): void {
    for (const v of this.cache.values()) wipe(v);
    this.cache.clear();
    this.absent.clear();
  }

  close(): void {
    this.endSession();
    this.clearCache();
    this.unsubscribe();
    if (this.ownsChannel) this.channel.close();
  }
}

/**
 * Files the check code covers, its own file, and the gen-2 card number (compared with the number
 * the card authenticated): DF1 but the gen-2 住居地 image, and DF3 (§3.4.3.1; gen 2 summary).
 */
function isSigned(f: FileSpec): boolean {
  return f.df === 'df3' || (f.df === 'df1' && f.id !== 'addressImage');
}
