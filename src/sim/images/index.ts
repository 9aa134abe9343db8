/** Image building for the simulated card (browser-safe: no Node APIs anywhere below). */
export type { Contour, GlyphOutline, GlyphSource, PathCommand } from './glyph-source';
export { createGreyImage, type GreyImage } from './grey-image';
export { renderTextImage, type Padding, type TextImage, type TextImageOptions } from './rasterize';
export { encodeGreyPng, packOneBit, type GreyPngOptions } from './png';
export { renderPixelDigits } from './pixel-digits';
export {
  ADDRESS_IMAGE_DEFAULTS,
  MY_NUMBER_IMAGE_SIZE,
  NAME_IMAGE_DEFAULTS,
  SECURITY_CODE_IMAGE_SIZE,
  renderAddressPng,
  renderMyNumberPng,
  renderNamePng,
  renderSecurityCodePng,
  type CardTextPng,
  type ImageSize,
} from './card-face-images';
export { JP2_SIGNATURE, readJp2Info, type Jp2Info } from './jp2-info';
export { SimImageError, type SimImageErrorCode } from './sim-image-error';
