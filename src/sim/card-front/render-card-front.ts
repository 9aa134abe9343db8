import type { GlyphSource } from '../images/glyph-source';
import { createGreyImage, type GreyImage } from '../images/grey-image';
import { renderTextImage } from '../images/rasterize';
import { SIM_CARD_FRONT_LAYOUT, type CardFrontLayout, type MmBox, type TextItem } from './card-front-layout';
import { printedBirthDate, printedExpiry, type PrintedCardFront } from './printed-card-front';

/**
 * The front of a simulated My Number Card as an 8-bit greyscale picture (what a camera would see
 * of a flat, evenly lit card), drawn with the project's glyph rasteriser (src/sim/images) from a
 * GlyphSource: Node passes Noto Sans JP (src/node/sim-font.ts). Deterministic: same input, same
 * pixels. The face photo is a drawn silhouette, not the chip's JPEG 2000 (no decoder in Node).
 */
export interface RenderCardFrontOptions {
  /** Pixels per millimetre (default 10 → 856 × 540). */
  readonly pxPerMm?: number;
  readonly layout?: CardFrontLayout;
}

export function renderCardFront(card: PrintedCardFront, glyphs: GlyphSource, options: RenderCardFrontOptions = {}): GreyImage {
  const k = options.pxPerMm ?? 10;
  const L = options.layout ?? SIM_CARD_FRONT_LAYOUT;
  const W = Math.round(L.widthMm * k);
  const H = Math.round(L.heightMm * k);
  const img = createGreyImage(W, H, 244);
  paintBackground(img);

  const text = (s: string, item: TextItem) => {
    const w = Math.round(item.w * k);
    const h = Math.round(item.h * k);
    const t = renderTextImage(s, glyphs, {
      width: w,
      height: h,
      fontPx: item.size * k,
      lines: item.lines ?? 1,
      lineHeight: 1.25,
      verticalAlign: item.lines && item.lines > 1 ? 'top' : 'middle',
    });
    multiply(img, t.image, Math.round(item.x * k), Math.round(item.y * k));
  };

  text('氏名', L.nameLabel);
  text(card.name, L.name);
  text('住所', L.addressLabel);
  text(card.address, L.address);
  text(printedBirthDate(card), L.birthDate);
  text('性別', L.sexLabel);
  text(card.sex === 'male' ? '男' : '女', L.sex);
  frame(img, L.expiryBox, k, 150);
  text(printedExpiry(card), L.expiry);
  drawPhoto(img, L.photo, k);
  text(card.securityCode, L.securityCode);
  text('個人番号カード', L.title);
  return img;
}

/** A faint guilloche-like pattern and a soft diagonal tint, as security printing has. */
function paintBackground(img: GreyImage): void {
  const { width: W, height: H, pixels } = img;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const wave = Math.sin((x + 18 * Math.sin(y / 23)) / 9) * Math.sin((y + 14 * Math.sin(x / 31)) / 13);
      const tint = 6 * ((x + y) / (W + H));
      pixels[y * W + x] = Math.round(246 - tint - (wave > 0.85 ? 10 : 0));
    }
  }
}

/** Darken `img` by `ink` at (x0, y0): text is black on white, so the minimum keeps both. */
function multiply(img: GreyImage, ink: GreyImage, x0: number, y0: number): void {
  for (let y = 0; y < ink.height; y++) {
    const ty = y0 + y;
    if (ty < 0 || ty >= img.height) continue;
    for (let x = 0; x < ink.width; x++) {
      const tx = x0 + x;
      if (tx < 0 || tx >= img.width) continue;
      const i = ty * img.width + tx;
      img.pixels[i] = Math.round((img.pixels[i]! * ink.pixels[y * ink.width + x]!) / 255);
    }
  }
}

function frame(img: GreyImage, box: MmBox, k: number, level: number): void {
  const x0 = Math.round(box.x * k), y0 = Math.round(box.y * k);
  const x1 = Math.round((box.x + box.w) * k), y1 = Math.round((box.y + box.h) * k);
  for (let x = x0; x <= x1; x++) {
    img.pixels[y0 * img.width + x] = level;
    img.pixels[y1 * img.width + x] = level;
  }
  for (let y = y0; y <= y1; y++) {
    img.pixels[y * img.width + x0] = level;
    img.pixels[y * img.width + x1] = level;
  }
}

/** Grey photo area with a head-and-shoulders silhouette. */
function drawPhoto(img: GreyImage, box: MmBox, k: number): void {
  const x0 = Math.round(box.x * k), y0 = Math.round(box.y * k);
  const w = Math.round(box.w * k), h = Math.round(box.h * k);
  const cx = x0 + w / 2;
  for (let y = y0; y < y0 + h; y++) {
    for (let x = x0; x < x0 + w; x++) {
      let v = 200 - (20 * (y - y0)) / h;
      const hx = (x - cx) / (w * 0.24), hy = (y - (y0 + h * 0.38)) / (h * 0.24);
      if (hx * hx + hy * hy < 1) v = 150 - 25 * hy;
      const sx = (x - cx) / (w * 0.46), sy = (y - (y0 + h * 1.02)) / (h * 0.36);
      if (sx * sx + sy * sy < 1) v = 70;
      img.pixels[y * img.width + x] = Math.round(v);
    }
  }
}
