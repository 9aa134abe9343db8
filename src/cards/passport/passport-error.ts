import { KazasuError } from '../../errors/kazasu-error';

/**
 * Stable codes for the passport's access control, reading and chip authentication. Messages are
 * for developers; they never contain the MRZ key material, the CAN or any key.
 */
export type PassportErrorCode =
  // Password input
  | 'mrz-invalid'
  | 'can-invalid'
  // Detection
  | 'not-an-emrtd'
  // BAC (9303-11 §4.3)
  | 'bac-wrong-mrz'
  | 'bac-bad-response'
  | 'bac-not-available'
  // PACE (9303-11 §4.4)
  | 'pace-unsupported'
  | 'pace-refused-parameters'
  | 'pace-wrong-password'
  | 'pace-password-blocked'
  | 'pace-chip-token-invalid'
  | 'pace-bad-chip-key'
  | 'pace-protocol-error'
  // Chip genuineness (9303-11 §6)
  | 'aa-failed'
  | 'ca-unsupported'
  | 'ca-refused'
  | 'ca-failed'
  | 'cam-invalid'
  // Reading
  | 'read-failed'
  | 'file-too-large'
  | 'file-malformed'
  | 'not-authenticated';

export class PassportError extends KazasuError {
  constructor(
    readonly code: PassportErrorCode,
    message: string,
    options?: { cause?: unknown; offset?: number; sw?: number },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    if (options?.offset !== undefined) this.offset = options.offset;
    if (options?.sw !== undefined) this.sw = options.sw;
  }
  readonly offset?: number;
  readonly sw?: number;
}
