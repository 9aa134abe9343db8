import type { RcSimModel } from '../../sim/residence-card/card-files';
import { SimulatedResidenceCard } from '../../sim/residence-card/residence-sim-card';
import type { SimulatedCardOnReader } from './simulated-document';

/**
 * A simulated residence card on the reader: one place for the card built at run time
 * (./residence-card.ts) and the one precomputed at build time (../cli/sim-material.ts).
 */
export function residenceCardOnReader(profileId: string, model: RcSimModel): SimulatedCardOnReader {
  const responder = new SimulatedResidenceCard(model);
  const atr = responder.powerOn();
  responder.powerOff();
  return { document: 'residence-card', profileId, responder, atr };
}
