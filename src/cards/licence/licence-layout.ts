/**
 * Where things are on a driver's licence card (運転免許証, IC licence since 2007): application
 * ids, file ids, file sizes, PIN references and the few encoding rules the parsers need.
 *
 * NONE of these facts was read in the primary specification (警察庁「運転免許証及び運転免許証
 * 作成システム等仕様書」 v008/v010 could not be obtained). Every value below comes from
 * independent implementations; the source notes use the short names of
 * /work/notes/licence-facts.md:
 *   TRET = treastrain/TRETJapanNFCReader@03470a5 (spec 008), SOFT/SOFTW = soft-studio readers,
 *   WATA = watanabetoshinori/DriverLicenseApp, MATS = jp.co.matsusaka…driverlisence (index ids),
 *   TAKU = takusan23 blog + JDCardReaderCore (quotes v009 page numbers), HMPOW =
 *   hmpow/JpDrvLicNfcCommand@11d74fd (real cards, cites 仕様書V10), LJ = OSSTech libjeid samples,
 *   CIV = masanork/tobari civ docs (untested on real cards; used only where corroborated).
 * [I×n] = n implementations agree; [U] = UNCONFIRMED. Everything is a field of
 * `LicenceCardLayout`, so a caller that learns the real value (from the spec or a real card) can
 * override it without touching the parsers: `new LicenceCard(transport, { layout: { … } })`.
 */
import { fromHex } from '../../bytes/hex';

/** Which file of the licence card. `mf.*` lie in the MF, `df1.*` / `df2.*` in DF1 / DF2. */
export type LicenceFileName =
  | 'mf.common'
  | 'mf.pinSetting'
  | 'df1.entries'
  | 'df1.honseki'
  | 'df1.gaiji'
  | 'df1.changes'
  | 'df1.gaijiChanges'
  | 'df1.honsekiChanges'
  | 'df1.signature'
  | 'df2.photo';

export type LicenceDirectory = 'mf' | 'df1' | 'df2';

export interface LicenceFileLocation {
  readonly dir: LicenceDirectory;
  /** Short EF identifier = low 5 bits of the FID [I×4: TAKU quoting spec p.26, MATS, HMPOW, SOFT]. */
  readonly sfi: number;
  /**
   * The file's size as implementations read it. Reads ask for exactly this many bytes and accept
   * a shorter file (the card's answer ends it), so a wrong guess costs at most one extra APDU.
   */
  readonly size: number;
}

export interface LicenceCardLayout {
  /** DF1 (記載事項, 外字, 変更, 電子署名) AID, 16 bytes [I×5: TRET, SOFT, WATA, MATS, HMPOW]. */
  readonly df1Aid: Uint8Array;
  /** DF2 (写真) AID [I×5]. */
  readonly df2Aid: Uint8Array;
  /** DF3 (RFU) AID [I: TRET select-identifiers, HMPOW]. Never read; listed for completeness. */
  readonly df3Aid: Uint8Array;
  readonly files: Readonly<Record<LicenceFileName, LicenceFileLocation>>;
  /**
   * VERIFY P2 for PIN1 / PIN2 with the MF current: 80|SFI of IEF01 (0001) / IEF02 (0002)
   * [I×4: TAKU quoting spec p.24 "短縮EF識別子指定", SOFT, SOFTW, HMPOW].
   */
  readonly pin1Sfi: number;
  readonly pin2Sfi: number;
  /** Tries of each PIN [I×4: TRET 63C3…63C0, MATS, TAKU "3回で閉塞", CIV]. */
  readonly pinMaxTries: number;
  /**
   * An empty VERIFY (`00 20 00 81`, no Lc, no data) answers the counter without using a try.
   * [I×6 + the spec's "残りの照合許容回数の出力指定" as quoted by TAKU (spec p.24); not read in
   * the primary text.] When false, `readTries` reports `not-readable` and nothing is sent.
   */
  readonly emptyVerifyAllowed: boolean;
  /** The PIN a card without holder-set PINs expects: `****` [I×5: TRET, MATS, LJ, HMPOW, SOFT]. */
  readonly defaultPin: string;
  /**
   * Bytes that may fill a file after its last TLV. TRET and MATS stop at FF [I]; the exact pad
   * byte is [U], so 00 is accepted too by default.
   */
  readonly fillerBytes: readonly number[];
  /** 免許証の番号 (tag 21) length in digits. 12 is [U: CIV only]; printed licences show 12. */
  readonly licenceNumberDigits: number;
  /**
   * 外字 bitmap format inside EF03/EF05 values [U]: the sizes fit 1 byte (文字構成/ドット数)
   * + 128 bytes = 32×32 dots at 1 bit per dot (my arithmetic: 264 = 2×(3+129), 663 = 3+5×132);
   * bit order and row order are guesses. Values of another length are kept raw, undecoded.
   */
  readonly gaijiBitmap: GaijiBitmapFormat;
}

