/**
 * Where the text renderer gets glyph shapes from.
 *
 * Kept as a tiny interface so the rasteriser (browser-safe) never depends on a font parser:
 * Node tests plug in `src/node/sim-font.ts` (fontkit + Noto Sans JP), a browser build could plug
 * in pre-extracted outlines, and unit tests can hand-build glyphs.
 *
 * Coordinates are font units, y pointing UP from the baseline (TrueType/CFF convention).
 */

/** One drawing command. Quadratic (`Q`) comes from TrueType `glyf`, cubic (`C`) from CFF. */
export type PathCommand =
  | { readonly op: 'M'; readonly x: number; readonly y: number }
  | { readonly op: 'L'; readonly x: number; readonly y: number }
  | {
      readonly op: 'Q';
      readonly x1: number;
      readonly y1: number;
      readonly x: number;
      readonly y: number;
    }
  | {
      readonly op: 'C';
      readonly x1: number;
      readonly y1: number;
      readonly x2: number;
      readonly y2: number;
      readonly x: number;
      readonly y: number;
    };

/**
 * A contour starts with `M` and is implicitly closed back to that point; a glyph may have
 * several (the holes of 口 are separate contours wound the other way).
 */
export type Contour = readonly PathCommand[];

export interface GlyphOutline {
  /** Horizontal advance in font units. */
  readonly advance: number;
  /** Closed contours; empty for blanks such as U+0020 and U+3000. */
  readonly contours: readonly Contour[];
}

export interface GlyphSource {
  /** The glyph for one Unicode scalar value, or `undefined` when the font has none. */
  glyphFor(codePoint: number): GlyphOutline | undefined;
  readonly unitsPerEm: number;
  /** Distance from baseline up to the top of the line box, font units (positive). */
  readonly ascent: number;
  /** Distance from baseline down to the bottom of the line box, font units (negative). */
  readonly descent: number;
}
