import { KazasuError } from '../../errors/kazasu-error';

/**
 * Typed failures of the JPKI verifier. Chain and challenge checks turn these into Checks; the
 * parsers (attributes, summary) throw them to their caller.
 */
export type JpkiVerifyErrorCode =
  | 'jpki-malformed' // the certificate is not strict DER X.509 v3 we can read
  | 'jpki-san-malformed' // 署名用 subjectAltName otherNames absent or inconsistent (spec §4.5)
  | 'jpki-san-unsafe-text' // control / bidi-override characters in a text attribute (UI attack)
  | 'jpki-bad-argument'; // the caller passed something unusable (e.g. an invalid Date)

export class JpkiVerifyError extends KazasuError {
  readonly code: JpkiVerifyErrorCode;

  constructor(code: JpkiVerifyErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** The strict DER reader's failures (../der) as the JPKI verifier reports them. */
export const jpkiMalformed = (message: string, offset: number): never => {
  throw new JpkiVerifyError('jpki-malformed', `${message} (at offset ${offset})`);
};
