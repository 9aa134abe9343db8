import { KazasuError } from '../../errors/kazasu-error';

/**
 * Why a face photo could not be shown. Stable codes: the UI maps them to Japanese and English
 * text; messages are for developers and never contain image data.
 */
export type PhotoErrorCode =
  /** The bytes do not start with the 12-byte JP2 signature box. */
  | 'photo-not-jp2'
  /** The JP2 boxes or the codestream header (SIZ) are malformed or disagree with each other. */
  | 'photo-bad-jp2'
  /** Larger than the guard allows (bytes, width, height, components or tiles) — refused before decoding. */
  | 'photo-too-large'
  /** OpenJPEG rejected the codestream, or its output does not match the header. */
  | 'photo-decode-failed'
  /** The decode did not finish within the time limit; the worker was terminated. */
  | 'photo-decode-timeout'
  /** The worker or the WebAssembly decoder could not start (e.g. blocked by CSP, file missing). */
  | 'photo-decoder-unavailable'
  /** disposePhotoDecoder() was called while this decode was waiting or running. */
  | 'photo-decoder-disposed'
  /** The canvas has no 2D context. */
  | 'photo-canvas-unavailable';

export class PhotoError extends KazasuError {
  readonly code: PhotoErrorCode;

  constructor(code: PhotoErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

export function isPhotoError(e: unknown): e is PhotoError {
  return e instanceof PhotoError;
}
