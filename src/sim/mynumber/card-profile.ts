/**
 * A card profile: a JSON description of a person and their card, from which the simulator
 * builds a complete My Number Card (see build-card.ts). Named profiles live in ./profiles.
 *
 * All values here are simulator test data. The credentials are the simulated card's own and
 * exist so tests and the demo can unlock it; they are never logged.
 */
export type TextSexCode = '1' | '2' | '9' | '0';

export interface CardProfile {
  /** Profile id, e.g. 'default'. Lower-case letters, digits and hyphens. */
  readonly id: string;
  readonly description: { readonly ja: string; readonly en: string };
  /** Seed for every deterministic choice (keys from the pool, serials, card randomness). */
  readonly seed: string;
  readonly person: PersonProfile;
  readonly card: CardDetails;
  readonly credentials: Credentials;
  /** Maximum tries per key; 照合番号A/B and the birth-date key are UNCONFIRMED on real cards. */
  readonly retries?: Partial<Record<CredentialName, number>>;
  /** Tries left at first power-up, e.g. 0 for a locked PIN. Defaults to the maximum. */
  readonly retriesLeft?: Partial<Record<CredentialName, number>>;
  readonly jpki: JpkiDetails;
}

export interface PersonProfile {
  /** 氏名 as held in the text AP: family and given names separated by U+3000 (spec §3.2). */
  readonly name: string;
  /** 通称 (alias) of a foreign resident, printed and held after the name. Layout UNCONFIRMED. */
  readonly alias?: string;
  readonly address: string;
  /** Gregorian 'YYYY-MM-DD'. */
  readonly birthDate: string;
  /** Text-AP / card-face sex code (spec §3.2); JPKI uses 1/2/3 (spec §4.5). */
  readonly sex: TextSexCode;
  /** 12-digit 個人番号 with a valid check digit. Simulator data only. */
  readonly myNumber: string;
  /** Foreign resident: card face shows a Western birth date; 照合番号B form UNCONFIRMED. */
  readonly foreignResident?: boolean;
}

export interface CardDetails {
  /** 'YYYY-MM-DD' printed as 有効期限 (card-face record DF29). */
  readonly expiryDate: string;
  /** 4-digit セキュリティコード printed on the card face. */
  readonly securityCode: string;
  /** 5-digit 全国地方公共団体コード. */
  readonly municipalityCode: string;
  /** 15-digit card serial held by DF …0100 (spec §2.7). */
  readonly serial: string;
  /** Face photo id from sim/assets/faces. */
  readonly face: string;
  /** How 照合番号B encodes the birth date; foreign residents UNCONFIRMED (spec §2.1). */
  readonly codeBBirthDateForm?: 'wareki' | 'western-yy';
}

export interface Credentials {
  /** 券面事項入力補助用暗証番号 (4 digits). */
  readonly textPin: string;
  /** 利用者証明用暗証番号 (4 digits). */
  readonly authPin: string;
  /** 署名用パスワード (6–16 of A–Z 0–9). */
  readonly signPassword: string;
  /** 住民基本台帳用暗証番号 (4 digits), DFs …0100 and …0401. */
  readonly jukiPin: string;
}

export type CredentialName =
  | 'textPin'
  | 'authPin'
  | 'signPassword'
  | 'jukiPin'
  | 'codeA'
  | 'codeB'
  | 'birthDateKey';

export interface JpkiDetails {
  /** The card holds a 署名用 certificate (false for holders under 15, spec §2.4 EF 0008). */
  readonly hasSignCertificate: boolean;
  /** 'YYYY-MM-DD' validity of both JPKI certificates. */
  readonly notBefore: string;
  readonly notAfter: string;
  /** Romanised prefecture and city for the sign certificate subject (spec §4.4). */
  readonly prefecture: string;
  readonly city: string;
  /** JPKI 氏名 with 代替文字 already applied, when it differs from person.name (spec §4.5). */
  readonly certificateName?: string;
  /** '0'/'1' per character of the certificate name: 1 = substitute character used. */
  readonly nameSubstitutePositions?: string;
  readonly certificateAddress?: string;
  readonly addressSubstitutePositions?: string;
  /** Sign-certificate root generation: 1 (default) or 2, to exercise issuer choice by signature. */
  readonly rootGeneration?: 1 | 2;
  /** Optional URLs written into the certificates for the revocation clients. */
  readonly crlUrl?: string;
  readonly ocspUrl?: string;
}

export const DEFAULT_RETRIES: Record<CredentialName, number> = {
  textPin: 3,
  authPin: 3,
  signPassword: 5,
  jukiPin: 3,
  // UNCONFIRMED (spec §2.1): no source gives these counters; read them with an empty VERIFY.
  codeA: 10,
  codeB: 10,
  birthDateKey: 10,
};
