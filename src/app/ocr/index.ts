/** Camera reading of 照合番号B from the card front (issue 11). */
export { CodeBCamera, type CodeBCameraProps } from './CodeBCamera';
export type { CodeBCameraValues, PlausibilityOptions, PlausibilityReason } from './code-b-plausibility';
export { DEFAULT_CARD_REGIONS, type CardRegions, type MmRect } from './card-geometry';
