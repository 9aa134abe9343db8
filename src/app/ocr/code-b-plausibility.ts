import { buildVerificationCodeB, tryCredential } from '../../cards/mynumber/credentials';
import { formatIsoDate, isValidCalendarDate, toWarekiFromDate, type CalendarDate, type EraName } from '../../cards/mynumber/wareki';
import type { BirthDateText, ExpiryText } from './code-b-text';

/**
 * Is what the camera read a date the card could print? A read that fails any rule here is
 * refused — never shown as a suggestion, never used. Pure functions; `today` is a parameter.
 *
 * Rules (each one a reason code):
 * - birth date: a real calendar date; in 和暦, the era year must exist and the date must fall in
 *   that era (昭和64年 ends on 1 Jan 7, 平成元年 starts on 8 Jan, …, via cards/mynumber/wareki);
 *   not after today; not more than `maxAgeYears` ago; its 和暦 year must fit 照合番号B's two
 *   digits (spec §2.1).
 * - expiry: a real date; the year between the first cards' expiries (2016, the card's launch) and
 *   today + `maxYearsAhead` (10 years from issue to the 10th birthday after it, plus one);
 *   at least 5 years after birth (the shortest validity, minors' 5th birthday).
 * - expiry on the holder's birthday: a card is valid until the 10th (under 18: 5th) birthday
 *   after issue (総務省, 個人番号カードの有効期間), so the printed expiry month and day equal the
 *   birth date's. Foreign residents' cards end with their period of stay instead, so the rule is
 *   applied only when the birth date is printed in 和暦 (Japanese nationals), and is a setting
 *   (`expiryOnBirthday`). A 29 February birthday expiring in a common year: 28 Feb or 1 Mar
 *   are both accepted (which one the card prints is UNCONFIRMED).
 */
export interface PlausibilityOptions {
  readonly today: CalendarDate;
  readonly maxAgeYears?: number;
  readonly firstExpiryYear?: number;
  readonly maxYearsAhead?: number;
  readonly expiryOnBirthday?: 'when-wareki' | 'ignore';
}

export type PlausibilityReason =
  | 'birth-not-a-date'
  | 'birth-outside-era'
  | 'birth-in-future'
  | 'birth-too-old'
  | 'birth-era-year-too-long'
  | 'expiry-not-a-date'
  | 'expiry-year-out-of-range'
  | 'expiry-too-soon-after-birth'
  | 'expiry-not-on-birthday';

/** Values staff are asked to confirm. SENSITIVE: `securityCode` and `codeB` are 照合番号B. */
export interface CodeBCameraValues {
  readonly birthDate: {
    /** How the card printed it. */
    readonly printed: 'wareki' | 'western';
    /** The 和暦 era and year of the birth date (for 'western' too: 照合番号B always wants 和暦). */
    readonly era: EraName;
    readonly eraYear: number;
    readonly month: number;
    readonly day: number;
    /** 'YYYY-MM-DD' */
    readonly iso: string;
    /** The six digits 照合番号B starts with (和暦 YYMMDD, spec §2.1). */
    readonly yymmdd: string;
  };
  readonly expiry: { readonly year: number; readonly month: number; readonly day: number; readonly iso: string };
  readonly securityCode: string;
  /** 14 digits, built by cards/mynumber/credentials (spec §2.1). */
  readonly codeB: string;
}

export type Plausible<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: PlausibilityReason };

/** 和暦 era → first Gregorian year (元年), matching cards/mynumber/wareki's table. */
const ERA_FIRST_YEAR: Readonly<Record<EraName, number>> = { meiji: 1868, taisho: 1912, showa: 1926, heisei: 1989, reiwa: 2019 };

function compare(a: CalendarDate, b: CalendarDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

export function plausibleBirthDate(text: BirthDateText, options: PlausibilityOptions): Plausible<CalendarDate> {
  const year = text.printed === 'wareki' ? ERA_FIRST_YEAR[text.era] + text.eraYear - 1 : text.year;
  if (text.printed === 'wareki' && text.eraYear < 1) return { ok: false, reason: 'birth-outside-era' };
  if (!isValidCalendarDate(year, text.month, text.day)) return { ok: false, reason: 'birth-not-a-date' };
  const date = { year, month: text.month, day: text.day };
  if (compare(date, options.today) > 0) return { ok: false, reason: 'birth-in-future' };
  const oldest = { ...options.today, year: options.today.year - (options.maxAgeYears ?? 125) };
  // Before 1868-10-23 there is no 和暦 year for 照合番号B (cards/mynumber/wareki).
  if (compare(date, oldest) < 0 || compare(date, { year: 1868, month: 10, day: 23 }) < 0) return { ok: false, reason: 'birth-too-old' };
  const w = toWarekiFromDate(date);
  if (text.printed === 'wareki' && (w.era !== text.era || w.eraYear !== text.eraYear)) return { ok: false, reason: 'birth-outside-era' };
  if (w.eraYear > 99) return { ok: false, reason: 'birth-era-year-too-long' };
  return { ok: true, value: date };
}

export function plausibleExpiry(text: ExpiryText, birth: CalendarDate, printed: 'wareki' | 'western', options: PlausibilityOptions): Plausible<CalendarDate> {
  if (!isValidCalendarDate(text.year, text.month, text.day)) return { ok: false, reason: 'expiry-not-a-date' };
  if (text.year < (options.firstExpiryYear ?? 2016) || text.year > options.today.year + (options.maxYearsAhead ?? 11)) {
    return { ok: false, reason: 'expiry-year-out-of-range' };
  }
  if (compare(text, { ...birth, year: birth.year + 5, day: Math.min(birth.day, 28) }) < 0) return { ok: false, reason: 'expiry-too-soon-after-birth' };
  if ((options.expiryOnBirthday ?? 'when-wareki') === 'when-wareki' && printed === 'wareki') {
    const same = text.month === birth.month && text.day === birth.day;
    const leapDay = birth.month === 2 && birth.day === 29 && ((text.month === 2 && text.day === 28) || (text.month === 3 && text.day === 1));
    if (!same && !leapDay) return { ok: false, reason: 'expiry-not-on-birthday' };
  }
  return { ok: true, value: { year: text.year, month: text.month, day: text.day } };
}

/** All three items together → the confirmed-shape values, or the first rule they break. */
export function plausibleCodeB(birth: BirthDateText, expiry: ExpiryText, securityCode: string, options: PlausibilityOptions): Plausible<CodeBCameraValues> {
  const b = plausibleBirthDate(birth, options);
  if (!b.ok) return b;
  const e = plausibleExpiry(expiry, b.value, birth.printed, options);
  if (!e.ok) return e;
  const iso = formatIsoDate(b.value);
  const built = tryCredential(() => buildVerificationCodeB({ birthDate: iso, expiryYear: e.value.year, securityCode }));
  // Unreachable after the checks above (the parser only lets 4 digits through); kept as a guard.
  if (!built.ok) return { ok: false, reason: 'birth-not-a-date' };
  const w = toWarekiFromDate(b.value);
  return {
    ok: true,
    value: {
      birthDate: { printed: birth.printed, era: w.era, eraYear: w.eraYear, month: b.value.month, day: b.value.day, iso, yymmdd: built.value.slice(0, 6) },
      expiry: { ...e.value, iso: formatIsoDate(e.value) },
      securityCode,
      codeB: built.value,
    },
  };
}
