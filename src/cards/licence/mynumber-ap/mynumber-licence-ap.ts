/**
 * Reader for the licence application on a My Number Card (マイナ免許証), with the licence's PIN
 * safety: the counter (10 tries) read with an empty VERIFY `00 20 00 86` before any VERIFY, the
 * last try refused unless confirmed, exactly one VERIFY, `****` only when WEF01 says no PIN was
 * set. Plaintext, no secure messaging [I×3]. Every fact is [I]/[U]: see mnc-layout.ts.
 *
 * Entry points for the kiosk (the lead decides whether it runs inside the My Number driver or as
 * its own document): `detectMyNumberLicence(channel)` (SELECT only: a card without the licence
 * application answers 6A82 — a customer whose only licence is a 運転免許証 card, or who has none),
 * `MyNumberLicenceAp` (tries, verify, reads) and `readMyNumberLicence` (one read after VERIFY).
 */
import { CardStatusError } from '../../../apdu/status-words';
import { wipe } from '../../../bytes/byte-ops';
import { KazasuError } from '../../../errors/kazasu-error';
import { TransportError, type CardTransport } from '../../../transport/card-transport';
import { BinaryFileReader } from '../../iso7816/binary-file-reader';
import { CardChannel } from '../../iso7816/card-channel';
import { checkLicencePin, licencePinBytes } from '../credentials';
import { LicenceCardError } from '../licence-errors';
import { readLicenceCounter, verifyLicencePin, type LicencePinRef, type LicenceTries, type LicenceVerifyOptions } from '../licence-pin-guard';
import type { FileResult } from '../licence-read';
import { parsePinSetting, type PinSetting } from '../pin-setting';
import { parseSignatureFile, type LicenceSignatureFile } from '../signature-file';
import { isCardDataError } from '../licence-card';
import { mncLayout, type MncFileName, type MncLayoutOverrides, type MncLicenceLayout } from './mnc-layout';
import { parseMncLicenceInfo, type MncLicenceInfo } from './mnc-licence-info';

export type MncPresence = { readonly kind: 'present' } | { readonly kind: 'absent'; readonly sw: number };

/**
 * Is the licence application on this card? SELECT of the instance AID only (no VERIFY, no read):
 * 9000 present, any status word absent (6A82 on a card without it [I: HMPOW]).
 */
export async function detectMyNumberLicence(channel: CardChannel, layout: MncLicenceLayout = mncLayout()): Promise<MncPresence> {
  try {
    await channel.selectDf(layout.instanceAid);
    return { kind: 'present' };
  } catch (e) {
    if (e instanceof CardStatusError) return { kind: 'absent', sw: e.sw };
    throw e;
  }
}

export interface MyNumberLicenceApOptions {
  readonly channel?: CardChannel;
  readonly layout?: MncLayoutOverrides;
}

export class MyNumberLicenceAp {
  readonly layout: MncLicenceLayout;
  readonly channel: CardChannel;
  private readonly reader: BinaryFileReader;
  private readonly ownsChannel: boolean;
  private readonly cache = new Map<MncFileName, Uint8Array>();
  private pinSetting: PinSetting | undefined;
  private readonly unsubscribe: () => void;

  constructor(readonly transport: CardTransport, options: MyNumberLicenceApOptions = {}) {
    this.layout = mncLayout(options.layout);
    this.ownsChannel = options.channel === undefined;
    this.channel = options.channel ?? new CardChannel(transport);
    this.reader = new BinaryFileReader(this.channel);
    this.unsubscribe = transport.onEvent(() => this.clearCache());
  }

  /** SELECT the instance AID (skipped when already selected); `licence-application-absent` otherwise. */
  async select(): Promise<void> {
    const presence = await detectMyNumberLicence(this.channel, this.layout);
    if (presence.kind === 'absent') {
      throw new LicenceCardError('licence-application-absent', `no licence application on this card (SELECT answered ${presence.sw.toString(16).toUpperCase()})`);
    }
  }

  async readFile(name: MncFileName): Promise<Uint8Array> {
    const cached = this.cache.get(name);
    if (cached) return cached.slice();
    await this.select();
    const loc = this.layout.files[name];
    let bytes: Uint8Array;
    try {
      bytes = await this.reader.read(loc.sfi, { kind: 'whole-file', maxLength: loc.size });
    } catch (e) {
      if (e instanceof CardStatusError && e.sw === 0x6982) throw new LicenceCardError('licence-pin-required', `${name}: the card wants the licence PIN first`, 'mnc', { cause: e });
      throw e;
    }
    this.cache.set(name, bytes);
    return bytes.slice();
  }

