/**
 * Every document's simulated cards for the CLI. A document adds one entry (its own file beside
 * this one); `--sim <ref>` then finds its profiles, profile files (`"document": "<kind>"` in the
 * JSON; without it, a My Number Card profile) and forgeries, and `kazasu sim list|export|vpcd`
 * serve them.
 */
import { readFile } from 'node:fs/promises';
import { ProfileError } from '../../sim/mynumber/profile-validation';
import type { DocumentAnchor } from '../../verify/trust/trust-anchors';
import { SIMULATED_LICENCE } from './licence';
import { SIMULATED_MYNUMBER } from './mynumber';
import { SIMULATED_RESIDENCE_CARD } from './residence-card';
import type { SimulatedCardOnReader, SimulatedCardRef, SimulatedDocument } from './simulated-document';

export const SIMULATED_DOCUMENTS: readonly SimulatedDocument[] = [SIMULATED_MYNUMBER, SIMULATED_RESIDENCE_CARD, SIMULATED_LICENCE];

/** Which document's simulator `ref` (a named profile or a profile JSON file) belongs to. */
export async function simulatedDocumentOf(ref: string): Promise<{ readonly sim: SimulatedDocument; readonly ref: SimulatedCardRef }> {
  const named = SIMULATED_DOCUMENTS.find((d) => d.profileIds.includes(ref));
  if (named) return { sim: named, ref: { named: ref } };
  if (!ref.endsWith('.json')) {
    const all = SIMULATED_DOCUMENTS.flatMap((d) => d.profileIds);
    throw new ProfileError('profile', `no named profile "${ref}" (try: ${all.join(', ')}) and not a .json file`);
  }
  let json: unknown;
  try {
    json = JSON.parse(await readFile(ref, 'utf8'));
  } catch {
    throw new ProfileError('profile', `cannot read ${ref} as JSON`);
  }
  const kind = typeof json === 'object' && json !== null && typeof (json as { document?: unknown }).document === 'string' ? (json as { document: string }).document : 'mynumber-card';
  const sim = SIMULATED_DOCUMENTS.find((d) => d.kind === kind);
  if (!sim) throw new ProfileError('document', `${ref}: no simulator for document "${kind}"`);
  return { sim, ref: { json, file: ref } };
}

/** The simulated card `ref` names: a named profile of any document, or a profile JSON file. */
export async function simulatedCard(ref: string, options: { readonly forgery?: string } = {}): Promise<SimulatedCardOnReader> {
  const found = await simulatedDocumentOf(ref);
  return found.sim.card(found.ref, options);
}

/** Every document's simulator CAs (simulator trust mode). */
export async function simulatorDocumentAnchors(): Promise<DocumentAnchor[]> {
  return (await Promise.all(SIMULATED_DOCUMENTS.map((d) => d.anchors()))).flat();
}
