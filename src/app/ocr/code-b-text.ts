import type { EraName } from '../../cards/mynumber/wareki';

/**
 * What the OCR engine returned for each printed item, turned into numbers — or refused. Pure
 * functions. The patterns are whole-line and exact: a line must read as the card prints it
 * ("昭和55年 2月17日生", "2035年 2月17日まで有効", four digits), with nothing missing and nothing
 * extra, or the frame is dropped. Nothing is "corrected" (no O→0 guessing): an engine that is
 * unsure produces a line that does not match, and the next frame is tried instead.
 */

export type BirthDateText =
  | { readonly printed: 'wareki'; readonly era: EraName; readonly eraYear: number; readonly month: number; readonly day: number }
  | { readonly printed: 'western'; readonly year: number; readonly month: number; readonly day: number };

export interface ExpiryText {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** 'disagree': the crops of one line at different scales were read differently (recognizer.ts). */
export type TextRefusal = 'empty' | 'no-match' | 'bad-number' | 'disagree';

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: TextRefusal };

const ERA_KANJI: Readonly<Record<string, EraName>> = {
  明治: 'meiji',
  大正: 'taisho',
  昭和: 'showa',
  平成: 'heisei',
  令和: 'reiwa',
};

/**
 * NFKC (full-width digits and ideographic spaces → ASCII), then every kind of white space
 * removed: the card pads one-digit months with a space and OCR engines put spaces between
 * characters at will, so spacing carries no information here.
 */
export function normaliseOcrLine(text: string): string {
  return text.normalize('NFKC').replace(/\s+/gu, '');
}

function number(s: string): number | undefined {
  if (!/^[0-9]+$/.test(s)) return undefined;
  return Number(s);
}

const WAREKI_BIRTH = /^(明治|大正|昭和|平成|令和)(元|[0-9]{1,2})年([0-9]{1,2})月([0-9]{1,2})日生$/u;
const WESTERN_BIRTH = /^([0-9]{4})年([0-9]{1,2})月([0-9]{1,2})日生$/u;
const EXPIRY = /^([0-9]{4})年([0-9]{1,2})月([0-9]{1,2})日まで有効$/u;
const SECURITY_CODE = /^[0-9]{4}$/;

/** "昭和55年 2月17日生" / "平成元年 1月 8日生" / (foreign residents) "1990年 7月14日生". */
export function parseBirthDateLine(text: string): Parsed<BirthDateText> {
  const line = normaliseOcrLine(text);
  if (line === '') return { ok: false, reason: 'empty' };
  const w = WAREKI_BIRTH.exec(line);
  if (w) {
    const eraYear = w[2] === '元' ? 1 : number(w[2]!);
    const month = number(w[3]!), day = number(w[4]!);
    // "01年" is not how the card writes year one (it prints 元); a leading zero means a misread.
    if (eraYear === undefined || month === undefined || day === undefined || /^0/.test(w[2]!) || /^0/.test(w[3]!) || /^0/.test(w[4]!)) {
      return { ok: false, reason: 'bad-number' };
    }
    return { ok: true, value: { printed: 'wareki', era: ERA_KANJI[w[1]!]!, eraYear, month, day } };
  }
  const g = WESTERN_BIRTH.exec(line);
  if (g) {
    const year = number(g[1]!), month = number(g[2]!), day = number(g[3]!);
    if (year === undefined || month === undefined || day === undefined || /^0/.test(g[2]!) || /^0/.test(g[3]!)) return { ok: false, reason: 'bad-number' };
    return { ok: true, value: { printed: 'western', year, month, day } };
  }
  return { ok: false, reason: 'no-match' };
}

/** "2035年 2月17日まで有効". */
export function parseExpiryLine(text: string): Parsed<ExpiryText> {
  const line = normaliseOcrLine(text);
  if (line === '') return { ok: false, reason: 'empty' };
  const m = EXPIRY.exec(line);
  if (!m) return { ok: false, reason: 'no-match' };
  if (/^0/.test(m[2]!) || /^0/.test(m[3]!)) return { ok: false, reason: 'bad-number' };
  return { ok: true, value: { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) } };
}

/** Exactly four digits. SENSITIVE: the result is part of 照合番号B. */
export function parseSecurityCodeLine(text: string): Parsed<string> {
  const line = normaliseOcrLine(text);
  if (line === '') return { ok: false, reason: 'empty' };
  return SECURITY_CODE.test(line) ? { ok: true, value: line } : { ok: false, reason: 'no-match' };
}
