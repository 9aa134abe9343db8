/**
 * A camera frame reduced to luma: 8-bit, row-major, 0 = black. The OCR pipeline works on this
 * and nothing else, so it runs the same in the kiosk (from a canvas) and in Node (bench, tests).
 */
export interface GreyFrame {
  readonly width: number;
  readonly height: number;
  readonly pixels: Uint8Array;
}

/** RGBA (canvas ImageData layout) → luma, BT.601 weights in integer maths. */
export function greyFromRgba(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number): GreyFrame {
  const pixels = new Uint8Array(width * height);
  for (let i = 0, j = 0; i < pixels.length; i++, j += 4) {
    pixels[i] = (77 * rgba[j]! + 150 * rgba[j + 1]! + 29 * rgba[j + 2]! + 128) >> 8;
  }
  return { width, height, pixels };
}

/** Area-average downscale by an integer factor (fast, no aliasing of thin edges). */
export function downscale(frame: GreyFrame, factor: number): GreyFrame {
  const f = Math.max(1, Math.floor(factor));
  const w = Math.floor(frame.width / f);
  const h = Math.floor(frame.height / f);
  const out = new Uint8Array(w * h);
  const n = f * f;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let sum = 0;
      for (let dy = 0; dy < f; dy++) {
        const row = (y * f + dy) * frame.width + x * f;
        for (let dx = 0; dx < f; dx++) sum += frame.pixels[row + dx]!;
      }
      out[y * w + x] = Math.round(sum / n);
    }
  }
  return { width: w, height: h, pixels: out };
}

/** Overwrites the pixels with zeros: a frame is dropped as soon as its one recognition is done. */
export function wipeFrame(frame: GreyFrame): void {
  frame.pixels.fill(0);
}
