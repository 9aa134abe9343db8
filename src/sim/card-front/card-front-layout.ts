/**
 * Where the simulated card face puts each printed item, in millimetres from the card's top-left
 * corner (ID-1: 85.60 × 53.98 mm, ISO/IEC 7810). Modelled on the published 総務省 sample face:
 * name and address top left, birth date and sex under the address, the photo on the right with
 * the 4-digit セキュリティコード under it, the expiry "…まで有効" in a box lower left, the title
 * at the bottom. The exact positions and type sizes of real cards are UNCONFIRMED (nobody has
 * measured one for this project); every figure is a parameter of the renderer.
 */
export interface MmBox {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export interface TextItem extends MmBox {
  /** Em size in mm. */
  readonly size: number;
  readonly lines?: number;
}

export interface CardFrontLayout {
  readonly widthMm: number;
  readonly heightMm: number;
  readonly nameLabel: TextItem;
  readonly name: TextItem;
  readonly addressLabel: TextItem;
  readonly address: TextItem;
  readonly birthDate: TextItem;
  readonly sexLabel: TextItem;
  readonly sex: TextItem;
  readonly expiryBox: MmBox;
  readonly expiry: TextItem;
  readonly photo: MmBox;
  readonly securityCode: TextItem;
  readonly title: TextItem;
}

export const SIM_CARD_FRONT_LAYOUT: CardFrontLayout = {
  widthMm: 85.6,
  heightMm: 53.98,
  nameLabel: { x: 3, y: 3.2, w: 6, h: 3, size: 2.2 },
  name: { x: 10, y: 2, w: 46, h: 6, size: 4.5 },
  addressLabel: { x: 3, y: 11.2, w: 6, h: 3, size: 2.2 },
  address: { x: 10, y: 10, w: 46, h: 9, size: 3.2, lines: 2 },
  birthDate: { x: 10, y: 20.5, w: 32, h: 4.2, size: 3.2 },
  sexLabel: { x: 43, y: 21, w: 5, h: 3, size: 2.2 },
  sex: { x: 48, y: 20.5, w: 5, h: 4.2, size: 3.2 },
  expiryBox: { x: 3, y: 28.5, w: 53, h: 7 },
  expiry: { x: 8, y: 29.9, w: 44, h: 4.2, size: 3.2 },
  photo: { x: 60, y: 5, w: 22, h: 28 },
  securityCode: { x: 63.5, y: 34.5, w: 15, h: 4, size: 3 },
  title: { x: 3, y: 45.5, w: 40, h: 5, size: 3.8 },
};
