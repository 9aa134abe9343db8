import { documentDriver } from '../../documents/registry';
import { SimulatedTransport } from '../../transport/simulated-transport';
import { toSnapshot } from '../../sim/card/card-snapshot';
import { demoCardFor, type DemoBundle, type DemoCard } from '../../sim/mynumber/demo-card';
import type { BuiltCard } from '../../sim/mynumber/build-card';
import { FORGERIES } from '../../sim/mynumber/forgeries';
import { parseJpkiCertificateSummary } from '../../verify/jpki/jpki-certificate-summary';
import { NAMED_PROFILES, REVOKED_PROFILE_IDS } from '../../sim/mynumber/profiles';
import { writeRecording } from '../recording/recording-files';
import { simulatedCard, simulatedDocumentOf, SIMULATED_DOCUMENTS } from '../sim-documents';
import { buildSimCard } from '../sim-loader';
import { flag, parseArgs, UsageError } from './cli-args';
import { residenceDemoCards } from '../sim-documents/residence-card';
import { licenceDemoCards } from '../sim-documents/licence';

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
 * `kazasu sim export <profile|file.json> <dir> [--forgery <id>]` — the simulated card as a
 * recording (docs/recording-format.md): exactly what `kazasu read --out` writes for that card,
 * read with every credential of its profile (the text-AP PIN aside), so `kazasu verify --dump
 * <dir> --trust simulator` can check it for every purpose the card supports.
 */
export async function simExport(argv: readonly string[], print: (s: string) => void): Promise<number> {
  const args = parseArgs(argv, ['forgery'], ['short']);
  const [ref, dir] = args.positional;
  if (!ref || !dir || args.positional.length > 2) throw new UsageError('kazasu sim export <profile|file.json> <dir> [--forgery <id>]');
  const forgery = flag(args, 'forgery');
  const simulated = await simulatedCard(ref, forgery ? { forgery } : {});
  const transport = new SimulatedTransport(simulated.responder, { extendedLength: !args.flags.has('short') });
  await transport.connect();
  const driver = documentDriver(simulated.document);
  if (!driver) throw new UsageError(`no driver for ${simulated.document}`);
  if (!driver.recording || !simulated.credentials) {
    // A recording is read with the card's credentials; a simulator that does not hand them out
    // (every document but the My Number Card: its card number, PINs or MRZ are the profile's
    // test data, typed by the user) exports its own file layout instead — not a recording.
    await transport.disconnect();
    if (forgery) throw new UsageError(`--forgery: a forged ${driver.title.en} is not exported (its simulator exports files, not a recording); kazasu verify --sim <profile> --forgery <id> checks one`);
    const found = await simulatedDocumentOf(ref);
    print(await found.sim.export(found.ref, dir));
    print(
      driver.recording
        ? `(not a recording: kazasu read --sim ${simulated.profileId} <credentials> --out <dir> writes one for kazasu verify --dump)`
        : `(not a recording: the ${driver.title.en} cannot be verified from files yet)`,
    );
    return 0;
  }
  let readout;
  try {
    readout = await driver.readout(transport, { credentials: simulated.credentials ?? {}, options: {}, record: true });
  } finally {
    await transport.disconnect();
  }
  const base = readout.recording ?? { document: driver.kind, files: {}, challenges: [], withheld: [], recordedAt: new Date().toISOString(), source: { transport: transport.kind } };
  const recording = { ...base, source: { ...base.source, simulatedProfile: simulated.profileId, ...(forgery ? { forgery } : {}) } };
  const { manifest } = await writeRecording(dir, recording, readout.files, 'kazasu sim export');
  for (const e of readout.errors) print(`✗ ${e.step}: ${e.code}`);
  print(`exported simulated card "${simulated.profileId}"${forgery ? ` (forgery ${forgery})` : ''} as a recording to ${dir}: ${manifest.files.length} files, ${manifest.challenges.length} recorded challenges`);
  return 0;
}

/** `kazasu sim list|export|vpcd|snapshots`. */
export async function simCommand(argv: readonly string[], print: (s: string) => void): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'list' && rest.length === 0) return simList(print);
  if (sub === 'export') return simExport(rest, print);
  if (sub === 'snapshots' && rest.length === 0) return simSnapshots(print);
  if (sub === 'vpcd' && rest.length >= 1) return (await import('../vpcd/vpcd-command')).simVpcd(rest, print);
  throw new UsageError('kazasu sim list | export <profile|file.json> <dir> [--forgery <id>] | vpcd <profile|file.json> [--host …] [--port …]');
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
  const bundle: DemoBundle & { residenceCards: unknown[]; licenceCards: unknown[] } = { cards, revokedSerials, residenceCards: await residenceDemoCards(), licenceCards: await licenceDemoCards() };
  print(JSON.stringify(bundle));
  return 0;
}

function serialHexOf(der: Uint8Array): string {
  return parseJpkiCertificateSummary(der).serialHex;
}
