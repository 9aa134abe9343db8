import { SeededRandom } from '../card/seeded-random';
import { createGreyImage, type GreyImage } from '../images/grey-image';
import { applyHomography, homographyFromPoints, invertHomography, type Point } from './homography';

/**
 * A simulated camera photo of a card front: the flat card (render-card-front.ts) placed in a
 * frame with perspective, then the things a real kiosk camera adds — uneven brightness, glare,
 * defocus blur and sensor noise — all drawn from a seeded generator so a benchmark is
 * reproducible. Returns the frame and where the card's corners landed (for detector tests).
 */
export interface PhotoOptions {
  readonly width?: number;
  readonly height?: number;
  /** 0 = a flat, sharp, clean shot; 1 = the default mix; > 1 harsher. */
  readonly strength?: number;
}

export interface PhotoParameters {
  readonly rotationDeg: number;
  readonly cardWidthFraction: number;
  readonly cornerJitter: number;
  readonly blurSigma: number;
  readonly noiseSigma: number;
  readonly brightness: number;
  readonly contrast: number;
  readonly glare: { readonly x: number; readonly y: number; readonly radius: number; readonly peak: number } | undefined;
  readonly background: number;
}

export interface CardPhoto {
  readonly image: GreyImage;
  /** Card corners in the frame: top-left, top-right, bottom-right, bottom-left. */
  readonly corners: readonly Point[];
  readonly parameters: PhotoParameters;
}

class Rng {
  private readonly r: SeededRandom;
  constructor(seed: string) {
    this.r = new SeededRandom(seed);
  }
  uniform(lo = 0, hi = 1): number {
    return lo + ((this.r.nextU32() + 0.5) / 4294967296) * (hi - lo);
  }
  normal(): number {
    const u = this.uniform(), v = this.uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}

export function photographCard(card: GreyImage, seed: string, options: PhotoOptions = {}): CardPhoto {
  const W = options.width ?? 1280;
  const H = options.height ?? 720;
  const s = options.strength ?? 1;
  const rng = new Rng(seed);

  const rotationDeg = rng.uniform(-5, 5) * s;
  const cardWidthFraction = rng.uniform(0.6, 0.72);
  const cornerJitter = 0.035 * s;
  const p: PhotoParameters = {
    rotationDeg,
    cardWidthFraction,
    cornerJitter,
    blurSigma: rng.uniform(0, 1.4) * s,
    noiseSigma: rng.uniform(1.5, 7) * s,
    brightness: 1 + rng.uniform(-0.3, 0.15) * s,
    contrast: 1 - rng.uniform(0, 0.25) * s,
    glare: rng.uniform() < 0.5 * Math.min(1, s) ? { x: rng.uniform(0.1, 0.9), y: rng.uniform(0.1, 0.9), radius: rng.uniform(0.05, 0.16), peak: rng.uniform(40, 150) * s } : undefined,
    background: rng.uniform(30, 200),
  };

  // Card placement: centred with a little offset, rotated, each corner nudged (perspective).
  const cw = W * cardWidthFraction;
  const ch = (cw * card.height) / card.width;
  const cx = W / 2 + rng.uniform(-0.04, 0.04) * W * s;
  const cy = H / 2 + rng.uniform(-0.04, 0.04) * H * s;
  const a = (rotationDeg * Math.PI) / 180;
  const base: Point[] = [
    [-cw / 2, -ch / 2],
    [cw / 2, -ch / 2],
    [cw / 2, ch / 2],
    [-cw / 2, ch / 2],
  ];
  const corners: Point[] = base.map(([x, y]) => {
    const jx = rng.uniform(-1, 1) * cornerJitter * cw;
    const jy = rng.uniform(-1, 1) * cornerJitter * cw;
    return [cx + x * Math.cos(a) - y * Math.sin(a) + jx, cy + x * Math.sin(a) + y * Math.cos(a) + jy] as Point;
  });
  const src: Point[] = [
    [0, 0],
    [card.width, 0],
    [card.width, card.height],
    [0, card.height],
  ];
  const toCard = invertHomography(homographyFromPoints(src, corners));

  // Background: a desk with a soft gradient and grain.
  const out = new Float32Array(W * H);
  const bgTilt = rng.uniform(-40, 40);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const [u, v] = applyHomography(toCard, x + 0.5, y + 0.5);
      let value: number;
      if (u >= 0 && v >= 0 && u < card.width - 1 && v < card.height - 1) value = bilinear(card, u - 0.5, v - 0.5);
      else value = p.background + (bgTilt * (x - W / 2)) / W + 6 * Math.sin(x / 7 + y / 29);
      out[y * W + x] = value;
    }
  }

  // Lighting: brightness, contrast, a gentle gradient across the frame, optional glare.
  const shadeX = rng.uniform(-25, 25) * s, shadeY = rng.uniform(-25, 25) * s;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const i = y * W + x;
      let v = (out[i]! - 128) * p.contrast + 128;
      v = v * p.brightness + (shadeX * (x - W / 2)) / W + (shadeY * (y - H / 2)) / H;
      out[i] = v;
    }
  }
  if (p.glare) {
    const [gx, gy] = applyHomography(homographyFromPoints(src, corners), p.glare.x * card.width, p.glare.y * card.height);
    const r = p.glare.radius * cw;
    const y0 = Math.max(0, Math.floor(gy - 3 * r)), y1 = Math.min(H, Math.ceil(gy + 3 * r));
    const x0 = Math.max(0, Math.floor(gx - 3 * r)), x1 = Math.min(W, Math.ceil(gx + 3 * r));
    for (let y = y0; y < y1; y++) {
      for (let x = x0; x < x1; x++) {
        const d2 = ((x - gx) ** 2 + (y - gy) ** 2) / (r * r);
        out[y * W + x]! += p.glare.peak * Math.exp(-d2);
      }
    }
  }

  const blurred = p.blurSigma > 0.2 ? gaussianBlur(out, W, H, p.blurSigma) : out;
  const image = createGreyImage(W, H);
  for (let i = 0; i < W * H; i++) {
    const v = blurred[i]! + p.noiseSigma * rng.normal();
    image.pixels[i] = v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
  }
  return { image, corners, parameters: p };
}

