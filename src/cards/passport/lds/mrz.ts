/**
 * Machine readable zone (ICAO 9303-3 §4.9 check digits, 9303-4 TD3, 9303-5 TD1, 9303-6 TD2) as
 * stored in DG1 (the lines concatenated without separators) or pasted by staff.
 *
 * Every check digit is verified, including the composite one; a failure names the field. Names
 * keep the MRZ's own transliteration (A–Z only); `<` becomes a space inside a name part.
 */
import { LdsError } from './lds-error';

export type MrzFormat = 'TD1' | 'TD2' | 'TD3';

export interface MrzName {
  /** Primary identifier (surname), e.g. "ERIKSSON". */
  readonly primary: string;
  /** Secondary identifier (given names) with spaces, e.g. "ANNA MARIA"; "" when absent. */
  readonly secondary: string;
  /** True when the name field is full, so the name may have been truncated (9303-3 §4.6). */
  readonly possiblyTruncated: boolean;
}

export interface Mrz {
  readonly format: MrzFormat;
  /** The lines as printed. */
  readonly lines: readonly string[];
  /** Document code, e.g. "P", "PP", "I", "ID", "AC" (filler removed). */
  readonly documentCode: string;
  /** Issuing state or organisation, 3 letters, e.g. "UTO", "JPN", "D" (filler removed). */
  readonly issuingState: string;
  readonly name: MrzName;
  /** Document number without filler; may be longer than 9 characters on TD1 (9303-5 §4.2.2 note j). */
  readonly documentNumber: string;
  readonly nationality: string;
  /** YYMMDD as printed; a position may be `<` when unknown (9303-3 §4.7.1). */
  readonly birthDate: string;
  /** 'M', 'F' or 'X' (`<` = unspecified, reported as 'X'). */
  readonly sex: 'M' | 'F' | 'X';
  /** YYMMDD as printed. */
  readonly expiryDate: string;
  /** TD3 personal number / TD1 and TD2 optional data, filler removed. */
  readonly optionalData: string;
  /** Optional data of TD1 line 2 (separate field), filler removed. */
  readonly optionalData2?: string;
  /**
   * BAC/PACE key material (9303-11 §9.7.1.1): document number (9 characters, `<` padded) + its
   * check digit + birth date + check digit + expiry + check digit, as printed.
   */
  readonly keyMaterial: string;
}

const LINE_LENGTH: Readonly<Record<MrzFormat, number>> = { TD1: 30, TD2: 36, TD3: 44 };
const LINES: Readonly<Record<MrzFormat, number>> = { TD1: 3, TD2: 2, TD3: 2 };
const MRZ_CHAR = /^[A-Z0-9<]*$/;

/** The ICAO check digit of `field` (9303-3 §4.9: weights 7, 3, 1; A–Z = 10–35; `<` = 0). */
export function mrzCheckDigit(field: string): number {
  const weights = [7, 3, 1];
  let sum = 0;
  for (let i = 0; i < field.length; i++) {
    const c = field.charCodeAt(i);
    let v: number;
    if (c >= 0x30 && c <= 0x39) v = c - 0x30;
    else if (c >= 0x41 && c <= 0x5a) v = c - 0x41 + 10;
    else if (c === 0x3c) v = 0;
    else throw new LdsError('lds-mrz-format', `character "${field[i]}" is not an MRZ character`, i);
    sum += v * weights[i % 3]!;
  }
  return sum % 10;
}

function stripFiller(s: string): string {
  return s.replace(/<+$/, '').replace(/</g, ' ').trim();
}

/**
 * Checks `digit` against `field`. A `<` check digit is accepted only for a field that is all
 * filler (9303-4 §4.2.2: an unused personal-number field may carry `<` as its check digit).
 */
function checkDigit(field: string, digit: string, what: string, offset: number): void {
  if (digit === '<' && /^<*$/.test(field)) return;
  if (!/^[0-9]$/.test(digit)) throw new LdsError('lds-mrz-format', `MRZ ${what}: check digit "${digit}" is not a digit`, offset);
  if (mrzCheckDigit(field) !== Number(digit)) throw new LdsError('lds-mrz-check-digit', `MRZ ${what}: check digit does not match`, offset);
}

function parseName(field: string): MrzName {
  const possiblyTruncated = !field.endsWith('<');
  const sep = field.indexOf('<<');
  const primaryRaw = sep < 0 ? field : field.slice(0, sep);
  const secondaryRaw = sep < 0 ? '' : field.slice(sep + 2);
  return { primary: stripFiller(primaryRaw), secondary: stripFiller(secondaryRaw), possiblyTruncated };
}

function parseSex(c: string, offset: number): 'M' | 'F' | 'X' {
  if (c === 'M' || c === 'F' || c === 'X') return c;
  if (c === '<') return 'X';
  throw new LdsError('lds-mrz-format', `MRZ sex "${c}" is not M, F, X or <`, offset);
}

