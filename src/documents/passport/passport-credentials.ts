/**
 * The passport's access credentials (ICAO 9303-11 §4.3.2, §9.7.3): the MRZ key — document
 * number, date of birth, date of expiry, each with its check digit (9303-3 §4.9) — typed as three
 * fields or pasted as the printed MRZ lines (parsed with the `mrz` package, cards/passport/
 * mrz-key.ts), or the 6-digit CAN printed on the data page (PACE only).
 *
 * Neither has a retry counter a reader can query: BAC has none at all, and PACE with the MRZ or
 * CAN has none either (9303-11 §4.4; only PACE-PIN/PUK of eID cards count tries, and some chips
 * slow down after wrong attempts). So `counterReadable` is false and the kiosk allows a few wrong
 * entries per placement, then asks staff to compare the entry with the data page.
 */
import { canKey, wipeCanKey } from '../../cards/passport/can';
import { mrzCheckDigit, mrzFieldsFromLines, mrzKeyFromFields, wipeMrzKey, type MrzFields } from '../../cards/passport/mrz-key';
import { isKazasuError, KazasuError } from '../../errors/kazasu-error';
import type { CredentialSpec } from '../document-driver';

export const PASSPORT_CREDENTIALS = ['mrz', 'can'] as const;
export type PassportCredential = (typeof PASSPORT_CREDENTIALS)[number];

/** Why an entry was refused before anything was sent (the UI maps each to ja/en text). */
export type PassportCredentialFormatReason =
  | 'mrz-document-number'
  | 'mrz-birth-date'
  | 'mrz-expiry-date'
  | 'mrz-lines'
  | 'can-digits';

export class PassportCredentialFormatError extends KazasuError {
  readonly code = 'credential-format' as const;
  constructor(
    readonly field: PassportCredential,
    readonly reason: PassportCredentialFormatReason,
  ) {
    super(`credential format: ${field}: ${reason}`);
  }
}

/** The three MRZ key fields as staff entered them, with the check digits the kiosk computed and shows. */
export interface MrzEntry extends MrzFields {
  readonly checkDigits: { readonly documentNumber: number; readonly birthDate: number; readonly expiryDate: number };
}

/** Pasted MRZ lines (TD1 3×30, TD2 2×36, TD3 2×44), one per line or joined by '|' or spaces. */
function looksLikeMrzLines(value: string): boolean {
  return /[\n|]/.test(value) || value.replace(/\s+/g, '').length >= 60;
}

function splitPasted(value: string): string {
  if (/[\n|]/.test(value)) return value.split(/[\n|]/).join('\n');
  const compact = value.replace(/\s+/g, '');
  // Pasted without line breaks: cut by the length of the known formats.
  for (const [n, len] of [[2, 44], [2, 36], [3, 30]] as const) {
    if (compact.length === n * len) return Array.from({ length: n }, (_, i) => compact.slice(i * len, (i + 1) * len)).join('\n');
  }
  return compact;
}

/**
 * The MRZ key of an entry: three fields "DOCNUMBER YYMMDD YYMMDD" (spaces, commas or slashes
 * between them; any check digits the person typed are ignored — the kiosk computes them), or the
 * pasted MRZ lines, whose printed check digits must all be right. Throws
 * PassportCredentialFormatError naming the field, never the value.
 */
export function parseMrzEntry(value: string): MrzEntry {
  if (typeof value !== 'string' || value.length > 200) throw new PassportCredentialFormatError('mrz', 'mrz-lines');
  let fields: MrzFields;
  if (looksLikeMrzLines(value)) {
    try {
      fields = mrzFieldsFromLines(splitPasted(value.trim()));
    } catch (e) {
      if (isKazasuError(e)) throw new PassportCredentialFormatError('mrz', 'mrz-lines');
      throw e;
    }
  } else {
    const parts = value.trim().toUpperCase().split(/[\s,/]+/).filter((p) => p.length > 0);
    if (parts.length !== 3) throw new PassportCredentialFormatError('mrz', 'mrz-lines');
    fields = { documentNumber: parts[0]!, birthDate: parts[1]!, expiryDate: parts[2]! };
  }
  const doc = fields.documentNumber.replace(/\s+/g, '').toUpperCase().replace(/<+$/, '');
  if (doc.length === 0 || doc.length > 22 || !/^[0-9A-Z<]+$/.test(doc)) throw new PassportCredentialFormatError('mrz', 'mrz-document-number');
  if (!isYymmdd(fields.birthDate)) throw new PassportCredentialFormatError('mrz', 'mrz-birth-date');
  if (!isYymmdd(fields.expiryDate)) throw new PassportCredentialFormatError('mrz', 'mrz-expiry-date');
  const padded = doc.length < 9 ? doc.padEnd(9, '<') : doc;
  return {
    documentNumber: doc,
    birthDate: fields.birthDate,
    expiryDate: fields.expiryDate,
    checkDigits: { documentNumber: mrzCheckDigit(padded), birthDate: mrzCheckDigit(fields.birthDate), expiryDate: mrzCheckDigit(fields.expiryDate) },
  };
}

function isYymmdd(v: string): boolean {
  if (!/^[0-9]{6}$/.test(v)) return false;
  const mm = Number(v.slice(2, 4));
  const dd = Number(v.slice(4, 6));
  return mm >= 1 && mm <= 12 && dd >= 1 && dd <= 31;
}

/** The canonical form the steps use: "DOCNUMBER YYMMDD YYMMDD" (check digits are recomputed when keyed). */
function normaliseMrz(value: string): string {
  const e = parseMrzEntry(value);
  // The card library's own checks must agree (a key is built and wiped at once).
  wipeMrzKey(mrzKeyFromFields(e));
  return `${e.documentNumber} ${e.birthDate} ${e.expiryDate}`;
}

function normaliseCan(value: string): string {
  const s = String(value ?? '').replace(/\s+/g, '');
  if (!/^[0-9]{6}$/.test(s)) throw new PassportCredentialFormatError('can', 'can-digits');
  wipeCanKey(canKey(s));
  return s;
}

export const PASSPORT_CREDENTIAL_SPECS: Readonly<Record<PassportCredential, CredentialSpec>> = {
  // No counter (see the module comment); three wrong entries, then staff compare with the data page.
  mrz: { flag: 'mrz', normalise: normaliseMrz, counterReadable: false, attemptsPerPlacement: 3 },
  // The CAN opens PACE in place of the MRZ (ICAO 9303-11 §4.4: either password); BAC needs the MRZ.
  can: { flag: 'can', normalise: normaliseCan, counterReadable: false, attemptsPerPlacement: 3, replaces: 'mrz' },
};

/**
 * Which credential an error is about: a format error by its field; a wrong password by the
 * protocol (BAC is MRZ only); PACE's by what was used (the CAN when only the CAN was given).
 */
export function passportCredentialOf(error: unknown, needed: readonly PassportCredential[]): PassportCredential {
  const err = (typeof error === 'object' && error !== null ? error : {}) as { field?: unknown; code?: unknown; password?: unknown };
  if (err.field === 'mrz' || err.field === 'can') return err.field;
  if (err.code === 'bac-wrong-mrz') return 'mrz';
  if (err.password === 'can' || err.password === 'mrz') return err.password;
  return needed[0] ?? 'mrz';
}
