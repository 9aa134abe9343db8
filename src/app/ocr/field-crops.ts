import { DEFAULT_CARD_REGIONS, type CardField, type CardRegions } from './card-geometry';
import { findCardQuad, type QuadFailure } from './card-quad';
import type { GreyFrame } from './grey-frame';
import { cardToFrame, DEFAULT_PX_PER_MM, extractRegion } from './rectify';

/**
 * One frame → the three printed items, each cut out straight and evened — at several pixel
 * scales (default 12 and 8 px/mm). A confident misread under blur and noise (a 6 read as 5 at
 * 98 % confidence was seen in the stress benchmark) rarely survives a change of scale, so a line
 * counts only when every scale reads the same text (recognizer.ts).
 */
export type FieldCrops = Readonly<Record<CardField, readonly GreyFrame[]>>;

export const DEFAULT_CROP_SCALES: readonly number[] = [DEFAULT_PX_PER_MM, 8];

export type CropResult = { readonly ok: true; readonly crops: FieldCrops } | { readonly ok: false; readonly reason: QuadFailure };

export interface CropOptions {
  readonly regions?: CardRegions;
  /** Pixels per millimetre of each crop; every scale must read the same text. */
  readonly scales?: readonly number[];
}

export function cropFields(frame: GreyFrame, options: CropOptions = {}): CropResult {
  const found = findCardQuad(frame);
  if (!found.ok) return found;
  const map = cardToFrame(found.quad);
  const regions = options.regions ?? DEFAULT_CARD_REGIONS;
  const scales = options.scales ?? DEFAULT_CROP_SCALES;
  const at = (field: CardField) => scales.map((px) => extractRegion(frame, map, regions[field], px));
  return { ok: true, crops: { birthDate: at('birthDate'), expiry: at('expiry'), securityCode: at('securityCode') } };
}

/** Binary PGM (P5): the simplest image file Leptonica (inside tesseract.js-core) reads. */
export function encodePgm(img: GreyFrame): Uint8Array {
  const header = new TextEncoder().encode(`P5\n${img.width} ${img.height}\n255\n`);
  const out = new Uint8Array(header.length + img.pixels.length);
  out.set(header, 0);
  out.set(img.pixels, header.length);
  return out;
}
