/**
 * Web NFC detection, for the UI to explain why a phone browser cannot read the card.
 *
 * Web NFC (`NDEFReader`, Chrome on Android) only reads and writes NDEF messages: "Low-level I/O
 * operations (e.g. ISO-DEP, NFC-A/B, NFC-F) … are not supported within the current scope"
 * (w3c/web-nfc abstract; reference browser-readers.md §5). The My Number Card speaks ISO 7816
 * APDUs over ISO-DEP and holds no NDEF message, so even where Web NFC exists it cannot read the
 * card; a native shell (transport/native) is needed.
 */

/**
 * - `web-nfc-ndef-only`: this browser has Web NFC, but it can only exchange NDEF messages, not
 *   the APDUs the My Number Card needs;
 * - `web-nfc-absent`: this browser has no Web NFC (desktop browsers, iOS, or not a secure context).
 */
export type WebNfcReason = 'web-nfc-ndef-only' | 'web-nfc-absent';

export type WebNfcStatus =
  | { readonly present: true; readonly canReadCard: false; readonly reason: 'web-nfc-ndef-only' }
  | { readonly present: false; readonly canReadCard: false; readonly reason: 'web-nfc-absent' };

/** Whether `NDEFReader` exists on the given global object (pass `globalThis`). */
export function webNfcStatus(global: unknown): WebNfcStatus {
  let reader: unknown;
  try {
    reader = global && typeof global === 'object' ? (global as { NDEFReader?: unknown }).NDEFReader : undefined;
  } catch {
    reader = undefined;
  }
  return typeof reader === 'function'
    ? { present: true, canReadCard: false, reason: 'web-nfc-ndef-only' }
    : { present: false, canReadCard: false, reason: 'web-nfc-absent' };
}
