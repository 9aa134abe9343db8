import type { GlyphSource } from '../images/glyph-source';
import { photographCard, type PhotoOptions } from './photograph';
import type { PrintedCardFront } from './printed-card-front';
import { renderCardFront } from './render-card-front';
import { encodeY4m } from './y4m';

/**
 * A short clip of one card held in front of a camera (each frame its own seeded photo: the hand
 * moves a little, the light changes), as .y4m for Chromium's
 * `--use-fake-device-for-media-stream --use-file-for-fake-video-capture=<file>`, which loops it.
 */
export function cardFrontVideo(card: PrintedCardFront, glyphs: GlyphSource, seed: string, frames = 4, options: PhotoOptions = {}): Uint8Array {
  const flat = renderCardFront(card, glyphs);
  const shots = [];
  for (let i = 0; i < frames; i++) shots.push(photographCard(flat, `${seed}/${i}`, options).image);
  return encodeY4m(shots, 30);
}
