import { KazasuError } from '../errors/kazasu-error';

export type ApduErrorCode =
  | 'apdu-invalid-command'
  | 'apdu-too-long-for-short'
  | 'apdu-response-too-short'
  | 'apdu-get-response-loop'
  | 'apdu-wrong-le-loop';

/**
 * A command or response APDU that cannot be built or parsed, or a card that keeps asking for
 * GET RESPONSE / a new Le. When the problem sits at a byte position, `offset` names it (and the
 * message repeats it) so a log line points at the exact byte.
 *
 * Messages never contain command data: it may hold a PIN or 照合番号.
 */
export class ApduError extends KazasuError {
  constructor(
    readonly code: ApduErrorCode,
    message: string,
    readonly offset?: number,
    options?: { cause?: unknown },
  ) {
    super(offset === undefined ? message : `${message} (offset ${offset})`, options);
  }
}