export interface GaijiBitmapFormat {
  readonly headerBytes: number;
  readonly width: number;
  readonly height: number;
  /** 'msb-first': the leftmost dot of each byte is bit 8. */
  readonly bitOrder: 'msb-first' | 'lsb-first';
  /** Bytes per row are ceil(width / 8). */
  readonly order: 'row-major' | 'column-major';
}

const aid = (hex: string): Uint8Array => fromHex(hex);

/** Sizes: licence-facts.md §1.2 (each with its sources). */
export const DEFAULT_LICENCE_LAYOUT: LicenceCardLayout = {
  df1Aid: aid('A0 00 00 02 31 01 00 00 00 00 00 00 00 00 00 00'),
  df2Aid: aid('A0 00 00 02 31 02 00 00 00 00 00 00 00 00 00 00'),
  df3Aid: aid('A0 00 00 02 48 03 00 00 00 00 00 00 00 00 00 00'),
  files: {
    // MF/EF01 共通データ要素, FID 2F01, 17 bytes [I×3: TRET, TAKU, CIV], free read.
    'mf.common': { dir: 'mf', sfi: 0x01, size: 17 },
    // MF/EF02 暗証番号(PIN)設定, FID 000A, 3 bytes [I×3], free read; SFI 0A [I: HMPOW P1=8A].
    'mf.pinSetting': { dir: 'mf', sfi: 0x0a, size: 3 },
    // DF1/EF01 記載事項(本籍除く), 880 bytes [I×4: TRET, SOFT, MATS 0x370, WATA], PIN1.
    'df1.entries': { dir: 'df1', sfi: 0x01, size: 880 },
    // DF1/EF02 記載事項(本籍), 82 bytes [I×4], PIN1 + PIN2.
    'df1.honseki': { dir: 'df1', sfi: 0x02, size: 82 },
    // DF1/EF03 外字, 264 bytes [I: SOFT, CIV], PIN1 [I: MATS javadoc, SOFT].
    'df1.gaiji': { dir: 'df1', sfi: 0x03, size: 264 },
    // DF1/EF04 記載事項変更等(本籍除く), 640 bytes [I: SOFT, MATS 0x280, WATA], PIN1.
    'df1.changes': { dir: 'df1', sfi: 0x04, size: 640 },
    // DF1/EF05 記載事項変更(外字), 663 bytes [I: SOFT, CIV], PIN1.
    'df1.gaijiChanges': { dir: 'df1', sfi: 0x05, size: 663 },
    // DF1/EF06 記載事項変更(本籍), 256 bytes [I: SOFT, MATS 0x100, WATA], PIN1 + PIN2. Never read.
    'df1.honsekiChanges': { dir: 'df1', sfi: 0x06, size: 256 },
    // DF1/EF07 電子署名, 578 bytes [I: SOFT, MATS 0x242, CIV], PIN1.
    'df1.signature': { dir: 'df1', sfi: 0x07, size: 578 },
    // DF2/EF01 写真, 2005 bytes [I: TRET, MATS 0x7D5], PIN1 + PIN2.
    'df2.photo': { dir: 'df2', sfi: 0x01, size: 2005 },
  },
  pin1Sfi: 0x01,
  pin2Sfi: 0x02,
  pinMaxTries: 3,
  emptyVerifyAllowed: true,
  defaultPin: '****',
  fillerBytes: [0xff, 0x00],
  licenceNumberDigits: 12,
  gaijiBitmap: { headerBytes: 1, width: 32, height: 32, bitOrder: 'msb-first', order: 'row-major' },
};

