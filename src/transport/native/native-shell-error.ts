import { ReasonedTransportError, TransportError, type TransportErrorCode } from '../card-transport';
import { NATIVE_SHELL_ERROR_CODES, type NativeShellErrorCode } from './native-shell-contract';

/**
 * Why the native (phone) path failed. Stable strings the UI can explain:
 * - `native-shell-missing`: the page is not running inside the Kazasu app (no window.kazasuNative);
 * - `native-shell-malformed`: window.kazasuNative exists but does not follow the contract;
 * - `native-version-unsupported`: the app speaks a contract version this page does not;
 * - `nfc-unavailable`: the phone has no NFC, or the app may not use it;
 * - `nfc-disabled`: NFC is switched off in the phone's settings;
 * - `session-busy`: another NFC session is running, or the app is not in the foreground;
 * - `user-cancelled`: the person closed the phone's NFC reading sheet;
 * - `session-timeout`: no card was held to the phone in time;
 * - `unsupported-tag`: what was held to the phone is not an ISO 7816 card;
 * - `tag-lost`: the card moved away from the phone during reading;
 * - `session-invalidated`: the phone ended the NFC session (time limit, app sent to background);
 * - `not-connected`: the app had no card connected when asked to send a command;
 * - `command-too-long`: a command was longer than the phone can send;
 * - `nfc-timeout`: the card did not answer the phone in time;
 * - `nfc-io-error`: the phone reported another NFC input/output failure;
 * - `shell-timeout`: the app did not answer the page within our bound;
 * - `malformed-answer`: the app answered something of the wrong type or size;
 * - `shell-failure`: the app failed in a way the contract does not name.
 */
export type NativeShellReason =
  | 'native-shell-missing'
  | 'native-shell-malformed'
  | 'native-version-unsupported'
  | 'nfc-unavailable'
  | 'nfc-disabled'
  | 'session-busy'
  | 'user-cancelled'
  | 'session-timeout'
  | 'unsupported-tag'
  | 'tag-lost'
  | 'session-invalidated'
  | 'not-connected'
  | 'command-too-long'
  | 'nfc-timeout'
  | 'nfc-io-error'
  | 'shell-timeout'
  | 'malformed-answer'
  | 'shell-failure';

export const NATIVE_REASON_CODES: Readonly<Record<NativeShellReason, TransportErrorCode>> = {
  'native-shell-missing': 'unsupported',
  'native-shell-malformed': 'unsupported',
  'native-version-unsupported': 'unsupported',
  'nfc-unavailable': 'unsupported',
  'nfc-disabled': 'unsupported',
  'session-busy': 'permission-denied',
  'user-cancelled': 'no-card',
  'session-timeout': 'no-card',
  'unsupported-tag': 'unsupported',
  'tag-lost': 'card-removed',
  // The tag connection is gone with the session: for the card session that is a card that left.
  'session-invalidated': 'card-removed',
  'not-connected': 'not-connected',
  'command-too-long': 'protocol',
  'nfc-timeout': 'timeout',
  'nfc-io-error': 'protocol',
  'shell-timeout': 'timeout',
  'malformed-answer': 'protocol',
  'shell-failure': 'protocol',
};

/** A TransportError from the native path, with the reason the UI explains. */
export class NativeShellError extends ReasonedTransportError<NativeShellReason> {
  constructor(reason: NativeShellReason, message: string, options?: { cause?: unknown }) {
    super(NATIVE_REASON_CODES[reason], reason, message, options);
  }
}

const SHELL_CODE_REASONS: Readonly<Record<NativeShellErrorCode, NativeShellReason>> = {
  'nfc-unavailable': 'nfc-unavailable',
  'nfc-disabled': 'nfc-disabled',
  'session-busy': 'session-busy',
  'user-cancelled': 'user-cancelled',
  'session-timeout': 'session-timeout',
  'unsupported-tag': 'unsupported-tag',
  'tag-lost': 'tag-lost',
  'session-invalidated': 'session-invalidated',
  'not-connected': 'not-connected',
  'too-long': 'command-too-long',
  timeout: 'nfc-timeout',
  'io-error': 'nfc-io-error',
};

/** The contract error code of a shell rejection (`{ code }`), if it names one. */
export function shellErrorCode(e: unknown): NativeShellErrorCode | undefined {
  if (!e || typeof e !== 'object' || !('code' in e)) return undefined;
  const code = (e as { code: unknown }).code;
  return typeof code === 'string' && (NATIVE_SHELL_ERROR_CODES as readonly string[]).includes(code) ? (code as NativeShellErrorCode) : undefined;
}

/** A shell rejection as a NativeShellError (codes outside the contract: shell-failure). */
export function toNativeShellError(e: unknown, during: string): NativeShellError {
  if (e instanceof NativeShellError) return e;
  const code = shellErrorCode(e);
  const reason = code ? SHELL_CODE_REASONS[code] : 'shell-failure';
  return new NativeShellError(reason, `${during} failed: ${code ?? 'error outside the contract'}`, { cause: e });
}

/** The reason for a session-invalidated event's code (default: session-invalidated). */
export function reasonOfInvalidation(code: NativeShellErrorCode | undefined): NativeShellReason {
  return code ? SHELL_CODE_REASONS[code] : 'session-invalidated';
}
