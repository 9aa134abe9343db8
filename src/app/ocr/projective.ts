/**
 * Projective maps between the card's plane (millimetres) and the camera frame (pixels).
 * H maps (u, v) → (x, y): x = (h0 u + h1 v + h2) / (h6 u + h7 v + 1), y likewise.
 */
export type Pt = readonly [number, number];
export type Projective = readonly number[];

/** The map taking each `src[i]` to `dst[i]` (four points; throws on a degenerate quad). */
export function projectiveFromQuads(src: readonly Pt[], dst: readonly Pt[]): Projective {
  // 8 unknowns, 8 equations; solved by Gauss–Jordan with partial pivoting.
  const m: number[][] = [];
  for (let i = 0; i < 4; i++) {
    const [u, v] = src[i]!;
    const [x, y] = dst[i]!;
    m.push([u, v, 1, 0, 0, 0, -u * x, -v * x, x], [0, 0, 0, u, v, 1, -u * y, -v * y, y]);
  }
  for (let col = 0; col < 8; col++) {
    let best = col;
    for (let r = col + 1; r < 8; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[best]![col]!)) best = r;
    const tmp = m[col]!;
    m[col] = m[best]!;
    m[best] = tmp;
    const p = m[col]![col]!;
    if (Math.abs(p) < 1e-10) throw new RangeError('projective: degenerate quadrilateral');
    for (let r = 0; r < 8; r++) {
      if (r === col) continue;
      const f = m[r]![col]! / p;
      if (f !== 0) for (let c = col; c < 9; c++) m[r]![c]! -= f * m[col]![c]!;
    }
  }
  return [...m.map((row, i) => row[8]! / row[i]!), 1];
}

export function project(h: Projective, u: number, v: number): Pt {
  const w = h[6]! * u + h[7]! * v + h[8]!;
  return [(h[0]! * u + h[1]! * v + h[2]!) / w, (h[3]! * u + h[4]! * v + h[5]!) / w];
}
