import { toSnapshot } from '../../sim/card/card-snapshot';
import { demoCardFor, type DemoBundle, type DemoCard } from '../../sim/mynumber/demo-card';
import type { BuiltCard } from '../../sim/mynumber/build-card';
import { FORGERIES } from '../../sim/mynumber/forgeries';
import { parseJpkiCertificateSummary } from '../../verify/jpki/jpki-certificate-summary';
import { NAMED_PROFILES, REVOKED_PROFILE_IDS } from '../../sim/mynumber/profiles';
import { buildSimCard } from '../sim-loader';
import { SIMULATED_DOCUMENTS, simulatedDocumentOf } from '../sim-documents';
import { residenceDemoCards } from '../sim-documents/residence-card';

/** `kazasu sim list` — every document's named profiles and forged cards. */
export function simList(print: (s: string) => void): number {
  for (const d of SIMULATED_DOCUMENTS) {
    print(`# ${d.kind}`);
    for (const p of d.profiles) print(`${p.id.padEnd(26)} ${p.description.en}\n${''.padEnd(26)} ${p.description.ja}`);
    print(`${'(--forgery)'.padEnd(26)} ${d.forgeryIds.join(', ')}`);
  }
  return 0;
}

/**
 * `kazasu sim export <profile|file.json> <dir>` — the card's files as the reader sees them, its
 * certificates as PEM and a manifest, for the document the profile belongs to (the My Number
 * Card: every EF of every DF with access rules and counters; the residence card: MF/DF1–DF3
 * files, the images, the signer and simulator CA certificates). Key values are not exported.
 */
export async function simExport(ref: string, dir: string, print: (s: string) => void): Promise<number> {
  const found = await simulatedDocumentOf(ref);
  print(await found.sim.export(found.ref, dir));
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
  const bundle: DemoBundle & { residenceCards: unknown[] } = { cards, revokedSerials, residenceCards: await residenceDemoCards() };
  print(JSON.stringify(bundle));
  return 0;
}

function serialHexOf(der: Uint8Array): string {
  return parseJpkiCertificateSummary(der).serialHex;
}
