/** Synthetic card-front photos for the camera OCR tests and benchmark (browser-safe, no Node APIs). */
export { SIM_CARD_FRONT_LAYOUT, type CardFrontLayout, type MmBox, type TextItem } from './card-front-layout';
export { applyHomography, homographyFromPoints, invertHomography, type Homography, type Point } from './homography';
export { photographCard, type CardPhoto, type PhotoOptions, type PhotoParameters } from './photograph';
export {
  expectedCodeB,
  printedBirthDate,
  printedExpiry,
  printedFromProfile,
  randomCardFronts,
  type PrintedCardFront,
} from './printed-card-front';
export { renderCardFront, type RenderCardFrontOptions } from './render-card-front';
export { encodeY4m } from './y4m';
export { cardFrontVideo } from './card-front-video';
