import type { GlyphOutline, GlyphSource } from './glyph-source';
import { tofuGlyph } from './tofu';

/**
 * Line breaking and glyph placement (no drawing).
 *
 * Deliberately simple: no shaping, no kerning, one glyph per code point. That is enough for
 * names, addresses and digits in Japanese, where text is set on a fixed em grid anyway.
 */

export interface LayoutOptions {
  readonly fontPx: number;
  /** Usable line width in px; longer lines wrap. */
  readonly maxWidth: number;
}

export interface PlacedGlyph {
  readonly codePoint: number;
  readonly outline: GlyphOutline;
  /** Pen x of the glyph origin within its line, px. */
  readonly x: number;
  /** True when `outline` is the tofu box because no glyph existed. */
  readonly missing: boolean;
}

export interface LaidOutLine {
  readonly glyphs: readonly PlacedGlyph[];
  /** Advance width of the whole line, px. */
  readonly width: number;
}

export interface TextLayout {
  readonly lines: readonly LaidOutLine[];
  /** Code points drawn as tofu, in order of first appearance, without repeats. */
  readonly missing: readonly number[];
  /** Some single character is wider than `maxWidth` on its own. */
  readonly tooWide: boolean;
}

/** Zero-width code points we skip instead of drawing tofu: variation selectors, ZW(N)J, BOM. */
function isIgnorable(cp: number): boolean {
  return (
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    (cp >= 0xe0100 && cp <= 0xe01ef) ||
    (cp >= 0x200b && cp <= 0x200d) ||
    cp === 0xfeff ||
    (cp < 0x20 && cp !== 0x0a) ||
    cp === 0x7f
  );
}

/** Characters that must not begin a wrapped line (a small 禁則 set: closing marks, small kana, ー). */
const NO_LINE_START = new Set(
  Array.from('、。，．,.・：；:;？！?!ー―）」』】〕〉》”’)]}ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々', (c) => c.codePointAt(0)!),
);

const isBlank = (cp: number) => cp === 0x20 || cp === 0x3000;

interface Item {
  readonly codePoint: number;
  readonly outline: GlyphOutline;
  readonly missing: boolean;
  readonly advance: number; // px
}

export function layoutText(text: string, source: GlyphSource, options: LayoutOptions): TextLayout {
  const scale = options.fontPx / source.unitsPerEm;
  const missing: number[] = [];
  let tofu: GlyphOutline | undefined;

  // Split on explicit newlines first; each paragraph then wraps greedily.
  const paragraphs: Item[][] = [[]];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp === 0x0a) {
      paragraphs.push([]);
      continue;
    }
    if (isIgnorable(cp)) continue;
    let outline = source.glyphFor(cp);
    const isMissing = outline === undefined;
    if (outline === undefined) {
      if (!missing.includes(cp)) missing.push(cp);
      outline = tofu ??= tofuGlyph(source.unitsPerEm);
    }
    const advance = outline.advance * scale;
    paragraphs[paragraphs.length - 1]!.push({ codePoint: cp, outline, missing: isMissing, advance });
  }

  const lines: LaidOutLine[] = [];
  let tooWide = false;
  for (const items of paragraphs) {
    let i = 0;
    do {
      // Greedy fill: take characters while they fit (at least one, so we always progress).
      let end = i;
      let width = 0;
      while (end < items.length && (end === i || width + items[end]!.advance <= options.maxWidth)) {
        width += items[end]!.advance;
        end++;
      }
      if (width > options.maxWidth) tooWide = true;
      // 禁則: pull one character down if the next line would start with a closing mark.
      if (end < items.length && end - i > 1 && NO_LINE_START.has(items[end]!.codePoint)) end--;
      lines.push(placeLine(items.slice(i, end)));
      i = end;
      // A wrap eats the blank it happened at.
      while (i < items.length && i > 0 && isBlank(items[i]!.codePoint)) i++;
    } while (i < items.length);
  }
  return { lines, missing, tooWide };
}

function placeLine(items: readonly Item[]): LaidOutLine {
  const glyphs: PlacedGlyph[] = [];
  let x = 0;
  for (const it of items) {
    glyphs.push({ codePoint: it.codePoint, outline: it.outline, x, missing: it.missing });
    x += it.advance;
  }
  return { glyphs, width: x };
}
