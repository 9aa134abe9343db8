import { KazasuError } from '../../../errors/kazasu-error';

export type SimPassportErrorCode =
  | 'sim-pp-bad-params' // minting parameters the simulator cannot honour
  | 'sim-pp-unknown-key' // no such simulated key
  | 'sim-pp-unknown-profile'; // no such simulated passport profile or forgery

/** Raised by src/sim/passport when it is asked for something it cannot build. */
export class SimPassportError extends KazasuError {
  constructor(
    readonly code: SimPassportErrorCode,
    message: string,
  ) {
    super(message);
  }
}