  hasRead(name: MncFileName): boolean {
    return this.cache.has(name);
  }

  /** WEF01; unreadable or odd values are `unknown`, so `****` is never sent on a misread. */
  async readPinSetting(): Promise<PinSetting> {
    if (this.pinSetting) return this.pinSetting;
    let setting: PinSetting;
    try {
      setting = parsePinSetting(await this.readFile('pinSetting'), this.layout.pinSettingTag, 'mnc/wef01', this.layout.fillerBytes);
    } catch (e) {
      if (!isCardDataError(e)) throw e;
      setting = { kind: 'unknown' };
    }
    this.pinSetting = setting;
    return setting;
  }

  private pinRef(): LicencePinRef {
    return { name: 'mnc', p2: 0x80 | this.layout.pinSfi, maxTries: this.layout.pinMaxTries, emptyVerifyAllowed: this.layout.emptyVerifyAllowed };
  }

  async readTries(): Promise<LicenceTries> {
    if (!this.layout.emptyVerifyAllowed) return { kind: 'not-readable' };
    await this.select();
    return readLicenceCounter(this.channel, this.pinRef());
  }

  /** The licence PIN as entered (4 digits, or `****` when WEF01 says none was set). */
  async verify(entered: string, options: LicenceVerifyOptions = {}): Promise<LicenceTries> {
    const entry = checkLicencePin(entered, 'mnc');
    const setting = await this.readPinSetting();
    if (entry.kind === 'not-set' && setting.kind !== 'not-set') {
      throw new LicenceCardError(setting.kind === 'set' ? 'licence-pin-is-set' : 'licence-pin-setting-unknown', 'mnc: **** is sent only when the card says no PIN was set', 'mnc');
    }
    if (entry.kind === 'pin' && setting.kind === 'not-set') throw new LicenceCardError('licence-pin-not-set', 'mnc: this card has no licence PIN set', 'mnc');
    await this.select();
    const secret = licencePinBytes(entry, this.layout.defaultPin, 'mnc');
    try {
      return await verifyLicencePin(this.channel, this.pinRef(), secret, options);
    } finally {
      wipe(secret);
    }
  }

  async readLicenceInfo(): Promise<MncLicenceInfo> {
    return parseMncLicenceInfo(await this.readFile('licenceInfo'), this.layout);
  }

  async readSignatureFile(): Promise<LicenceSignatureFile> {
    return parseSignatureFile(await this.readFile('signature'), this.layout, {
      record: 'mnc/wef03',
      tags: this.layout.signatureTags,
      twoByteTagFirstBytes: this.layout.twoByteTagFirstBytes,
    });
  }

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

export interface MncReadout {
  readonly pinSetting: PinSetting;
  readonly info: FileResult<MncLicenceInfo>;
  readonly signatureFile: FileResult<LicenceSignatureFile> | undefined;
  /** WEF02 exactly as read, for the signature (signed data [U]: all of WEF02 in stored order, per CIV). */
  readonly signedData: Uint8Array | undefined;
  wipe(): void;
}

async function attempt<T>(read: () => Promise<T>): Promise<FileResult<T>> {
  try {
    return { ok: true, value: await read() };
  } catch (e) {
    if (e instanceof TransportError || !(e instanceof KazasuError)) throw e;
    return { ok: false, error: e };
  }
}

/** One read after VERIFY: WEF02 (licence information) and, when asked, WEF03 (signature). */
export async function readMyNumberLicence(ap: MyNumberLicenceAp, plan: { readonly signature: boolean }): Promise<MncReadout> {
  const pinSetting = await ap.readPinSetting();
  const info = await attempt(() => ap.readLicenceInfo());
  const signatureFile = plan.signature ? await attempt(() => ap.readSignatureFile()) : undefined;
  const signedData = plan.signature && ap.hasRead('licenceInfo') ? await ap.readFile('licenceInfo') : undefined;
  return {
    pinSetting,
    info,
    signatureFile,
    signedData,
    wipe() {
      if (info.ok) {
        info.value.raw.fill(0);
        info.value.photo?.image.fill(0);
      }
      if (signatureFile?.ok) signatureFile.value.raw.fill(0);
      signedData?.fill(0);
    },
  };
}
