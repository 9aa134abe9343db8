import { flattenContours, type Polygon } from './flatten';
import type { GlyphSource } from './glyph-source';
import { assertImageSize, type GreyImage } from './grey-image';
import { polygonCoverage } from './scanline';
import { SimImageError } from './sim-image-error';
import { layoutText, type TextLayout } from './text-layout';

/**
 * Text → greyscale raster: layout, then every glyph outline flattened into one polygon set and
 * scan-converted in a single pass (non-zero winding, see scanline.ts). Black ink on white.
 *
 * The result is anti-aliased 8-bit; `encodeGreyPng(…, { bitDepth: 1 })` thresholds it to the
 * 1-bit form the card stores. Same input → same bytes: no clocks, no randomness, no
 * platform-dependent maths.
 */

export type Padding = number | { readonly x: number; readonly y: number };

export interface TextImageOptions {
  readonly width: number;
  readonly height: number;
  /** Em size in px (a full-width kanji is about this wide). */
  readonly fontPx: number;
  /** Maximum number of lines (default 1). Text wraps at the usable width; any character may break. */
  readonly lines?: number;
  /** Blank margin in px inside the image edge (default 0). */
  readonly padding?: Padding;
  /** Line pitch as a multiple of fontPx (default 1.25). */
  readonly lineHeight?: number;
  /** `shrink` (default): reduce fontPx until the text fits, down to `minFontPx`. `clip`: never shrink. */
  readonly fit?: 'shrink' | 'clip';
  /** Smallest size `shrink` may use (default half of fontPx). */
  readonly minFontPx?: number;
  readonly align?: 'start' | 'center';
  readonly verticalAlign?: 'top' | 'middle';
  /** Sub-scanlines per pixel row for anti-aliasing (default 8). */
  readonly subsamples?: number;
}

export interface TextImage {
  readonly image: GreyImage;
  /** Code points that had no glyph and were drawn as tofu boxes. */
  readonly missing: readonly number[];
  /** The em size actually used (smaller than requested if the text was shrunk). */
  readonly fontPx: number;
  /** Number of lines drawn. */
  readonly lineCount: number;
  /** True when the text did not fit even at the smallest size and was clipped. */
  readonly overflow: boolean;
}

export function renderTextImage(text: string, source: GlyphSource, options: TextImageOptions): TextImage {
  const { width, height } = options;
  assertImageSize(width, height);
  if (!(options.fontPx > 0)) throw new SimImageError('sim-image-bad-size', 'fontPx must be positive');
  const pad = typeof options.padding === 'object' ? options.padding : { x: options.padding ?? 0, y: options.padding ?? 0 };
  const innerW = width - 2 * pad.x;
  const innerH = height - 2 * pad.y;
  if (innerW <= 0 || innerH <= 0) throw new SimImageError('sim-image-bad-size', 'padding leaves no room for text');
  const maxLines = Math.max(1, Math.floor(options.lines ?? 1));
  const lineHeight = options.lineHeight ?? 1.25;
  const minFontPx = options.fit === 'clip' ? options.fontPx : (options.minFontPx ?? options.fontPx / 2);

  // Try the requested size, then shrink in 1 px steps: layout is cheap (advances only).
  let fontPx = options.fontPx;
  let layout: TextLayout;
  let fits: boolean;
  for (;;) {
    layout = layoutText(text, source, { fontPx, maxWidth: innerW });
    fits = !layout.tooWide && layout.lines.length <= linesThatFit(innerH, fontPx, lineHeight, maxLines);
    if (fits || fontPx - 1 < minFontPx) break;
    fontPx -= 1;
  }

  const scale = fontPx / source.unitsPerEm;
  const pitch = lineHeight * fontPx;
  const drawn = layout.lines.slice(0, linesThatFit(innerH, fontPx, lineHeight, maxLines));
  // Centre the font's ascent/descent box in each line's em-high band.
  const boxPx = (source.ascent - source.descent) * scale;
  const baselineInLine = Math.round((fontPx - boxPx) / 2 + source.ascent * scale);
  const blockH = (drawn.length - 1) * pitch + fontPx;
  const top = pad.y + (options.verticalAlign === 'top' ? 0 : Math.max(0, (innerH - blockH) / 2));

  const polygons: Polygon[] = [];
  drawn.forEach((line, n) => {
    const baseline = Math.round(top + n * pitch) + baselineInLine;
    const lineX = pad.x + (options.align === 'center' ? Math.max(0, (innerW - line.width) / 2) : 0);
    for (const g of line.glyphs) {
      // Whole-pixel glyph origins: the same character looks identical wherever it lands.
      const originX = Math.round(lineX + g.x);
      const t = { originX, originY: baseline, scaleX: scale, scaleY: scale };
      for (const p of flattenContours(g.outline.contours, t)) polygons.push(p);
    }
  });

  const coverage = polygonCoverage(polygons, width, height, { subsamples: options.subsamples });
  const pixels = new Uint8Array(width * height);
  for (let i = 0; i < pixels.length; i++) pixels[i] = 255 - Math.round(coverage[i]! * 255);

  return {
    image: { width, height, pixels },
    missing: layout.missing,
    fontPx,
    lineCount: drawn.length,
    overflow: !fits || drawn.length < layout.lines.length,
  };
}

/** How many lines fit in `innerH`: n lines need (n − 1)·pitch + fontPx. Always at least 1. */
function linesThatFit(innerH: number, fontPx: number, lineHeight: number, maxLines: number): number {
  const n = Math.floor((innerH - fontPx) / (lineHeight * fontPx)) + 1;
  return Math.min(maxLines, Math.max(1, n));
}
