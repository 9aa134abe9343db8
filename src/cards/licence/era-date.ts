/**
 * Licence dates: 元号 digit + YYMMDD in 7 JIS X 0201 characters (licence-facts §3.2) [I×5: TRET,
 * WATA, TAKU citing spec p.11 注6, CIV, HMPOW]; 1 明治, 2 大正, 3 昭和, 4 平成, 5 令和 (the JPKI
 * era codes). Change records write the same 7 characters full-width in JIS X 0208 (§3.5) [I×2].
 * "x000000" (or an empty value) marks a licence class not held [I: LJ dummy data "平成00年00月00日"].
 *
 * The Gregorian conversion is the My Number Card's calendar module (cards/mynumber/wareki.ts,
 * `fromWareki`), shared rather than copied. A date outside its era (平成31年5月1日) is kept and
 * flagged (`eraConsistent: false`), as wareki.ts does for JPKI birth dates.
 */
import { eraFromJpkiCode, formatIsoDate, formatWareki, fromWareki, toWarekiFromDate, WarekiError, type EraName } from '../mynumber/wareki';
import { LicenceRecordError } from './licence-errors';

export interface EraDate {
  readonly era: EraName;
  /** 1 = 元年. */
  readonly eraYear: number;
  readonly month: number;
  readonly day: number;
  /** The Gregorian date, 'YYYY-MM-DD'. */
  readonly iso: string;
  /** '平成14年9月13日' */
  readonly ja: string;
  /** 'Heisei 14 (2002) Sep 13' */
  readonly en: string;
  /** False when the date lies outside the era it is written in. */
  readonly eraConsistent: boolean;
}

export type EraDateField = { readonly kind: 'date'; readonly date: EraDate } | { readonly kind: 'none' };

/** The 7 characters as ASCII digits (already folded from full-width where needed). */
export function parseEraDigits(digits: string, record: string, offset: number): EraDateField {
  if (digits.length === 0 || /^[0-9]0{6}$/.test(digits)) return { kind: 'none' };
  if (!/^[0-9]{7}$/.test(digits)) throw new LicenceRecordError('licence-record-bad-value', record, 'a date must be 7 digits (元号 + YYMMDD)', offset);
  const era = eraFromJpkiCode(Number(digits[0]));
  if (!era) throw new LicenceRecordError('licence-record-bad-value', record, 'unknown era digit', offset);
  const eraYear = Number(digits.slice(1, 3));
  const month = Number(digits.slice(3, 5));
  const day = Number(digits.slice(5, 7));
  let resolved;
  try {
    resolved = fromWareki(era, eraYear, month, day);
  } catch (e) {
    if (e instanceof WarekiError) throw new LicenceRecordError('licence-record-bad-value', record, 'not a real calendar date', offset);
    throw e;
  }
  const w = { ...toWarekiFromDate(resolved.date), era, eraYear };
  return {
    kind: 'date',
    date: {
      era,
      eraYear,
      month,
      day,
      iso: formatIsoDate(resolved.date),
      ja: formatWareki(w, 'ja'),
      en: formatWareki(w, 'en'),
      eraConsistent: resolved.eraConsistent,
    },
  };
}

/** A 7-byte JIS X 0201 value (or an empty one). */
export function parseEraDateBytes(bytes: Uint8Array, record: string, offset: number): EraDateField {
  let s = '';
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (c < 0x30 || c > 0x39) throw new LicenceRecordError('licence-record-bad-value', record, 'a date must be JIS X 0201 digits', offset + i);
    s += String.fromCharCode(c);
  }
  return parseEraDigits(s, record, offset);
}

/** Fold full-width digits (U+FF10–FF19) to ASCII; anything else makes the result undefined. */
export function foldFullWidthDigits(text: string): string | undefined {
  let out = '';
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c >= 0xff10 && c <= 0xff19) out += String.fromCharCode(c - 0xff10 + 0x30);
    else return undefined;
  }
  return out;
}

/** An EraDate for a Gregorian 'YYYY-MM-DD' (for the common data's BCD dates), in its own era. */
export function eraDateOfIso(iso: string, d: { year: number; month: number; day: number }): EraDate {
  const w = toWarekiFromDate(d);
  return { era: w.era, eraYear: w.eraYear, month: w.month, day: w.day, iso, ja: formatWareki(w, 'ja'), en: formatWareki(w, 'en'), eraConsistent: true };
}
