/**
 * The MRZ-derived access key material (9303-11 §4.3.2, §9.7.3): document number, date of birth
 * and date of expiry, each followed by its check digit (9303-3 §4.9: weights 7-3-1, digits as
 * themselves, A–Z as 10–35, '<' as 0). Typed in by staff as three fields or parsed from pasted
 * MRZ lines (the `mrz` package). The result is bytes so it can be wiped after use.
 */
import { parse as parseMrz } from 'mrz';
import { PassportError } from './passport-error';

export interface MrzFields {
  /** As printed, without the check digit; longer than 9 characters for TD1 long numbers. */
  readonly documentNumber: string;
  /** YYMMDD */
  readonly birthDate: string;
  /** YYMMDD */
  readonly expiryDate: string;
}

export interface MrzCheckDigits {
  readonly documentNumber: number;
  readonly birthDate: number;
  readonly expiryDate: number;
}

/** The three fields with computed check digits, ready for BAC / PACE. */
export interface MrzKey {
  readonly kind: 'mrz';
  /** ASCII "MRZ_information" (e.g. L898902C<369080619406236). Wipe with `wipeMrzKey` after use. */
  readonly information: Uint8Array;
  readonly checkDigits: MrzCheckDigits;
}

const DOC_CHARS = /^[0-9A-Z<]+$/;

function charValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x5a) return c - 0x41 + 10;
  if (c === 0x3c) return 0;
  return -1;
}

/** 9303-3 §4.9 check digit of an MRZ field. Throws `mrz-invalid` on characters outside 0-9 A-Z <. */
export function mrzCheckDigit(field: string): number {
  const weights = [7, 3, 1];
  let sum = 0;
  for (let i = 0; i < field.length; i++) {
    const v = charValue(field.charCodeAt(i));
    if (v < 0) throw new PassportError('mrz-invalid', `character ${i + 1} is not allowed in an MRZ field`, { offset: i });
    sum += v * weights[i % 3]!;
  }
  return sum % 10;
}

function checkDate(value: string, name: string): void {
  if (!/^[0-9]{6}$/.test(value)) throw new PassportError('mrz-invalid', `${name} must be six digits YYMMDD`);
  const mm = Number(value.slice(2, 4));
  const dd = Number(value.slice(4, 6));
  if (mm < 1 || mm > 12 || dd < 1 || dd > 31) throw new PassportError('mrz-invalid', `${name} is not a date`);
}

/** Normalises what staff typed: upper case, spaces dropped; the document number padded to 9 with '<'. */
export function mrzKeyFromFields(fields: MrzFields): MrzKey {
  const doc = String(fields.documentNumber ?? '').replace(/\s+/g, '').toUpperCase();
  if (doc.length === 0 || doc.length > 22 || !DOC_CHARS.test(doc)) {
    throw new PassportError('mrz-invalid', 'document number must be 1–22 characters 0-9, A-Z or <');
  }
  if (/^<+$/.test(doc)) throw new PassportError('mrz-invalid', 'document number is empty');
  const birth = String(fields.birthDate ?? '').trim();
  const expiry = String(fields.expiryDate ?? '').trim();
  checkDate(birth, 'date of birth');
  checkDate(expiry, 'date of expiry');
  const docField = doc.length < 9 ? doc.padEnd(9, '<') : doc;
  const digits: MrzCheckDigits = {
    documentNumber: mrzCheckDigit(docField),
    birthDate: mrzCheckDigit(birth),
    expiryDate: mrzCheckDigit(expiry),
  };
  const text = `${docField}${digits.documentNumber}${birth}${digits.birthDate}${expiry}${digits.expiryDate}`;
  const information = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) information[i] = text.charCodeAt(i);
  return { kind: 'mrz', information, checkDigits: digits };
}

/**
 * Reads the three key fields from pasted MRZ lines (TD1, TD2 or TD3) with the `mrz` package and
 * insists that the printed check digits of all three are right: a wrong digit means a typo, and
 * a BAC/PACE attempt with it would only fail at the chip.
 */
export function mrzFieldsFromLines(text: string): MrzFields {
  if (typeof text !== 'string' || text.length > 200) throw new PassportError('mrz-invalid', 'MRZ text is missing or too long');
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.replace(/\s+/g, '').toUpperCase())
    .filter((l) => l.length > 0);
  let result: ReturnType<typeof parseMrz>;
  try {
    result = parseMrz(lines);
  } catch {
    throw new PassportError('mrz-invalid', 'not a TD1, TD2 or TD3 machine-readable zone');
  }
  const f = result.fields as Record<string, string | null | undefined>;
  const details = (result.details ?? []) as ReadonlyArray<{ field?: string | null; valid?: boolean }>;
  const invalid = (name: string) => details.some((d) => d.field === name && d.valid === false);
  for (const name of ['documentNumber', 'documentNumberCheckDigit', 'birthDate', 'birthDateCheckDigit', 'expirationDate', 'expirationDateCheckDigit']) {
    if (invalid(name)) throw new PassportError('mrz-invalid', `MRZ field ${name} is not valid (check digit or format)`);
  }
  const documentNumber = f['documentNumber'];
  const birthDate = f['birthDate'];
  const expiryDate = f['expirationDate'];
  if (!documentNumber || !birthDate || !expiryDate) throw new PassportError('mrz-invalid', 'the MRZ lacks a document number, birth date or expiry date');
  return { documentNumber, birthDate, expiryDate };
}

export function wipeMrzKey(key: MrzKey): void {
  key.information.fill(0);
}
