import type { Contour } from './glyph-source';

/**
 * Outline → polygons in pixel space.
 *
 * Curves are cut into straight segments before scan conversion. The segment count comes from
 * the curve's second difference (how far it bends away from its chord), so that the chord
 * error stays under `tolerance` pixels, and is capped so a hostile or broken outline cannot
 * make us loop for long.
 */

/** Maps font units to pixels: x' = originX + x·scaleX, y' = originY − y·scaleY (y flips down). */
export interface OutlineTransform {
  readonly originX: number;
  readonly originY: number;
  readonly scaleX: number;
  readonly scaleY: number;
}

/** A closed polygon as a flat list x0, y0, x1, y1, … in pixels (last point joins the first). */
export type Polygon = number[];

const DEFAULT_TOLERANCE_PX = 0.1;
const MAX_SEGMENTS_PER_CURVE = 64;

/** √(x² + y²) via Math.sqrt, which IEEE 754 pins down exactly (Math.hypot may differ by engine). */
function length(x: number, y: number): number {
  return Math.sqrt(x * x + y * y);
}

function segmentCount(bend: number, tolerance: number): number {
  const n = Math.ceil(Math.sqrt(bend / tolerance));
  return n < 1 ? 1 : n > MAX_SEGMENTS_PER_CURVE ? MAX_SEGMENTS_PER_CURVE : n;
}

export function flattenContours(
  contours: readonly Contour[],
  t: OutlineTransform,
  tolerance = DEFAULT_TOLERANCE_PX,
): Polygon[] {
  const out: Polygon[] = [];
  const px = (x: number) => t.originX + x * t.scaleX;
  const py = (y: number) => t.originY - y * t.scaleY;

  for (const contour of contours) {
    const poly: Polygon = [];
    let cx = 0;
    let cy = 0;
    for (const c of contour) {
      switch (c.op) {
        case 'M':
        case 'L':
          cx = px(c.x);
          cy = py(c.y);
          poly.push(cx, cy);
          break;
        case 'Q': {
          const x1 = px(c.x1), y1 = py(c.y1), x2 = px(c.x), y2 = py(c.y);
          // Max chord error of an n-piece quadratic is |p0 − 2p1 + p2| / (8n²).
          const bend = length(cx - 2 * x1 + x2, cy - 2 * y1 + y2) / 8;
          const n = segmentCount(bend, tolerance);
          for (let i = 1; i <= n; i++) {
            const s = i / n, r = 1 - s;
            poly.push(r * r * cx + 2 * r * s * x1 + s * s * x2, r * r * cy + 2 * r * s * y1 + s * s * y2);
          }
          cx = x2;
          cy = y2;
          break;
        }
        case 'C': {
          const x1 = px(c.x1), y1 = py(c.y1), x2 = px(c.x2), y2 = py(c.y2);
          const x3 = px(c.x), y3 = py(c.y);
          // Bound for cubics: (3/4)·max second difference / n².
          const d1 = length(cx - 2 * x1 + x2, cy - 2 * y1 + y2);
          const d2 = length(x1 - 2 * x2 + x3, y1 - 2 * y2 + y3);
          const n = segmentCount(0.75 * Math.max(d1, d2), tolerance);
          for (let i = 1; i <= n; i++) {
            const s = i / n, r = 1 - s;
            const a = r * r * r, b = 3 * r * r * s, d = 3 * r * s * s, e = s * s * s;
            poly.push(a * cx + b * x1 + d * x2 + e * x3, a * cy + b * y1 + d * y2 + e * y3);
          }
          cx = x3;
          cy = y3;
          break;
        }
      }
    }
    if (poly.length >= 6) out.push(poly);
  }
  return out;
}
