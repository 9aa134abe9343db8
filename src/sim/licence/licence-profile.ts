/**
 * A simulated driver's licence described as JSON (profiles/*.json): the holder, the licence, the
 * card, its PINs, 外字 and change records. build-licence.ts turns it into the card's files.
 * All values are simulator test data (the licence numbers start with 99, which no 公安委員会 uses).
 * The PINs exist so tests and the demo can unlock the simulated card; they are never logged.
 */

/** The simulator's own list of classes, in DF1/EF01 tag order 25–33 (and マイナ免許証 EC–FA). */
export const SIM_CLASS_IDS = [
  'large',
  'ordinary',
  'large-special',
  'large-motorcycle',
  'ordinary-motorcycle',
  'small-special',
  'moped',
  'towing',
  'large-class2',
  'ordinary-class2',
  'large-special-class2',
  'towing-class2',
  'medium',
  'medium-class2',
  'semi-medium',
] as const;
export type SimClassId = (typeof SIM_CLASS_IDS)[number];

export type SimChangeKind = 'new-address' | 'new-name' | 'new-name-kana' | 'new-condition' | 'condition-lifted' | 'remark';

export interface SimChangeRecord {
  readonly kind: SimChangeKind;
  /** 'YYYY-MM-DD' */
  readonly date: string;
  readonly text: string;
  /** 公安委員会名, 5 full-width characters, e.g. '東京都公安' (the field's width is 10 bytes [I×2]). */
  readonly commission: string;
}

export interface LicenceProfile {
  /** Lower-case letters, digits and hyphens. */
  readonly id: string;
  readonly description: { readonly ja: string; readonly en: string };
  readonly seed: string;
  readonly holder: {
    /** 氏名: family and given names separated by U+3000. */
    readonly name: string;
    readonly nameKana?: string;
    readonly alias?: string;
    readonly unifiedNameKana?: string;
    /** 'YYYY-MM-DD' */
    readonly birthDate: string;
    readonly address: string;
    /** 本籍 (simulated). */
    readonly honseki: string;
  };
  readonly licence: {
    /** 12 digits, starting with 99 (simulator). */
    readonly number: string;
    readonly referenceNumber?: string;
    readonly issueDate: string;
    readonly expiryDate: string;
    readonly colour: '優良' | '新規' | 'その他';
    /** Up to 4. */
    readonly conditions: readonly string[];
    /** 公安委員会名 as in tag 20, e.g. '東京都公安委員会'. */
    readonly commission: string;
    /** Date each held class was obtained. */
    readonly classes: Readonly<Partial<Record<SimClassId, string>>>;
    /** JIS X 0208 制定年番号 byte written in tag 11 and every change record (default 0x78 = 1978 [I: TAKU]). */
    readonly jisYear?: number;
  };
  readonly card: {
    /** 3 characters, e.g. '008'. */
    readonly specVersion: string;
    readonly manufacturerId: number;
    /** 暗号関数識別子 (tag 46 byte 1); its meaning is UNCONFIRMED. */
    readonly cryptoFunctionId: number;
    /** Face id of src/sim/assets/faces (photo: 120×160 J2K codestream). */
    readonly face: string;
    /** 'j2k' (raw codestream, default) or 'jp2' (JP2 file): which one real cards hold is UNCONFIRMED. */
    readonly photoForm?: 'j2k' | 'jp2';
  };
  /** `set: false`: both PINs are `****` and MF/EF02 says 00. */
  readonly pins: { readonly set: boolean; readonly pin1?: string; readonly pin2?: string };
  /** Tries left at first power-up (default 3). */
  readonly triesLeft?: { readonly pin1?: number; readonly pin2?: number };
  /** Characters outside JIS X 0208, by slot 1–7 (1–2 in EF03, 3–7 in EF05). */
  readonly gaiji?: readonly { readonly char: string; readonly slot: number }[];
  readonly changes?: readonly SimChangeRecord[];
  /** Which simulator issuer signs (default licence-issuer-1). */
  readonly issuer?: 'licence-issuer-1' | 'licence-issuer-2';
  /** Signed-data recipe and hash the simulated issuer uses (defaults: whole EF01 ‖ EF02 ‖ photo files, SHA-256). */
  readonly signature?: { readonly recipe?: SimSignedRecipe; readonly hash?: 'SHA-256' | 'SHA-1' };
}

export type SimSignedRecipe = 'ef01-ef02-photo-files' | 'ef01-ef02-photo-tlv' | 'ef01-photo-files';
