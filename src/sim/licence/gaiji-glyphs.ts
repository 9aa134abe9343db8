/**
 * 外字 glyph bitmaps for the simulated licence (DF1/EF03, EF05): 1 header byte + 32×32 dots at
 * 1 bit per dot, leftmost dot in the most significant bit, row by row — the simulator's reading
 * of the [U] format (licence-facts §3.4: the file sizes fit 1 + 128 bytes per glyph). The header
 * byte is written as 0x20 (32 dots), also [U].
 *
 * With a GlyphSource (Node: src/node/sim-font.ts, Noto Sans JP) the character itself is drawn;
 * without one, a deterministic stand-in pattern (a frame and a mark derived from the code point)
 * keeps cards buildable in the browser.
 */
import { renderTextImage, type GlyphSource } from '../images';

export const GAIJI_DOTS = 32;
export const GAIJI_HEADER = 0x20;

function pack(ink: (x: number, y: number) => boolean): Uint8Array {
  const out = new Uint8Array(1 + (GAIJI_DOTS / 8) * GAIJI_DOTS);
  out[0] = GAIJI_HEADER;
  for (let y = 0; y < GAIJI_DOTS; y++) {
    for (let x = 0; x < GAIJI_DOTS; x++) {
      if (ink(x, y)) out[1 + y * 4 + (x >> 3)]! |= 0x80 >> (x & 7);
    }
  }
  return out;
}

/** The 129-byte value of one 外字 (header + bitmap). */
export function gaijiGlyphValue(char: string, glyphs?: GlyphSource): Uint8Array {
  if (glyphs) {
    const { image } = renderTextImage(char, glyphs, { width: GAIJI_DOTS, height: GAIJI_DOTS, fontPx: 30, fit: 'clip', align: 'center', verticalAlign: 'middle' });
    return pack((x, y) => image.pixels[y * GAIJI_DOTS + x]! < 128);
  }
  const cp = char.codePointAt(0) ?? 0;
  return pack((x, y) => x === 1 || y === 1 || x === 30 || y === 30 || ((x * 7 + y * 3 + cp) % 11 === 0 && x > 4 && x < 27 && y > 4 && y < 27));
}
