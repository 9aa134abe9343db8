/**
 * Where the kiosk looks on the card front, in millimetres from the top-left corner of an ID-1
 * card (85.60 × 53.98 mm, ISO/IEC 7810). The positions follow the published 総務省 sample face
 * (birth date under the address, the expiry "…まで有効" lower left, the 4-digit セキュリティコード
 * under the photo) and are UNCONFIRMED against real cards: each region is padded generously
 * (the text is found inside it, not assumed to fill it) and the whole table is a parameter of
 * the reader (`CardFrontReaderOptions.regions`), so a deployment can adjust it without code.
 */
export const CARD_WIDTH_MM = 85.6;
export const CARD_HEIGHT_MM = 53.98;

export interface MmRect {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export type CardField = 'birthDate' | 'expiry' | 'securityCode';

export type CardRegions = Readonly<Record<CardField, MmRect>>;

export const DEFAULT_CARD_REGIONS: CardRegions = {
  // "昭和55年 2月17日生" (without 性別, which sits further right).
  birthDate: { x: 7, y: 18.8, w: 35.5, h: 7.4 },
  // "2035年 2月17日まで有効".
  expiry: { x: 4.5, y: 28.6, w: 51, h: 7 },
  // Four digits under the photo.
  securityCode: { x: 59.5, y: 33.2, w: 24, h: 6.6 },
};
