/**
 * Secure messaging (ISO/IEC 7816-4 §10) as a layer of `cards/`: a scheme turns a plain command
 * into its protected form and checks and opens the card's protected answer. Card modules send
 * through a `SecureChannel` (secure-channel.ts) and never build protected APDUs themselves.
 *
 * Schemes (each in its own file of this folder):
 * - the residence card's encrypt-only SM (在留カード等仕様書: gen 1 two-key 3DES-CBC, gen 2 AES-128-CBC;
 *   no MAC and no send sequence counter on data, only some commands protected);
 * - ICAO Doc 9303-11 §9.8 SM after BAC / PACE / Chip Authentication (3DES or AES, SSC, DO87/85/97/99/8E,
 *   a MAC on every command and every answer; a plain answer while SM is active is a downgrade).
 *
 * Every byte of a response is untrusted: `unprotect` validates the data objects, lengths and
 * padding and throws a typed `KazasuError` (never a TypeError) when anything is wrong.
 */
import type { CommandApdu } from '../../apdu/command';
import type { ResponseApdu } from '../../apdu/response';

export interface SecureMessaging {
  /** Stable scheme name for traces, errors and reports (e.g. 'residence-gen1', 'icao-aes'). */
  readonly scheme: string;
  /**
   * The protected form of `command`. May advance the scheme's state (an SSC), so each protected
   * command must be sent exactly once and its answer given to `unprotect` before the next.
   */
  protect(command: CommandApdu): Promise<CommandApdu>;
  /**
   * Check and open the card's answer to the protected form of `command`: returns the plain data
   * and the status word the card meant. Throws on a MAC mismatch, a missing or malformed data
   * object, bad padding, or an unprotected answer where the scheme requires protection.
   */
  unprotect(response: ResponseApdu, command: CommandApdu): Promise<ResponseApdu>;
  /** Forget the session keys (called when the session ends or the card leaves the reader). */
  destroy(): void;
}
