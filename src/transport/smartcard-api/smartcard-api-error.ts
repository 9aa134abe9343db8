import { ReasonedTransportError, TransportError, type TransportErrorCode } from '../card-transport';

/**
 * Why the Web Smart Card API path failed. Stable strings the UI can explain:
 * - `smartcard-api-missing`: no navigator.smartCard (only Isolated Web Apps get it; reference §4);
 * - `insecure-context`: the page is not a secure context, so the API cannot exist;
 * - `policy-blocked`: establishContext() SecurityError: the "smart-card" permissions policy
 *   does not allow this document;
 * - `pcsc-unavailable`: the system PC/SC service is not running (SCARD_E_NO_SERVICE or the
 *   service stopped; on ChromeOS: the Smart Card Connector app is missing);
 * - `pcsc-busy`: the PC/SC service was too busy (SCARD_E_SERVER_TOO_BUSY);
 * - `no-reader`: no (matching) reader is attached;
 * - `reader-removed`: the reader went away (unknown-reader / reader-unavailable);
 * - `reader-busy`: another program holds the card (sharing-violation);
 * - `permission-denied`: connect() NotAllowedError: the person or policy refused access;
 * - `no-card`: no card on the reader (no-smartcard);
 * - `card-removed`: the card left the reader (removed-card);
 * - `card-reset`: another program reset the card during our session (reset-card): any PIN
 *   status is gone;
 * - `card-unresponsive`: a card is there but does not answer (unresponsive-card, unpowered-card);
 * - `card-unsupported`: the reader cannot talk to this card (unsupported-card, proto-mismatch,
 *   unsupported-feature, or a protocol other than T=0/T=1);
 * - `reader-timeout`: the API did not answer within our bound;
 * - `malformed-answer`: the API answered something of the wrong type or size;
 * - `pcsc-failure`: any other PC/SC or browser error (not-ready, not-transacted,
 *   system-cancelled, InvalidStateError, UnknownError, …).
 */
export type SmartCardApiReason =
  | 'smartcard-api-missing'
  | 'insecure-context'
  | 'policy-blocked'
  | 'pcsc-unavailable'
  | 'pcsc-busy'
  | 'no-reader'
  | 'reader-removed'
  | 'reader-busy'
  | 'permission-denied'
  | 'no-card'
  | 'card-removed'
  | 'card-reset'
  | 'card-unresponsive'
  | 'card-unsupported'
  | 'reader-timeout'
  | 'malformed-answer'
  | 'pcsc-failure';

/** The TransportError code each reason is raised with (what the card library acts on). */
export const SMART_CARD_REASON_CODES: Readonly<Record<SmartCardApiReason, TransportErrorCode>> = {
  'smartcard-api-missing': 'unsupported',
  'insecure-context': 'unsupported',
  'policy-blocked': 'permission-denied',
  'pcsc-unavailable': 'unsupported',
  'pcsc-busy': 'protocol',
  'no-reader': 'reader-unplugged',
  'reader-removed': 'reader-unplugged',
  'reader-busy': 'permission-denied',
  'permission-denied': 'permission-denied',
  'no-card': 'no-card',
  'card-removed': 'card-removed',
  // Our session (selected DF, security status) is gone exactly as if the card had left.
  'card-reset': 'card-removed',
  'card-unresponsive': 'no-card',
  'card-unsupported': 'unsupported',
  'reader-timeout': 'timeout',
  'malformed-answer': 'protocol',
  'pcsc-failure': 'protocol',
};

/** A TransportError from the Web Smart Card API path, with the reason the UI explains. */
export class SmartCardApiError extends ReasonedTransportError<SmartCardApiReason> {
  /** SmartCardError.responseCode when the API gave one. */
  readonly responseCode: string | undefined;
  /** The DOMException (or TypeError) name when the API gave one. */
  readonly domName: string | undefined;

  constructor(reason: SmartCardApiReason, message: string, options?: { cause?: unknown; responseCode?: string; domName?: string }) {
    super(SMART_CARD_REASON_CODES[reason], reason, message, options);
    this.responseCode = options?.responseCode;
    this.domName = options?.domName;
  }
}

/** What the API was doing, so an ambiguous error (InvalidStateError, SecurityError) is read right. */
export type SmartCardOperation = 'establish-context' | 'list-readers' | 'status-change' | 'connect' | 'status' | 'transmit' | 'disconnect';

const RESPONSE_CODE_REASONS: Readonly<Record<string, SmartCardApiReason>> = {
  'no-service': 'pcsc-unavailable',
  'no-smartcard': 'no-card',
  'not-ready': 'pcsc-failure',
  'not-transacted': 'pcsc-failure',
  'proto-mismatch': 'card-unsupported',
  'reader-unavailable': 'reader-removed',
  'removed-card': 'card-removed',
  'reset-card': 'card-reset',
  'server-too-busy': 'pcsc-busy',
  'sharing-violation': 'reader-busy',
  'system-cancelled': 'pcsc-failure',
  'unknown-reader': 'reader-removed',
  'unpowered-card': 'card-unresponsive',
  'unresponsive-card': 'card-unresponsive',
  'unsupported-card': 'card-unsupported',
  'unsupported-feature': 'card-unsupported',
};

function stringProperty(e: unknown, key: 'name' | 'responseCode' | 'message'): string | undefined {
  if (!e || typeof e !== 'object' || !(key in e)) return undefined;
  const v = (e as Record<string, unknown>)[key];
  return typeof v === 'string' ? v.slice(0, 200) : undefined;
}

/**
 * Any rejection of the Web Smart Card API as a SmartCardApiError. SmartCardError carries a
 * `responseCode` (§SmartCardError "corresponding exception"); the other PC/SC codes arrive as
 * TypeError, InvalidStateError, AbortError or UnknownError, and Chromium rejects a refused
 * permission prompt with NotAllowedError (blink smart_card_error.cc, kPermissionDenied).
 */
export function toSmartCardApiError(e: unknown, during: SmartCardOperation): SmartCardApiError {
  if (e instanceof SmartCardApiError) return e;
  const name = stringProperty(e, 'name');
  const what = `${during} failed`;
  if (name === 'SmartCardError') {
    const responseCode = stringProperty(e, 'responseCode');
    const reason = (responseCode !== undefined ? RESPONSE_CODE_REASONS[responseCode] : undefined) ?? 'pcsc-failure';
    return new SmartCardApiError(reason, `${what}: ${responseCode ?? 'SmartCardError without a response code'}`, { cause: e, responseCode, domName: name });
  }
  let reason: SmartCardApiReason = 'pcsc-failure';
  if (name === 'NotAllowedError') reason = 'permission-denied';
  // establishContext() throws SecurityError when the "smart-card" policy-controlled feature is
  // not allowed (§establishContext step 1).
  else if (name === 'SecurityError') reason = during === 'establish-context' ? 'policy-blocked' : 'permission-denied';
  // SCARD_E_SERVICE_STOPPED maps to InvalidStateError; at establishContext that can only mean
  // the service. Elsewhere InvalidStateError also means "context busy" or "connection gone".
  else if (name === 'InvalidStateError' && during === 'establish-context') reason = 'pcsc-unavailable';
  return new SmartCardApiError(reason, `${what}: ${name ?? typeof e}`, { cause: e, domName: name });
}
