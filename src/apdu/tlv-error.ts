import { KazasuError } from '../errors/kazasu-error';

export type TlvErrorCode =
  | 'tlv-truncated'
  | 'tlv-bad-tag'
  | 'tlv-bad-length'
  | 'tlv-indefinite-length'
  | 'tlv-overrun'
  | 'tlv-trailing-data'
  | 'tlv-missing-tag'
  | 'tlv-duplicate-tag'
  | 'tlv-too-deep';

/**
 * Malformed TLV in untrusted card data. `offset` is absolute in the outermost buffer and names
 * the field at fault (tag, length, first stray byte). Encoders misused by our own code use -1.
 * Messages carry tags, lengths and offsets only, never value bytes (they may be personal data).
 */
export class TlvError extends KazasuError {
  constructor(
    readonly code: TlvErrorCode,
    message: string,
    readonly offset: number,
    options?: { cause?: unknown },
  ) {
    super(offset >= 0 ? `${message} (offset ${offset})` : message, options);
  }
}
