/**
 * Node-only GlyphSource for the simulated card: Noto Sans JP Regular from the
 * @fontsource/noto-sans-jp package, parsed with fontkit.
 *
 * Fontsource splits the font into ~120 unicode-range subsets (what a browser downloads on
 * demand). `unicode.json` in the package maps each subset to its ranges; we do the same as a
 * browser: find the subset(s) listing a code point and parse only those files, lazily, once.
 * We use the .woff files: they are the static Regular instance and parse ~5× faster than the
 * .woff2 ones (which need a pure-JS Brotli pass).
 *
 * Never falls back to system fonts, so output is identical on every machine.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
// @ts-expect-error -- fontkit ships no type declarations; the part we use is typed below.
import * as fontkitModule from 'fontkit';
import type { Contour, GlyphOutline, GlyphSource, PathCommand } from '../sim/images/glyph-source';

interface FontkitPathCommand {
  readonly command: 'moveTo' | 'lineTo' | 'quadraticCurveTo' | 'bezierCurveTo' | 'closePath';
  readonly args: readonly number[];
}
interface FontkitGlyph {
  readonly advanceWidth: number;
  readonly path: { readonly commands: readonly FontkitPathCommand[] };
}
interface FontkitFont {
  readonly unitsPerEm: number;
  readonly ascent: number;
  readonly descent: number;
  hasGlyphForCodePoint(codePoint: number): boolean;
  glyphForCodePoint(codePoint: number): FontkitGlyph;
}
const fontkit = fontkitModule as { create(data: Uint8Array): FontkitFont };

const PACKAGE = '@fontsource/noto-sans-jp';
/** Subset with the basic Latin range; small (17 KB), so we read metrics from it up front. */
const METRICS_SUBSET = 'latin';

export type NotoWeight = 100 | 200 | 300 | 400 | 500 | 600 | 700 | 800 | 900;

export interface SimFontOptions {
  readonly weight?: NotoWeight;
  /** Directory of an unpacked @fontsource/noto-sans-jp; default: resolved from node_modules. */
  readonly packageDir?: string;
}

export class NotoSansJpGlyphSource implements GlyphSource {
  readonly unitsPerEm: number;
  readonly ascent: number;
  readonly descent: number;

  private readonly dir: string;
  private readonly weight: NotoWeight;
  private readonly subsetsByCodePoint: ReadonlyMap<number, readonly string[]>;
  private readonly fonts = new Map<string, FontkitFont>();
  private readonly glyphs = new Map<number, GlyphOutline | null>();
  private readonly missingSet = new Set<number>();

  constructor(options: SimFontOptions = {}) {
    this.dir = options.packageDir ?? dirname(createRequire(import.meta.url).resolve(`${PACKAGE}/package.json`));
    this.weight = options.weight ?? 400;
    this.subsetsByCodePoint = indexUnicodeRanges(
      JSON.parse(readFileSync(join(this.dir, 'unicode.json'), 'utf8')) as Record<string, string>,
    );
    const metrics = this.font(METRICS_SUBSET);
    this.unitsPerEm = metrics.unitsPerEm;
    this.ascent = metrics.ascent;
    this.descent = metrics.descent;
  }

  /** Code points asked for that no subset could supply (the renderer draws tofu for them). */
  get missing(): ReadonlySet<number> {
    return this.missingSet;
  }

  /** Subsets parsed so far (for tests and diagnostics). */
  get loadedSubsets(): readonly string[] {
    return [...this.fonts.keys()];
  }

  glyphFor(codePoint: number): GlyphOutline | undefined {
    const cached = this.glyphs.get(codePoint);
    if (cached !== undefined) return cached ?? undefined;
    let found: GlyphOutline | null = null;
    for (const subset of this.subsetsByCodePoint.get(codePoint) ?? []) {
      const font = this.font(subset);
      if (font.hasGlyphForCodePoint(codePoint)) {
        found = toOutline(font.glyphForCodePoint(codePoint));
        break;
      }
    }
    if (found === null) this.missingSet.add(codePoint);
    this.glyphs.set(codePoint, found);
    return found ?? undefined;
  }

  private font(subset: string): FontkitFont {
    let font = this.fonts.get(subset);
    if (!font) {
      const file = join(this.dir, 'files', `noto-sans-jp-${subset}-${this.weight}-normal.woff`);
      font = fontkit.create(readFileSync(file));
      this.fonts.set(subset, font);
    }
    return font;
  }
}

let shared: NotoSansJpGlyphSource | undefined;

/** One process-wide Regular instance, so parsed subsets are reused across callers and tests. */
export function simFont(): NotoSansJpGlyphSource {
  return (shared ??= new NotoSansJpGlyphSource());
}

/**
 * unicode.json: `{ "[0]": "U+25ee8,U+26ff6-26ff8,…", …, "latin": "U+0000-00FF,…" }`.
 * Key "[n]" names file `noto-sans-jp-n-…`; named keys name their file directly. Ranges overlap
 * (e.g. ASCII is in "latin" and "[118]"); named subsets are tried first, then numbered ones in
 * order, so the choice is deterministic.
 */
function indexUnicodeRanges(json: Record<string, string>): Map<number, string[]> {
  const ids = Object.keys(json)
    .map((key) => ({ key, id: key.replace(/^\[(\d+)\]$/, '$1') }))
    .sort((a, b) => rank(a.id) - rank(b.id) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const map = new Map<number, string[]>();
  for (const { key, id } of ids) {
    for (const part of json[key]!.split(',')) {
      const m = /^\s*U\+([0-9a-f]+)(?:-([0-9a-f]+))?\s*$/i.exec(part);
      if (!m) continue;
      const lo = parseInt(m[1]!, 16);
      const hi = m[2] ? parseInt(m[2], 16) : lo;
      for (let cp = lo; cp <= hi; cp++) {
        const list = map.get(cp);
        if (list) list.push(id);
        else map.set(cp, [id]);
      }
    }
  }
  return map;
}

/** Named subsets first (rank −1), numbered subsets by number. */
function rank(id: string): number {
  return /^\d+$/.test(id) ? Number(id) : -1;
}

/** fontkit path → our contour list (split at each moveTo; closePath is implicit for us). */
function toOutline(glyph: FontkitGlyph): GlyphOutline {
  const contours: Contour[] = [];
  let current: PathCommand[] = [];
  const flush = () => {
    if (current.length > 1) contours.push(current);
    current = [];
  };
  for (const { command, args: a } of glyph.path.commands) {
    switch (command) {
      case 'moveTo':
        flush();
        current.push({ op: 'M', x: a[0]!, y: a[1]! });
        break;
      case 'lineTo':
        current.push({ op: 'L', x: a[0]!, y: a[1]! });
        break;
      case 'quadraticCurveTo':
        current.push({ op: 'Q', x1: a[0]!, y1: a[1]!, x: a[2]!, y: a[3]! });
        break;
      case 'bezierCurveTo':
        current.push({ op: 'C', x1: a[0]!, y1: a[1]!, x2: a[2]!, y2: a[3]!, x: a[4]!, y: a[5]! });
        break;
      case 'closePath':
        flush();
        break;
    }
  }
  flush();
  return { advance: glyph.advanceWidth, contours };
}
