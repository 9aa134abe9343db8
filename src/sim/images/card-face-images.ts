import type { GlyphSource } from './glyph-source';
import type { GreyImage } from './grey-image';
import { renderPixelDigits } from './pixel-digits';
import { encodeGreyPng } from './png';
import { renderTextImage, type TextImage, type TextImageOptions } from './rasterize';
import { SimImageError } from './sim-image-error';

/**
 * The four text images of the simulated 券面事項確認AP, as 1-bit greyscale PNG bytes:
 * 氏名 (DF25), 住所 (DF26), セキュリティコード (DF2A) and 個人番号 (EF 0005 DF41).
 *
 * Sizes: security code 24×12 and My Number 72×12 are what a surveyed real card holds
 * (mynumber-card-spec.md §3.7–3.8). The name and address sizes and glyph sizes below are
 * UNCONFIRMED guesses — real cards have not been measured — so every one is a parameter.
 */

/** UNCONFIRMED: 氏名 image size and glyph size (one line, ~12 full-width characters). */
export const NAME_IMAGE_DEFAULTS = {
  width: 512,
  height: 64,
  fontPx: 40,
  lines: 1,
  padding: { x: 8, y: 4 },
} as const satisfies TextImageOptions;

/** UNCONFIRMED: 住所 image size; up to three lines of ~12 characters, wrapping anywhere. */
export const ADDRESS_IMAGE_DEFAULTS = {
  width: 512,
  height: 150,
  fontPx: 40,
  lines: 3,
  lineHeight: 1.2,
  padding: { x: 8, y: 6 },
  verticalAlign: 'top',
} as const satisfies TextImageOptions;

/** Surveyed: the security code strip is 24×12 px (4 digits → 6 px cells). */
export const SECURITY_CODE_IMAGE_SIZE = { width: 24, height: 12 } as const;
/** Surveyed: the My Number strip is 72×12 px (12 digits → 6 px cells). */
export const MY_NUMBER_IMAGE_SIZE = { width: 72, height: 12 } as const;

export interface ImageSize {
  readonly width: number;
  readonly height: number;
}

export interface CardTextPng {
  readonly png: Uint8Array;
  /** The 8-bit image before 1-bit thresholding (handy for previews and tests). */
  readonly image: GreyImage;
  /** Code points that had no glyph and were drawn as tofu boxes (empty when all is well). */
  readonly missing: readonly number[];
  /** The text was too long and got clipped even after shrinking. */
  readonly overflow: boolean;
  /** Layout details for text images (font size used, line count); absent for digit strips. */
  readonly text?: TextImage;
}

function toPng(text: TextImage): CardTextPng {
  return {
    png: encodeGreyPng(text.image, { bitDepth: 1 }),
    image: text.image,
    missing: text.missing,
    overflow: text.overflow,
    text,
  };
}

export function renderNamePng(name: string, source: GlyphSource, options: Partial<TextImageOptions> = {}): CardTextPng {
  return toPng(renderTextImage(name, source, { ...NAME_IMAGE_DEFAULTS, ...options }));
}

export function renderAddressPng(address: string, source: GlyphSource, options: Partial<TextImageOptions> = {}): CardTextPng {
  return toPng(renderTextImage(address, source, { ...ADDRESS_IMAGE_DEFAULTS, ...options }));
}

/**
 * 4-digit セキュリティコード strip (24×12 by default), drawn with the built-in pixel digits
 * (see pixel-digits.ts for why not the outline font). Needs no GlyphSource.
 */
export function renderSecurityCodePng(code: string, size: ImageSize = SECURITY_CODE_IMAGE_SIZE): CardTextPng {
  return renderDigitStrip(code, 4, size);
}

/** 12-digit 個人番号 strip (72×12 by default), pixel digits as above. */
export function renderMyNumberPng(myNumber: string, size: ImageSize = MY_NUMBER_IMAGE_SIZE): CardTextPng {
  return renderDigitStrip(myNumber, 12, size);
}

function renderDigitStrip(digits: string, count: number, size: { width: number; height: number }): CardTextPng {
  if (digits.length !== count || !/^[0-9]+$/.test(digits)) {
    throw new SimImageError('sim-image-bad-text', `expected exactly ${count} ASCII digits`);
  }
  const image = renderPixelDigits(digits, size.width, size.height);
  return { png: encodeGreyPng(image, { bitDepth: 1 }), missing: [], overflow: false, image };
}
