import type { Contour, GlyphOutline } from './glyph-source';

/**
 * The "tofu" box drawn for a character no font can supply: a hollow square with an X, one em
 * wide. It has to be obviously wrong on the rendered card so a missing glyph is never silently
 * turned into blank space (which could make two different names render the same).
 */
export function tofuGlyph(unitsPerEm: number): GlyphOutline {
  const u = unitsPerEm;
  const left = 0.1 * u, right = 0.9 * u, bottom = -0.08 * u, top = 0.8 * u;
  const t = 0.06 * u; // stroke thickness
  const box = (x0: number, y0: number, x1: number, y1: number): Pt[] => [
    [x0, y0], [x1, y0], [x1, y1], [x0, y1],
  ];
  const bar = (x0: number, y0: number, x1: number, y1: number): Pt[] => {
    const dx = x1 - x0, dy = y1 - y0;
    const len = Math.sqrt(dx * dx + dy * dy); // not Math.hypot, whose rounding varies by engine
    const nx = (-dy / len) * (t / 2), ny = (dx / len) * (t / 2);
    return [[x0 - nx, y0 - ny], [x1 - nx, y1 - ny], [x1 + nx, y1 + ny], [x0 + nx, y0 + ny]];
  };
  // Non-zero winding: the inner box runs against the frame (a hole); the diagonals run with
  // it, so where they cross the frame the winding is 2, still ink.
  return {
    advance: u,
    contours: [
      contour(box(left, bottom, right, top), 1),
      contour(box(left + t, bottom + t, right - t, top - t), -1),
      contour(bar(left + t, bottom + t, right - t, top - t), 1),
      contour(bar(right - t, bottom + t, left + t, top - t), 1),
    ],
  };
}

type Pt = readonly [number, number];

/** A contour from points, reversed if needed so its orientation sign matches `sign`. */
function contour(points: Pt[], sign: 1 | -1): Contour {
  let area = 0;
  for (let i = 0; i < points.length; i++) {
    const [x0, y0] = points[i]!;
    const [x1, y1] = points[(i + 1) % points.length]!;
    area += x0 * y1 - x1 * y0;
  }
  const pts = Math.sign(area) === sign ? points : [...points].reverse();
  return pts.map(([x, y], i) => ({ op: i === 0 ? 'M' : 'L', x, y }) as const);
}
