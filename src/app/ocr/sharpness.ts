import type { GreyFrame } from './grey-frame';

/**
 * How sharp the strokes of an evened crop are: the mean of the strongest 2 % of gradient
 * magnitudes (Sobel, ÷4), where the crop's ink-to-paper range has been stretched to 0…255 by
 * evenOut(). A sharp dark-on-light edge gives ~100–130; defocus blur spreads the step over more
 * pixels and lowers it. Used to refuse frames too blurred to tell 5 from 6 (see recognizer.ts).
 */
export function strokeSharpness(img: GreyFrame): number {
  const { width: W, height: H, pixels: p } = img;
  const hist = new Uint32Array(1024);
  let n = 0;
  for (let y = 1; y < H - 1; y++) {
    for (let x = 1; x < W - 1; x++) {
      const i = y * W + x;
      const gx = (p[i - W + 1]! + 2 * p[i + 1]! + p[i + W + 1]! - p[i - W - 1]! - 2 * p[i - 1]! - p[i + W - 1]!) / 4;
      const gy = (p[i + W - 1]! + 2 * p[i + W]! + p[i + W + 1]! - p[i - W - 1]! - 2 * p[i - W]! - p[i - W + 1]!) / 4;
      hist[Math.min(1023, Math.round(Math.sqrt(gx * gx + gy * gy)))]!++;
      n++;
    }
  }
  let want = Math.max(1, Math.round(n * 0.02));
  let sum = 0, count = 0;
  for (let v = 1023; v >= 0 && want > 0; v--) {
    const take = Math.min(want, hist[v]!);
    sum += take * v;
    count += take;
    want -= take;
  }
  return count ? sum / count : 0;
}
