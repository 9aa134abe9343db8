import { SimImageError } from './sim-image-error';

/**
 * An 8-bit greyscale raster, row-major, one byte per pixel, 0 = black … 255 = white.
 * Same sample order and meaning as PNG greyscale and PGM, so encoders copy it straight out.
 */
export interface GreyImage {
  readonly width: number;
  readonly height: number;
  readonly pixels: Uint8Array;
}

/** A blank image filled with one grey level (white by default). */
export function createGreyImage(width: number, height: number, fill = 255): GreyImage {
  assertImageSize(width, height);
  const pixels = new Uint8Array(width * height);
  pixels.fill(fill);
  return { width, height, pixels };
}

export function assertImageSize(width: number, height: number): void {
  // The card images are small; 4096 is a generous guard against swapped or garbage arguments.
  const ok = (n: number) => Number.isInteger(n) && n > 0 && n <= 4096;
  if (!ok(width) || !ok(height)) {
    throw new SimImageError('sim-image-bad-size', `image size ${width}×${height} is not 1…4096`);
  }
}
