/**
 * The passport forgeries this part owns (issue 15 "Simulated passports"): each is a change to a
 * genuine chip's configuration, applied by the passport profiles when they build a chip.
 * The LDS / PKI forgeries (altered data group, unknown DSC, …) live with sim/passport/lds and pki.
 */
import type { ChipMrz, PassportChipConfig } from './passport-chip';

export type ChipForgeryId = 'sm-mac-broken' | 'downgrade-plain' | 'wrong-mrz' | 'cloned-chip';

export interface ChipForgery {
  readonly id: ChipForgeryId;
  /** What a reader should see (the card library's typed error code, or the verifier's outcome). */
  readonly expected: string;
  readonly apply: (config: PassportChipConfig) => PassportChipConfig;
}

/** A plausible but wrong MRZ: the last digit of the birth date changed (what a typo does). */
export function mistypedMrz(mrz: ChipMrz): ChipMrz {
  const last = Number(mrz.birthDate.slice(-1));
  return { ...mrz, birthDate: mrz.birthDate.slice(0, 5) + String((last + 1) % 10 === 0 ? 1 : (last + 1) % 10) };
}

export const CHIP_FORGERIES: readonly ChipForgery[] = [
  { id: 'sm-mac-broken', expected: 'sm-mac-mismatch', apply: (c) => ({ ...c, faults: { ...c.faults, breakSmMac: true } }) },
  { id: 'downgrade-plain', expected: 'sm-downgrade', apply: (c) => ({ ...c, faults: { ...c.faults, plainAnswers: true } }) },
  // The chip is keyed with another MRZ than the one printed on the data page the clerk types in.
  { id: 'wrong-mrz', expected: 'bac-wrong-mrz | pace-wrong-password', apply: (c) => ({ ...c, mrz: mistypedMrz(c.mrz) }) },
  // Right data (copied DG14 / DG15 / SOD), wrong private keys: AA signature invalid, CA MAC failure, CAM check false.
  { id: 'cloned-chip', expected: 'aa-invalid / ca-failed / cam-invalid', apply: (c) => ({ ...c, faults: { ...c.faults, clonedKeys: true } }) },
];
