import { TransportError, type TransportErrorCode } from '../card-transport';

/**
 * Why the browser would not let us use the reader. Stable strings the UI can explain:
 * - `webusb-unavailable`: no navigator.usb (not Chromium, not a secure context, or blocked by
 *   Permissions-Policy);
 * - `chooser-cancelled`: requestDevice() found no selection (NotFoundError);
 * - `request-blocked`: requestDevice() refused (SecurityError: no user gesture, or policy);
 * - `no-reader`: no remembered RC-S380 is plugged in;
 * - `open-refused`: open() failed (on Windows usually Sony's driver instead of WinUSB; Zadig);
 * - `claim-refused`: claimInterface() SecurityError (protected class or policy, §1.1);
 * - `interface-busy`: claimInterface() NetworkError (another driver or tab holds it; on Linux the
 *   kernel `port100` module, reference §1.3);
 * - `not-a-port100`: the device has no vendor-specific interface with bulk IN and OUT.
 */
export type ReaderAccessReason =
  | 'webusb-unavailable'
  | 'chooser-cancelled'
  | 'request-blocked'
  | 'no-reader'
  | 'open-refused'
  | 'claim-refused'
  | 'interface-busy'
  | 'not-a-port100';

/** A TransportError ('permission-denied', 'unsupported' or 'reader-unplugged') with its reason. */
export class ReaderAccessError extends TransportError {
  constructor(
    code: Extract<TransportErrorCode, 'permission-denied' | 'unsupported' | 'reader-unplugged'>,
    readonly reason: ReaderAccessReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}