function checkDate(s: string, what: string, offset: number, allowUnknown: boolean): void {
  const ok = allowUnknown ? /^[0-9<]{6}$/.test(s) : /^[0-9]{6}$/.test(s);
  if (!ok) throw new LdsError('lds-mrz-format', `MRZ ${what} "${s}" is not YYMMDD`, offset);
  if (!s.includes('<')) {
    const mm = Number(s.slice(2, 4));
    const dd = Number(s.slice(4, 6));
    if (mm < 1 || mm > 12 || dd < 1 || dd > 31) throw new LdsError('lds-mrz-format', `MRZ ${what} "${s}" is not a calendar date`, offset);
  }
}

/** Splits pasted text (lines separated by newlines, or one run of characters) into MRZ lines. */
export function splitMrzText(text: string): string[] {
  const cleaned = text.replace(/\r/g, '');
  const lines = cleaned
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  if (lines.length > 1) return lines;
  const one = lines[0] ?? '';
  for (const f of ['TD3', 'TD2', 'TD1'] as const) {
    if (one.length === LINE_LENGTH[f] * LINES[f]) {
      const out: string[] = [];
      for (let i = 0; i < LINES[f]; i++) out.push(one.slice(i * LINE_LENGTH[f], (i + 1) * LINE_LENGTH[f]));
      return out;
    }
  }
  return [one];
}

/** Parses the MRZ from its lines. Offsets in errors count characters from the first line's start. */
export function parseMrzLines(lines: readonly string[]): Mrz {
  const format = (Object.keys(LINE_LENGTH) as MrzFormat[]).find((f) => lines.length === LINES[f] && lines.every((l) => l.length === LINE_LENGTH[f]));
  if (!format) {
    throw new LdsError('lds-mrz-format', `MRZ of ${lines.length} line(s) of ${lines.map((l) => l.length).join('/')} characters is not TD1 (3×30), TD2 (2×36) or TD3 (2×44)`, -1);
  }
  lines.forEach((l, i) => {
    if (!MRZ_CHAR.test(l)) {
      const bad = [...l].findIndex((c) => !/[A-Z0-9<]/.test(c));
      throw new LdsError('lds-mrz-format', `MRZ line ${i + 1} holds a character outside A–Z, 0–9 and <`, i * LINE_LENGTH[format] + bad);
    }
  });
  return format === 'TD1' ? parseTd1(lines) : parseTwoLine(lines, format);
}

/** Parses the DG1 form: all characters of all lines, concatenated. */
export function parseMrzString(s: string): Mrz {
  const format = (Object.keys(LINE_LENGTH) as MrzFormat[]).find((f) => s.length === LINE_LENGTH[f] * LINES[f]);
  if (!format) throw new LdsError('lds-mrz-format', `MRZ of ${s.length} characters is not 90 (TD1), 72 (TD2) or 88 (TD3)`, -1);
  const n = LINE_LENGTH[format];
  const lines: string[] = [];
  for (let i = 0; i < LINES[format]; i++) lines.push(s.slice(i * n, (i + 1) * n));
  return parseMrzLines(lines);
}

function parseTwoLine(lines: readonly string[], format: 'TD2' | 'TD3'): Mrz {
  const [l1, l2] = lines as [string, string];
  const len = LINE_LENGTH[format];
  const o2 = len; // offset of line 2
  const documentCode = stripFiller(l1.slice(0, 2));
  const issuingState = stripFiller(l1.slice(2, 5));
  const name = parseName(l1.slice(5));
  const docNo = l2.slice(0, 9);
  checkDigit(docNo, l2[9]!, 'document number', o2 + 9);
  const nationality = stripFiller(l2.slice(10, 13));
  const birth = l2.slice(13, 19);
  checkDate(birth, 'birth date', o2 + 13, true);
  checkDigit(birth, l2[19]!, 'birth date', o2 + 19);
  const sex = parseSex(l2[20]!, o2 + 20);
  const expiry = l2.slice(21, 27);
  checkDate(expiry, 'expiry date', o2 + 21, false);
  checkDigit(expiry, l2[27]!, 'expiry date', o2 + 27);
  let optional: string;
  let composite: string;
  if (format === 'TD3') {
    optional = l2.slice(28, 42);
    checkDigit(optional, l2[42]!, 'personal number', o2 + 42);
    composite = l2.slice(0, 10) + l2.slice(13, 20) + l2.slice(21, 43);
    checkDigit(composite, l2[43]!, 'composite', o2 + 43);
  } else {
    optional = l2.slice(28, 35);
    composite = l2.slice(0, 10) + l2.slice(13, 20) + l2.slice(21, 35);
    checkDigit(composite, l2[35]!, 'composite', o2 + 35);
  }
  // TD2 long document numbers (9303-6 §4.2.2 note): `<` in the check position, the rest in optional data.
  let documentNumber = stripFiller(docNo);
  let keyDocNo = docNo + l2[9]!;
  if (format === 'TD2' && l2[9] === '<' && /[^<]/.test(optional)) {
    const ext = extendedNumber(docNo, optional, 'document number', o2 + 28);
    documentNumber = ext.number;
    keyDocNo = ext.keyField;
    optional = optional.slice(ext.consumed);
  }
  if (!documentNumber) throw new LdsError('lds-mrz-format', 'MRZ document number is empty', o2);
  return {
    format,
    lines: [...lines],
    documentCode,
    issuingState,
    name,
    documentNumber,
    nationality,
    birthDate: birth,
    sex,
    expiryDate: expiry,
    optionalData: stripFiller(optional),
    keyMaterial: keyDocNo + birth + l2[19]! + expiry + l2[27]!,
  };
}

