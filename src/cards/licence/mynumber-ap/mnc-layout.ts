/**
 * The licence application on a My Number Card (免許情報記録個人番号カード, "マイナ免許証", since
 * 2025-03-24): the 免許AP that police terminals write into the card's free area (Fukushima
 * Prefectural Police directive 達(運免)第399号, 2025-08-28, describes it). licence-facts §5.
 *
 * Whether spec v010 defines how a third-party terminal reads it could not be checked in the text
 * (別紙3 and 別添3-1 of menkyo20240719_145.pdf were not available). Independent implementations
 * read it: HMPOW (real cards, cites 仕様書V10 別紙3/別添3-1), ARDU (Arduino/ST25R reader and
 * emulator, cites menkyo20240719_145.pdf; index ids 18038482363, 65996612610), LJ (libjeid's
 * マイナ免許証 reader) and CIV (a transcription, untested). So every fact here is [I] at best and
 * each is a field of MncLicenceLayout, overridable without touching the parsers.
 */
import { fromHex } from '../../../bytes/hex';
import { DEFAULT_LICENCE_LAYOUT, type GaijiBitmapFormat } from '../licence-layout';
import type { SignatureTags } from '../signature-file';

export type MncFileName = 'pinSetting' | 'licenceInfo' | 'signature';

export interface MncLicenceLayout {
  /** Instance AID, the one to SELECT [I×3: HMPOW, ARDU, CIV]. */
  readonly instanceAid: Uint8Array;
  /** ELF and executable-module AIDs: they answer 6A82 to SELECT [I: HMPOW]. Listed, never selected. */
  readonly elfAid: Uint8Array;
  readonly executableAid: Uint8Array;
  /**
   * IEF01 = 0006, VERIFY P2 86 [I: HMPOW real card (empty VERIFY → 63CA), ARDU]. 別添3-1's sample
   * names 0002, which answers 6A82 on a real card (HMPOW: an apparent misprint; this is the
   * "differs from the spec's sample command" of updates-2026-12 §3). CIV copied 0002 [U, wrong].
   */
  readonly pinSfi: number;
  /** 10 tries [I×2: HMPOW observed 63CA; CIV "Retry Limit: 10"]. */
  readonly pinMaxTries: number;
  /** Empty VERIFY `00 20 00 86` answers the counter [I: HMPOW]. */
  readonly emptyVerifyAllowed: boolean;
  /** DPIN when no PIN was set [I×3: HMPOW "仕様書既定のDPIN", LJ, ARDU]. CIV's "treated as verified" is contradicted. */
  readonly defaultPin: string;
  readonly files: Readonly<Record<MncFileName, { readonly sfi: number; readonly size: number }>>;
  /** WEF01 tag: `C1 01 01` set, `C1 01 00` not set [I×3: HMPOW, ARDU, CIV]. */
  readonly pinSettingTag: number;
  /**
   * Tags above FF (the photo 0107, the signature fields 0108–010D: CIV writes them as "100"–"10D")
   * are read as two bytes opening with 01 — how the card writes them is [U]; tags C1–FF are one
   * byte [I: HMPOW walks one-byte tags and skips empty C2/C3 as 4 bytes].
   */
  readonly twoByteTagFirstBytes: readonly number[];
  readonly fillerBytes: readonly number[];
  readonly licenceNumberDigits: number;
  readonly signatureTags: SignatureTags;
  readonly gaijiBitmap: GaijiBitmapFormat;
}

export const DEFAULT_MNC_LAYOUT: MncLicenceLayout = {
  instanceAid: fromHex('A0 00 00 02 31 06 00 00 00 00 00 00 00 00 00 00'),
  elfAid: fromHex('A0 00 00 02 31 04 00 00 00 00 00 00 00 00 00 00'),
  executableAid: fromHex('A0 00 00 02 31 05 00 00 00 00 00 00 00 00 00 00'),
  pinSfi: 0x06,
  pinMaxTries: 10,
  emptyVerifyAllowed: true,
  defaultPin: '****',
  files: {
    // WEF01 001A, 3 bytes, free read [I×3].
    pinSetting: { sfi: 0x1a, size: 3 },
    // WEF02 001B 免許情報・運転経歴情報, at most 5845 bytes [U: CIV]; read to the file's end.
    licenceInfo: { sfi: 0x1b, size: 5845 },
    // WEF03 001C 電子署名, at most 584 bytes [U: CIV].
    signature: { sfi: 0x1c, size: 584 },
  },
  pinSettingTag: 0xc1,
  twoByteTagFirstBytes: [0x01],
  fillerBytes: DEFAULT_LICENCE_LAYOUT.fillerBytes,
  licenceNumberDigits: 12,
  // 0108 signature value, 0109 serial, 010A RFU, 010B issuer, 010C subject, 010D SKI [U: CIV; LJ
  // shows issuer, subject and SKI].
  signatureTags: { value: 0x0108, serial: 0x0109, rfu: 0x010a, issuer: 0x010b, subject: 0x010c, subjectKeyId: 0x010d },
  gaijiBitmap: DEFAULT_LICENCE_LAYOUT.gaijiBitmap,
};

export type MncLayoutOverrides = Partial<Omit<MncLicenceLayout, 'files'>> & { readonly files?: Partial<MncLicenceLayout['files']> };

export function mncLayout(overrides: MncLayoutOverrides = {}): MncLicenceLayout {
  return { ...DEFAULT_MNC_LAYOUT, ...overrides, files: { ...DEFAULT_MNC_LAYOUT.files, ...(overrides.files ?? {}) } };
}

/**
 * WEF02 tags (licence-facts §5.5): CIV's transcription [U], corroborated where marked.
 * Conditions are C6–C9 then CC–D3 (1–12); 外字/欠字 glyphs CA, CB, D4–D6 (1–5).
 */
export const MNC_TAG = {
  historyDate: 0xc2, // 運転経歴情報 record date (HMPOW skips empty C2/C3 [I])
  historyCategory: 0xc3,
  colour: 0xc4, // 色区分, JIS X 0208 [I: LJ "color-class"]
  expiryDate: 0xc5, // 有効期間の末日, 元号YYMMDD [I: HMPOW reads C5, expects era 5]
  conditions: [0xc6, 0xc7, 0xc8, 0xc9, 0xcc, 0xcd, 0xce, 0xcf, 0xd0, 0xd1, 0xd2, 0xd3],
  gaiji: [0xca, 0xcb, 0xd4, 0xd5, 0xd6],
  remarks: [0xd7, 0xd8, 0xd9, 0xda, 0xdb, 0xdc, 0xdd, 0xde],
  licenceNumber: 0xe7, // 免許情報記録番号 [I: LJ "license-number"; CIV's code reads E7]
  historyNumber: 0xe8, // 運転経歴情報記録番号
  faceDates: [0xe9, 0xea, 0xeb], // 二・小・原, 他, 二種 [I: LJ: only these carry a date]
  classFlagFirst: 0xec, // EC–FA: held flags in LICENCE_CLASS_IDS order [I: LJ categories; order U]
  photo: 0x0107, // JPEG 2000, at most 2000 bytes [I: LJ getPhoto()]
} as const;