/** The default layout with `overrides` applied (files merged one by one). */
export function licenceLayout(overrides: LicenceLayoutOverrides = {}): LicenceCardLayout {
  return {
    ...DEFAULT_LICENCE_LAYOUT,
    ...overrides,
    files: { ...DEFAULT_LICENCE_LAYOUT.files, ...(overrides.files ?? {}) },
    gaijiBitmap: { ...DEFAULT_LICENCE_LAYOUT.gaijiBitmap, ...(overrides.gaijiBitmap ?? {}) },
  };
}

export type LicenceLayoutOverrides = Partial<Omit<LicenceCardLayout, 'files' | 'gaijiBitmap'>> & {
  readonly files?: Partial<Record<LicenceFileName, LicenceFileLocation>>;
  readonly gaijiBitmap?: Partial<GaijiBitmapFormat>;
};

// ------------------------------------------------------------------------------ tags

/** DF1/EF01 記載事項 tags (licence-facts §3.1) [I×5: TRET, SOFT, MATS, WATA, TAKU citing spec p.11]. */
export const ENTRY_TAG = {
  jisYear: 0x11,
  name: 0x12,
  nameKana: 0x13,
  alias: 0x14,
  unifiedNameKana: 0x15,
  birthDate: 0x16,
  address: 0x17,
  issueDate: 0x18,
  referenceNumber: 0x19,
  colour: 0x1a,
  expiryDate: 0x1b,
  condition1: 0x1c,
  condition2: 0x1d,
  condition3: 0x1e,
  condition4: 0x1f,
  publicSafetyCommission: 0x20,
  licenceNumber: 0x21,
} as const;

/** MF/EF01: tag 45 カード発行者データ (11 bytes), tag 46 発行前データ (2 bytes) [I×3: TRET, HMPOW, TAKU p.9]. */
export const COMMON_TAG = { issuer: 0x45, preIssue: 0x46 } as const;
/** MF/EF02 PIN設定 tag [I×3: MATS TAG_PINFLG, HMPOW, TRET]. */
export const PIN_SETTING_TAG = 0x05;
/** DF1/EF02 本籍 tag [I×4]. */
export const HONSEKI_TAG = 0x41;
/** DF2/EF01 写真 tag (the one two-byte tag) [I×4: MATS, SOFT, WATA, CIV]. */
export const PHOTO_TAG = 0x5f40;
/** DF1/EF07 電子署名 tags [I×2: MATS constants B1–B6, TRET field list]. */
export const SIGNATURE_TAG = { value: 0xb1, serial: 0xb2, rfu: 0xb3, issuer: 0xb4, subject: 0xb5, subjectKeyId: 0xb6 } as const;
/** DF1/EF03 外字1, 外字2 [I×3: SOFT, MATS, CIV]; DF1/EF05 A0 追記の有無, A1–A5 外字3–7 [I: MATS, TRET list]. */
export const GAIJI_TAG = { first: 0x48, second: 0x49, appended: 0xa0, third: 0xa1 } as const;

/** In-text references to 外字 1–7 and the 欠字 mark (licence-facts §3.2) [I×3: TRET, WATA, MATS]. */
export const GAIJI_CODE_FIRST = 0xfff1;
export const GAIJI_CODE_LAST = 0xfff7;
export const MISSING_CHARACTER_CODE = 0xfffa;
