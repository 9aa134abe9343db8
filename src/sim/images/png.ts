import { encode } from 'fast-png';
import type { GreyImage } from './grey-image';
import { SimImageError } from './sim-image-error';

/**
 * Greyscale PNG encoding via fast-png (which packs 1-bit rows itself when given depth 1 and
 * 1 channel; checked in fast-png 8.0.0's encoder). The card's 氏名/住所/セキュリティコード/個人番号
 * images are 1-bit greyscale; 8-bit is offered for previews.
 */

export interface GreyPngOptions {
  /** 1 (default): black/white, as on the card. 8: keep the anti-aliased levels. */
  readonly bitDepth?: 1 | 8;
  /** For 1-bit: luminance below this becomes black (default 128 = 50 % ink coverage). */
  readonly threshold?: number;
}

export function encodeGreyPng(image: GreyImage, options: GreyPngOptions = {}): Uint8Array {
  const { width, height, pixels } = image;
  if (pixels.length !== width * height) {
    throw new SimImageError('sim-image-bad-size', `pixel buffer holds ${pixels.length}, expected ${width * height}`);
  }
  if ((options.bitDepth ?? 1) === 8) {
    return encode({ width, height, data: pixels, channels: 1, depth: 8 });
  }
  return encode({ width, height, data: packOneBit(image, options.threshold ?? 128), channels: 1, depth: 1 });
}

/**
 * Thresholds to 1 bit and packs rows MSB-first, each row padded to a whole byte (PNG layout).
 * Bit 1 = white, bit 0 = black: for 1-bit greyscale the sample value is the luminance.
 */
export function packOneBit(image: GreyImage, threshold = 128): Uint8Array {
  const { width, height, pixels } = image;
  const stride = Math.ceil(width / 8);
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (pixels[y * width + x]! >= threshold) out[y * stride + (x >> 3)]! |= 0x80 >> (x & 7);
    }
  }
  return out;
}
