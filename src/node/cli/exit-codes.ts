/**
 * The CLI's exit codes — a contract for scripts and integrators (README "Exit codes", every
 * `--help`). Stable: a code's meaning never changes; new codes may be added.
 */
import { isKazasuError } from '../../errors/kazasu-error';

export const EXIT = {
  /** verify: the outcome is `verified`; read: everything asked for was read; other commands: done. */
  ok: 0,
  /** verify: the card (or recording) was checked and the outcome is `failed` or `incomplete`; read: a part could not be read. */
  notVerified: 1,
  /** The command line is wrong: unknown command or option, a missing or bad value, an unknown profile, document, purpose or forgery. */
  usage: 2,
  /** A credential was refused, before any try was used (blocked, last try not confirmed, bad format, missing) or by the card (wrong value). */
  credential: 3,
  /** The reader or the card: PC/SC not available, no such reader, no card, the card left the reader, an unknown card, a card that answered what no card should. */
  card: 4,
  /** A file given to the command was refused: a recording (dump) or its manifest, a trust-anchor file. */
  input: 5,
  /** A bug in Kazasu (an error no code path expected). Please report it with the command line (without credentials). */
  internal: 70,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The table printed by `--help` and README "Exit codes". */
export const EXIT_CODE_HELP = `Exit codes:
  0   verified (verify) · read complete (read) · done
  1   checked, but not verified: outcome failed or incomplete (verify); a part could not be read (read)
  2   usage: unknown command or option, missing or bad value, unknown profile/document/purpose/forgery
  3   credential refused: blocked, last try not confirmed (--confirm-last-try), bad format, missing, wrong
  4   reader or card: PC/SC unavailable, no such reader, no card, card removed, unknown card
  5   a file was refused: recording (dump) or manifest, trust-anchor file
  70  internal error (a bug; please report it)`;

const CREDENTIAL_CODES = new Set([
  'pin-wrong',
  'pin-blocked',
  'pin-last-try-unconfirmed',
  'pin-unexpected-status',
  'credential-format',
  'credential-missing',
  'credential-blocked',
  'credential-last-try',
  'credential-attempts-exhausted',
  'verify-once-per-run',
  // The passport's access keys (MRZ data or CAN) refused by the chip, and the licence's PIN-setting
  // mismatches ('****' on a card with PINs, digits on one without): all credentials.
  'bac-wrong-mrz',
  'pace-wrong-password',
  'licence-pin-is-set',
  'licence-pin-not-set',
  'licence-pin-required',
]);

// bridge-config: an --allow-origin entry that is not an exact origin (the command line).
const USAGE_CODES = new Set(['cli-usage', 'sim-profile-invalid', 'document-purpose-unsupported', 'recording-purpose-unsupported', 'bridge-config']);

/** Which exit code an error ends the command with. Non-Kazasu errors are bugs (70). */
export function exitCodeFor(error: unknown): ExitCode {
  if (!isKazasuError(error)) return EXIT.internal;
  const code = error.code;
  if (USAGE_CODES.has(code)) return EXIT.usage;
  if (CREDENTIAL_CODES.has(code)) return EXIT.credential;
  if (code.startsWith('recording-') || code.startsWith('anchor-')) return EXIT.input;
  // Everything else typed comes from the reader, the card or what the card sent.
  return EXIT.card;
}
