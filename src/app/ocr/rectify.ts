import { CARD_HEIGHT_MM, CARD_WIDTH_MM, type MmRect } from './card-geometry';
import type { CardQuad } from './card-quad';
import type { GreyFrame } from './grey-frame';
import { project, projectiveFromQuads, type Projective } from './projective';

/**
 * Cuts one region of the card out of the frame as if photographed straight on: every output
 * pixel is mapped through the card→frame projective map and sampled bilinearly. Then the text is
 * made even: dividing by a local background estimate removes shading, a glare's wash and a dim
 * exposure (what defeats a single global threshold), and the result is stretched to full range.
 */
export const DEFAULT_PX_PER_MM = 12;

export function cardToFrame(quad: CardQuad): Projective {
  return projectiveFromQuads(
    [
      [0, 0],
      [CARD_WIDTH_MM, 0],
      [CARD_WIDTH_MM, CARD_HEIGHT_MM],
      [0, CARD_HEIGHT_MM],
    ],
    quad.corners,
  );
}

export function extractRegion(frame: GreyFrame, map: Projective, rect: MmRect, pxPerMm = DEFAULT_PX_PER_MM): GreyFrame {
  const w = Math.round(rect.w * pxPerMm);
  const h = Math.round(rect.h * pxPerMm);
  const out = new Uint8Array(w * h);
  const { width: FW, height: FH, pixels: p } = frame;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const [fx, fy] = project(map, rect.x + (x + 0.5) / pxPerMm, rect.y + (y + 0.5) / pxPerMm);
      const sx = fx - 0.5, sy = fy - 0.5;
      const x0 = Math.floor(sx), y0 = Math.floor(sy);
      if (x0 < 0 || y0 < 0 || x0 + 1 >= FW || y0 + 1 >= FH) {
        out[y * w + x] = 255;
        continue;
      }
      const ax = sx - x0, ay = sy - y0;
      const i = y0 * FW + x0;
      const top = p[i]! * (1 - ax) + p[i + 1]! * ax;
      const bottom = p[i + FW]! * (1 - ax) + p[i + FW + 1]! * ax;
      out[y * w + x] = Math.round(top * (1 - ay) + bottom * ay);
    }
  }
  return evenOut({ width: w, height: h, pixels: out }, Math.max(4, Math.round(pxPerMm * 1.2)));
}

/**
 * Flat-field: background = the local maximum over a window wider than a stroke (dilation, which
 * erases dark text), smoothed; pixel / background → 0…1, then stretched so the darkest ink is 0.
 */
export function evenOut(img: GreyFrame, radius: number): GreyFrame {
  const { width: W, height: H, pixels } = img;
  const bg = boxFilter(maxFilter(pixels, W, H, radius), W, H, radius);
  const ratio = new Float32Array(W * H);
  let lo = 1;
  for (let i = 0; i < ratio.length; i++) {
    const r = pixels[i]! / Math.max(1, bg[i]!);
    ratio[i] = r > 1 ? 1 : r;
    if (ratio[i]! < lo) lo = ratio[i]!;
  }
  // Stretch so the 1st percentile of ink becomes black (one stray dark pixel must not decide).
  const hist = new Uint32Array(256);
  for (let i = 0; i < ratio.length; i++) hist[Math.round(ratio[i]! * 255)]!++;
  let seen = 0;
  let p1 = 0;
  for (let v = 0; v < 256; v++) {
    seen += hist[v]!;
    if (seen >= ratio.length * 0.01) {
      p1 = v / 255;
      break;
    }
  }
  const span = Math.max(0.15, 1 - p1);
  const out = new Uint8Array(W * H);
  for (let i = 0; i < out.length; i++) {
    const v = ((ratio[i]! - p1) / span) * 255;
    out[i] = v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
  }
  return { width: W, height: H, pixels: out };
}

/** Separable max filter (van Herk would be faster; regions are small). */
function maxFilter(src: Uint8Array, W: number, H: number, r: number): Uint8Array {
  const tmp = new Uint8Array(W * H);
  const out = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      let m = 0;
      for (let k = Math.max(0, x - r); k <= Math.min(W - 1, x + r); k++) if (src[y * W + k]! > m) m = src[y * W + k]!;
      tmp[y * W + x] = m;
    }
  }
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      let m = 0;
      for (let k = Math.max(0, y - r); k <= Math.min(H - 1, y + r); k++) if (tmp[k * W + x]! > m) m = tmp[k * W + x]!;
      out[y * W + x] = m;
    }
  }
  return out;
}

function boxFilter(src: Uint8Array, W: number, H: number, r: number): Uint8Array {
  const tmp = new Float32Array(W * H);
  const out = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) {
    let acc = 0, n = 0;
    for (let k = 0; k <= Math.min(W - 1, r); k++) (acc += src[y * W + k]!), n++;
    for (let x = 0; x < W; x++) {
      tmp[y * W + x] = acc / n;
      const add = x + r + 1, drop = x - r;
      if (add < W) (acc += src[y * W + add]!), n++;
      if (drop >= 0) (acc -= src[y * W + drop]!), n--;
    }
  }
  for (let x = 0; x < W; x++) {
    let acc = 0, n = 0;
    for (let k = 0; k <= Math.min(H - 1, r); k++) (acc += tmp[k * W + x]!), n++;
    for (let y = 0; y < H; y++) {
      out[y * W + x] = Math.round(acc / n);
      const add = y + r + 1, drop = y - r;
      if (add < H) (acc += tmp[add * W + x]!), n++;
      if (drop >= 0) (acc -= tmp[drop * W + x]!), n--;
    }
  }
  return out;
}
