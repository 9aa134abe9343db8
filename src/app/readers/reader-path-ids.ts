/**
 * The reader paths the kiosk knows (browser-readers.md "Recommended transport architecture"),
 * plus Web NFC, which is only ever explained, never usable: it cannot send APDUs (§5).
 */
export const READER_PATH_IDS = ['demo', 'webusb-port100', 'webusb-rcs300', 'webusb-ccid', 'smartcard-api', 'bridge', 'native'] as const;
export type ReaderPathId = (typeof READER_PATH_IDS)[number];

/** Paths that talk to a physical card (and so verify against production trust by default). */
export function isRealReader(id: ReaderPathId): boolean {
  return id !== 'demo';
}
