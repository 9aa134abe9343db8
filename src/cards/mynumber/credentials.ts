import { KazasuError } from '../../errors/kazasu-error';
import { parseIsoDate, toWarekiFromDate, WarekiError, type CalendarDate } from './wareki';

/**
 * Format pre-checks for what the user types or what is printed on the card (spec §2.1), done
 * before anything is sent to the card so that a typo never costs a retry.
 *
 * SENSITIVE: every branded type in this module holds a PIN, password, 照合番号 or a value
 * derived from the My Number. Never log them, never put them in an error, wipe their byte forms.
 */

declare const credentialBrand: unique symbol;
/** A string that passed a format check. The brand only exists at compile time. */
type Checked<K extends string> = string & { readonly [credentialBrand]: K };

/** SENSITIVE: a 4-digit PIN (利用者証明用, 券面事項入力補助用, 住民基本台帳用). */
export type Pin4 = Checked<'pin4'>;
/** SENSITIVE: 署名用パスワード, already upper-cased. */
export type SignPassword = Checked<'sign-password'>;
/** SENSITIVE: 照合番号A = the 12-digit 個人番号 itself. */
export type VerificationCodeA = Checked<'verification-code-a'>;
/** SENSITIVE: 照合番号B, 14 digits. */
export type VerificationCodeB = Checked<'verification-code-b'>;
/** SENSITIVE: 券面AP 生年月日 key, 6 digits. */
export type BirthDateKey = Checked<'birth-date-key'>;

export type CheckedCredential = Pin4 | SignPassword | VerificationCodeA | VerificationCodeB | BirthDateKey;

export type CredentialField =
  | 'pin'
  | 'signPassword'
  | 'verificationCodeA'
  | 'verificationCodeB'
  | 'birthDateKey'
  | 'birthDate'
  | 'expiryYear'
  | 'securityCode';

export type CredentialFormatReason =
  | 'pin-not-4-digits'
  | 'password-length'
  | 'password-bad-characters'
  | 'password-needs-letter'
  | 'password-needs-digit'
  | 'code-a-not-12-digits'
  | 'code-a-bad-check-digit'
  | 'code-b-not-14-digits'
  | 'birth-date-key-not-6-digits'
  | 'birth-date-invalid'
  | 'birth-date-out-of-range'
  | 'expiry-year-invalid'
  | 'security-code-not-4-digits'
  | 'credential-not-ascii';

/** A credential does not have the required format. Carries the field and reason, never the value. */
export class CredentialFormatError extends KazasuError {
  readonly code = 'credential-format' as const;
  readonly field: CredentialField;
  readonly reason: CredentialFormatReason;
  constructor(field: CredentialField, reason: CredentialFormatReason) {
    super(`credential format: ${field}: ${reason}`);
    this.field = field;
    this.reason = reason;
  }
}

export type CredentialCheck<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: CredentialFormatError };

/** Run a check without throwing, e.g. `tryCredential(() => checkPin4(input))` for live form feedback. */
export function tryCredential<T>(check: () => T): CredentialCheck<T> {
  try {
    return { ok: true, value: check() };
  } catch (e) {
    if (e instanceof CredentialFormatError) return { ok: false, error: e };
    throw e;
  }
}

