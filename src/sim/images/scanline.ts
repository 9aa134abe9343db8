import type { Polygon } from './flatten';

/**
 * Scan conversion of closed polygons with the non-zero winding rule (what TrueType and CFF
 * glyphs assume: overlapping strokes of a kanji must not cancel out).
 *
 * Each pixel row is sampled on `subsamples` horizontal sub-scanlines; along a sub-scanline the
 * covered span is measured exactly, so the result is an area-coverage estimate in 0…1 that is
 * good enough to threshold to 1 bit without ragged stems. Only + − × ÷ are used on the hot path,
 * so the output is bit-for-bit the same on every JS engine.
 */

export interface CoverageOptions {
  /** Sub-scanlines per pixel row. 8 is plenty for 10–40 px text. */
  readonly subsamples?: number;
}

/** Returns per-pixel ink coverage 0…1 (row-major, width × height). */
export function polygonCoverage(
  polygons: readonly Polygon[],
  width: number,
  height: number,
  options: CoverageOptions = {},
): Float32Array {
  const s = Math.max(1, Math.min(32, Math.floor(options.subsamples ?? 8)));
  const lines = height * s;
  const coverage = new Float32Array(width * height);

  // Pass 1: count crossings per sub-scanline so they can live in flat typed arrays.
  const counts = new Int32Array(lines + 1);
  forEachCrossingRange(polygons, s, lines, (_x0, _y0, _x1, _y1, first, last) => {
    for (let j = first; j <= last; j++) counts[j + 1]!++;
  });
  for (let j = 0; j < lines; j++) counts[j + 1]! += counts[j]!;
  const total = counts[lines]!;
  const xs = new Float64Array(total);
  const dirs = new Int8Array(total);
  const fill = counts.slice(0, lines);

  // Pass 2: where each edge crosses each sub-scanline centre, and which way it goes.
  forEachCrossingRange(polygons, s, lines, (x0, y0, x1, y1, first, last) => {
    const dir = y1 > y0 ? 1 : -1;
    const slope = (x1 - x0) / (y1 - y0);
    for (let j = first; j <= last; j++) {
      const yc = (j + 0.5) / s;
      const k = fill[j]!++;
      xs[k] = x0 + (yc - y0) * slope;
      dirs[k] = dir;
    }
  });

  const weight = 1 / s;
  for (let j = 0; j < lines; j++) {
    const start = counts[j]!;
    const end = counts[j + 1]!;
    if (end - start < 2) continue;
    sortCrossings(xs, dirs, start, end);
    const rowBase = Math.floor(j / s) * width;
    let winding = 0;
    let spanStart = 0;
    for (let k = start; k < end; k++) {
      const before = winding;
      winding += dirs[k]!;
      if (before === 0 && winding !== 0) spanStart = xs[k]!;
      else if (before !== 0 && winding === 0) addSpan(coverage, rowBase, width, spanStart, xs[k]!, weight);
    }
  }
  for (let i = 0; i < coverage.length; i++) if (coverage[i]! > 1) coverage[i] = 1;
  return coverage;
}

type EdgeVisitor = (x0: number, y0: number, x1: number, y1: number, first: number, last: number) => void;

/** Calls `visit` for every non-horizontal edge with the sub-scanline indices it crosses. */
function forEachCrossingRange(polygons: readonly Polygon[], s: number, lines: number, visit: EdgeVisitor): void {
  for (const p of polygons) {
    const n = p.length;
    for (let i = 0; i < n; i += 2) {
      const x0 = p[i]!, y0 = p[i + 1]!;
      const x1 = p[(i + 2) % n]!, y1 = p[(i + 3) % n]!;
      if (y0 === y1) continue;
      const top = y0 < y1 ? y0 : y1;
      const bottom = y0 < y1 ? y1 : y0;
      // Sub-scanline j samples y = (j + 0.5) / s; half-open [top, bottom) avoids double hits at vertices.
      let first = Math.ceil(top * s - 0.5);
      let last = Math.ceil(bottom * s - 0.5) - 1;
      if (first < 0) first = 0;
      if (last > lines - 1) last = lines - 1;
      if (first <= last) visit(x0, y0, x1, y1, first, last);
    }
  }
}

/** Insertion sort of one sub-scanline's crossings by x (lists are short; stable = deterministic). */
function sortCrossings(xs: Float64Array, dirs: Int8Array, start: number, end: number): void {
  for (let i = start + 1; i < end; i++) {
    const x = xs[i]!, d = dirs[i]!;
    let k = i - 1;
    while (k >= start && xs[k]! > x) {
      xs[k + 1] = xs[k]!;
      dirs[k + 1] = dirs[k]!;
      k--;
    }
    xs[k + 1] = x;
    dirs[k + 1] = d;
  }
}

/** Adds `weight` × (covered fraction of each pixel) for the span [xa, xb) of one sub-scanline. */
function addSpan(cov: Float32Array, rowBase: number, width: number, xa: number, xb: number, weight: number): void {
  if (xa < 0) xa = 0;
  if (xb > width) xb = width;
  if (xb <= xa) return;
  const ia = Math.floor(xa);
  const ib = Math.floor(xb);
  if (ia === ib) {
    cov[rowBase + ia]! += (xb - xa) * weight;
    return;
  }
  cov[rowBase + ia]! += (ia + 1 - xa) * weight;
  for (let i = ia + 1; i < ib; i++) cov[rowBase + i]! += weight;
  if (ib < width) cov[rowBase + ib]! += (xb - ib) * weight;
}
