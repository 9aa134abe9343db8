/**
 * The driver's licence card over any CardTransport: one object per card session. It reads what it
 * is asked to and decides no policy, except safety: PINs go through the licence PIN guard, `****`
 * is sent only when the card says no PIN was set, and 本籍 comes out only as ForbiddenBytes and
 * only with a reason.
 *
 * Card behaviour relied on (licence-facts §1.1, §2): SELECT MF `00 A4 00 00` [I×5]; SELECT DF by
 * its 16-byte AID `00 A4 04 0C 10 …` [I]; READ BINARY by short EF identifier `00 B0 80|SFI 00`
 * (P1 8A for MF/EF02) with short or extended Le [I: TAKU spec p.26, MATS, HMPOW]; VERIFY P2 81/82
 * with the MF current [I×4]; the security status reached by VERIFY survives SELECT of DF1/DF2
 * [I×5] — so both PINs are verified in the MF first, then each DF is selected once.
 * Every file is read at most once per session, in as few READ BINARYs as the reader allows.
 */
import { CardStatusError } from '../../apdu/status-words';
import { TlvError } from '../../apdu/tlv-error';
import { wipe } from '../../bytes/byte-ops';
import type { CardTransport } from '../../transport/card-transport';
import { BinaryFileReader } from '../iso7816/binary-file-reader';
import { CardChannel } from '../iso7816/card-channel';
import { CardReadError } from '../iso7816/card-read-error';
import { parseChangeRecords, type ChangeRecords } from './change-records';
import { parseCommonData, type LicenceCommonData } from './common-data';
import { checkLicencePin, licencePinBytes, type LicencePinEntry } from './credentials';
import { parseEntries, type LicenceEntries } from './entries';
import { ForbiddenBytes, isHonsekiReason, type HonsekiReason } from './forbidden-data';
import { parseGaijiFile, type GaijiGlyph } from './gaiji';
import type { GaijiSlot } from './jis-x0208';
import { licenceLayout, PIN_SETTING_TAG, type LicenceCardLayout, type LicenceFileName, type LicenceLayoutOverrides } from './licence-layout';
import { LicenceCardError, LicenceRecordError } from './licence-errors';
import { readLicenceCounter, verifyLicencePin, type LicencePinRef, type LicenceTries, type LicenceVerifyOptions } from './licence-pin-guard';
import { parsePhoto, type LicencePhoto } from './photo';
import { parsePinSetting, type PinSetting } from './pin-setting';
import { parseSignatureFile, type LicenceSignatureFile } from './signature-file';

export type LicencePinId = 'pin1' | 'pin2';

export interface LicenceCardOptions {
  /** Continue on a channel that is already talking to this card (the kiosk's detection). */
  readonly channel?: CardChannel;
  /** Override any UNCONFIRMED layout fact (licence-layout.ts). */
  readonly layout?: LicenceLayoutOverrides;
}

/** What detection found: a licence card answers SELECT MF and has a readable 共通データ要素. */
export type LicenceDetection = { readonly kind: 'match'; readonly common: LicenceCommonData } | { readonly kind: 'no-match' };

const SELECT_MF = { cla: 0x00, ins: 0xa4, p1: 0x00, p2: 0x00 } as const;

/** The card answered, but not with what a licence holds: a status word, a bad file, a protocol slip. */
export function isCardDataError(e: unknown): boolean {
  return e instanceof CardStatusError || e instanceof LicenceRecordError || e instanceof TlvError || e instanceof CardReadError;
}

export class LicenceCard {
  readonly layout: LicenceCardLayout;
  readonly channel: CardChannel;
  private readonly reader: BinaryFileReader;
  private readonly ownsChannel: boolean;
  private readonly cache = new Map<LicenceFileName, Uint8Array>();
  /** True while the MF is known to be the current directory (set by SELECT MF, cleared by any DF selection). */
  private mfCurrent = false;
  private pinSetting: PinSetting | undefined;
  private readonly unsubscribe: () => void;

