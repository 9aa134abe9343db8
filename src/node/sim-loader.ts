import { readFile } from 'node:fs/promises';
import { buildMyNumberCard, type BuiltCard, type CardBuildOptions } from '../sim/mynumber/build-card';
import type { CardProfile } from '../sim/mynumber/card-profile';
import { namedProfile, NAMED_PROFILES } from '../sim/mynumber/profiles';
import { parseCardProfile, ProfileError } from '../sim/mynumber/profile-validation';
import { simFont } from './sim-font';

/** A named profile id, or a path to a profile JSON file. */
export async function loadProfile(ref: string): Promise<CardProfile> {
  const named = namedProfile(ref);
  if (named) return named;
  if (!ref.endsWith('.json')) {
    throw new ProfileError('profile', `no named profile "${ref}" (try: ${NAMED_PROFILES.map((p) => p.id).join(', ')}) and not a .json file`);
  }
  let text: string;
  try {
    text = await readFile(ref, 'utf8');
  } catch {
    throw new ProfileError('profile', `cannot read ${ref}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ProfileError('profile', `${ref} is not valid JSON`);
  }
  return parseCardProfile(json);
}

/** Build a simulated card in Node, rendering name and address images with the bundled font. */
export function buildSimCard(profile: CardProfile, options?: CardBuildOptions): Promise<BuiltCard> {
  return buildMyNumberCard(profile, { glyphs: simFont() }, options);
}
