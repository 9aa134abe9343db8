/**
 * The residence card's bilevel images, drawn from a profile with the simulator's glyph renderer
 * (src/sim/images) and compressed as Group 4 TIFF (g4-encoder.ts):
 * - generation 1 front image (D0, §3.3.4.3: the card face "プレ印刷部分及び顔画像部分を除く" —
 *   only the variable text, no labels or photo), 674 × 425 like the sample in
 *   dadachi/readmynumber-plus (UNCONFIRMED: the real size is not public), at most 7000 bytes;
 * - generation 2 name image (D0 of DF1/EF03, ≤ 2500 bytes) and 住居地 image (DF D1, ≤ 2500 bytes),
 *   sizes UNCONFIRMED.
 * Every size is a parameter; a profile whose text does not fit is shrunk, and an image over its
 * byte budget is an error rather than a silently cut file.
 */
import type { GlyphSource } from '../../images/glyph-source';
import { renderTextImage, type TextImageOptions } from '../../images/rasterize';
import type { RcProfile } from '../rc-profile';
import { writeG4Tiff } from './g4-encoder';
import { RcSimError } from '../rc-sim-error';

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly text: string;
  readonly fontPx: number;
  readonly lines?: number;
  readonly align?: 'start' | 'center';
}

export interface RcBitmap {
  readonly width: number;
  readonly height: number;
  /** 1 = black. */
  readonly black: Uint8Array;
}

/** Draw each box's text and merge the ink (luminance < 128) into one bitmap. */
export function composeBitmap(width: number, height: number, boxes: readonly Box[], glyphs: GlyphSource): RcBitmap {
  const black = new Uint8Array(width * height);
  for (const b of boxes) {
    if (!b.text) continue;
    const options: TextImageOptions = { width: b.width, height: b.height, fontPx: b.fontPx, lines: b.lines ?? 1, padding: 0, align: b.align ?? 'start', verticalAlign: 'middle', minFontPx: Math.max(8, Math.floor(b.fontPx / 2)) };
    const img = renderTextImage(b.text, glyphs, options).image;
    for (let y = 0; y < b.height; y++) {
      const ty = b.y + y;
      if (ty < 0 || ty >= height) continue;
      for (let x = 0; x < b.width; x++) {
        const tx = b.x + x;
        if (tx < 0 || tx >= width) continue;
        if (img.pixels[y * b.width + x]! < 128) black[ty * width + tx] = 1;
      }
    }
  }
  return { width, height, black };
}

/** 'YYYY-MM-DD' → 'YYYY年MM月DD日' as the card prints dates. */
export function printedDate(iso: string): string {
  return `${iso.slice(0, 4)}年${iso.slice(5, 7)}月${iso.slice(8, 10)}日`;
}

function sexLabel(p: RcProfile): string {
  return p.person.sex === 'male' ? '男 M.' : '女 F.';
}

const WORK: Record<string, string> = {
  '1': '就労制限なし',
  '2': '在留資格に基づく就労活動のみ可',
  '4': '指定書により指定された就労活動のみ可',
  '9': '就労不可',
};

export const FRONT_IMAGE_SIZE = { width: 674, height: 425 } as const;
export const FRONT_IMAGE_MAX_BYTES = 7000;
export const NAME_IMAGE_SIZE = { width: 560, height: 72 } as const;
export const ADDRESS_IMAGE_SIZE = { width: 560, height: 96 } as const;
export const GEN2_IMAGE_MAX_BYTES = 2500;

