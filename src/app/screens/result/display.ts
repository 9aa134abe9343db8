import { codePointLabel, isUnsafeTextCodePoint } from '../../../cards/mynumber/records/unsafe-text';
import { eraLabel, formatWareki, toWareki } from '../../../cards/mynumber/wareki';
import type { Language } from '../../i18n/catalogue';

/**
 * Defence in depth: the parser already withholds a name or address holding characters that
 * reorder, hide or control text (cards/mynumber/records/unsafe-text.ts, reason
 * 'text-unsafe-characters'), so none should reach the screen. Should one ever arrive by another
 * path, it is shown as a visible [U+XXXX] token instead of being obeyed.
 */
export function revealControls(text: string): { readonly text: string; readonly count: number } {
  let count = 0;
  let shown = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (isUnsafeTextCodePoint(cp)) {
      count++;
      shown += `[${codePointLabel(cp)}]`;
    } else shown += ch;
  }
  return { text: shown, count };
}

function parts(iso: string): [number, number, number] | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

/** 1980年2月17日 / 17 February 1980 (the date as written, no time zone involved). */
export function westernDate(iso: string, language: Language): string {
  const p = parts(iso);
  if (!p) return iso;
  const date = new Date(Date.UTC(p[0], p[1] - 1, p[2]));
  return new Intl.DateTimeFormat(language === 'ja' ? 'ja-JP' : 'en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}

/** 昭和55年2月17日 / Showa 55; undefined before the Meiji era or for a malformed date. */
export function eraDate(iso: string, language: Language): string | undefined {
  try {
    const w = toWareki(iso);
    return language === 'ja' ? formatWareki(w, 'ja') : `${eraLabel(w.era, 'en')} ${w.eraYear}`;
  } catch {
    return undefined;
  }
}

/** Age in whole years on `at`, counted in Japan time (a birthday counts from its first moment). */
export function ageOn(iso: string, at: Date): number | undefined {
  const p = parts(iso);
  if (!p) return undefined;
  const jst = new Date(at.getTime() + 9 * 3_600_000);
  const [y, m, d] = p;
  let age = jst.getUTCFullYear() - y;
  if (jst.getUTCMonth() + 1 < m || (jst.getUTCMonth() + 1 === m && jst.getUTCDate() < d)) age--;
  return age;
}
