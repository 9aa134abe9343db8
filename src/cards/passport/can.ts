/**
 * The Card Access Number, an alternative PACE password (9303-11 §4.4, §9.7.3: encoded as
 * ISO/IEC 8859-1 characters). Printed on the data page as 6 digits (9303-4/5/6).
 */
import { PassportError } from './passport-error';

export interface CanKey {
  readonly kind: 'can';
  /** ASCII digits; wipe with `wipeCanKey` after use. */
  readonly value: Uint8Array;
}

export function canKey(can: string): CanKey {
  const s = String(can ?? '').replace(/\s+/g, '');
  if (!/^[0-9]{6}$/.test(s)) throw new PassportError('can-invalid', 'the CAN is six digits');
  const value = new Uint8Array(6);
  for (let i = 0; i < 6; i++) value[i] = s.charCodeAt(i);
  return { kind: 'can', value };
}

export function wipeCanKey(key: CanKey): void {
  key.value.fill(0);
}
