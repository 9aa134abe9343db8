import { KazasuError } from '../../errors/kazasu-error';

/**
 * Failures of the residence-card library above the APDU level. Messages name files, tags and
 * offsets only — never a card number, a field value or key material.
 */
export type ResidenceCardErrorCode =
  /** The card number typed in is not 2 letters, 8 digits, 2 letters. Nothing was sent to the card. */
  | 'rc-card-number-format'
  /**
   * The card refused the card number (MUTUAL AUTHENTICATE or VERIFY answered 63 00). One failed
   * authentication: the session counts these (no retry counter exists on the card, §4.2.2(2)).
   */
  | 'rc-card-number-rejected'
  /** Two authentications already failed on this placement: staff must compare the number with the card. */
  | 'rc-card-number-attempts-exhausted'
  /** The card's MUTUAL AUTHENTICATE answer has a wrong MAC or does not echo our challenge (not a wrong number: a faulty or forged chip). */
  | 'rc-auth-card-response-invalid'
  /** The card refused a step of authentication for another reason (status word in the message). */
  | 'rc-auth-failed'
  /** A read needs the card-number authentication first. */
  | 'rc-not-authenticated'
  /** SELECT MF or the MF common-data / card-type files are missing: this is not a residence card. */
  | 'rc-not-a-residence-card'
  /** The card type is a residence-card kind Kazasu does not read (特定在留カード 07/08: separate spec 001460712). */
  | 'rc-unsupported-card-type'
  /** A file's bytes do not form the data objects the spec describes (wrong tag, length, value). */
  | 'rc-record-malformed'
  /** A file read went wrong at the protocol level (ended early, too long). */
  | 'rc-read-failed';

export class ResidenceCardError extends KazasuError {
  constructor(
    readonly code: ResidenceCardErrorCode,
    message: string,
    readonly offset?: number,
  ) {
    super(offset === undefined ? message : `${message} (offset ${offset})`);
  }
}

/** The stage of the card-number authentication that refused the number. */
export type AuthenticationStage = 'mutual-authenticate' | 'verify';

/**
 * A failed card-number authentication: the card refused the number (`rc-card-number-rejected`).
 * The session layer counts these per placement; `attempt` is this placement's count so far.
 */
export class CardNumberRejectedError extends ResidenceCardError {
  constructor(
    readonly stage: AuthenticationStage,
    readonly attempt: number,
  ) {
    super('rc-card-number-rejected', `the card refused the card number at ${stage} (failed authentication ${attempt} on this placement)`);
  }
}
