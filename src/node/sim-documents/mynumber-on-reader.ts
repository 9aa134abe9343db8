import type { CardModel } from '../../sim/card/card-model';
import type { CardProfile } from '../../sim/mynumber/card-profile';
import { SimulatedCard } from '../../sim/card/simulated-card';
import { simCardSigner } from '../../sim/mynumber/card-signing';
import { birthDateKeyFor, codeBFor } from '../../sim/mynumber/sim-credentials';
import type { ApduResponder } from '../../transport/apdu-responder';
import type { SimulatedCardOnReader } from './simulated-document';

/**
 * A simulated My Number Card of `profile` on the reader: the built `model` run by the simulator
 * (or `responder` when a forgery wraps it). One place for both the CLI's card built at run time
 * (./mynumber.ts) and its card precomputed at build time (../cli/sim-material.ts), which must not
 * differ.
 */
export function mynumberCardOnReader(profile: CardProfile, model: CardModel, responder?: ApduResponder): SimulatedCardOnReader {
  return {
    document: 'mynumber-card',
    profileId: profile.id,
    // As sim/mynumber/build-card.ts's simulatedCardFor, without loading the card builder.
    responder: responder ?? new SimulatedCard(model, simCardSigner),
    atr: model.atr,
    // The credential ids of documents/mynumber (the text-AP PIN is not among them: `read --pin`
    // must be given explicitly).
    credentials: { codeB: codeBFor(profile), birthDateKey: birthDateKeyFor(profile), signPassword: profile.credentials.signPassword },
  };
}
