import { KazasuError } from '../../errors/kazasu-error';

export type RcSimErrorCode = 'sim-image-too-large' | 'sim-forgery-failed' | 'sim-build-failed';

/** The residence-card simulator cannot build what it was asked for. */
export class RcSimError extends KazasuError {
  constructor(
    readonly code: RcSimErrorCode,
    message: string,
  ) {
    super(message);
  }
}
