/**
 * Plane-to-plane projective maps for the simulated camera (the simulator's own maths, not the
 * OCR's): H maps (u, v) → (x, y) with x = (h0 u + h1 v + h2) / (h6 u + h7 v + 1), y likewise.
 */
export type Point = readonly [number, number];
export type Homography = readonly [number, number, number, number, number, number, number, number, number];

/** The homography taking each `from[i]` to `to[i]` (4 points, no three collinear). */
export function homographyFromPoints(from: readonly Point[], to: readonly Point[]): Homography {
  const a: number[][] = [];
  for (let i = 0; i < 4; i++) {
    const [u, v] = from[i]!;
    const [x, y] = to[i]!;
    a.push([u, v, 1, 0, 0, 0, -u * x, -v * x, x]);
    a.push([0, 0, 0, u, v, 1, -u * y, -v * y, y]);
  }
  // Gaussian elimination with partial pivoting on the 8×9 augmented matrix.
  for (let c = 0; c < 8; c++) {
    let p = c;
    for (let r = c + 1; r < 8; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[p]![c]!)) p = r;
    [a[c], a[p]] = [a[p]!, a[c]!];
    const pivot = a[c]![c]!;
    if (Math.abs(pivot) < 1e-12) throw new RangeError('degenerate quadrilateral');
    for (let r = 0; r < 8; r++) {
      if (r === c) continue;
      const f = a[r]![c]! / pivot;
      for (let k = c; k < 9; k++) a[r]![k]! -= f * a[c]![k]!;
    }
  }
  const h = a.map((row, i) => row[8]! / row[i]!);
  return [h[0]!, h[1]!, h[2]!, h[3]!, h[4]!, h[5]!, h[6]!, h[7]!, 1];
}

export function applyHomography(h: Homography, u: number, v: number): Point {
  const w = h[6] * u + h[7] * v + h[8];
  return [(h[0] * u + h[1] * v + h[2]) / w, (h[3] * u + h[4] * v + h[5]) / w];
}

/** The inverse map (adjugate of the 3×3 matrix, normalised). */
export function invertHomography(h: Homography): Homography {
  const [a, b, c, d, e, f, g, k, l] = h;
  const m = [e * l - f * k, c * k - b * l, b * f - c * e, f * g - d * l, a * l - c * g, c * d - a * f, d * k - e * g, b * g - a * k, a * e - b * d];
  const s = m[8]!;
  return m.map((x) => x / s) as unknown as Homography;
}
