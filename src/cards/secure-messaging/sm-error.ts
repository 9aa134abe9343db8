import { KazasuError } from '../../errors/kazasu-error';

/**
 * Why a secure-messaging step failed. Scheme-neutral: the residence-card schemes use the padding,
 * data-object and cryptogram codes; ICAO SM adds MAC and counter failures under the same codes.
 */
export type SecureMessagingErrorCode =
  /** ISO/IEC 9797-1 method 2 padding missing or wrong after decryption (corrupted cryptogram, wrong key). */
  | 'sm-bad-padding'
  /** A ciphertext whose length is not a whole number of cipher blocks, or empty. */
  | 'sm-bad-cryptogram-length'
  /** The answer lacks a data object the scheme requires (e.g. no DO 86/87 with data, no DO 99/8E). */
  | 'sm-missing-do'
  /** A data object is malformed: bad TLV, unknown or repeated tag, wrong padding-indicator byte. */
  | 'sm-malformed-do'
  /** The card answered in plain where the scheme requires a protected answer (a downgrade). */
  | 'sm-unprotected-answer'
  /** A MAC (cryptographic checksum) over a protected answer does not match. */
  | 'sm-mac-mismatch'
  /** A key or IV has the wrong length for the cipher, or the caller passed impossible input. */
  | 'sm-bad-key'
  /** The scheme cannot protect this command (e.g. a command that already carries CLA SM bits). */
  | 'sm-unsupported-command'
  /** destroy() was called (card left, session ended): the session keys are gone. */
  | 'sm-session-closed';

/**
 * A secure-messaging failure. `offset` names the byte of the response data at fault when there
 * is one. Messages never contain key material, plaintext or cryptograms.
 */
export class SecureMessagingError extends KazasuError {
  constructor(
    readonly code: SecureMessagingErrorCode,
    message: string,
    readonly offset?: number,
  ) {
    super(offset === undefined ? message : `${message} (offset ${offset})`);
  }
}
