/** Response APDU = data ‖ SW1 SW2 (ISO 7816-4 §5.1). */
import { concatBytes, u16be } from '../bytes/byte-ops';
import { ApduError } from './apdu-error';

export interface ResponseApdu {
  readonly data: Uint8Array;
  /** SW1 << 8 | SW2 */
  readonly sw: number;
}

/** Splits off the trailer. `data` is a view into `bytes` (no copy). */
export function parseResponse(bytes: Uint8Array): ResponseApdu {
  const n = bytes.length;
  if (n < 2) {
    throw new ApduError('apdu-response-too-short', `response APDU needs SW1 SW2, got ${n} bytes`, 0);
  }
  return { data: bytes.subarray(0, n - 2), sw: (bytes[n - 2]! << 8) | bytes[n - 1]! };
}

export function encodeResponse(data: Uint8Array, sw: number): Uint8Array {
  if (!Number.isInteger(sw) || sw < 0 || sw > 0xffff) {
    throw new ApduError('apdu-invalid-command', 'status word must be an integer 0000..FFFF');
  }
  return concatBytes(data, u16be(sw));
}
