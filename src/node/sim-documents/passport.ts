/**
 * Simulated passports for the CLI (`kazasu read|verify --sim <profile> --mrz …|--can …`,
 * `kazasu sim vpcd <profile>`): the specimen profiles of sim/passport/lds/profiles.ts served by
 * the simulated chip of sim/passport/chip, and the forgeries of both — the data and PKI ones
 * (lds/forgeries.ts: altered data group, unknown or untrusted or expired or revoked DSC, cloned
 * AA/CA keys) and the protocol ones (chip/chip-forgeries.ts: broken SM MAC, downgrade to plain
 * answers, a chip keyed with another MRZ, a cloned chip).
 *
 * ISO/IEC 14443 Type A or B is a radio property (the profile's `rfType`); over PC/SC and the
 * simulated transport the chip answers the same APDUs either way.
 */
import { CHIP_FORGERIES, type ChipForgeryId } from '../../sim/passport/chip/chip-forgeries';
import { PassportChip } from '../../sim/passport/chip/passport-chip';
import { buildSimPassport } from '../../sim/passport/lds/build-passport';
import { chipConfigFor } from '../../sim/passport/lds/chip-config';
import { PASSPORT_FORGERIES, type PassportForgeryId } from '../../sim/passport/lds/forgeries';
import { PASSPORT_PROFILES } from '../../sim/passport/lds/profiles';
import { ProfileError } from '../../sim/mynumber/profile-validation';
import { UsageError } from '../cli/cli-args';
import type { SimulatedDocument } from './simulated-document';

/** Profiles a clerk may meet (the ICAO worked-example chips are for the crypto tests, not listed). */
export const SIM_PASSPORT_PROFILES = PASSPORT_PROFILES.filter((p) => !p.id.startsWith('icao-'));

export const SIM_PASSPORT_FORGERY_IDS: readonly string[] = [...PASSPORT_FORGERIES.map((f) => f.id), ...CHIP_FORGERIES.map((f) => f.id)];

/** A profile's one-line summary for `kazasu sim list`, with the radio type. */
export function passportProfileSummary(id: string): string {
  const p = PASSPORT_PROFILES.find((x) => x.id === id);
  return p ? `${p.description} [ISO/IEC 14443 Type ${p.rfType}; MRZ ${p.mrz.documentNumber} ${p.mrz.birthDate} ${p.mrz.expiryDate}; CAN ${p.can}]` : id;
}

/** The simulated chip of `profileId`, forged as `forgery` when given. */
export async function simulatedPassportChip(profileId: string, forgery?: string): Promise<PassportChip> {
  if (!PASSPORT_PROFILES.some((p) => p.id === profileId)) throw new ProfileError('profile', `no passport profile "${profileId}"`);
  if (forgery !== undefined && !SIM_PASSPORT_FORGERY_IDS.includes(forgery)) throw new UsageError(`unknown --forgery for a passport; one of: ${SIM_PASSPORT_FORGERY_IDS.join(', ')}`);
  const lds = PASSPORT_FORGERIES.find((f) => f.id === forgery);
  const pp = await buildSimPassport(profileId, lds ? (lds.id as PassportForgeryId) : undefined);
  let config = chipConfigFor(pp);
  const chipForgery = CHIP_FORGERIES.find((f) => f.id === (forgery as ChipForgeryId));
  if (chipForgery) config = chipForgery.apply(config);
  return new PassportChip(config);
}

export const SIMULATED_PASSPORT: SimulatedDocument = {
  kind: 'passport',
  profileIds: SIM_PASSPORT_PROFILES.map((p) => p.id),
  forgeryIds: SIM_PASSPORT_FORGERY_IDS,
  async card(ref, options) {
    if (!('named' in ref)) throw new ProfileError('profile', `${ref.file}: passport profiles are named (${SIM_PASSPORT_PROFILES.map((p) => p.id).join(', ')}); profile files are not supported`);
    const chip = await simulatedPassportChip(ref.named, options.forgery);
    return { document: 'passport', profileId: ref.named, responder: chip };
  },
};
