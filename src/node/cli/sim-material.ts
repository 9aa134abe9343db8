/**
 * Simulator material precomputed when the CLI is built (scripts/build.mjs runs
 * ./sim-material-writer.ts into lib/sim-material/): the built card of every named My Number Card
 * profile and the simulator's trust anchors (its CV CA keys and JPKI roots). Building them at run
 * time — rendering the name and address images with the font, minting the card's certificates —
 * was most of `kazasu verify --sim default` (bench/cli-startup.bench.ts). The simulator's own code
 * makes them, once, at build time; the verifier is not involved.
 *
 * Used only by the bundled CLI, and only when the material carries the build id of the bundle
 * reading it (both come from one run of scripts/build.mjs), so stale material from an older build
 * is never used. Anything missing, stale or unreadable: undefined, and the caller builds the card
 * as before. Forged cards and profile files are always built at run time.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { base64ToBytes, bytesToBase64 } from '../../bytes/base64';
import { fromSnapshot, type CardSnapshot } from '../../sim/card/card-snapshot';
import { namedProfile } from '../../sim/mynumber/profiles';
import type { AnchorSet } from '../../verify/trust/trust-anchors';
import { mynumberCardOnReader } from '../sim-documents/mynumber-on-reader';
import type { SimulatedCardOnReader } from '../sim-documents/simulated-document';

/** The build id scripts/build.mjs gives the CLI bundle (esbuild `define`); absent when run from source. */
declare const KAZASU_CLI_BUILD: string | undefined;

export const SIM_MATERIAL_FORMAT = 'kazasu-sim-material/1';

/** Where the material is and which build it must come from. */
export interface SimMaterialPlace {
  readonly dir: string;
  readonly build: string;
}

/** lib/sim-material/ of the running bundle (lib/cli.mjs or lib/chunks/*.mjs); undefined from source. */
export function bundledSimMaterial(): SimMaterialPlace | undefined {
  if (typeof KAZASU_CLI_BUILD !== 'string') return undefined;
  const lib = new URL(import.meta.url.includes('/chunks/') ? '../' : './', import.meta.url);
  return { dir: fileURLToPath(new URL('sim-material/', lib)), build: KAZASU_CLI_BUILD };
}

export const simMaterialFile = {
  mynumberCard: (profileId: string) => `mynumber-card.${profileId}.json`,
  anchorSet: 'simulator-anchor-set.json',
};

/** Uint8Array as `{ "$bytes": base64 }` in the material's JSON. */
export function materialJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (v instanceof Uint8Array ? { $bytes: bytesToBase64(v) } : v));
}

function fromMaterialJson(text: string): unknown {
  return JSON.parse(text, (_k, v: unknown) => (typeof v === 'object' && v !== null && typeof (v as { $bytes?: unknown }).$bytes === 'string' ? base64ToBytes((v as { $bytes: string }).$bytes) : v));
}

async function readMaterial(place: SimMaterialPlace | undefined, file: string): Promise<unknown> {
  if (!place) return undefined;
  try {
    const m = fromMaterialJson(await readFile(`${place.dir}/${file}`, 'utf8')) as { format?: unknown; build?: unknown; value?: unknown };
    return m.format === SIM_MATERIAL_FORMAT && m.build === place.build ? m.value : undefined;
  } catch {
    return undefined;
  }
}

/** The precomputed simulated My Number Card of a named profile; undefined for anything else. */
export async function precomputedSimulatedCard(ref: string, place = bundledSimMaterial()): Promise<SimulatedCardOnReader | undefined> {
  const profile = place ? namedProfile(ref) : undefined;
  if (!profile) return undefined;
  const snapshot = (await readMaterial(place, simMaterialFile.mynumberCard(profile.id))) as CardSnapshot | undefined;
  if (!snapshot) return undefined;
  try {
    return mynumberCardOnReader(profile, fromSnapshot(snapshot));
  } catch {
    return undefined;
  }
}

/** The precomputed simulatorAnchorSet() (sim/pki/sim-trust-anchors.ts); undefined when absent. */
export async function precomputedSimulatorAnchorSet(place = bundledSimMaterial()): Promise<AnchorSet | undefined> {
  const set = (await readMaterial(place, simMaterialFile.anchorSet)) as AnchorSet | undefined;
  return set && Array.isArray(set.cvCaKeys) && Array.isArray(set.x509Anchors) ? set : undefined;
}
