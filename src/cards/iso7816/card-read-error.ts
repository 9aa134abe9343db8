import { KazasuError } from '../../errors/kazasu-error';

export type CardReadErrorCode =
  | 'read-file-truncated'
  | 'read-file-too-large'
  | 'read-response-too-long'
  | 'read-bad-header'
  | 'read-bad-sfi';

/** Reading a file went wrong at the protocol level (the card's answers do not add up). */
export class CardReadError extends KazasuError {
  constructor(
    readonly code: CardReadErrorCode,
    message: string,
    readonly offset?: number,
  ) {
    super(message);
  }
}