/** The variable text of a generation-1 card face laid out roughly where the card prints it. */
export function frontImageBoxes(p: RcProfile): Box[] {
  const c = p.card;
  const residence = p.kind === 'residence-card';
  const boxes: Box[] = [
    { x: 440, y: 8, width: 226, height: 26, text: p.cardNumber, fontPx: 22 },
    { x: 96, y: 44, width: 570, height: 40, text: p.person.name, fontPx: 30 },
    { x: 96, y: 92, width: 250, height: 26, text: printedDate(p.person.birthDate), fontPx: 20 },
    { x: 360, y: 92, width: 90, height: 26, text: sexLabel(p), fontPx: 20 },
    { x: 470, y: 92, width: 196, height: 26, text: p.person.nationality.label, fontPx: 20 },
    { x: 96, y: 126, width: 400, height: 52, text: p.address.text, fontPx: 20, lines: 2 },
  ];
  if (residence) {
    boxes.push(
      { x: 96, y: 186, width: 400, height: 30, text: c.statusOfResidence?.label ?? '', fontPx: 22 },
      { x: 96, y: 222, width: 400, height: 26, text: c.workRestriction ? WORK[c.workRestriction]! : '', fontPx: 20 },
      { x: 96, y: 256, width: 400, height: 26, text: c.periodOfStay && c.stayExpiry ? `${c.periodOfStay.label}（${printedDate(c.stayExpiry)}）` : '', fontPx: 18 },
      { x: 96, y: 290, width: 220, height: 24, text: c.permissionType?.label ?? '', fontPx: 18 },
      { x: 330, y: 290, width: 170, height: 24, text: c.permissionDate ? printedDate(c.permissionDate) : '', fontPx: 18 },
    );
  }
  boxes.push(
    { x: 96, y: 324, width: 220, height: 24, text: printedDate(c.issueDate), fontPx: 18 },
    { x: 96, y: 372, width: 560, height: 36, text: `このカードは${printedDate(c.expiryDate)}まで有効です。`, fontPx: 24 },
  );
  return boxes;
}

function budget(tiff: Uint8Array, max: number, what: string): Uint8Array {
  if (tiff.length > max) throw new RcSimError('sim-image-too-large', `${what}: ${tiff.length} bytes exceed the ${max}-byte field`);
  return tiff;
}

export function frontImageTiff(p: RcProfile, glyphs: GlyphSource): { tiff: Uint8Array; bitmap: RcBitmap } {
  const bitmap = composeBitmap(FRONT_IMAGE_SIZE.width, FRONT_IMAGE_SIZE.height, frontImageBoxes(p), glyphs);
  return { tiff: budget(writeG4Tiff(bitmap.black, bitmap.width, bitmap.height), FRONT_IMAGE_MAX_BYTES, 'front image'), bitmap };
}

/**
 * A romanised name on one line, or — when it does not fit at a readable size — on two lines
 * broken at the space nearest the middle (the renderer alone would break inside a word).
 */
export function nameBoxes(name: string, glyphs: GlyphSource, width: number, height: number): Box[] {
  const one: Box = { x: 4, y: 2, width: width - 8, height: height - 4, text: name, fontPx: 30 };
  const fit = renderTextImage(name, glyphs, { width: one.width, height: one.height, fontPx: 30, lines: 1, minFontPx: 22 });
  const spaces = [...name.matchAll(/ /g)].map((m) => m.index!);
  if (!fit.overflow || spaces.length === 0) return [one];
  const mid = name.length / 2;
  const cut = spaces.reduce((best, i) => (Math.abs(i - mid) < Math.abs(best - mid) ? i : best), spaces[0]!);
  const half = Math.floor((height - 4) / 2);
  return [
    { x: 4, y: 2, width: width - 8, height: half, text: name.slice(0, cut), fontPx: 28 },
    { x: 4, y: 2 + half, width: width - 8, height: half, text: name.slice(cut + 1), fontPx: 28 },
  ];
}

export function nameImageTiff(p: RcProfile, glyphs: GlyphSource): { tiff: Uint8Array; bitmap: RcBitmap } {
  const { width, height } = NAME_IMAGE_SIZE;
  const bitmap = composeBitmap(width, height, nameBoxes(p.person.name, glyphs, width, height), glyphs);
  return { tiff: budget(writeG4Tiff(bitmap.black, width, height), GEN2_IMAGE_MAX_BYTES, 'name image'), bitmap };
}

export function addressImageTiff(p: RcProfile, glyphs: GlyphSource): { tiff: Uint8Array; bitmap: RcBitmap } {
  const { width, height } = ADDRESS_IMAGE_SIZE;
  const bitmap = composeBitmap(width, height, [{ x: 4, y: 2, width: width - 8, height: height - 4, text: p.address.text, fontPx: 26, lines: 3 }], glyphs);
  return { tiff: budget(writeG4Tiff(bitmap.black, width, height), GEN2_IMAGE_MAX_BYTES, 'address image'), bitmap };
}
