/**
 * Status-word catalogue: ISO 7816-4 §5.6 meanings as the My Number Card uses them
 * (spec §2.10). `describeStatus` never throws, so it is safe on any number a card returns.
 */
import { KazasuError } from '../errors/kazasu-error';
import { describeCommandHeader, type CommandApdu } from './command';
import type { ResponseApdu } from './response';

export type StatusCode =
  | 'ok'
  | 'more-data'
  | 'end-of-file-warning'
  | 'no-retry-limit'
  | 'verification-failed'
  | 'retries-exhausted'
  | 'wrong-length'
  | 'logical-channel-unsupported'
  | 'secure-messaging-unsupported'
  | 'incompatible-file-structure'
  | 'security-status-not-satisfied'
  | 'reference-data-blocked'
  | 'conditions-not-satisfied'
  | 'sm-data-missing'
  | 'sm-data-incorrect'
  | 'invalid-data'
  | 'function-not-supported'
  | 'file-not-found'
  | 'record-not-found'
  | 'incorrect-p1p2'
  | 'data-not-found'
  | 'wrong-offset'
  | 'wrong-le'
  | 'ins-not-supported'
  | 'cla-not-supported'
  | 'no-diagnosis'
  | 'unknown';

export interface StatusInfo {
  readonly sw: number;
  readonly code: StatusCode;
  /** True only for 9000. */
  readonly ok: boolean;
  /** 63Cx -> x (63C0 -> 0). */
  readonly retriesLeft?: number;
  /** 61xx -> xx, 00 -> 256. */
  readonly available?: number;
  /** 6Cxx -> xx, 00 -> 256. */
  readonly exactLength?: number;
  /** Short English description for developers. */
  readonly en: string;
}

/** Status words with one fixed meaning (spec §2.10). */
const FIXED: ReadonlyMap<number, readonly [StatusCode, string]> = new Map([
  [0x9000, ['ok', 'Normal processing']],
  [0x6282, ['end-of-file-warning', 'End of file reached before Le bytes were read']],
  [0x6300, ['no-retry-limit', 'This key has no retry limit']],
  [0x63c0, ['retries-exhausted', 'Verification failed; no tries left']],
  [0x6700, ['wrong-length', 'Wrong length']],
  [0x6881, ['logical-channel-unsupported', 'Logical channel not supported']],
  [0x6882, ['secure-messaging-unsupported', 'Secure messaging not supported']],
  [0x6981, ['incompatible-file-structure', 'Command incompatible with file structure']],
  [0x6982, ['security-status-not-satisfied', 'Security status not satisfied (PIN not verified)']],
  [0x6984, ['reference-data-blocked', 'Reference data blocked (key locked)']],
  [0x6985, ['conditions-not-satisfied', 'Conditions of use not satisfied']],
  [0x6987, ['sm-data-missing', 'Expected secure-messaging data objects missing']],
  [0x6988, ['sm-data-incorrect', 'Secure-messaging data objects incorrect']],
  [0x6a80, ['invalid-data', 'Incorrect parameters in the command data field']],
  [0x6a81, ['function-not-supported', 'Function not supported']],
  [0x6a82, ['file-not-found', 'File or application not found']],
  [0x6a83, ['record-not-found', 'Record not found']],
  [0x6a86, ['incorrect-p1p2', 'Incorrect parameters P1-P2']],
  [0x6a88, ['data-not-found', 'Referenced data not found']],
  [0x6b00, ['wrong-offset', 'Wrong parameters: offset outside the file']],
  [0x6d00, ['ins-not-supported', 'Instruction code not supported']],
  [0x6e00, ['cla-not-supported', 'Class not supported']],
  [0x6f00, ['no-diagnosis', 'No precise diagnosis']],
]);

/** Seen on the card but outside the catalogue (spec §5.4): code stays 'unknown', text helps logs. */
const UNCATALOGUED: ReadonlyMap<number, string> = new Map([
  [0x66f1, 'Secure messaging not available in this application (card-specific)'],
  [0x69fc, 'Secure-messaging session aborted after a counter error (card-specific)'],
]);

export function swHex(sw: number): string {
  return ((sw >>> 0) & 0xffff).toString(16).toUpperCase().padStart(4, '0');
}

export function describeStatus(sw: number): StatusInfo {
  if (!Number.isInteger(sw) || sw < 0 || sw > 0xffff) {
    return { sw, code: 'unknown', ok: false, en: 'Not a status word' };
  }
  const fixed = FIXED.get(sw);
  if (fixed) return { sw, code: fixed[0], ok: sw === 0x9000, ...(sw === 0x63c0 ? { retriesLeft: 0 } : {}), en: fixed[1] };

  const sw1 = sw >> 8;
  const sw2 = sw & 0xff;
  if (sw1 === 0x61) {
    // ISO 7816-4 §5.6: SW2 = bytes still available, 00 = 256 or more.
    const available = sw2 === 0 ? 256 : sw2;
    return { sw, code: 'more-data', ok: false, available, en: `${available} more bytes available (GET RESPONSE)` };
  }
  if (sw1 === 0x6c) {
    const exactLength = sw2 === 0 ? 256 : sw2;
    return { sw, code: 'wrong-le', ok: false, exactLength, en: `Wrong Le; resend with Le = ${exactLength}` };
  }
  if ((sw & 0xfff0) === 0x63c0) {
    // 63C1..63CF: wrong PIN, x tries left (spec §2.10). 63C0 is in FIXED.
    const retriesLeft = sw & 0x0f;
    return { sw, code: 'verification-failed', ok: false, retriesLeft, en: `Verification failed; ${retriesLeft} tries left` };
  }
  return { sw, code: 'unknown', ok: false, en: UNCATALOGUED.get(sw) ?? `Unrecognised status word ${swHex(sw)}` };
}

/**
 * A card answered something other than 9000. `command` is the header only
 * (describeCommandHeader) so the error can be logged without leaking a PIN.
 */
export class CardStatusError extends KazasuError {
  readonly code: StatusCode;
  readonly sw: number;
  readonly retriesLeft?: number;
  readonly command: string;

  constructor(sw: number, command: string, options?: { cause?: unknown }) {
    const info = describeStatus(sw);
    super(`${command}: card returned ${swHex(sw)} (${info.en})`, options);
    this.code = info.code;
    this.sw = sw;
    if (info.retriesLeft !== undefined) this.retriesLeft = info.retriesLeft;
    this.command = command;
  }
}

/** Returns the response data on 9000, else throws CardStatusError. */
export function expectOk(res: ResponseApdu, cmd: CommandApdu): Uint8Array {
  if (res.sw === 0x9000) return res.data;
  throw new CardStatusError(res.sw, describeCommandHeader(cmd));
}
