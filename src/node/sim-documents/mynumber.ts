import { simulatedCardFor } from '../../sim/mynumber/build-card';
import { FORGERIES } from '../../sim/mynumber/forgeries';
import { NAMED_PROFILES, namedProfile } from '../../sim/mynumber/profiles';
import { parseCardProfile, ProfileError } from '../../sim/mynumber/profile-validation';
import { birthDateKeyFor, codeBFor } from '../../sim/mynumber/sim-credentials';
import type { ApduResponder } from '../../transport/apdu-responder';
import { UsageError } from '../cli/cli-args';
import { buildSimCard, loadProfile } from '../sim-loader';
import type { SimulatedDocument } from './simulated-document';

/** Simulated My Number Cards: the named profiles of sim/mynumber/profiles, profile files, the forgery catalogue. */
export const SIMULATED_MYNUMBER: SimulatedDocument = {
  kind: 'mynumber-card',
  profileIds: NAMED_PROFILES.map((p) => p.id),
  forgeryIds: FORGERIES.map((f) => f.id),
  async card(ref, options) {
    const profile = 'named' in ref ? namedProfile(ref.named) : parseCardProfile(ref.json);
    if (!profile) throw new ProfileError('profile', `no named profile "${'named' in ref ? ref.named : ref.file}"`);
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
    const sim = simulatedCardFor(model);
    return {
      document: 'mynumber-card',
      profileId: profile.id,
      responder: wrap ? wrap(sim) : sim,
      // The credential ids of documents/mynumber (the text-AP PIN is not among them: `read --pin`
      // must be given explicitly).
      credentials: { codeB: codeBFor(profile), birthDateKey: birthDateKeyFor(profile), signPassword: profile.credentials.signPassword },
    };
  },
};
