import { KazasuError } from '../../errors/kazasu-error';

export type TiffErrorCode =
  /** Not a TIFF: byte order mark, magic 42 or the first IFD offset is wrong. */
  | 'tiff-bad-header'
  /** The IFD or a tag's values lie outside the file, repeat, or have the wrong type or count. */
  | 'tiff-bad-ifd'
  /** A valid TIFF that is not a bilevel CCITT Group 4 image Kazasu can show (other compression, colour, tiles…). */
  | 'tiff-unsupported'
  /** Width, height or pixel count beyond the decoder's limits. */
  | 'tiff-too-large'
  /** The Group 4 (T.6) data is not a valid code sequence for this width (bad code, run past the line end). */
  | 'tiff-g4-corrupt'
  /** The Group 4 data ended before every row was decoded. */
  | 'tiff-g4-truncated';

/** An image from a card that cannot be decoded. `offset` is the byte position in the TIFF file. */
export class TiffError extends KazasuError {
  constructor(
    readonly code: TiffErrorCode,
    message: string,
    readonly offset?: number,
  ) {
    super(offset === undefined ? message : `${message} (offset ${offset})`);
  }
}
