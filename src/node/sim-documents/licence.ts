/**
 * Simulated driver's licences for the CLI: the named licence profiles of sim/licence/profiles
 * (PINs set / not set, 外字, moved, many classes, expired, PIN1 at one try, PIN1 blocked), the
 * マイナ免許証 profiles (a simulated My Number Card with the licence application; verify them
 * with `--document drivers-licence`, since the registry recognises the card as a My Number Card
 * first), profile files with `"document": "drivers-licence"`, the forged cards of
 * sim/licence/forgeries.ts, the simulator issuer certificates as simulator-mode document
 * anchors, and `kazasu sim export`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { toHex } from '../../bytes/hex';
import { simulatedCardFor } from '../../sim/mynumber/build-card';
import type { CardModel } from '../../sim/card/card-model';
import { ProfileError } from '../../sim/mynumber/profile-validation';
import { toPem } from '../../sim/pki/pem';
import {
  buildLicence,
  LICENCE_FORGERIES,
  LICENCE_PROFILES,
  licenceProfile,
  MNC_LICENCE_FORGERIES,
  MNC_LICENCE_PROFILES,
  mncLicenceProfile,
  parseLicenceProfile,
  simulatedLicenceCardFor,
  simulatorLicenceIssuerCertificates,
  withLicenceApplication,
  type LicenceProfile,
  type MncLicenceProfile,
} from '../../sim/licence';
import type { ApduResponder } from '../../transport/apdu-responder';
import type { DocumentAnchor } from '../../verify/trust/trust-anchors';
import { UsageError } from '../cli/cli-args';
import { buildSimCard, loadProfile } from '../sim-loader';
import { simFont } from '../sim-font';
import type { SimulatedCardRef, SimulatedDocument } from './simulated-document';
import { toSnapshot } from '../../sim/card/card-snapshot';
import { toLicenceDemoModel, type LicenceDemoCard } from '../../sim/licence/licence-demo-card';

type Resolved = { readonly kind: 'card'; readonly profile: LicenceProfile } | { readonly kind: 'mnc'; readonly profile: MncLicenceProfile };

function resolve(ref: SimulatedCardRef): Resolved {
  if ('named' in ref) {
    const card = licenceProfile(ref.named);
    if (card) return { kind: 'card', profile: card };
    const mnc = mncLicenceProfile(ref.named);
    if (mnc) return { kind: 'mnc', profile: mnc };
    throw new ProfileError('profile', `no named licence profile "${ref.named}"`);
  }
  return { kind: 'card', profile: parseLicenceProfile(ref.json) };
}

async function mncModel(p: MncLicenceProfile, forgery?: string): Promise<CardModel> {
  const base = (await buildSimCard(await loadProfile(p.base))).model;
  if (!forgery) return withLicenceApplication(base, p);
  const def = MNC_LICENCE_FORGERIES.find((f) => f.id === forgery);
  if (!def) throw new UsageError(`unknown --forgery for a マイナ免許証; one of: ${MNC_LICENCE_FORGERIES.map((f) => f.id).join(', ')}`);
  return def.make(base, p);
}

/** Genuine licences demo mode lists as broken (usable cards that must stop somewhere). */
const LICENCE_BROKEN = new Set(['licence-expired', 'licence-pin1-last-try', 'licence-pin1-blocked']);

/**
 * Demo mode's licences (`kazasu sim snapshots`): every named licence card and マイナ免許証, and
 * every forgery of both, with the PINs the simulated holder knows (simulator test data).
 */
export async function licenceDemoCards(): Promise<LicenceDemoCard[]> {
  const cards: LicenceDemoCard[] = [];
  const pinsOf = (p: LicenceProfile) => (p.pins.set ? { pin1: p.pins.pin1 ?? '0000', pin2: p.pins.pin2 ?? '0000' } : { pin1: '****', pin2: '****' });
  const built = new Map<string, Awaited<ReturnType<typeof buildLicence>>>();
  for (const p of LICENCE_PROFILES) {
    const b = await buildLicence(p, { glyphs: simFont() });
    built.set(p.id, b);
    cards.push({ document: 'drivers-licence', id: p.id, group: LICENCE_BROKEN.has(p.id) ? 'broken' : 'genuine', description: p.description, holderKnows: pinsOf(p), chip: { kind: 'card', model: toLicenceDemoModel(b.model) } });
  }
  const mncPin = (p: MncLicenceProfile) => ({ pin1: p.pin.set ? (p.pin.value ?? '0000') : '****' });
  for (const p of MNC_LICENCE_PROFILES) {
    cards.push({ document: 'drivers-licence', id: p.id, group: 'genuine', description: p.description, holderKnows: mncPin(p), chip: { kind: 'mynumber-card', snapshot: toSnapshot(await mncModel(p)) } });
  }
  const base = built.get('licence-default')!;
  for (const f of LICENCE_FORGERIES) {
    const forged = await f.make({ base, glyphs: simFont() });
    cards.push({ document: 'drivers-licence', id: `forged-${f.id}`, group: 'forged', description: f.description, holderKnows: pinsOf(forged.profile), chip: { kind: 'card', model: toLicenceDemoModel(forged.model) } });
  }
  const mnc = MNC_LICENCE_PROFILES[0]!;
  for (const f of MNC_LICENCE_FORGERIES) {
    cards.push({ document: 'drivers-licence', id: `forged-${f.id}`, group: 'forged', description: f.description, holderKnows: mncPin(mnc), chip: { kind: 'mynumber-card', snapshot: toSnapshot(await mncModel(mnc, f.id)) } });
  }
  return cards;
}

