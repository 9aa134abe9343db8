/**
 * Every document's simulated cards for the CLI. A document adds one entry (its own file beside
 * this one); `--sim <ref>` then finds its profiles, profile files (`"document": "<kind>"` in the
 * JSON; without it, a My Number Card profile) and forgeries.
 */
import { readFile } from 'node:fs/promises';
import { ProfileError } from '../../sim/mynumber/profile-validation';
import { SIMULATED_MYNUMBER } from './mynumber';
import { SIMULATED_PASSPORT } from './passport';
import type { SimulatedCardOnReader, SimulatedDocument } from './simulated-document';

export const SIMULATED_DOCUMENTS: readonly SimulatedDocument[] = [SIMULATED_MYNUMBER, SIMULATED_PASSPORT];

/** The simulated card `ref` names: a named profile of any document, or a profile JSON file. */
export async function simulatedCard(ref: string, options: { readonly forgery?: string } = {}): Promise<SimulatedCardOnReader> {
  const named = SIMULATED_DOCUMENTS.find((d) => d.profileIds.includes(ref));
  if (named) return named.card({ named: ref }, options);
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
  return sim.card({ json, file: ref }, options);
}
