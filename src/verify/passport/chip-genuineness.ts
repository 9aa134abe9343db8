/**
 * `pp.chip.genuine`: is this the chip the state issued, or a copy? Passive authentication proves
 * the data; a copy carries the same data and SOD (other-id-documents.md §3.5). Only Active or
 * Chip Authentication with a key from verified data tells them apart, so:
 *  - data not verified → no verdict (skipped): the data itself already failed;
 *  - AA or CA failed while the data verified → a cloned chip (fail, its own reason);
 *  - AA or CA passed → genuine;
 *  - neither ran (no DG15, no DG14 key) → warn: a copy cannot be told apart.
 */
import { ppCheck, type PassportCheck } from './passport-checks';

const CLONE_CODES = new Set(['pp-aa-signature-invalid', 'pp-ca-failed', 'pp-ca-key-mismatch']);

export function judgeChipGenuineness(dataVerified: boolean, aa: PassportCheck | undefined, ca: PassportCheck | undefined, now: Date): PassportCheck {
  const id = 'pp.chip.genuine' as const;
  if (!dataVerified) return ppCheck(id, 'skipped', 'pp-chip-data-unverified', 'passive authentication did not pass', now);
  const ran = [aa, ca].filter((c): c is PassportCheck => !!c && c.status !== 'skipped');
  const failed = ran.filter((c) => c.status === 'fail');
  const clone = failed.find((c) => CLONE_CODES.has(c.code));
  if (clone) {
    const which = clone.id === 'pp.active-auth' ? 'Active Authentication' : 'Chip Authentication';
    return ppCheck(id, 'fail', 'pp-chip-clone', `the data verified but ${which} failed: ${clone.detail ?? clone.code}`, now);
  }
  if (failed.length > 0) return ppCheck(id, 'fail', failed[0]!.code, failed[0]!.detail, now);
  const passed = ran.filter((c) => c.status === 'pass');
  if (passed.length > 0) return ppCheck(id, 'pass', 'ok', `proved by ${passed.map((c) => (c.id === 'pp.active-auth' ? 'Active Authentication' : 'Chip Authentication')).join(' and ')}`, now);
  return ppCheck(id, 'warn', 'pp-chip-not-authenticated', 'neither Active nor Chip Authentication ran', now);
}
