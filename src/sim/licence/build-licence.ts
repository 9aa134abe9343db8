/**
 * A simulated licence from a profile: the files (licence-files.ts), EF07 signed by a simulator
 * issuer (licence-signing.ts), the PINs, and the card model SimulatedLicenceCard runs.
 * Deterministic for a profile (RSASSA-PKCS1-v1_5 is deterministic; no randomness is used).
 */
import type { GlyphSource } from '../images';
import type { LicenceSignerId, SimHash } from './licence-issuer';
import { buildLicenceFiles, type BuiltFile, type LicenceFileSet } from './licence-files';
import type { LicenceProfile, SimSignedRecipe } from './licence-profile';
import { signLicenceFiles, type SignatureFileParts } from './licence-signing';
import { encodeAscii } from './sim-text';
import { SimulatedLicenceCard, type LicenceCardFaults, type LicenceCardModel, type SimLicenceFile } from './simulated-licence-card';

/** The simulator's own copy of the AIDs (licence-facts §1.1): never shared with cards/. */
export const SIM_LICENCE_AID = {
  df1: Uint8Array.of(0xa0, 0x00, 0x00, 0x02, 0x31, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
  df2: Uint8Array.of(0xa0, 0x00, 0x00, 0x02, 0x31, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
  df3: Uint8Array.of(0xa0, 0x00, 0x00, 0x02, 0x48, 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
} as const;

/** A Type B card's ATR as PC/SC builds it for contactless cards without historical bytes (placeholder; the real ATQB is [U]). */
export const SIM_LICENCE_ATR = Uint8Array.of(0x3b, 0x88, 0x80, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x09);

export interface LicenceBuildOptions {
  readonly glyphs?: GlyphSource;
  /** Replace files after signing (forgeries). */
  readonly tamper?: (files: LicenceFileSet & { signature: BuiltFile }) => Partial<LicenceFileSet & { signature: BuiltFile }>;
  /** Sign with another issuer than the profile's (forgeries). */
  readonly signer?: LicenceSignerId;
  readonly faults?: LicenceCardFaults;
}

export interface BuiltLicence {
  readonly profile: LicenceProfile;
  readonly model: LicenceCardModel;
  readonly files: LicenceFileSet & { readonly signature: BuiltFile };
  readonly signature: SignatureFileParts;
  readonly signer: LicenceSignerId;
  readonly recipe: SimSignedRecipe;
  readonly hash: SimHash;
}

export function licenceModel(profile: LicenceProfile, files: LicenceFileSet & { signature: BuiltFile }, faults?: LicenceCardFaults): LicenceCardModel {
  const f = (fid: number, b: BuiltFile, access: SimLicenceFile['access']): SimLicenceFile => ({ fid, content: b.file, access });
  const pin = (value: string | undefined, left: number | undefined) => ({ secret: encodeAscii(profile.pins.set ? (value ?? '0000') : '****'), maxTries: 3, initialTries: left ?? 3 });
  return {
    atr: SIM_LICENCE_ATR,
    mfFiles: [f(0x2f01, files.common, 'free'), f(0x000a, files.pinSetting, 'free')],
    dfs: [
      {
        name: 'df1',
        aid: SIM_LICENCE_AID.df1,
        files: [
          f(0x0001, files.entries, 'pin1'),
          f(0x0002, files.honseki, 'pin1+pin2'),
          f(0x0003, files.gaiji, 'pin1'),
          f(0x0004, files.changes, 'pin1'),
          f(0x0005, files.gaijiChanges, 'pin1'),
          f(0x0006, files.honsekiChanges, 'pin1+pin2'),
          f(0x0007, files.signature, 'pin1'),
        ],
      },
      { name: 'df2', aid: SIM_LICENCE_AID.df2, files: [f(0x0001, files.photo, 'pin1+pin2')] },
      { name: 'df3', aid: SIM_LICENCE_AID.df3, files: [f(0x0001, files.df3, 'pin1')] },
    ],
    pins: { pin1: pin(profile.pins.pin1, profile.triesLeft?.pin1), pin2: pin(profile.pins.pin2, profile.triesLeft?.pin2) },
    ...(faults ? { faults } : {}),
  };
}

export async function buildLicence(profile: LicenceProfile, options: LicenceBuildOptions = {}): Promise<BuiltLicence> {
  const files = buildLicenceFiles(profile, options.glyphs ? { glyphs: options.glyphs } : {});
  const signer = options.signer ?? profile.issuer ?? 'licence-issuer-1';
  const recipe = profile.signature?.recipe ?? 'ef01-ef02-photo-files';
  const hash = profile.signature?.hash ?? 'SHA-256';
  const signed = await signLicenceFiles(files, signer, recipe, hash);
  const all = { ...files, signature: signed.file };
  const final = options.tamper ? { ...all, ...options.tamper(all) } : all;
  return { profile, model: licenceModel(profile, final, options.faults), files: final, signature: signed.parts, signer, recipe, hash };
}

/** A powered-down simulated licence card for a model. */
export function simulatedLicenceCardFor(model: LicenceCardModel): SimulatedLicenceCard {
  return new SimulatedLicenceCard(model);
}
