/**
 * Characters that must never reach the kiosk screen from card data: they are UI attacks, not
 * names. Control characters can break layout or logs; bidi overrides/isolates and invisible
 * marks can make "東京都A" display as something else (Trojan Source, CVE-2021-42574).
 */

/** True for a code point we refuse in displayed card text. */
export function isUnsafeCodePoint(cp: number): boolean {
  return (
    cp <= 0x1f || // C0 controls, incl. TAB/CR/LF
    (cp >= 0x7f && cp <= 0x9f) || // DEL and C1 controls
    cp === 0x061c || // ARABIC LETTER MARK (bidi)
    (cp >= 0x200b && cp <= 0x200f) || // zero-width space/joiners, LRM, RLM
    (cp >= 0x2028 && cp <= 0x202e) || // line/paragraph separators, LRE RLE PDF LRO RLO
    (cp >= 0x2060 && cp <= 0x206f) || // word joiner, invisible operators, LRI RLI FSI PDI, deprecated format chars
    cp === 0xfeff || // BOM / zero-width no-break space
    (cp >= 0xfff9 && cp <= 0xfffb) || // interlinear annotation controls
    (cp >= 0xd800 && cp <= 0xdfff) // lone surrogates (cannot come from valid UTF-8, but be sure)
  );
}

/** Index (in code points) of the first unsafe code point, or -1. */
export function firstUnsafeCodePoint(s: string): number {
  let i = 0;
  for (const ch of s) {
    if (isUnsafeCodePoint(ch.codePointAt(0)!)) return i;
    i++;
  }
  return -1;
}

/** For details shown to people: unsafe code points become U+FFFD, length is capped. */
export function displaySafe(s: string, maxCodePoints = 200): string {
  const out: string[] = [];
  for (const ch of s) {
    if (out.length >= maxCodePoints) {
      out.push('…');
      break;
    }
    out.push(isUnsafeCodePoint(ch.codePointAt(0)!) ? '\uFFFD' : ch);
  }
  return out.join('');
}
