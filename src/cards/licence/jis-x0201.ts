/**
 * JIS X 0201 (Roman) fields: numbers, dates and the signature file's names (licence-facts §3.1,
 * §3.7) [I×5]. Only printable characters 20–7E are accepted; 5C and 7E are ¥ and ‾ in JIS X 0201
 * but never occur in digits or in the ASCII names the implementations show, so they are read as
 * ASCII.
 */
import { LicenceRecordError } from './licence-errors';

/** Exactly the given number of digits (or any number when `length` is undefined). */
export function jisDigits(bytes: Uint8Array, record: string, offset: number, what: string, length?: number): string {
  if (length !== undefined && bytes.length !== length) {
    throw new LicenceRecordError('licence-record-bad-length', record, `${what} must be ${length} digits, is ${bytes.length} bytes`, offset);
  }
  let s = '';
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (c < 0x30 || c > 0x39) throw new LicenceRecordError('licence-record-bad-value', record, `${what} must be JIS X 0201 digits`, offset + i);
    s += String.fromCharCode(c);
  }
  return s;
}

/**
 * Printable JIS X 0201 text with trailing padding (space, 00, FF) removed; the pad character of
 * the fixed-width signature fields is [U].
 */
export function jisPrintable(bytes: Uint8Array, record: string, offset: number, what: string): string {
  let end = bytes.length;
  while (end > 0 && (bytes[end - 1] === 0x20 || bytes[end - 1] === 0x00 || bytes[end - 1] === 0xff)) end--;
  let s = '';
  for (let i = 0; i < end; i++) {
    const c = bytes[i]!;
    if (c < 0x20 || c > 0x7e) throw new LicenceRecordError('licence-record-bad-value', record, `${what} must be printable JIS X 0201`, offset + i);
    s += String.fromCharCode(c);
  }
  return s;
}
