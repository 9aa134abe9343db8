import { simFont } from '../../src/node/sim-font';
import { buildResidenceCard, type BuiltRcCard, type RcBuildOptions } from '../../src/sim/residence-card/build-card';
import type { RcProfile } from '../../src/sim/residence-card/rc-profile';
import { namedRcProfile } from '../../src/sim/residence-card/profiles';
import { SimulatedResidenceCard } from '../../src/sim/residence-card/residence-sim-card';
import { SimulatedTransport } from '../../src/transport/simulated-transport';

const cache = new Map<string, Promise<BuiltRcCard>>();

/** A built named profile (cached per test file; the model is immutable data). */
export function builtProfile(id: string, options?: RcBuildOptions): Promise<BuiltRcCard> {
  const key = `${id}/${JSON.stringify(options ?? {})}`;
  let b = cache.get(key);
  if (!b) {
    const p = namedRcProfile(id);
    if (!p) throw new Error(`no profile ${id}`);
    b = buildResidenceCard(p, { glyphs: simFont() }, options);
    cache.set(key, b);
  }
  return b;
}

export function buildProfile(p: RcProfile, options?: RcBuildOptions): Promise<BuiltRcCard> {
  return buildResidenceCard(p, { glyphs: simFont() }, options);
}

export async function transportFor(card: SimulatedResidenceCard, extendedLength = true): Promise<SimulatedTransport> {
  const t = new SimulatedTransport(card, { extendedLength });
  await t.connect();
  return t;
}