  constructor(readonly transport: CardTransport, options: LicenceCardOptions = {}) {
    this.layout = licenceLayout(options.layout);
    this.ownsChannel = options.channel === undefined;
    this.channel = options.channel ?? new CardChannel(transport);
    this.reader = new BinaryFileReader(this.channel);
    this.unsubscribe = transport.onEvent((e) => {
      // A card that was removed or re-powered has lost its selection and security status; cached
      // bytes belong to the card that was read and must not serve a new one.
      this.mfCurrent = false;
      if (e.type === 'card-present' || e.type === 'card-activated' || e.type === 'card-removed') this.clearCache();
    });
  }

  // ------------------------------------------------------------------ directories

  private async selectMf(): Promise<void> {
    if (this.mfCurrent) return;
    this.channel.invalidateSelection();
    await this.channel.sendOk(SELECT_MF);
    this.channel.stats.selects++;
    this.mfCurrent = true;
  }

  private async enter(dir: 'mf' | 'df1' | 'df2'): Promise<void> {
    if (dir === 'mf') return this.selectMf();
    const aid = dir === 'df1' ? this.layout.df1Aid : this.layout.df2Aid;
    if (this.channel.isSelected(aid) && !this.mfCurrent) return;
    this.mfCurrent = false;
    this.channel.invalidateSelection();
    await this.channel.selectDf(aid);
  }

  // ------------------------------------------------------------------ files

  /**
   * The bytes of one file, read once per session (a fresh copy each call). A 6982 answer means the
   * PIN that opens it was not verified, reported as `licence-pin-required`.
   */
  async readFile(name: LicenceFileName): Promise<Uint8Array> {
    const cached = this.cache.get(name);
    if (cached) return cached.slice();
    const loc = this.layout.files[name];
    await this.enter(loc.dir);
    let bytes: Uint8Array;
    try {
      bytes = await this.reader.read(loc.sfi, { kind: 'whole-file', maxLength: loc.size });
    } catch (e) {
      if (e instanceof CardStatusError && e.sw === 0x6982) {
        throw new LicenceCardError('licence-pin-required', `${name}: the card wants a PIN first`, name === 'df1.honseki' || name === 'df2.photo' || name === 'df1.honsekiChanges' ? 'pin2' : 'pin1', { cause: e });
      }
      throw e;
    }
    this.cache.set(name, bytes);
    return bytes.slice();
  }

  hasRead(name: LicenceFileName): boolean {
    return this.cache.has(name);
  }

  // ------------------------------------------------------------------ free files

  /**
   * Detection for the kiosk: SELECT MF and read the 共通データ要素 (free, 17 bytes). Sends no VERIFY.
   * A card that refuses either, or whose file is not common data, is `no-match`.
   */
  async detect(): Promise<LicenceDetection> {
    try {
      return { kind: 'match', common: await this.readCommonData() };
    } catch (e) {
      // A card that wants a PIN for the 共通データ要素 (free on a licence) is not a licence either:
      // a My Number Card answers 6982 to READ BINARY of SFI 1 in its MF.
      if (isCardDataError(e) || (e instanceof LicenceCardError && e.code === 'licence-pin-required')) {
        this.cache.delete('mf.common');
        return { kind: 'no-match' };
      }
      throw e;
    }
  }

  async readCommonData(): Promise<LicenceCommonData> {
    return parseCommonData(await this.readFile('mf.common'), this.layout);
  }

  /**
   * The PIN-setting flag. A file that cannot be read or parsed is `unknown` (never "not set"), so
   * `****` is never sent on a misread; transport errors propagate.
   */
  async readPinSetting(): Promise<PinSetting> {
    if (this.pinSetting) return this.pinSetting;
    let setting: PinSetting;
    try {
      setting = parsePinSetting(await this.readFile('mf.pinSetting'), PIN_SETTING_TAG, 'mf/ef02', this.layout.fillerBytes);
    } catch (e) {
      if (isCardDataError(e)) {
        setting = { kind: 'unknown' };
      } else throw e;
    }
    this.pinSetting = setting;
    return setting;
  }

  // ------------------------------------------------------------------ PINs

  private pinRef(pin: LicencePinId): LicencePinRef {
    return {
      name: pin,
      p2: 0x80 | (pin === 'pin1' ? this.layout.pin1Sfi : this.layout.pin2Sfi),
      maxTries: this.layout.pinMaxTries,
      emptyVerifyAllowed: this.layout.emptyVerifyAllowed,
    };
  }

