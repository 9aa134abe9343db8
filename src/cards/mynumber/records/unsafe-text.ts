/**
 * Characters that have no place in a name or address read from a card, because they change or
 * hide what a person sees rather than adding a letter: control characters (they break lines,
 * end strings, drive terminals), bidirectional controls (they reorder the display — "Trojan
 * Source", CVE-2021-42574) and invisible characters (they make two different strings look the
 * same). One definition serves the card records and the JPKI certificate attributes
 * (src/verify/jpki/safe-text.ts), so every source of personal text refuses the same set.
 *
 * Deliberately NOT in the set: variation selectors (U+FE00–FE0F, U+E0100–E01EF). They only
 * choose a glyph variant of the ideograph before them (異体字), which a genuine name may need;
 * whether real cards use them is UNCONFIRMED (mynumber-card-spec §3.2: 外字 handling unknown).
 * Look-alike letters (full-width/half-width, Cyrillic/Latin) are ordinary text too: the record
 * signature is over the exact bytes, so a card cannot swap them without failing its digest.
 */

/** True for a code point that a card's name or address must not contain. */
export function isUnsafeTextCodePoint(cp: number): boolean {
  return (
    cp <= 0x1f || // C0 controls: NUL, TAB, CR, LF, ESC …
    (cp >= 0x7f && cp <= 0x9f) || // DEL and C1 controls (NEL, CSI …)
    cp === 0xad || // soft hyphen (invisible unless at a line break)
    cp === 0x034f || // combining grapheme joiner (invisible)
    cp === 0x061c || // ARABIC LETTER MARK (bidi)
    cp === 0x115f ||
    cp === 0x1160 || // Hangul choseong/jungseong fillers (blank "letters")
    (cp >= 0x17b4 && cp <= 0x17b5) || // Khmer inherent vowels (invisible)
    (cp >= 0x180b && cp <= 0x180f) || // Mongolian free variation selectors, vowel separator
    (cp >= 0x200b && cp <= 0x200f) || // ZWSP, ZWNJ, ZWJ, LRM, RLM
    (cp >= 0x2028 && cp <= 0x202e) || // line/paragraph separators, LRE RLE PDF LRO RLO
    (cp >= 0x2060 && cp <= 0x206f) || // word joiner, invisible operators, LRI RLI FSI PDI, deprecated format
    cp === 0x3164 || // Hangul filler
    cp === 0xfeff || // BOM / zero-width no-break space
    cp === 0xffa0 || // half-width Hangul filler
    (cp >= 0xfff9 && cp <= 0xfffb) || // interlinear annotation controls
    cp === 0xfffe ||
    cp === 0xffff || // noncharacters
    (cp >= 0x1d173 && cp <= 0x1d17a) || // musical symbol format controls
    (cp >= 0xe0000 && cp <= 0xe007f) || // tag characters (invisible)
    (cp >= 0xd800 && cp <= 0xdfff) // lone surrogates (fatal UTF-8 decoding cannot produce them; be sure)
  );
}

/** Where the first unsafe character is: its index in code points and the code point itself. */
export interface UnsafeTextFinding {
  readonly index: number;
  readonly codePoint: number;
}

/** The first unsafe character of `text`, or undefined when the text is safe to show. */
export function findUnsafeText(text: string): UnsafeTextFinding | undefined {
  let index = 0;
  for (const ch of text) {
    const codePoint = ch.codePointAt(0)!;
    if (isUnsafeTextCodePoint(codePoint)) return { index, codePoint };
    index++;
  }
  return undefined;
}

/** "U+202E": how a finding is named in details and logs (a code point is not personal data). */
export function codePointLabel(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}
