/**
 * Characters that must never reach the kiosk screen from card data: they are UI attacks, not
 * names. Control characters can break layout or logs; bidi overrides/isolates and invisible
 * marks can make "東京都A" display as something else (Trojan Source, CVE-2021-42574). The set
 * is the one the card records use (cards/mynumber/records/unsafe-text.ts), so the JPKI
 * certificate and the chip's text AP refuse exactly the same characters.
 */
import { findUnsafeText, isUnsafeTextCodePoint } from '../../cards/mynumber/records/unsafe-text';

/** True for a code point we refuse in displayed card text. */
export function isUnsafeCodePoint(cp: number): boolean {
  return isUnsafeTextCodePoint(cp);
}

/** Index (in code points) of the first unsafe code point, or -1. */
export function firstUnsafeCodePoint(s: string): number {
  return findUnsafeText(s)?.index ?? -1;
}

/** For details shown to people: unsafe code points become U+FFFD, length is capped. */
export function displaySafe(s: string, maxCodePoints = 200): string {
  const out: string[] = [];
  for (const ch of s) {
    if (out.length >= maxCodePoints) {
      out.push('…');
      break;
    }
    out.push(isUnsafeTextCodePoint(ch.codePointAt(0)!) ? '\uFFFD' : ch);
  }
  return out.join('');
}
