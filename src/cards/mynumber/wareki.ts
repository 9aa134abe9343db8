import { KazasuError } from '../../errors/kazasu-error';

/**
 * Gregorian ⇄ 和暦 (Japanese era) conversion for the dates a My Number Card carries.
 *
 * Why this exists: the 照合番号B and the 券面AP birth-date key want the birth year as a
 * Japanese-era year (spec §2.1), and the JPKI certificate prefixes birth dates with an era
 * code (spec §4.5). All dates here are proleptic Gregorian; no time zone is involved.
 */

export type EraName = 'meiji' | 'taisho' | 'showa' | 'heisei' | 'reiwa';
/** JPKI era code (spec §4.5): 1 明治, 2 大正, 3 昭和, 4 平成, 5 令和. 0 = 不明 is not an era. */
export type JpkiEraCode = 1 | 2 | 3 | 4 | 5;

export type WarekiErrorCode = 'wareki-invalid-date' | 'wareki-out-of-range' | 'wareki-bad-jpki-birth-date';

/** A date string or era code could not be interpreted. Messages never contain the date itself. */
export class WarekiError extends KazasuError {
  readonly code: WarekiErrorCode;
  constructor(code: WarekiErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

export interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

export interface WarekiDate {
  readonly era: EraName;
  /** 1 for 元年. */
  readonly eraYear: number;
  readonly month: number;
  readonly day: number;
  readonly jpkiEraCode: JpkiEraCode;
  readonly gregorianYear: number;
  /** 'YYYY-MM-DD' */
  readonly isoDate: string;
}

interface EraDefinition {
  readonly name: EraName;
  readonly code: JpkiEraCode;
  readonly start: CalendarDate;
  readonly ja: string;
  readonly en: string;
}

/**
 * First day of each era, oldest first. Meiji is counted from the 1868-10-23 proclamation as the
 * brief asks; Japan only adopted the Gregorian calendar in 1873, so early-Meiji conversions are
 * nominal (irrelevant for living card holders).
 */
const ERAS: readonly EraDefinition[] = [
  { name: 'meiji', code: 1, start: { year: 1868, month: 10, day: 23 }, ja: '明治', en: 'Meiji' },
  { name: 'taisho', code: 2, start: { year: 1912, month: 7, day: 30 }, ja: '大正', en: 'Taisho' },
  { name: 'showa', code: 3, start: { year: 1926, month: 12, day: 25 }, ja: '昭和', en: 'Showa' },
  { name: 'heisei', code: 4, start: { year: 1989, month: 1, day: 8 }, ja: '平成', en: 'Heisei' },
  { name: 'reiwa', code: 5, start: { year: 2019, month: 5, day: 1 }, ja: '令和', en: 'Reiwa' },
];

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** True for a real Gregorian date with a 4-digit year (0001–9999). Rejects 2023-02-30 etc. */
export function isValidCalendarDate(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) && Number.isInteger(month) && Number.isInteger(day) &&
    year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)
  );
}