const FORGERY_IDS = [...LICENCE_FORGERIES, ...MNC_LICENCE_FORGERIES].map((f) => f.id);

export const SIMULATED_LICENCE: SimulatedDocument = {
  kind: 'drivers-licence',
  profileIds: [...LICENCE_PROFILES, ...MNC_LICENCE_PROFILES].map((p) => p.id),
  profiles: [...LICENCE_PROFILES, ...MNC_LICENCE_PROFILES].map((p) => ({ id: p.id, description: p.description })),
  forgeryIds: FORGERY_IDS,

  async card(ref, options) {
    const r = resolve(ref);
    if (r.kind === 'mnc') {
      const model = await mncModel(r.profile, options.forgery);
      return { document: 'drivers-licence', profileId: r.profile.id, responder: simulatedCardFor(model), atr: model.atr };
    }
    const base = await buildLicence(r.profile, { glyphs: simFont() });
    let model = base.model;
    if (options.forgery) {
      const def = LICENCE_FORGERIES.find((f) => f.id === options.forgery);
      if (!def) throw new UsageError(`unknown --forgery for a licence; one of: ${LICENCE_FORGERIES.map((f) => f.id).join(', ')}`);
      model = (await def.make({ base, glyphs: simFont() })).model;
    }
    const responder: ApduResponder = simulatedLicenceCardFor(model);
    return { document: 'drivers-licence', profileId: r.profile.id, responder, atr: model.atr };
  },

  /**
   * The licence card's files as the reader sees them (`<dir>/MF/…`, `<dir>/DF1/EF000n.bin`, with
   * filler), the simulator issuer certificates as PEM (what an operator would import), and a
   * manifest of AIDs, access conditions and PIN counters. PIN values and keys are not exported;
   * 本籍 files are exported (SIMULATED data) so integrators can test their own handling of them.
   */
  async export(ref, dir) {
    const r = resolve(ref);
    if (r.kind === 'mnc') throw new UsageError('sim export: a マイナ免許証 is a My Number Card; export its base profile instead');
    const built = await buildLicence(r.profile, { glyphs: simFont() });
    const m = built.model;
    let count = 0;
    const dirs = [{ name: 'MF', aid: undefined as Uint8Array | undefined, files: m.mfFiles }, ...m.dfs.map((d) => ({ name: d.name.toUpperCase(), aid: d.aid, files: d.files }))];
    const manifest: unknown[] = [];
    for (const d of dirs) {
      await mkdir(join(dir, d.name), { recursive: true });
      const files: unknown[] = [];
      for (const f of d.files) {
        const name = `EF${f.fid.toString(16).toUpperCase().padStart(4, '0')}`;
        await writeFile(join(dir, d.name, `${name}.bin`), f.content);
        files.push({ fid: name, size: f.content.length, access: f.access });
        count++;
      }
      manifest.push({ dir: d.name, ...(d.aid ? { aid: toHex(d.aid) } : {}), files });
    }
    const pki = join(dir, 'pki');
    await mkdir(pki, { recursive: true });
    const certs = await simulatorLicenceIssuerCertificates();
    for (let i = 0; i < certs.length; i++) await writeFile(join(pki, `licence-issuer-${i + 1}.pem`), toPem(certs[i]!));
    const pins = Object.fromEntries(Object.entries(m.pins).map(([k, p]) => [k, { maxTries: p.maxTries, initialTries: p.initialTries }]));
    await writeFile(join(dir, 'manifest.json'), JSON.stringify({ document: 'drivers-licence', profile: r.profile.id, simulated: true, pinsSet: r.profile.pins.set, pins, dirs: manifest }, null, 2));
    return `exported ${count} files of simulated licence "${r.profile.id}" to ${dir}`;
  },

  async anchors(): Promise<readonly DocumentAnchor[]> {
    const certs = await simulatorLicenceIssuerCertificates();
    return Promise.all(
      certs.map(async (der, i) => ({
        document: 'drivers-licence' as const,
        der,
        name: `Kazasu Simulator licence issuer ${i + 1}`,
        hierarchy: 'simulator' as const,
        provenance: 'kazasu-simulator',
        sha256: toHex(new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', der.slice()))),
      })),
    );
  },
};
