import { UsbAccessError, type UsbAccessReason } from '../webusb/usb-access';

/**
 * Why the browser (or the reader) would not let us use a CCID reader. Stable strings the UI can
 * explain:
 * - `webusb-unavailable`: no navigator.usb (not Chromium, not a secure context, or blocked by
 *   Permissions-Policy);
 * - `not-isolated-context`: an ordinary page or installed PWA; Chrome will refuse to claim the
 *   Smart Card class (reference browser-readers.md §1.1) — availability check only;
 * - `usb-unrestricted-not-granted`: cross-origin isolated, but the document is not allowed
 *   "usb-unrestricted" (an Isolated Web App must list it in its manifest, §1.2) — availability
 *   check only;
 * - `protected-class-blocked`: claimInterface() was refused with SecurityError: this browser
 *   context may not claim CCID readers; use an Isolated Web App, Electron, or the local PC/SC
 *   bridge (§1.1, §1.2, §6);
 * - `chooser-cancelled`: requestDevice() ended with no selection (NotFoundError);
 * - `request-blocked`: requestDevice() refused (SecurityError: no user gesture, or policy);
 * - `no-reader`: no remembered CCID reader is plugged in (or it vanished while opening);
 * - `open-refused`: open() or selectConfiguration() failed;
 * - `interface-busy`: claimInterface() NetworkError — the operating system's CCID driver or
 *   pcscd holds the interface;
 * - `not-a-ccid-reader`: the device has no Smart Card class (0x0B) interface with bulk IN and OUT;
 * - `unsupported-exchange-level`: the reader works at TPDU or character level, which this path
 *   does not implement (it needs short or extended APDU level).
 */
export type CcidAccessReason =
  | UsbAccessReason
  | 'not-isolated-context'
  | 'usb-unrestricted-not-granted'
  | 'protected-class-blocked'
  | 'not-a-ccid-reader'
  | 'unsupported-exchange-level';

/** A TransportError ('permission-denied', 'unsupported' or 'reader-unplugged') with its reason. */
export class CcidAccessError extends UsbAccessError<CcidAccessReason> {}

export const PROTECTED_CLASS_MESSAGE =
  'This browser context may not claim CCID (smart card class) readers; use an Isolated Web App, Electron, or the local PC/SC bridge';