function isDigits(s: string, n: number): boolean {
  if (s.length !== n) return false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/** 4 ASCII digits (spec §2.1: all 4-digit PINs). */
export function checkPin4(input: string): Pin4 {
  if (!isDigits(input, 4)) throw new CredentialFormatError('pin', 'pin-not-4-digits');
  return input as Pin4;
}

/**
 * 署名用パスワード: 6–16 of A–Z/0–9 with ≥1 letter and ≥1 digit (spec §2.1). ASCII a–z are upper-cased
 * first because the card compares bytes and the registered value is upper case. Only ASCII letters
 * are touched (String#toUpperCase would turn 'ß' into 'SS').
 */
export function checkSignPassword(input: string): SignPassword {
  const upper = input.replace(/[a-z]/g, (c) => c.toUpperCase());
  if (upper.length < 6 || upper.length > 16) throw new CredentialFormatError('signPassword', 'password-length');
  if (!/^[A-Z0-9]+$/.test(upper)) throw new CredentialFormatError('signPassword', 'password-bad-characters');
  if (!/[A-Z]/.test(upper)) throw new CredentialFormatError('signPassword', 'password-needs-letter');
  if (!/[0-9]/.test(upper)) throw new CredentialFormatError('signPassword', 'password-needs-digit');
  return upper as SignPassword;
}

/**
 * 個人番号 check digit from the first 11 digits (総務省令第八十五号 第5条):
 * Pn = n-th digit counting from the right of the 11, Qn = n+1 (1≤n≤6) or n−5 (7≤n≤11);
 * check = 11 − (ΣPn·Qn mod 11), or 0 when the remainder is 0 or 1.
 * Returns undefined if the input is not 11 ASCII digits.
 */
export function myNumberCheckDigit(first11: string): number | undefined {
  if (!isDigits(first11, 11)) return undefined;
  let sum = 0;
  for (let n = 1; n <= 11; n++) {
    const p = first11.charCodeAt(11 - n) - 0x30;
    const q = n <= 6 ? n + 1 : n - 5;
    sum += p * q;
  }
  const r = sum % 11;
  return r <= 1 ? 0 : 11 - r;
}

/** True when `digits` is 12 ASCII digits whose last digit is the correct check digit. */
export function isValidMyNumber(digits: string): boolean {
  return isDigits(digits, 12) && myNumberCheckDigit(digits.slice(0, 11)) === digits.charCodeAt(11) - 0x30;
}

/** 照合番号A = the 個人番号 (spec §2.1): 12 digits with a valid check digit. */
export function checkVerificationCodeA(input: string): VerificationCodeA {
  if (!isDigits(input, 12)) throw new CredentialFormatError('verificationCodeA', 'code-a-not-12-digits');
  if (!isValidMyNumber(input)) throw new CredentialFormatError('verificationCodeA', 'code-a-bad-check-digit');
  return input as VerificationCodeA;
}

/** 照合番号B typed in as a whole: 14 digits (spec §2.1). Inner structure is not checked here. */
export function checkVerificationCodeB(input: string): VerificationCodeB {
  if (!isDigits(input, 14)) throw new CredentialFormatError('verificationCodeB', 'code-b-not-14-digits');
  return input as VerificationCodeB;
}

/** 券面AP 生年月日 key typed in as a whole: 6 digits (spec §2.1). */
export function checkBirthDateKey(input: string): BirthDateKey {
  if (!isDigits(input, 6)) throw new CredentialFormatError('birthDateKey', 'birth-date-key-not-6-digits');
  return input as BirthDateKey;
}

/**
 * How the birth year is written in YYMMDD.
 * 'wareki' (default): Japanese-era year, e.g. 1980-02-17 → 550217 (spec §2.1, SOUMU/MC).
 * 'western-yy': last two digits of the Gregorian year. Offered for foreign residents, whose card
 * face shows a western birth date — that rule is UNCONFIRMED (spec §2.1), so it is opt-in only.
 */
export type BirthDateForm = 'wareki' | 'western-yy';

function birthDateYymmdd(birthDate: string, form: BirthDateForm): string {
  const d: CalendarDate | undefined = parseIsoDate(birthDate);
  if (!d) throw new CredentialFormatError('birthDate', 'birth-date-invalid');
  let yy: number;
  if (form === 'western-yy') {
    yy = d.year % 100;
  } else {
    try {
      yy = toWarekiFromDate(d).eraYear;
    } catch (e) {
      if (e instanceof WarekiError) throw new CredentialFormatError('birthDate', 'birth-date-out-of-range');
      throw e;
    }
    // Two digits only: a Reiwa 100 birth date cannot be expressed (spec §2.1 YYMMDD).
    if (yy > 99) throw new CredentialFormatError('birthDate', 'birth-date-out-of-range');
  }
  return `${String(yy).padStart(2, '0')}${String(d.month).padStart(2, '0')}${String(d.day).padStart(2, '0')}`;
}

/** 券面AP EF 0011 key: 和暦 YYMMDD of the birth date (spec §2.1). */
export function buildBirthDateKey(birthDate: string, birthDateForm: BirthDateForm = 'wareki'): BirthDateKey {
  return birthDateYymmdd(birthDate, birthDateForm) as BirthDateKey;
}

export interface VerificationCodeBParts {
  /** 'YYYY-MM-DD' */
  readonly birthDate: string;
  /** Western year of the card's 有効期限, e.g. 2035. */
  readonly expiryYear: number;
  /** SENSITIVE: the 4-digit セキュリティコード printed on the card. */
  readonly securityCode: string;
  readonly birthDateForm?: BirthDateForm;
}

/**
 * 照合番号B = YYMMDD (和暦 birth date) + expiry western year (4) + security code (4) (spec §2.1),
 * e.g. 1980-02-17, 2035, 2285 → 55021720352285.
 */
export function buildVerificationCodeB(parts: VerificationCodeBParts): VerificationCodeB {
  const birth = birthDateYymmdd(parts.birthDate, parts.birthDateForm ?? 'wareki');
  const y = parts.expiryYear;
  if (!Number.isInteger(y) || y < 1000 || y > 9999) throw new CredentialFormatError('expiryYear', 'expiry-year-invalid');
  if (!isDigits(parts.securityCode, 4)) throw new CredentialFormatError('securityCode', 'security-code-not-4-digits');
  return `${birth}${String(y)}${parts.securityCode}` as VerificationCodeB;
}

/**
 * ASCII bytes of a checked credential for VERIFY data (spec §2.2), in a fresh array.
 * The caller owns it and must `wipe()` it after sending. Re-checks the characters because a brand
 * can be forged with a cast.
 */
export function toPinBytes(value: CheckedCredential): Uint8Array {
  const out = new Uint8Array(value.length);
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    const ok = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a);
    if (!ok) {
      out.fill(0);
      throw new CredentialFormatError('pin', 'credential-not-ascii');
    }
    out[i] = c;
  }
  return out;
}
