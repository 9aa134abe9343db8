import { decode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { NotoSansJpGlyphSource, simFont } from '../../src/node/sim-font';
import {
  renderAddressPng,
  renderMyNumberPng,
  renderNamePng,
  renderSecurityCodePng,
  renderTextImage,
  SimImageError,
} from '../../src/sim/images';
import { bytesEqual } from '../../src/bytes/byte-ops';
import { hasPython3, inkIn, inspectPng, inspectPngWithPython } from './png-inspect';

const font = simFont();
const NAME = '𠮷野　髙子'; // U+20BB7 and U+9AD9 are outside JIS X 0208

describe('NotoSansJpGlyphSource', () => {
  it('has glyphs for kanji, kana, full-width digits and hyphens, Latin and non-JIS kanji', () => {
    const sample = '山田太郎あいうアイウｱｲｳ０１２３－ー‐−-AZaz09 　𠮷髙﨑';
    for (const ch of sample) {
      expect(font.glyphFor(ch.codePointAt(0)!), `U+${ch.codePointAt(0)!.toString(16)}`).toBeDefined();
    }
    expect(font.glyphFor(0x5c71)!.contours.length).toBeGreaterThan(0);
    expect(font.glyphFor(0x3000)!.contours).toHaveLength(0); // ideographic space: advance only
    expect(font.unitsPerEm).toBe(1000);
  });

  it('reports a code point no subset has instead of throwing', () => {
    expect(font.glyphFor(0xe000)).toBeUndefined(); // private use: not in any unicode-range
    expect(font.missing.has(0xe000)).toBe(true);
  });

  it('loads only the subsets it needs', () => {
    const fresh = new NotoSansJpGlyphSource();
    fresh.glyphFor(0x20bb7);
    expect(fresh.loadedSubsets.length).toBeLessThanOrEqual(2); // latin (for metrics) + one subset
  });
});

describe('name image', () => {
  const name = renderNamePng(NAME, font);

  it('is a 512×64 1-bit greyscale PNG that fast-png and an independent reader decode', () => {
    const png = inspectPng(name.png);
    expect(png).toMatchObject({ width: 512, height: 64, bitDepth: 1, colorType: 0, interlace: 0 });
    expect(png.chunkTypes).toEqual(['IHDR', 'IDAT', 'IEND']);
    const viaFastPng = decode(name.png);
    expect(viaFastPng).toMatchObject({ width: 512, height: 64, depth: 1, channels: 1 });
    expect(name.missing).toEqual([]);
    expect(name.overflow).toBe(false);
  });

  it.skipIf(!hasPython3)('also parses with python3 zlib+struct (skipped where python3 is missing)', () => {
    const py = inspectPngWithPython(name.png);
    const png = inspectPng(name.png);
    expect(py).toMatchObject({ width: 512, height: 64, bitDepth: 1, colorType: 0 });
    expect(py.black).toBe(inkIn(png, 0, 0, 512, 64));
  });

  it('has ink where the five characters are and nowhere else', () => {
    const png = inspectPng(name.png);
    // 5 full-width characters at 40 px from x = 8: each em cell holds ink.
    for (let i = 0; i < 5; i++) {
      const x = 8 + i * 40;
      const ink = inkIn(png, x, 0, x + 40, 64);
      if (i === 2) expect(ink).toBe(0); // U+3000
      else expect(ink).toBeGreaterThan(80);
    }
    expect(inkIn(png, 8 + 5 * 40 + 2, 0, 512, 64)).toBe(0); // right of the text
    expect(inkIn(png, 0, 0, 512, 6)).toBe(0); // top margin
    expect(inkIn(png, 0, 60, 512, 64)).toBe(0); // bottom margin
    expect(inkIn(png, 0, 0, 8, 64)).toBe(0); // left padding
  });

  it('draws 𠮷 differently from 吉 (the glyph is real, not a substitute)', () => {
    const a = renderTextImage('𠮷', font, { width: 48, height: 48, fontPx: 40 }).image.pixels;
    const b = renderTextImage('吉', font, { width: 48, height: 48, fontPx: 40 }).image.pixels;
    expect(bytesEqual(a, b)).toBe(false);
  });

  it('is deterministic, also with a freshly loaded font', () => {
    expect(bytesEqual(renderNamePng(NAME, font).png, name.png)).toBe(true);
    expect(bytesEqual(renderNamePng(NAME, new NotoSansJpGlyphSource()).png, name.png)).toBe(true);
  });

  it('shrinks a long name to fit one line', () => {
    const long = renderNamePng('寿限無寿限無五劫の擦り切れ海砂利水魚の水行末', font);
    expect(long.text!.lineCount).toBe(1);
    expect(long.text!.fontPx).toBeLessThan(40);
    expect(long.overflow).toBe(false);
  });
});

describe('address image', () => {
  const ADDRESS = '東京都千代田区霞が関二丁目１番２号　中央合同庁舎第２号館ＡＢＣマンション１２３４号室';

  /** Rows (y) that contain ink, grouped into bands separated by blank rows. */
  function inkBands(png: ReturnType<typeof inspectPng>): [number, number][] {
    const bands: [number, number][] = [];
    for (let y = 0; y < png.height; y++) {
      if (inkIn(png, 0, y, png.width, y + 1) === 0) continue;
      const last = bands.at(-1);
      if (last && last[1] === y - 1) last[1] = y;
      else bands.push([y, y]);
    }
    return bands;
  }

  it('wraps a long address onto three lines inside 512×150', () => {
    const r = renderAddressPng(ADDRESS, font);
    const png = inspectPng(r.png);
    expect(png).toMatchObject({ width: 512, height: 150, bitDepth: 1 });
    expect(r.text!.lineCount).toBe(3);
    expect(r.overflow).toBe(false);
    expect(inkBands(png)).toHaveLength(3);
    // Every line uses most of the width (wrapping happens at the width, not early).
    expect(inkIn(png, 400, 0, 512, 50)).toBeGreaterThan(0);
  });

  it('breaks at explicit newlines and keeps short lines short', () => {
    const r = renderAddressPng('北海道札幌市\n中央区北一条西２丁目', font);
    const png = inspectPng(r.png);
    expect(r.text!.lineCount).toBe(2);
    expect(r.text!.fontPx).toBe(40);
    expect(inkBands(png)).toHaveLength(2);
    expect(inkIn(png, 8 + 6 * 40 + 2, 0, 512, 50)).toBe(0); // first line ends after 6 characters
  });

  it('reports overflow instead of dropping text silently when clipping is forced', () => {
    const r = renderAddressPng(ADDRESS + ADDRESS + ADDRESS, font, { fit: 'clip' });
    expect(r.overflow).toBe(true);
    expect(r.text!.lineCount).toBe(3);
  });
});

describe('missing glyphs', () => {
  it('draws a visible tofu box and reports the code point', () => {
    const r = renderNamePng('山\u{E000}田', font);
    expect(r.missing).toEqual([0xe000]);
    const png = inspectPng(r.png);
    const cell = inkIn(png, 48, 0, 88, 64);
    expect(cell).toBeGreaterThan(150); // frame + X
    // The box is hollow: its centre-left area between frame and diagonal stays white.
    expect(inkIn(png, 56, 28, 60, 34)).toBe(0);
  });

  it('skips variation selectors instead of drawing tofu', () => {
    const withVs = renderNamePng('葛\u{E0100}城', font);
    expect(withVs.missing).toEqual([]);
    expect(bytesEqual(withVs.png, renderNamePng('葛城', font).png)).toBe(true);
  });
});

describe('digit strips', () => {
  it('renders the security code as 24×12 and My Number as 72×12, 1-bit', () => {
    const sc = inspectPng(renderSecurityCodePng('0123').png);
    const mn = inspectPng(renderMyNumberPng('123456789018').png);
    expect(sc).toMatchObject({ width: 24, height: 12, bitDepth: 1, colorType: 0 });
    expect(mn).toMatchObject({ width: 72, height: 12, bitDepth: 1, colorType: 0 });
    // Every 6-px cell has ink and a blank gap column.
    for (let i = 0; i < 12; i++) {
      expect(inkIn(mn, i * 6, 0, i * 6 + 5, 12)).toBeGreaterThan(8);
      expect(inkIn(mn, i * 6 + 5, 0, i * 6 + 6, 12)).toBe(0);
    }
  });

  it('rejects anything but the right number of ASCII digits', () => {
    expect(() => renderSecurityCodePng('012')).toThrow(SimImageError);
    expect(() => renderSecurityCodePng('０１２３')).toThrow(SimImageError);
    expect(() => renderMyNumberPng('12345678901a')).toThrow(SimImageError);
  });
});
