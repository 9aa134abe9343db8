import { KazasuError } from '../../errors/kazasu-error';

/** Stable codes for misuse of the simulator revocation responders and minting helpers. */
export type SimRevocationErrorCode =
  | 'sim-crl-bad-params' // CRL minting parameters are invalid
  | 'sim-cert-unreadable' // a certificate given to a responder is not DER X.509
  | 'sim-server-failed'; // a test server could not start or stop

export class SimRevocationError extends KazasuError {
  readonly code: SimRevocationErrorCode;

  constructor(code: SimRevocationErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
