import { createGreyImage, type GreyImage } from './grey-image';
import { SimImageError } from './sim-image-error';

/**
 * A built-in 5×10 pixel font for the digit strips (セキュリティコード 24×12, 個人番号 72×12).
 *
 * At 6 px per digit an outline font rendered to 1 bit turns to mush (stems straddle pixel
 * boundaries and neighbouring digits touch), while a real card's strip is plainly a
 * bitmap-font rendering. Hand-set pixels stay crisp, and the strips need no font at all, so
 * they render the same in the browser and in Node.
 */
const GLYPH_W = 5;
const GLYPH_H = 10;
/** Each glyph's natural cell, including a 1 px gap to the right and 1 px above/below. */
const CELL_W = GLYPH_W + 1;
const CELL_H = GLYPH_H + 2;

// prettier-ignore
const DIGITS: readonly string[] = [
  '.###.#...##...##...##...##...##...##...##...#.###.', // 0
  '..#...##..#.#....#....#....#....#....#....#..#####', // 1
  '.###.#...#....#....#...#...#...#...#....#....#####', // 2
  '.###.#...#....#....#..##.....#....#....##...#.###.', // 3
  '...#...##..#.#..#.#.#..#.#..#.#####...#....#....#.', // 4
  '######....#....####.....#....#....#....##...#.###.', // 5
  '..##..#...#....#....####.#...##...##...##...#.###.', // 6
  '#####....#....#...#....#...#....#....#...#....#...', // 7
  '.###.#...##...##...#.###.#...##...##...##...#.###.', // 8
  '.###.#...##...##...##...#.####....#....#...#..##..', // 9
];

/**
 * Draws `digits` (ASCII 0–9 only) left to right in equal cells of `width / digits.length` px,
 * black on white. The pixel font is scaled by the largest whole factor that fits a cell
 * (1 for the card's 6×12 cells) and centred in it.
 */
export function renderPixelDigits(digits: string, width: number, height: number): GreyImage {
  if (!/^[0-9]+$/.test(digits)) throw new SimImageError('sim-image-bad-text', 'digit strip takes ASCII digits only');
  const image = createGreyImage(width, height);
  const cellW = width / digits.length;
  const k = Math.floor(Math.min(cellW / CELL_W, height / CELL_H));
  if (k < 1) {
    throw new SimImageError('sim-image-bad-size', `${width}×${height} is too small for ${digits.length} digits`);
  }
  const top = Math.floor((height - GLYPH_H * k) / 2);
  for (let i = 0; i < digits.length; i++) {
    const bits = DIGITS[digits.charCodeAt(i) - 0x30]!;
    // Glyph at the left of its cell (the gap column lands on the right), whole-pixel aligned.
    const left = Math.floor(i * cellW + (cellW - CELL_W * k) / 2);
    for (let gy = 0; gy < GLYPH_H; gy++) {
      for (let gx = 0; gx < GLYPH_W; gx++) {
        if (bits[gy * GLYPH_W + gx] !== '#') continue;
        for (let dy = 0; dy < k; dy++) {
          image.pixels.fill(0, (top + gy * k + dy) * width + left + gx * k, (top + gy * k + dy) * width + left + gx * k + k);
        }
      }
    }
  }
  return image;
}
