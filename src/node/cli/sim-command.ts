import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { toHex } from '../../bytes/hex';
import { toSnapshot } from '../../sim/card/card-snapshot';
import { demoCardFor, type DemoBundle, type DemoCard } from '../../sim/mynumber/demo-card';
import type { BuiltCard } from '../../sim/mynumber/build-card';
import { FORGERIES } from '../../sim/mynumber/forgeries';
import { parseJpkiCertificateSummary } from '../../verify/jpki/jpki-certificate-summary';
import { toPem } from '../../sim/pki/jpki-certificates';
import { NAMED_PROFILES, REVOKED_PROFILE_IDS } from '../../sim/mynumber/profiles';
import { buildSimCard, loadProfile } from '../sim-loader';

/** `kazasu sim list` — the named profiles. */
export function simList(print: (s: string) => void): number {
  for (const p of NAMED_PROFILES) print(`${p.id.padEnd(22)} ${p.description.en}\n${''.padEnd(22)} ${p.description.ja}`);
  return 0;
}

/**
 * `kazasu sim export <profile|file.json> <dir>` — every transparent and record EF as a file
 * (`<dir>/<df>/EF00xx.bin`, physical content with filler), the JPKI certificates and roots as
 * PEM, and a manifest of AIDs, access rules and retry counters. Key values are not exported.
 */
export async function simExport(ref: string, dir: string, print: (s: string) => void): Promise<number> {
  const profile = await loadProfile(ref);
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
  print(`exported ${count} files of simulated card "${profile.id}" to ${dir}`);
  return 0;
}

/** Genuine profiles that demo mode lists as broken (usable cards that must stop somewhere). */
const BROKEN_PROFILES = new Set(['under-15', 'expired-certificate', 'locked-pin', 'last-try', 'revoked-certificate']);

/**
 * `kazasu sim snapshots` — demo mode's simulated world as JSON: every named card, every forged
 * card of the catalogue, and the serials the simulated revocation service lists as revoked. The
 * Vite plugin runs this in a child process so the browser gets exactly the bytes the CLI and the
 * tests use.
 */
export async function simSnapshots(print: (s: string) => void): Promise<number> {
  const cards: DemoCard[] = [];
  const built = new Map<string, BuiltCard>();
  for (const profile of NAMED_PROFILES) {
    const b = await buildSimCard(profile);
    built.set(profile.id, b);
    cards.push(demoCardFor(profile, toSnapshot(b.model), BROKEN_PROFILES.has(profile.id) ? 'broken' : 'genuine'));
  }
  const ctx = { build: buildSimCard, base: built.get('default')!, other: built.get('gaiji-name')! };
  for (const f of FORGERIES) {
    const forged = await f.make(ctx);
    cards.push(demoCardFor(forged.profile, toSnapshot(forged.model), 'forged', `forged-${f.id}`, f.description));
  }
  const revokedSerials: string[] = [];
  for (const id of REVOKED_PROFILE_IDS) {
    const certs = built.get(id)?.certificates;
    for (const der of [certs?.sign, certs?.auth]) if (der) revokedSerials.push(serialHexOf(der));
  }
  const bundle: DemoBundle = { cards, revokedSerials };
  print(JSON.stringify(bundle));
  return 0;
}

function serialHexOf(der: Uint8Array): string {
  return parseJpkiCertificateSummary(der).serialHex;
}
