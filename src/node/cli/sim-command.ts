import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { toHex } from '../../bytes/hex';
import { toSnapshot } from '../../sim/card/card-snapshot';
import { demoCardFor } from '../../sim/mynumber/demo-card';
import { toPem } from '../../sim/pki/jpki-certificates';
import { NAMED_PROFILES } from '../../sim/mynumber/profiles';
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

/**
 * `kazasu sim snapshots` — every named card as JSON (bytes in base64) for demo mode. The Vite
 * plugin runs this in a child process so the browser gets exactly the bytes the CLI and tests use.
 */
export async function simSnapshots(print: (s: string) => void): Promise<number> {
  const cards = [];
  for (const profile of NAMED_PROFILES) cards.push(demoCardFor(profile, toSnapshot((await buildSimCard(profile)).model)));
  print(JSON.stringify(cards));
  return 0;
}
