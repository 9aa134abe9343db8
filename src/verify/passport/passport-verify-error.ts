import { KazasuError } from '../../errors/kazasu-error';

/** Stable codes for input the passport verifier cannot work with at all (never for a document that merely fails a check). */
export type PassportVerifyErrorCode =
  | 'pp-cert-malformed' // an X.509 certificate (DSC, CSCA, signer) cannot be decoded
  | 'pp-ml-malformed' // a master list is not a CMS CscaMasterList
  | 'pp-crl-malformed' // a CRL cannot be decoded
  | 'pp-trust-bad-input' // trust-store input (PEM, JSON) is not what was expected
  | 'pp-bad-argument'; // a caller passed something unusable (invalid Date, …)

export class PassportVerifyError extends KazasuError {
  constructor(
    readonly code: PassportVerifyErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
