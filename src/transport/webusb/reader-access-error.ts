import { UsbAccessError, type UsbAccessReason } from './usb-access';

/**
 * Why the browser would not let us use a Sony reader's vendor-specific interface (RC-S380
 * interface 0, RC-S300 interface 1). Stable strings the UI can explain:
 * - `webusb-unavailable`: no navigator.usb (not Chromium, not a secure context, or blocked by
 *   Permissions-Policy);
 * - `chooser-cancelled`: requestDevice() found no selection (NotFoundError);
 * - `request-blocked`: requestDevice() refused (SecurityError: no user gesture, or policy);
 * - `no-reader`: no remembered reader of the kind is plugged in;
 * - `open-refused`: open() failed (on Windows usually Sony's driver instead of WinUSB; Zadig);
 * - `claim-refused`: claimInterface() SecurityError (protected class or policy, §1.1);
 * - `interface-busy`: claimInterface() NetworkError (another driver or tab holds it; on Linux the
 *   kernel `port100` module, reference §1.3);
 * - `not-a-port100`: the device has no vendor-specific interface with bulk IN and OUT, or is not
 *   an RC-S380;
 * - `not-an-rcs300`: the device is not an RC-S300, or its vendor interface 1 has no bulk IN and OUT.
 */
export type ReaderAccessReason = UsbAccessReason | 'claim-refused' | 'not-a-port100' | 'not-an-rcs300';

/** A TransportError ('permission-denied', 'unsupported' or 'reader-unplugged') with its reason. */
export class ReaderAccessError extends UsbAccessError<ReaderAccessReason> {}