function digitsOnly(s: string, n: number): boolean {
  if (s.length !== n) return false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/** Strict 'YYYY-MM-DD' → date, or undefined. No other shapes (no time part, no 1-digit month). */
export function parseIsoDate(iso: string): CalendarDate | undefined {
  if (iso.length !== 10 || iso[4] !== '-' || iso[7] !== '-') return undefined;
  const ys = iso.slice(0, 4), ms = iso.slice(5, 7), ds = iso.slice(8, 10);
  if (!digitsOnly(ys, 4) || !digitsOnly(ms, 2) || !digitsOnly(ds, 2)) return undefined;
  const d = { year: Number(ys), month: Number(ms), day: Number(ds) };
  return isValidCalendarDate(d.year, d.month, d.day) ? d : undefined;
}

/** Strict 'YYYYMMDD' (8 ASCII digits, as stored on the card, spec §3.2/§3.6/§3.7) → date, or undefined. */
export function parseCompactDate(yyyymmdd: string): CalendarDate | undefined {
  if (!digitsOnly(yyyymmdd, 8)) return undefined;
  const d = {
    year: Number(yyyymmdd.slice(0, 4)),
    month: Number(yyyymmdd.slice(4, 6)),
    day: Number(yyyymmdd.slice(6, 8)),
  };
  return isValidCalendarDate(d.year, d.month, d.day) ? d : undefined;
}

export function formatIsoDate(d: CalendarDate): string {
  return `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

function compareDates(a: CalendarDate, b: CalendarDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

function eraOf(d: CalendarDate): EraDefinition | undefined {
  for (let i = ERAS.length - 1; i >= 0; i--) {
    const era = ERAS[i]!;
    if (compareDates(d, era.start) >= 0) return era;
  }
  return undefined;
}

/** Convert an already-validated date. Throws `wareki-out-of-range` before 1868-10-23. */
export function toWarekiFromDate(d: CalendarDate): WarekiDate {
  if (!isValidCalendarDate(d.year, d.month, d.day)) {
    throw new WarekiError('wareki-invalid-date', 'toWareki: not a valid calendar date');
  }
  const era = eraOf(d);
  if (!era) throw new WarekiError('wareki-out-of-range', 'toWareki: date is before the Meiji era');
  return {
    era: era.name,
    eraYear: d.year - era.start.year + 1,
    month: d.month,
    day: d.day,
    jpkiEraCode: era.code,
    gregorianYear: d.year,
    isoDate: formatIsoDate(d),
  };
}

/** 'YYYY-MM-DD' → 和暦. Throws WarekiError for malformed/impossible dates or dates before Meiji. */
export function toWareki(isoDate: string): WarekiDate {
  const d = parseIsoDate(isoDate);
  if (!d) throw new WarekiError('wareki-invalid-date', 'toWareki: expected a valid YYYY-MM-DD date');
  return toWarekiFromDate(d);
}

function eraDefinition(name: EraName): EraDefinition {
  return ERAS.find((e) => e.name === name)!;
}

/** Japanese and English era names, e.g. for UI labels. */
export function eraLabel(era: EraName, lang: 'ja' | 'en'): string {
  const def = eraDefinition(era);
  return lang === 'ja' ? def.ja : def.en;
}

export function eraFromJpkiCode(code: number): EraName | undefined {
  return ERAS.find((e) => e.code === code)?.name;
}

/** A Japanese-era date turned into the Gregorian calendar, and whether it lies inside its era. */
export interface WarekiResolved {
  readonly date: CalendarDate;
  /**
   * False when the date falls outside the era it is written in (昭和64年1月8日, 平成31年5月1日):
   * such dates exist in data (a card written before an era change was announced), so they are
   * flagged for the caller rather than thrown.
   */
  readonly eraConsistent: boolean;
}

/**
 * 和暦 → Gregorian: `eraYear` 1 is 元年, the era's first calendar year. Throws `wareki-invalid-date`
 * when the resulting Gregorian date does not exist (month 13, 2月30日). Added for the driver's
 * licence (cards/licence/era-date.ts), whose dates are written as 元号 digit + YYMMDD.
 */
export function fromWareki(era: EraName, eraYear: number, month: number, day: number): WarekiResolved {
  const def = eraDefinition(era);
  if (!Number.isInteger(eraYear) || eraYear < 1) throw new WarekiError('wareki-invalid-date', 'fromWareki: the era year must be 1 or more');
  const year = def.start.year + eraYear - 1;
  if (!isValidCalendarDate(year, month, day)) throw new WarekiError('wareki-invalid-date', 'fromWareki: not a valid calendar date');
  const date = { year, month, day };
  return { date, eraConsistent: eraOf(date)?.name === era };
}

/**
 * 'ja' → 昭和55年2月17日 (平成元年1月8日 for the first year);
 * 'en' → Showa 55 (1980) Feb 17.
 */
export function formatWareki(date: WarekiDate | string, lang: 'ja' | 'en'): string {
  const w = typeof date === 'string' ? toWareki(date) : date;
  const def = eraDefinition(w.era);
  if (lang === 'ja') {
    return `${def.ja}${w.eraYear === 1 ? '元' : String(w.eraYear)}年${w.month}月${w.day}日`;
  }
  return `${def.en} ${w.eraYear} (${w.gregorianYear}) ${MONTHS_EN[w.month - 1]} ${w.day}`;
}

export interface JpkiBirthDate {
  /** 0 = 不明 (unknown), 1–5 = 明治…令和 (spec §4.5). */
  readonly eraCode: 0 | JpkiEraCode;
  /** The era the code names; undefined for code 0. */
  readonly era: EraName | undefined;
  /** The Gregorian date carried after the era code, 'YYYY-MM-DD'. */
  readonly date: string;
  /**
   * False when the era code names a different era than the Gregorian date falls in
   * (flagged, not thrown: the certificate is signed data and the caller decides).
   * True for code 0, which asserts nothing.
   */
  readonly eraConsistent: boolean;
}

/**
 * Parse the JPKI 生年月日 attribute `EYYYYMMDD` (spec §4.5), e.g. '419900102' → era 4, 1990-01-02.
 * Throws `wareki-bad-jpki-birth-date` for anything but 9 ASCII digits with E in 0–5 and a real
 * date. Whether a 不明 (E = 0) date can carry zero month/day is UNCONFIRMED; such input is rejected.
 */
export function fromJpkiBirthDate(value: string): JpkiBirthDate {
  if (!digitsOnly(value, 9)) {
    throw new WarekiError('wareki-bad-jpki-birth-date', 'JPKI birth date: expected 9 ASCII digits');
  }
  const code = Number(value[0]);
  if (code > 5) throw new WarekiError('wareki-bad-jpki-birth-date', 'JPKI birth date: era code out of range');
  const d = parseCompactDate(value.slice(1));
  if (!d) throw new WarekiError('wareki-bad-jpki-birth-date', 'JPKI birth date: not a valid calendar date');
  const eraCode = code as 0 | JpkiEraCode;
  const actual = eraOf(d);
  return {
    eraCode,
    era: eraFromJpkiCode(code),
    date: formatIsoDate(d),
    eraConsistent: eraCode === 0 || actual?.code === eraCode,
  };
}
