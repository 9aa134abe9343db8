/**
 * Simulated residence cards and special permanent resident certificates for the CLI: the named
 * profiles of sim/residence-card/profiles (both generations, both kinds), profile files with
 * `"document": "residence-card"`, the forged cards of sim/residence-card/forgeries.ts, the
 * simulator CAs as simulator-mode anchors, and `kazasu sim export`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { toHex } from '../../bytes/hex';
import { toPem } from '../../sim/pki/pem';
import { buildResidenceCard, type BuiltRcCard, type RcBuildOptions } from '../../sim/residence-card/build-card';
import { RC_FORGERIES } from '../../sim/residence-card/forgeries';
import { namedRcProfile, RC_PROFILES } from '../../sim/residence-card/profiles';
import { parseRcProfile, type RcProfile } from '../../sim/residence-card/rc-profile';
import { simulatorResidenceAnchors } from '../../sim/residence-card/sim-trust-anchors';
import { ProfileError } from '../../sim/mynumber/profile-validation';
import type { DocumentAnchor } from '../../verify/trust/trust-anchors';
import { UsageError } from '../cli/cli-args';
import { simFont } from '../sim-font';
import type { SimulatedCardRef, SimulatedDocument } from './simulated-document';
import { residenceCardOnReader } from './residence-card-on-reader';
import { toDemoModel, type RcDemoCard } from '../../sim/residence-card/rc-demo-card';

function build(profile: RcProfile, options?: RcBuildOptions): Promise<BuiltRcCard> {
  return buildResidenceCard(profile, { glyphs: simFont() }, options);
}

function profileOf(ref: SimulatedCardRef): RcProfile {
  if ('named' in ref) {
    const p = namedRcProfile(ref.named);
    if (!p) throw new ProfileError('profile', `no named residence-card profile "${ref.named}"`);
    return p;
  }
  return parseRcProfile(ref.json);
}

const FORGERY_CONTEXT = {
  build,
  profile(id: string): RcProfile {
    const p = namedRcProfile(id);
    if (!p) throw new ProfileError('profile', `no named residence-card profile "${id}"`);
    return p;
  },
};

/** Profiles demo mode lists as broken (genuine cards that must stop somewhere). */
const RC_BROKEN = new Set(['rc1-expired-certificate', 'rc2-expired-card']);

/** Demo mode's residence cards: every named profile and every forgery (`kazasu sim snapshots`). */
export async function residenceDemoCards(): Promise<RcDemoCard[]> {
  const cards: RcDemoCard[] = [];
  for (const p of RC_PROFILES) {
    const built = await build(p);
    cards.push({ document: 'residence-card', id: p.id, group: RC_BROKEN.has(p.id) ? 'broken' : 'genuine', description: p.description, printedCardNumber: p.cardNumber, model: toDemoModel(built.model) });
  }
  for (const f of RC_FORGERIES) {
    const forged = await f.make(FORGERY_CONTEXT);
    cards.push({ document: 'residence-card', id: `forged-${f.id}`, group: 'forged', description: f.description, printedCardNumber: forged.printedCardNumber, model: toDemoModel(forged.model) });
  }
  return cards;
}

const DF_NAMES = { mf: 'MF', df1: 'DF1', df2: 'DF2', df3: 'DF3' } as const;

export const SIMULATED_RESIDENCE_CARD: SimulatedDocument = {
  kind: 'residence-card',
  profileIds: RC_PROFILES.map((p) => p.id),
  profiles: RC_PROFILES.map((p) => ({ id: p.id, description: p.description })),
  forgeryIds: RC_FORGERIES.map((f) => f.id),

  async card(ref, options) {
    let profile = profileOf(ref);
    let model;
    if (options.forgery) {
      const def = RC_FORGERIES.find((f) => f.id === options.forgery);
      if (!def) throw new UsageError(`unknown --forgery for a residence card; one of: ${RC_FORGERIES.map((f) => f.id).join(', ')}`);
      // Each forgery is made from its own genuine profile (rc1-… from a gen-1 card, rc2-… from a
      // gen-2 one, named in its definition); the number printed on it is that profile's.
      const forged = await def.make(FORGERY_CONTEXT);
      profile = forged.profile;
      model = forged.model;
    } else {
      model = (await build(profile)).model;
    }
    return residenceCardOnReader(profile.id, model);
  },

  async export(ref, dir) {
    const profile = profileOf(ref);
    const built = await build(profile);
    const manifest: unknown[] = [];
    for (const f of built.model.files) {
      const df = DF_NAMES[f.df];
      const name = `EF${f.sfi.toString(16).toUpperCase().padStart(2, '0')}.bin`;
      await mkdir(join(dir, df), { recursive: true });
      await writeFile(join(dir, df, name), f.content);
      manifest.push({ df, sfi: `0x${f.sfi.toString(16).toUpperCase().padStart(2, '0')}`, file: `${df}/${name}`, size: f.content.length, access: f.auth ? (f.sm ? 'card number + SM' : 'card number') : 'free' });
    }
    const pki = join(dir, 'pki');
    await mkdir(pki, { recursive: true });
    await writeFile(join(pki, 'signer-certificate.pem'), toPem(built.certificate));
    await writeFile(join(pki, 'simulator-ca.pem'), toPem(built.issuerCertificate));
    const images: Record<string, string> = {};
    for (const [k, v] of Object.entries(built.images)) {
      if (!v) continue;
      const file = `${k}.${k === 'face' ? 'jp2' : 'tif'}`;
      await writeFile(join(dir, file), v);
      images[k] = file;
    }
    // The card number is the profile's (simulator test data): it is not repeated here.
    await writeFile(
      join(dir, 'manifest.json'),
      JSON.stringify(
        {
          document: 'residence-card',
          profile: profile.id,
          simulated: true,
          generation: profile.generation,
          kind: profile.kind,
          aids: { DF1: toHex(Uint8Array.of(0xd3, 0x92, 0xf0, 0x00, 0x4f, 0x02)), DF2: toHex(Uint8Array.of(0xd3, 0x92, 0xf0, 0x00, 0x4f, 0x03)), DF3: toHex(Uint8Array.of(0xd3, 0x92, 0xf0, 0x00, 0x4f, 0x04)), note: 'each padded with 00 to 16 bytes' },
          files: manifest,
          images,
          pki: ['pki/signer-certificate.pem', 'pki/simulator-ca.pem'],
        },
        null,
        2,
      ),
    );
    return `exported ${manifest.length} files of simulated residence card "${profile.id}" (generation ${profile.generation}, ${profile.kind}) to ${dir}`;
  },

  async anchors(): Promise<readonly DocumentAnchor[]> {
    return (await simulatorResidenceAnchors()).map((a) => ({ ...a, document: 'residence-card' as const }));
  },
};
