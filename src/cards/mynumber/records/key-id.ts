/**
 * 16-byte CV-certificate key ids (spec §3.4): 7 ASCII digits, `08 05`, 3 ASCII digits, 4 padding
 * bytes, e.g. "5000023" 08 05 "001" 00 00 00 00 → 5000023/001. Production ids start with '5',
 * JPKI test-hierarchy ids with '6'.
 */
import { toHex } from '../../../bytes/hex';

export const KEY_ID_LENGTH = 16;

function safeAscii(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) {
    // Printable ASCII except the separator and the escape character; everything else as \xNN.
    s += b >= 0x20 && b <= 0x7e && b !== 0x2f && b !== 0x5c ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0').toUpperCase()}`;
  }
  return s;
}

/** Display form; falls back to plain hex for ids that do not have the 08 05 separator. */
export function formatKeyId(id: Uint8Array): string {
  if (id.length !== KEY_ID_LENGTH || id[7] !== 0x08 || id[8] !== 0x05) return toHex(id);
  return `${safeAscii(id.subarray(0, 7))}/${safeAscii(id.subarray(9, 12))}`;
}

export type KeyHierarchy = 'production' | 'test' | 'unknown';

/** 'production' for ids starting with ASCII '5', 'test' for '6' (spec §3.4, MC). */
export function keyIdHierarchy(id: Uint8Array): KeyHierarchy {
  if (id.length !== KEY_ID_LENGTH) return 'unknown';
  if (id[0] === 0x35) return 'production';
  if (id[0] === 0x36) return 'test';
  return 'unknown';
}