function bilinear(img: GreyImage, x: number, y: number): number {
  const x0 = Math.max(0, Math.floor(x)), y0 = Math.max(0, Math.floor(y));
  const x1 = Math.min(img.width - 1, x0 + 1), y1 = Math.min(img.height - 1, y0 + 1);
  const fx = Math.min(1, Math.max(0, x - x0)), fy = Math.min(1, Math.max(0, y - y0));
  const p = img.pixels, w = img.width;
  const top = p[y0 * w + x0]! * (1 - fx) + p[y0 * w + x1]! * fx;
  const bottom = p[y1 * w + x0]! * (1 - fx) + p[y1 * w + x1]! * fx;
  return top * (1 - fy) + bottom * fy;
}

/** Separable Gaussian blur (kernel radius 3σ), edges clamped. */
function gaussianBlur(src: Float32Array, W: number, H: number, sigma: number): Float32Array {
  const r = Math.max(1, Math.ceil(3 * sigma));
  const kernel = new Float32Array(2 * r + 1);
  let sum = 0;
  for (let i = -r; i <= r; i++) sum += kernel[i + r] = Math.exp(-(i * i) / (2 * sigma * sigma));
  for (let i = 0; i < kernel.length; i++) kernel[i]! /= sum;
  const tmp = new Float32Array(W * H);
  const out = new Float32Array(W * H);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      let acc = 0;
      for (let i = -r; i <= r; i++) acc += kernel[i + r]! * src[y * W + Math.min(W - 1, Math.max(0, x + i))]!;
      tmp[y * W + x] = acc;
    }
  }
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      let acc = 0;
      for (let i = -r; i <= r; i++) acc += kernel[i + r]! * tmp[Math.min(H - 1, Math.max(0, y + i)) * W + x]!;
      out[y * W + x] = acc;
    }
  }
  return out;
}
