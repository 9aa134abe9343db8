import { KazasuError } from '../../../errors/kazasu-error';

/** Stable codes of LDS parsing failures (ICAO 9303-10 files read from an untrusted chip). */
export type LdsErrorCode =
  | 'lds-truncated' // a tag, length or value runs past the end of the data
  | 'lds-bad-tag' // tag missing, 00, or longer than this reader accepts
  | 'lds-bad-length' // length form not accepted (oversized, indefinite where DER is required, …)
  | 'lds-unexpected-tag' // a data object other than the one the structure prescribes
  | 'lds-missing-field' // a mandatory data object or field is absent
  | 'lds-bad-value' // a value of the right tag whose content is not acceptable
  | 'lds-too-deep' // nesting beyond the reader's bound
  | 'lds-trailing-data' // bytes after the object where none may be
  | 'lds-mrz-format' // DG1 MRZ: wrong length, characters or field layout
  | 'lds-mrz-check-digit' // DG1 MRZ: a check digit does not match its field
  | 'lds-unsupported'; // well-formed, but a variant this parser does not handle

/**
 * Raised by the LDS parsers. `offset` is the byte offset (from the start of the file or object
 * given to the parser) where the problem was found, or -1 when it is about the whole input.
 */
export class LdsError extends KazasuError {
  constructor(
    readonly code: LdsErrorCode,
    message: string,
    readonly offset: number,
    options?: { cause?: unknown },
  ) {
    super(offset >= 0 ? `${message} (at offset ${offset})` : message, options);
  }
}