  /** Tries left, read with an empty VERIFY in the MF (no try used), or `not-readable` (layout). */
  async readTries(pin: LicencePinId): Promise<LicenceTries> {
    if (!this.layout.emptyVerifyAllowed) return { kind: 'not-readable' };
    await this.selectMf();
    return readLicenceCounter(this.channel, this.pinRef(pin));
  }

  /**
   * Verify a PIN as entered (4 digits, or `****` for "no PIN was set"). The format is checked
   * first; `****` is sent only when the card says no PIN was set, digits only when it does not say
   * so; then the guard (counter first, last-try refusal, exactly one VERIFY). Returns the counter
   * read just before the VERIFY.
   */
  async verify(pin: LicencePinId, entered: string, options: LicenceVerifyOptions = {}): Promise<LicenceTries> {
    const entry = checkLicencePin(entered, pin);
    await this.requireEntryMatchesSetting(pin, entry);
    await this.selectMf();
    const secret = licencePinBytes(entry, this.layout.defaultPin, pin);
    try {
      return await verifyLicencePin(this.channel, this.pinRef(pin), secret, options);
    } finally {
      wipe(secret);
    }
  }

  private async requireEntryMatchesSetting(pin: LicencePinId, entry: LicencePinEntry): Promise<void> {
    const setting = await this.readPinSetting();
    if (entry.kind === 'not-set') {
      if (setting.kind === 'set') throw new LicenceCardError('licence-pin-is-set', `${pin}: the holder set PINs on this card; **** is not sent`, pin);
      if (setting.kind === 'unknown') throw new LicenceCardError('licence-pin-setting-unknown', `${pin}: the PIN-setting file is unreadable; **** is not sent on a guess`, pin);
    } else if (setting.kind === 'not-set') {
      throw new LicenceCardError('licence-pin-not-set', `${pin}: this card has no PIN set; a typed PIN would only cost a try`, pin);
    }
  }

  // ------------------------------------------------------------------ PIN1 files

  async readEntries(): Promise<LicenceEntries> {
    return parseEntries(await this.readFile('df1.entries'), this.layout);
  }

  async readChanges(): Promise<ChangeRecords> {
    return parseChangeRecords(await this.readFile('df1.changes'), this.layout);
  }

  /**
   * The 外字 glyphs for the slots given (from the text that refers to them): EF03 only when 1 or 2
   * is needed, EF05 only when 3–7 is (data minimisation, and two files fewer on most cards).
   */
  async readGaiji(slots: readonly GaijiSlot[]): Promise<readonly GaijiGlyph[]> {
    const out: GaijiGlyph[] = [];
    if (slots.some((s) => s <= 2)) out.push(...parseGaijiFile(await this.readFile('df1.gaiji'), 'ef03', this.layout).glyphs);
    if (slots.some((s) => s >= 3)) out.push(...parseGaijiFile(await this.readFile('df1.gaijiChanges'), 'ef05', this.layout).glyphs);
    return out.filter((g) => slots.includes(g.slot));
  }

  async readSignatureFile(): Promise<LicenceSignatureFile> {
    return parseSignatureFile(await this.readFile('df1.signature'), this.layout);
  }

  // ------------------------------------------------------------------ PIN1 + PIN2 files

  async readPhoto(): Promise<LicencePhoto> {
    return parsePhoto(await this.readFile('df2.photo'), this.layout);
  }

  /**
   * 本籍 (DF1/EF02), only with a reason, only as ForbiddenBytes (forbidden-data.ts). The cached
   * copy is wiped with the session.
   */
  async readHonseki(reason: HonsekiReason): Promise<ForbiddenBytes> {
    if (!isHonsekiReason(reason)) throw new LicenceCardError('licence-honseki-reason-required', '本籍 is read only with a reason');
    const bytes = await this.readFile('df1.honseki');
    try {
      return new ForbiddenBytes(bytes);
    } finally {
      wipe(bytes);
    }
  }

  // ------------------------------------------------------------------ lifetime

  clearCache(): void {
    for (const v of this.cache.values()) wipe(v);
    this.cache.clear();
    this.pinSetting = undefined;
  }

  close(): void {
    this.clearCache();
    this.unsubscribe();
    if (this.ownsChannel) this.channel.close();
  }
}
