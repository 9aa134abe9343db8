/**
 * The card's face photo (券面AP DF27, greyscale JPEG 2000 in a JP2 file): a size guard, a
 * WebAssembly decoder in a Web Worker, and canvas helpers. Import lazily from screens that show
 * the photo (`await import('../photo')`) so the decoder stays out of the first-load bundle.
 */
export { decodeJp2, disposePhotoDecoder, preparePhotoDecoder, DEFAULT_DECODE_TIMEOUT_MS, type DecodedPhoto, type DecodeOptions } from './photo-decoder';
export { photoToCanvas, clearPhotoCanvas, wipeDecodedPhoto } from './photo-canvas';
export { readJp2Header, DEFAULT_PHOTO_LIMITS, type Jp2Header, type PhotoLimits } from './jp2-header';
export { PhotoError, isPhotoError, type PhotoErrorCode } from './photo-error';