function parseTd1(lines: readonly string[]): Mrz {
  const [l1, l2, l3] = lines as [string, string, string];
  const o2 = 30;
  const documentCode = stripFiller(l1.slice(0, 2));
  const issuingState = stripFiller(l1.slice(2, 5));
  const docNo = l1.slice(5, 14);
  let optional1 = l1.slice(15, 30);
  let documentNumber: string;
  let keyDocNo: string;
  if (l1[14] === '<' && /[^<]/.test(optional1)) {
    const ext = extendedNumber(docNo, optional1, 'document number', 15);
    documentNumber = ext.number;
    keyDocNo = ext.keyField;
    optional1 = optional1.slice(ext.consumed);
  } else {
    checkDigit(docNo, l1[14]!, 'document number', 14);
    documentNumber = stripFiller(docNo);
    keyDocNo = docNo + l1[14]!;
  }
  if (!documentNumber) throw new LdsError('lds-mrz-format', 'MRZ document number is empty', 5);
  const birth = l2.slice(0, 6);
  checkDate(birth, 'birth date', o2, true);
  checkDigit(birth, l2[6]!, 'birth date', o2 + 6);
  const sex = parseSex(l2[7]!, o2 + 7);
  const expiry = l2.slice(8, 14);
  checkDate(expiry, 'expiry date', o2 + 8, false);
  checkDigit(expiry, l2[14]!, 'expiry date', o2 + 14);
  const nationality = stripFiller(l2.slice(15, 18));
  const optional2 = l2.slice(18, 29);
  const composite = l1.slice(5, 30) + l2.slice(0, 7) + l2.slice(8, 15) + l2.slice(18, 29);
  checkDigit(composite, l2[29]!, 'composite', o2 + 29);
  return {
    format: 'TD1',
    lines: [...lines],
    documentCode,
    issuingState,
    name: parseName(l3),
    documentNumber,
    nationality,
    birthDate: birth,
    sex,
    expiryDate: expiry,
    optionalData: stripFiller(optional1),
    optionalData2: stripFiller(optional2),
    keyMaterial: keyDocNo + birth + l2[6]! + expiry + l2[14]!,
  };
}

/**
 * A document number longer than 9 characters: the first 9 in the number field, `<` in its check
 * position, the rest at the start of the optional data followed by the check digit over the
 * whole number (9303-5 §4.2.2 note j). Returns the number, what BAC uses (the whole number and
 * its check digit, 9303-11 §9.7.1.1 note) and how many optional characters it used.
 */
function extendedNumber(first9: string, optional: string, what: string, offset: number): { number: string; keyField: string; consumed: number } {
  const end = optional.indexOf('<');
  const run = end < 0 ? optional : optional.slice(0, end);
  if (run.length < 2) throw new LdsError('lds-mrz-format', `MRZ ${what}: extended number has no check digit`, offset);
  const rest = run.slice(0, -1);
  const digit = run.slice(-1);
  const whole = first9 + rest;
  checkDigit(whole, digit, what, offset + run.length - 1);
  return { number: stripFiller(whole), keyField: whole + digit, consumed: run.length };
}

/**
 * A YYMMDD MRZ date as ISO `YYYY-MM-DD`, choosing the century (UNCONFIRMED by 9303, which
 * leaves it to the reader): birth dates are never in the future relative to `now`; expiry dates
 * are placed within 50 years before or after `now`… in practice 20YY for current documents.
 * Undefined when a position is unknown (`<`).
 */
export function mrzDateToIso(yymmdd: string, kind: 'birth' | 'expiry', now: Date): string | undefined {
  if (!/^[0-9]{6}$/.test(yymmdd)) return undefined;
  const yy = Number(yymmdd.slice(0, 2));
  const thisYear = now.getUTCFullYear();
  let year: number;
  if (kind === 'birth') {
    year = 2000 + yy;
    const iso = `${year}-${yymmdd.slice(2, 4)}-${yymmdd.slice(4, 6)}`;
    if (iso > now.toISOString().slice(0, 10)) year -= 100;
  } else {
    year = 2000 + yy;
    if (year > thisYear + 50) year -= 100;
  }
  return `${year}-${yymmdd.slice(2, 4)}-${yymmdd.slice(4, 6)}`;
}
