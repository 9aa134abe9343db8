import { CARD_HEIGHT_MM, CARD_WIDTH_MM } from './card-geometry';
import { downscale, type GreyFrame } from './grey-frame';
import type { Pt } from './projective';

/**
 * Finds the card in a camera frame: its four edges as straight lines, by a Hough vote restricted
 * to each side's half of the frame and to lines within ±MAX_TILT of horizontal/vertical (the
 * framing guide keeps the card roughly upright). The card's edge is the longest continuous
 * straight edge on each side; text strokes, the photo box and the background's texture give
 * shorter ones. The corners are the lines' intersections. Pure function; no DOM.
 */

export interface CardQuad {
  /** Top-left, top-right, bottom-right, bottom-left, in frame pixels. */
  readonly corners: readonly [Pt, Pt, Pt, Pt];
  /** Edge support: the weakest side's votes over its expected length (0…~1). */
  readonly support: number;
}

export type QuadFailure = 'no-card' | 'bad-shape' | 'too-small';

export type QuadResult = { readonly ok: true; readonly quad: CardQuad } | { readonly ok: false; readonly reason: QuadFailure };

const WORK_WIDTH = 400;
const MAX_TILT_DEG = 15;
const STEP_DEG = 0.5;
const ASPECT = CARD_WIDTH_MM / CARD_HEIGHT_MM;
const CANDIDATES_PER_SIDE = 5;
/** Votes per pixel of side length below which a side is not believed (clean edges give ~1.5). */
const MIN_SUPPORT = 0.5;

interface Line {
  /** For horizontal lines: y at x = centre; for vertical: x at y = centre. */
  readonly c: number;
  readonly slope: number;
  readonly votes: number;
  readonly tilt: number;
}

export function findCardQuad(frame: GreyFrame): QuadResult {
  const factor = Math.max(1, Math.round(frame.width / WORK_WIDTH));
  const s = factor > 1 ? downscale(frame, factor) : frame;
  const { width: W, height: H } = s;
  const { gx, gy, threshold } = sobel(s);
  const cx = W / 2, cy = H / 2;

  const tops = houghSide(gx, gy, W, H, threshold, 'h', (x, y) => y < H * 0.5, cx);
  const bottoms = houghSide(gx, gy, W, H, threshold, 'h', (x, y) => y >= H * 0.5, cx);
  const lefts = houghSide(gx, gy, W, H, threshold, 'v', (x) => x < W * 0.5, cy);
  const rights = houghSide(gx, gy, W, H, threshold, 'v', (x) => x >= W * 0.5, cy);
  if (!tops.length || !bottoms.length || !lefts.length || !rights.length) return { ok: false, reason: 'no-card' };

  const corner = (h: Line, v: Line): Pt => {
    // y = h.c + h.slope (x − cx); x = v.c + v.slope (y − cy)
    const y = (h.c + h.slope * (v.c - cx - v.slope * cy)) / (1 - h.slope * v.slope);
    const x = v.c + v.slope * (y - cy);
    return [x + 0.5, y + 0.5];
  };
  const dist = (a: Pt, b: Pt) => Math.hypot(a[0] - b[0], a[1] - b[1]);

  // Every combination of candidate lines that makes a card-shaped quad; the card is the one whose
  // four sides are all well supported, and of those the largest (the photo box and the expiry
  // frame are straight edges too, but inside the card).
  let best: { corners: [Pt, Pt, Pt, Pt]; support: number; score: number } | undefined;
  let failure: QuadFailure = 'bad-shape';
  for (const top of tops) for (const bottom of bottoms) for (const left of lefts) for (const right of rights) {
    const c: [Pt, Pt, Pt, Pt] = [corner(top, left), corner(top, right), corner(bottom, right), corner(bottom, left)];
    const wTop = dist(c[0], c[1]), wBottom = dist(c[3], c[2]);
    const hLeft = dist(c[0], c[3]), hRight = dist(c[1], c[2]);
    const aspect = (wTop + wBottom) / (hLeft + hRight);
    if (!(aspect > ASPECT * 0.85 && aspect < ASPECT * 1.18)) continue;
    if (Math.min(wTop, wBottom) / Math.max(wTop, wBottom) < 0.85 || Math.min(hLeft, hRight) / Math.max(hLeft, hRight) < 0.85) continue;
    const area = ((wTop + wBottom) / 2) * ((hLeft + hRight) / 2);
    if (area < 0.12 * W * H) {
      failure = 'too-small';
      continue;
    }
    const sides = [top.votes / wTop, bottom.votes / wBottom, left.votes / hLeft, right.votes / hRight];
    const support = Math.min(...sides);
    if (support < MIN_SUPPORT) continue;
    const score = sides.reduce((a, v) => a + Math.min(1, v), 0) + area / (W * H);
    if (!best || score > best.score) best = { corners: c, support, score };
  }
  if (!best) return { ok: false, reason: failure };
  const scaled = best.corners.map(([x, y]) => [x * factor, y * factor] as Pt) as unknown as [Pt, Pt, Pt, Pt];
  return { ok: true, quad: { corners: scaled, support: best.support } };
}

