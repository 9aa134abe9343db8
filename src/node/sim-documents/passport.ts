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
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CHIP_FORGERIES, type ChipForgeryId } from '../../sim/passport/chip/chip-forgeries';
import { PassportChip } from '../../sim/passport/chip/passport-chip';
import { buildSimPassport } from '../../sim/passport/lds/build-passport';
import { chipConfigFor } from '../../sim/passport/lds/chip-config';
import { PASSPORT_FORGERIES, type PassportForgeryId } from '../../sim/passport/lds/forgeries';
import { PASSPORT_PROFILES } from '../../sim/passport/lds/profiles';
import { ProfileError } from '../../sim/mynumber/profile-validation';
import { UsageError } from '../cli/cli-args';
import type { SimulatedCardRef, SimulatedDocument } from './simulated-document';

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

/** Japanese summaries for `kazasu sim list` (the English ones are the profiles' descriptions). */
const JA: Readonly<Record<string, string>> = {
  'utopia-bac': 'ICAO見本 ANNA MARIA ERIKSSON（UTO）、BACのみ、JPEG顔写真、RSAアクティブ認証、チップ認証',
  'germany-pace-gm': 'BSI見本 ERIKA MUSTERMANN（D）、PACE-GM brainpoolP256r1／AES-128（MRZまたはCAN）、JPEG 2000顔写真、ECDSAアクティブ認証、チップ認証',
  'japan-no-address': 'Kazasu独自の日本旅券見本 NIHON HANAKO（JPN）、住所なし（DG11なし）、PACE-GM P-256、RSAアクティブ認証',
  'utopia-id-pace-im': 'ICAO見本のIDカード（TD1）、PACE-IM P-256／AES-256、ISO/IEC 39794-5形式の顔写真、AA・CAなし',
  'utopia-pace-cam': 'ICAO見本、PACE-CAM brainpoolP256r1（EF.CardSecurity）、ECDSAアクティブ認証、SHA-512',
};

function refName(ref: SimulatedCardRef): string {
  if (!('named' in ref)) throw new ProfileError('profile', `${ref.file}: passport profiles are named (${SIM_PASSPORT_PROFILES.map((p) => p.id).join(', ')}); profile files are not supported`);
  return ref.named;
}

const hexFid = (fid: number) => fid.toString(16).toUpperCase().padStart(4, '0');
const LDS_NAMES: Readonly<Record<number, string>> = { 0x011e: 'EF.COM', 0x0101: 'DG1', 0x0102: 'DG2', 0x010b: 'DG11', 0x010c: 'DG12', 0x010e: 'DG14', 0x010f: 'DG15', 0x011d: 'EF.SOD' };
const MF_NAMES: Readonly<Record<number, string>> = { 0x011c: 'EF.CardAccess', 0x011d: 'EF.CardSecurity' };

export const SIMULATED_PASSPORT: SimulatedDocument = {
  kind: 'passport',
  profileIds: SIM_PASSPORT_PROFILES.map((p) => p.id),
  profiles: SIM_PASSPORT_PROFILES.map((p) => ({ id: p.id, description: { en: passportProfileSummary(p.id), ja: `${JA[p.id] ?? p.description}［Type ${p.rfType}］` } })),
  forgeryIds: SIM_PASSPORT_FORGERY_IDS,
  async card(ref, options) {
    const chip = await simulatedPassportChip(refName(ref), options.forgery);
    // PC/SC Part 3 ATR of a contactless card; the chip sets it (Type A and B answer the same APDUs).
    return { document: 'passport', profileId: refName(ref), responder: chip, atr: chip.powerOn() };
  },

  /**
   * The LDS files as the chip holds them (`<dir>/EF.COM.bin`, `DG1.bin`, …, `EF.SOD.bin`, and the
   * MF's EF.CardAccess / EF.CardSecurity) — what `kazasu passport check-sod` takes — and a
   * manifest with the access settings. Private keys are not exported.
   */
  async export(ref, dir) {
    const pp = await buildSimPassport(refName(ref));
    await mkdir(dir, { recursive: true });
    const files: unknown[] = [];
    for (const [fid, bytes] of pp.files) {
      const name = LDS_NAMES[fid] ?? `EF${hexFid(fid)}`;
      await writeFile(join(dir, `${name}.bin`), bytes);
      files.push({ df: 'eMRTD', fid: hexFid(fid), name, size: bytes.length });
    }
    for (const [fid, bytes] of pp.mfFiles) {
      const name = MF_NAMES[fid] ?? `MF-EF${hexFid(fid)}`;
      await writeFile(join(dir, `${name}.bin`), bytes);
      files.push({ df: 'MF', fid: hexFid(fid), name, size: bytes.length });
    }
    const p = pp.profile;
    await writeFile(join(dir, 'manifest.json'), JSON.stringify({ profile: p.id, simulated: true, rfType: p.rfType, access: p.access, mrzLines: pp.mrzLines, can: pp.can, files }, null, 2));
    return `exported ${files.length} files of simulated passport "${p.id}" to ${dir}`;
  },

  // The passport's simulator CSCAs travel in VerificationEnvironment.passportTrust (node/passport-trust-file.ts).
  anchors: async () => [],
};
