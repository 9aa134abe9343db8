import { KazasuError } from '../../errors/kazasu-error';

/** Codes raised while building the simulated card's images. */
export type SimImageErrorCode =
  | 'sim-image-bad-size'
  | 'sim-image-bad-text'
  | 'sim-image-bad-jp2'
  | 'sim-image-unknown-face';

/** Programming errors in simulated-card image building (bad dimensions, unknown face id, …). */
export class SimImageError extends KazasuError {
  readonly code: SimImageErrorCode;

  constructor(code: SimImageErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