function sobel(s: GreyFrame): { gx: Int16Array; gy: Int16Array; threshold: number } {
  const { width: W, height: H, pixels: p } = s;
  const gx = new Int16Array(W * H);
  const gy = new Int16Array(W * H);
  const hist = new Uint32Array(1024);
  for (let y = 1; y < H - 1; y++) {
    for (let x = 1; x < W - 1; x++) {
      const i = y * W + x;
      const a = p[i - W - 1]!, b = p[i - W]!, c = p[i - W + 1]!;
      const d = p[i - 1]!, f = p[i + 1]!;
      const g = p[i + W - 1]!, h = p[i + W]!, k = p[i + W + 1]!;
      const vx = (c + 2 * f + k - a - 2 * d - g) >> 2;
      const vy = (g + 2 * h + k - a - 2 * b - c) >> 2;
      gx[i] = vx;
      gy[i] = vy;
      hist[Math.min(1023, Math.abs(vx) + Math.abs(vy))]!++;
    }
  }
  // Edge threshold: a fraction of the 99th percentile of gradient strength, never below noise.
  let seen = 0;
  const target = 0.99 * (W - 2) * (H - 2);
  let p99 = 0;
  for (let v = 0; v < 1024; v++) {
    seen += hist[v]!;
    if (seen >= target) {
      p99 = v;
      break;
    }
  }
  return { gx, gy, threshold: Math.max(10, p99 * 0.12) };
}

/**
 * Votes for straight edges of one orientation in one half of the frame. Each edge pixel votes
 * with its gradient sign (so a dark stroke's two sides do not add up), for every tilt; the score
 * of a line is its bin plus half of each neighbour (blurred edges). Returns the strongest few
 * lines, each a local maximum (non-maximum suppression over position and tilt).
 */
function houghSide(
  gx: Int16Array,
  gy: Int16Array,
  W: number,
  H: number,
  threshold: number,
  orientation: 'h' | 'v',
  inside: (x: number, y: number) => boolean,
  centre: number,
): Line[] {
  const tilts: number[] = [];
  for (let d = -MAX_TILT_DEG; d <= MAX_TILT_DEG + 1e-9; d += STEP_DEG) tilts.push(Math.tan((d * Math.PI) / 180));
  const span = orientation === 'h' ? H : W;
  const bins = span + 2;
  const acc = new Float32Array(tilts.length * bins * 2);
  for (let y = 1; y < H - 1; y++) {
    for (let x = 1; x < W - 1; x++) {
      if (!inside(x, y)) continue;
      const i = y * W + x;
      const along = orientation === 'h' ? gy[i]! : gx[i]!;
      const across = orientation === 'h' ? gx[i]! : gy[i]!;
      const mag = Math.abs(along);
      if (mag < threshold || mag < 1.5 * Math.abs(across)) continue;
      const sign = along > 0 ? 1 : 0;
      const pos = orientation === 'h' ? y : x;
      const off = orientation === 'h' ? x - centre : y - centre;
      for (let t = 0; t < tilts.length; t++) {
        const c = Math.round(pos - tilts[t]! * off);
        if (c < 0 || c >= bins) continue;
        acc[(t * bins + c) * 2 + sign]! += 1;
      }
    }
  }
  const scores: Line[] = [];
  for (let t = 0; t < tilts.length; t++) {
    for (let c = 1; c < bins - 1; c++) {
      for (let sign = 0; sign < 2; sign++) {
        const at = (k: number) => acc[(t * bins + k) * 2 + sign]!;
        const votes = at(c) + 0.5 * (at(c - 1) + at(c + 1));
        if (votes >= 8) scores.push({ c, slope: tilts[t]!, votes, tilt: t });
      }
    }
  }
  scores.sort((a, b) => b.votes - a.votes);
  const kept: Line[] = [];
  for (const l of scores) {
    if (kept.some((k) => Math.abs(k.c - l.c) <= 4 && Math.abs(k.tilt - l.tilt) <= 6)) continue;
    kept.push(l);
    if (kept.length === CANDIDATES_PER_SIDE) break;
  }
  return kept;
}
