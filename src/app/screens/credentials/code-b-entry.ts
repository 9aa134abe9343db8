import { toWareki, type EraName } from '../../../cards/mynumber/wareki';

/**
 * Pure helpers of the 照合番号B / birth-date key entry (issue 11 §5, §8): typed, pasted, IME or
 * OCR input is normalised BEFORE any length limit (full-width digits to ASCII; spaces, hyphens,
 * slashes and dots dropped), a whole code pasted into the first box is spread over the 6/4/4
 * boxes, and a Western birth date typed by mistake (the usual slip: the card prints 和暦) is
 * turned into the era and its two-digit year.
 */

/** The eras a living card holder can be born in (Meiji ended in 1912). */
export type EraChoice = Exclude<EraName, 'meiji'>;
export const ERA_CHOICES: readonly EraChoice[] = ['showa', 'heisei', 'reiwa', 'taisho'];

/** First Gregorian year of each era (its 元年; wareki.ts holds the exact first days). */
const ERA_FIRST_YEAR: Readonly<Record<EraChoice, number>> = { taisho: 1912, showa: 1926, heisei: 1989, reiwa: 2019 };

/** What the 照合番号B boxes hold, as printed on the card: era + 6 birth digits, expiry year, security code. */
export interface CodeBParts {
  readonly era: EraChoice | undefined;
  /** YYMMDD in the era (the card prints e.g. 昭和55年2月17日 → 550217). */
  readonly birth: string;
  readonly expiryYear: string;
  readonly securityCode: string;
}

export const EMPTY_CODE_B: CodeBParts = { era: undefined, birth: '', expiryYear: '', securityCode: '' };

/** Full-width digits → ASCII, then only digits (spaces, U+3000, hyphens, slashes, dots… dropped). No length limit. */
export function normaliseDigits(input: string): string {
  return input
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[^0-9]/g, '');
}

/** Upper-case letters and digits for the sign password: full-width forms folded, everything else dropped. */
export function normalisePassword(input: string): string {
  return input
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '');
}

/** The era and two-digit year of a Western YYYYMMDD date, or undefined when it is not a real date of a choosable era. */
export function westernToEra(yyyymmdd: string): { readonly era: EraChoice; readonly birth: string } | undefined {
  if (!/^(19|20)\d{6}$/.test(yyyymmdd)) return undefined;
  const iso = `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
  try {
    const w = toWareki(iso);
    if (w.era === 'meiji') return undefined;
    return { era: w.era, birth: `${String(w.eraYear).padStart(2, '0')}${yyyymmdd.slice(4, 8)}` };
  } catch {
    return undefined;
  }
}

export type BirthProblem = 'month' | 'day' | 'not-in-era' | 'future' | 'long';

/** Six digits that can be an era date (MM 01–12, DD 01–31): the box is done and focus moves on. */
export function plausibleYymmdd(birth: string): boolean {
  if (!/^\d{6}$/.test(birth)) return false;
  const mm = Number(birth.slice(2, 4));
  const dd = Number(birth.slice(4, 6));
  return mm >= 1 && mm <= 12 && dd >= 1 && dd <= 31;
}

/** The ISO date of era + YYMMDD, or why it is not a date (checked only as far as it is typed). */
export function birthInEra(era: EraChoice | undefined, birth: string, today: Date = new Date()): { readonly iso?: string; readonly problem?: BirthProblem } {
  if (birth.length > 6) return { problem: 'long' };
  if (birth.length < 6) return {};
  const yy = Number(birth.slice(0, 2));
  const mm = Number(birth.slice(2, 4));
  const dd = Number(birth.slice(4, 6));
  if (mm < 1 || mm > 12) return { problem: 'month' };
  if (dd < 1 || dd > 31) return { problem: 'day' };
  if (!era) return {};
  if (yy < 1) return { problem: 'not-in-era' };
  const year = ERA_FIRST_YEAR[era] + yy - 1;
  const iso = `${year}-${birth.slice(2, 4)}-${birth.slice(4, 6)}`;
  try {
    const w = toWareki(iso);
    if (w.isoDate !== iso) return { problem: 'day' };
    if (w.era !== era || w.eraYear !== yy) return { problem: 'not-in-era' };
    if (iso > today.toISOString().slice(0, 10)) return { problem: 'future' };
    return { iso };
  } catch {
    return { problem: 'day' };
  }
}

/**
 * A change to the first (birth) box. Whatever arrives is normalised first; then
 *  - 8 digits (or 8 + more) that form a Western date → era + YYMMDD (`converted` says so),
 *  - 7 digits, or 8 that are not a date → kept while typing goes on (a Western date typed digit
 *    by digit: 198002… is no era date, so the box waits for the last two digits),
 *  - more than 8 digits otherwise → spread 6/4/4 over the three boxes (a whole 14-digit code
 *    pasted or read at once),
 *  - otherwise the (up to 6) digits.
 */
export function enterBirth(parts: CodeBParts, raw: string): { readonly parts: CodeBParts; readonly converted?: string; readonly spread: boolean } {
  const d = normaliseDigits(raw);
  if ((d.length === 8 || d.length === 16) && westernToEra(d.slice(0, 8))) {
    const w = westernToEra(d.slice(0, 8))!;
    const rest = d.slice(8);
    return {
      parts: { ...parts, era: w.era, birth: w.birth, ...(rest ? { expiryYear: rest.slice(0, 4), securityCode: rest.slice(4, 8) } : {}) },
      converted: d.slice(0, 8),
      spread: rest.length > 0,
    };
  }
  if (d.length === 7 || (d.length === 8 && !plausibleYymmdd(d.slice(0, 6)))) return { parts: { ...parts, birth: d }, spread: false };
  if (d.length > 6) return { parts: { ...parts, birth: d.slice(0, 6), expiryYear: d.slice(6, 10), securityCode: d.slice(10, 14) }, spread: true };
  return { parts: { ...parts, birth: d }, spread: false };
}

/** A change to the expiry box: 4 digits; more flow into the security code box. */
export function enterExpiry(parts: CodeBParts, raw: string): { readonly parts: CodeBParts; readonly spread: boolean } {
  const d = normaliseDigits(raw);
  if (d.length > 4) return { parts: { ...parts, expiryYear: d.slice(0, 4), securityCode: d.slice(4, 8) }, spread: true };
  return { parts: { ...parts, expiryYear: d }, spread: false };
}

export function enterSecurity(parts: CodeBParts, raw: string): CodeBParts {
  return { ...parts, securityCode: normaliseDigits(raw).slice(0, 4) };
}

/** The 14 digits of 照合番号B (spec §2.1: YYMMDD + expiry year + security code), whatever is typed so far. */
export function codeBDigits(parts: CodeBParts): string {
  return `${parts.birth}${parts.expiryYear}${parts.securityCode}`;
}

/** Parts from 14 digits (demo fill, OCR) with an optional era. */
export function partsFromDigits(digits: string, era?: EraChoice): CodeBParts {
  const d = normaliseDigits(digits);
  return { era, birth: d.slice(0, 6), expiryYear: d.slice(6, 10), securityCode: d.slice(10, 14) };
}
