import { describe, expect, it } from 'vitest';
import { flattenContours } from '../../src/sim/images/flatten';
import type { GlyphOutline, GlyphSource } from '../../src/sim/images/glyph-source';
import { encodeGreyPng, packOneBit, renderTextImage } from '../../src/sim/images';
import { polygonCoverage } from '../../src/sim/images/scanline';
import { inspectPng } from './png-inspect';

const square = (x0: number, y0: number, x1: number, y1: number) => [x0, y0, x1, y0, x1, y1, x0, y1];
const reversed = (p: number[]) => {
  const r: number[] = [];
  for (let i = p.length - 2; i >= 0; i -= 2) r.push(p[i]!, p[i + 1]!);
  return r;
};

describe('polygonCoverage', () => {
  it('covers an axis-aligned square exactly, with fractional edge pixels', () => {
    const cov = polygonCoverage([square(1, 1, 3.5, 3)], 5, 4);
    expect(cov[1 * 5 + 1]).toBeCloseTo(1);
    expect(cov[1 * 5 + 3]).toBeCloseTo(0.5);
    expect(cov[0]).toBe(0);
    expect(cov[3 * 5 + 2]).toBe(0);
  });

  it('uses the non-zero rule: same-direction overlaps stay filled, reversed contours cut holes', () => {
    const union = polygonCoverage([square(0, 0, 6, 6), square(2, 2, 8, 8)], 8, 8);
    expect(union[3 * 8 + 3]).toBeCloseTo(1); // overlap
    const hole = polygonCoverage([square(0, 0, 6, 6), reversed(square(2, 2, 4, 4))], 8, 8);
    expect(hole[3 * 8 + 3]).toBe(0);
    expect(hole[1 * 8 + 1]).toBeCloseTo(1);
  });

  it('clips shapes that stick out of the image', () => {
    const cov = polygonCoverage([square(-10, -10, 20, 20)], 4, 4);
    expect(Array.from(cov).every((v) => Math.abs(v - 1) < 1e-6)).toBe(true);
  });
});

describe('flattenContours', () => {
  it('keeps curve points on the curve and bounds the segment count', () => {
    const t = { originX: 0, originY: 100, scaleX: 1, scaleY: 1 };
    const [poly] = flattenContours([[{ op: 'M', x: 0, y: 0 }, { op: 'Q', x1: 50, y1: 100, x: 100, y: 0 }]], t);
    // Apex of this quadratic is (50, 50) in font units → y = 50 in pixels.
    const ys = poly!.filter((_, i) => i % 2 === 1);
    expect(Math.min(...ys)).toBeCloseTo(50, 1);
    const [huge] = flattenContours([[{ op: 'M', x: 0, y: 0 }, { op: 'C', x1: 0, y1: 1e9, x2: 1e9, y2: 1e9, x: 1e9, y: 0 }]], t);
    expect(huge!.length / 2).toBeLessThanOrEqual(1 + 64);
  });
});

describe('renderTextImage with a hand-made font', () => {
  // One glyph: a 600×600 unit block sitting on the baseline; 'I' is missing.
  const block: GlyphOutline = {
    advance: 1000,
    contours: [[{ op: 'M', x: 200, y: 0 }, { op: 'L', x: 800, y: 0 }, { op: 'L', x: 800, y: 600 }, { op: 'L', x: 200, y: 600 }]],
  };
  const source: GlyphSource = {
    unitsPerEm: 1000,
    ascent: 800,
    descent: -200,
    glyphFor: (cp) => (cp === 0x41 ? block : undefined),
  };

  it('places glyphs on the pen position and baseline', () => {
    const r = renderTextImage('AA', source, { width: 40, height: 20, fontPx: 20 });
    const png = inspectPng(encodeGreyPng(r.image));
    // Baseline at 16 (ascent 0.8 × 20); block x 4..16 and 24..36, y 4..16.
    const black = (x: number, y: number) => png.grey[y * 40 + x] === 0;
    expect(black(4, 4) && black(15, 15) && black(24, 10) && black(35, 15)).toBe(true);
    expect(black(3, 10) || black(16, 10) || black(10, 3) || black(10, 16) || black(20, 10)).toBe(false);
  });

  it('wraps by width and reports missing code points once', () => {
    const r = renderTextImage('AAAIAI', source, { width: 60, height: 80, fontPx: 20, lines: 4, fit: 'clip' });
    expect(r.lineCount).toBe(2);
    expect(r.missing).toEqual([0x49]);
  });

  it('packs 1-bit rows MSB first, white = 1', () => {
    const img = { width: 10, height: 1, pixels: Uint8Array.of(0, 255, 255, 255, 255, 255, 255, 255, 0, 255) };
    expect(Array.from(packOneBit(img))).toEqual([0b0111_1111, 0b0100_0000]);
  });
});
