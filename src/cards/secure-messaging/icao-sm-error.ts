import { KazasuError } from '../../errors/kazasu-error';

/**
 * Stable codes of ICAO Doc 9303-11 §9.8 secure-messaging failures. Every one ends the SM session:
 * the keys are wiped and the card must be authenticated again.
 */
export type IcaoSmErrorCode =
  /** DO'8E' of an answer does not match the MAC computed with KS_MAC and the SSC (9303-11 §9.8.6.2 / §9.8.7.2). */
  | 'sm-mac-mismatch'
  /** A plain answer (no DO'8E') while SM is active: refused as a downgrade. */
  | 'sm-downgrade'
  /** The chip answered 6987 / 6988 without SM: it detected an SM error and closed the session (9303-11 §9.8.5). */
  | 'sm-aborted-by-chip'
  /** The answer's data objects are malformed, out of order, duplicated or unknown (9303-11 §9.8.4). */
  | 'sm-malformed-response'
  /** The decrypted data does not end in ISO/IEC 9797-1 padding method 2. */
  | 'sm-bad-padding'
  /** The answer has no DO'99' (status), so its status word is not authenticated. */
  | 'sm-missing-status'
  /** A command cannot be protected (already an SM class byte, too long, …). */
  | 'sm-bad-command'
  /** The session was already closed (keys wiped) when this command was sent. */
  | 'sm-session-closed'
  /** Keys or counter of the wrong size for the cipher. */
  | 'sm-bad-key';

export class IcaoSmError extends KazasuError {
  constructor(
    readonly code: IcaoSmErrorCode,
    message: string,
    /** Offset in the answer's data field where the problem was found, when there is one. */
    readonly offset?: number,
    /** The status word of a plain answer (downgrade / abort), for diagnosis. */
    readonly sw?: number,
  ) {
    super(message);
  }
}
