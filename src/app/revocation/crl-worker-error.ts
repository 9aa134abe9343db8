import { KazasuError } from '../../errors/kazasu-error';

/**
 * Why building a CRL index in the worker failed. Stable codes for the UI; messages are for
 * developers (they never contain personal data: a CRL lists only serials).
 */
export type CrlWorkerErrorCode =
  /** The CRL is not strict DER, uses an unsupported feature (delta, indirect), or lists a serial twice. */
  | 'crl-malformed'
  /** The CRL's issuer, signature or the issuer's cRLSign permission does not check out. */
  | 'crl-signature-invalid'
  /** The CRL could not be downloaded (network error, HTTP status other than 200, timeout). */
  | 'crl-download-failed'
  /** The CRL has more bytes or entries than the configured limits. */
  | 'crl-too-large'
  /** The index was built but could not be kept in IndexedDB (quota, private mode). */
  | 'crl-store-failed'
  /** The request was refused before it reached the worker, or by the worker, as out of bounds. */
  | 'crl-worker-bad-request'
  /** The worker could not start (blocked by CSP, file missing). */
  | 'crl-worker-unavailable'
  /** The worker did not answer in time and was terminated. */
  | 'crl-worker-timeout'
  /** The worker answered with something that is not a well-formed index. */
  | 'crl-worker-bad-message'
  /** dispose() was called while the request was waiting or running. */
  | 'crl-worker-disposed';

export class CrlWorkerError extends KazasuError {
  readonly code: CrlWorkerErrorCode;

  constructor(code: CrlWorkerErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
