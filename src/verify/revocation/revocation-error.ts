import { KazasuError } from '../../errors/kazasu-error';
import type { DerFailure } from '../der/der-reader';

/**
 * Stable codes for failures inside the revocation module. Checkers never let these escape:
 * they turn them into a `failed` RevocationResult whose code comes from check-catalogue.ts.
 */
export type RevocationErrorCode =
  | 'crl-malformed' // not strict DER CertificateList (RFC 5280 §5.1); `offset` says where
  | 'crl-unsupported' // valid DER we must not use: delta CRL, unknown critical extension (RFC 5280 §5.2/§5.3)
  | 'crl-too-large' // more entries or bytes than the configured bound
  | 'certificate-malformed' // the leaf or issuer certificate is not strict DER X.509
  | 'pending-malformed' // a stored PendingRevocation record does not validate
  | 'ocsp-malformed'; // an OCSP response that pkijs or our checks cannot read

export class RevocationError extends KazasuError {
  readonly code: RevocationErrorCode;
  /** Byte offset of the offending TLV when the input was DER, else undefined. */
  readonly offset: number | undefined;

  constructor(code: RevocationErrorCode, message: string, offset?: number, options?: { cause?: unknown }) {
    super(offset === undefined ? message : `${message} (at offset ${offset})`, options);
    this.code = code;
    this.offset = offset;
  }
}

const failures = new Map<RevocationErrorCode, DerFailure>();

/** The strict DER reader's failures (../der) as RevocationError(code) naming the offset. */
export function revocationFailure(code: RevocationErrorCode): DerFailure {
  let f = failures.get(code);
  if (!f) {
    f = (message, offset) => {
      throw new RevocationError(code, message, offset);
    };
    failures.set(code, f);
  }
  return f;
}
