export { decodeBilevelTiff, DEFAULT_TIFF_LIMITS, type BilevelImage, type TiffLimits } from './tiff-bilevel';
export { TiffError, type TiffErrorCode } from './tiff-error';
