import { DEFAULT_CARD_REGIONS, type CardField, type CardRegions } from './card-geometry';
import { findCardQuad, type QuadFailure } from './card-quad';
import type { GreyFrame } from './grey-frame';
import { cardToFrame, DEFAULT_PX_PER_MM, extractRegion } from './rectify';

/** One frame → the three printed items, each cut out straight and evened, or why not. */
export type FieldCrops = Readonly<Record<CardField, GreyFrame>>;

export type CropResult = { readonly ok: true; readonly crops: FieldCrops } | { readonly ok: false; readonly reason: QuadFailure };

export interface CropOptions {
  readonly regions?: CardRegions;
  readonly pxPerMm?: number;
}

export function cropFields(frame: GreyFrame, options: CropOptions = {}): CropResult {
  const found = findCardQuad(frame);
  if (!found.ok) return found;
  const map = cardToFrame(found.quad);
  const regions = options.regions ?? DEFAULT_CARD_REGIONS;
  const px = options.pxPerMm ?? DEFAULT_PX_PER_MM;
  return {
    ok: true,
    crops: {
      birthDate: extractRegion(frame, map, regions.birthDate, px),
      expiry: extractRegion(frame, map, regions.expiry, px),
      securityCode: extractRegion(frame, map, regions.securityCode, px),
    },
  };
}

/** Binary PGM (P5): the simplest image file Leptonica (inside tesseract.js-core) reads. */
export function encodePgm(img: GreyFrame): Uint8Array {
  const header = new TextEncoder().encode(`P5\n${img.width} ${img.height}\n255\n`);
  const out = new Uint8Array(header.length + img.pixels.length);
  out.set(header, 0);
  out.set(img.pixels, header.length);
  return out;
}
