import { mrzCheckDigit } from '../../../cards/passport/mrz-key';
import { parseMrzEntry, PassportCredentialFormatError, type PassportCredentialFormatReason } from '../../../documents/passport/passport-credentials';

/**
 * What the clerk typed for a passport (ICAO 9303-3 §4.2.2, -11 §4.3.2): the MRZ key as three
 * fields, the printed MRZ lines pasted from a scanner, or the CAN. It lives in CredentialFlow so
 * it survives a reading attempt, and is gone when the flow unmounts. SENSITIVE: never logged.
 */
export interface PassportEntryValues {
  readonly mode: PassportEntryMode;
  readonly documentNumber: string;
  readonly birthDate: string;
  readonly expiryDate: string;
  readonly lines: string;
  readonly can: string;
}

export type PassportEntryMode = 'fields' | 'paste' | 'can';
export type MrzField = 'documentNumber' | 'birthDate' | 'expiryDate';
export type PassportEntryField = MrzField | 'lines' | 'can';

export const EMPTY_PASSPORT_ENTRY: PassportEntryValues = { mode: 'fields', documentNumber: '', birthDate: '', expiryDate: '', lines: '', can: '' };

/** Longest document number an MRZ holds (TD1 with the extended number in the optional data, 9303-5 §4.2.4). */
const DOC_MAX = 22;

/** Keystroke or paste → what the field keeps: full-width folded, upper case, only its characters. */
export function normaliseField(field: PassportEntryField, raw: string): string {
  const v = raw.normalize('NFKC');
  if (field === 'documentNumber') return v.toUpperCase().replace(/[^0-9A-Z<]/g, '').slice(0, DOC_MAX);
  if (field === 'birthDate' || field === 'expiryDate') return v.replace(/[^0-9]/g, '').slice(0, 6);
  if (field === 'can') return v.replace(/[^0-9]/g, '').slice(0, 6);
  // Pasted lines: keep line breaks, upper-case, drop anything an MRZ cannot hold (9303-3 §4.3).
  return v.toUpperCase().replace(/\r\n?/g, '\n').replace(/[^0-9A-Z<|\n ]/g, '').slice(0, 200);
}

function isDate(v: string): boolean {
  if (!/^[0-9]{6}$/.test(v)) return false;
  const mm = Number(v.slice(2, 4));
  const dd = Number(v.slice(4, 6));
  return mm >= 1 && mm <= 12 && dd >= 1 && dd <= 31;
}

/** A field's own format problem (undefined: fine), checked without the other fields. */
export function fieldProblem(field: MrzField, value: string): PassportCredentialFormatReason | undefined {
  if (field === 'documentNumber') return /^[0-9A-Z]+<*$/.test(value) && value.replace(/<+$/, '').length > 0 ? undefined : 'mrz-document-number';
  if (field === 'birthDate') return isDate(value) ? undefined : 'mrz-birth-date';
  return isDate(value) ? undefined : 'mrz-expiry-date';
}

/**
 * The check digit of one field as typed (9303-3 §4.9; the document number `<`-padded to 9), once
 * the field is complete and well-formed; undefined before. Staff compare it with the digit printed
 * after the field on the MRZ's second line: a difference is a typo.
 */
export function fieldCheckDigit(field: MrzField, value: string): number | undefined {
  if (fieldProblem(field, value)) return undefined;
  if (field !== 'documentNumber') return mrzCheckDigit(value);
  const doc = value.replace(/<+$/, '');
  return mrzCheckDigit(doc.length < 9 ? doc.padEnd(9, '<') : doc);
}

export type EntryCheck = { readonly ok: true; readonly credential: 'mrz' | 'can'; readonly value: string } | { readonly ok: false; readonly errors: Partial<Record<PassportEntryField, PassportCredentialFormatReason>> };

/**
 * Every format problem of the entry in the chosen mode, each on its own field (all three MRZ
 * fields are checked, so one slip does not hide another); or the value to send — the three fields
 * as "DOC YYMMDD YYMMDD", the pasted lines as pasted, or the CAN — after the driver's own parser
 * (parseMrzEntry) agreed. Nothing is cleared: staff correct only the field that is wrong.
 */
export function checkEntry(v: PassportEntryValues): EntryCheck {
  if (v.mode === 'can') return /^[0-9]{6}$/.test(v.can) ? { ok: true, credential: 'can', value: v.can } : { ok: false, errors: { can: 'can-digits' } };
  if (v.mode === 'paste') {
    try {
      parseMrzEntry(v.lines.trim());
      return { ok: true, credential: 'mrz', value: v.lines.trim() };
    } catch (e) {
      if (e instanceof PassportCredentialFormatError) return { ok: false, errors: { lines: 'mrz-lines' } };
      throw e;
    }
  }
  const errors: Partial<Record<PassportEntryField, PassportCredentialFormatReason>> = {};
  for (const f of ['documentNumber', 'birthDate', 'expiryDate'] as const) {
    const p = fieldProblem(f, v[f]);
    if (p) errors[f] = p;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const value = `${v.documentNumber.replace(/<+$/, '')} ${v.birthDate} ${v.expiryDate}`;
  try {
    parseMrzEntry(value);
  } catch (e) {
    if (e instanceof PassportCredentialFormatError) return { ok: false, errors: { [fieldOfReason(e.reason)]: e.reason } };
    throw e;
  }
  return { ok: true, credential: 'mrz', value };
}

function fieldOfReason(reason: PassportCredentialFormatReason): PassportEntryField {
  if (reason === 'mrz-birth-date') return 'birthDate';
  if (reason === 'mrz-expiry-date') return 'expiryDate';
  if (reason === 'can-digits') return 'can';
  if (reason === 'mrz-lines') return 'lines';
  return 'documentNumber';
}
