import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { toHex } from '../../bytes/hex';
import { simulatedCardFor } from '../../sim/mynumber/build-card';
import type { CardProfile } from '../../sim/mynumber/card-profile';
import { FORGERIES } from '../../sim/mynumber/forgeries';
import { NAMED_PROFILES, namedProfile } from '../../sim/mynumber/profiles';
import { parseCardProfile, ProfileError } from '../../sim/mynumber/profile-validation';
import { toPem } from '../../sim/pki/jpki-certificates';
import type { ApduResponder } from '../../transport/apdu-responder';
import { UsageError } from '../cli/cli-args';
import { buildSimCard, loadProfile } from '../sim-loader';
import { mynumberCardOnReader } from './mynumber-on-reader';
import type { SimulatedCardRef, SimulatedDocument } from './simulated-document';

function profileOf(ref: SimulatedCardRef): CardProfile {
  const profile = 'named' in ref ? namedProfile(ref.named) : parseCardProfile(ref.json);
  if (!profile) throw new ProfileError('profile', `no named profile "${'named' in ref ? ref.named : ref.file}"`);
  return profile;
}

/** Simulated My Number Cards: the named profiles of sim/mynumber/profiles, profile files, the forgery catalogue. */
export const SIMULATED_MYNUMBER: SimulatedDocument = {
  kind: 'mynumber-card',
  profileIds: NAMED_PROFILES.map((p) => p.id),
  profiles: NAMED_PROFILES.map((p) => ({ id: p.id, description: p.description })),
  forgeryIds: FORGERIES.map((f) => f.id),
  async card(ref, options) {
    const profile = profileOf(ref);
    const built = await buildSimCard(profile);
    let model = built.model;
    let wrap: ((c: ApduResponder) => ApduResponder) | undefined;
    if (options.forgery) {
      const def = FORGERIES.find((f) => f.id === options.forgery);
      if (!def) throw new UsageError(`unknown --forgery; one of: ${FORGERIES.map((f) => f.id).join(', ')}`);
      const other = await buildSimCard(await loadProfile(profile.id === 'gaiji-name' ? 'default' : 'gaiji-name'));
      const forged = await def.make({ build: buildSimCard, base: built, other });
      model = forged.model;
      wrap = forged.wrap;
    }
    return mynumberCardOnReader(profile, model, wrap ? wrap(simulatedCardFor(model)) : undefined);
  },

  /**
   * Every transparent and record EF as a file (`<dir>/<df>/EF00xx.bin`, physical content with
   * filler), the JPKI certificates and roots as PEM, and a manifest of AIDs, access rules and
   * retry counters. Key values are not exported.
   */
  async export(ref, dir) {
    const profile = profileOf(ref);
    const built = await buildSimCard(profile);
    const manifest: unknown[] = [];
    let count = 0;
    for (const df of built.model.dfs) {
      const dfDir = join(dir, df.name);
      await mkdir(dfDir, { recursive: true });
      const files: unknown[] = [];
      for (const ef of df.files) {
        const name = `EF${ef.fid.toString(16).toUpperCase().padStart(4, '0')}`;
        if (ef.kind === 'transparent') {
          await writeFile(join(dfDir, `${name}.bin`), ef.content);
          files.push({ fid: name, kind: ef.kind, size: ef.content.length, read: ef.read });
          count++;
        } else if (ef.kind === 'record') {
          for (let i = 0; i < ef.records.length; i++) await writeFile(join(dfDir, `${name}.record${i + 1}.bin`), ef.records[i]!);
          files.push({ fid: name, kind: ef.kind, records: ef.records.length, read: ef.read });
          count++;
        } else if (ef.kind === 'pin') {
          files.push({ fid: name, kind: 'key', maxTries: ef.maxTries, initialTries: ef.initialTries ?? ef.maxTries, alwaysBlocked: ef.alwaysBlocked ?? false });
        } else {
          files.push({ fid: name, kind: 'private-key', simulatorKey: ef.keyId, use: ef.use });
        }
      }
      manifest.push({ df: df.name, aid: toHex(df.aid), files });
    }
    const pki = join(dir, 'pki');
    await mkdir(pki, { recursive: true });
    const certs: [string, Uint8Array | undefined][] = [
      ['jpki-auth.pem', built.certificates.auth],
      ['jpki-sign.pem', built.certificates.sign],
      ['jpki-auth-root.pem', built.certificates.authRoot.certificate],
      ['jpki-sign-root.pem', built.certificates.signRoot.certificate],
    ];
    for (const [name, der] of certs) if (der) await writeFile(join(pki, name), toPem(der));
    await writeFile(join(dir, 'manifest.json'), JSON.stringify({ profile: profile.id, simulated: true, dfs: manifest }, null, 2));
    return `exported ${count} files of simulated card "${profile.id}" to ${dir}`;
  },

  // The simulator's My Number keys travel in the AnchorSet (sim/pki/sim-trust-anchors.ts).
  anchors: async () => [],
};
