/**
 * Demo mode's licences (`kazasu sim snapshots` → the browser): every named licence and マイナ免許証
 * profile is offered, with forgeries; a card survives the JSON trip and verifies in the kiosk's
 * runner with the PINs its holder knows and the simulator issuers as the demo world adds them.
 */
import { describe, expect, it } from 'vitest';
import { licenceDemoCards, SIMULATED_LICENCE } from '../../src/node/sim-documents/licence';
import { PURPOSES } from '../../src/session/purposes';
import { runVerification } from '../../src/session/run-verification';
import { fromSnapshot } from '../../src/sim/card/card-snapshot';
import { LICENCE_PROFILES, MNC_LICENCE_PROFILES, simulatedLicenceCardFor } from '../../src/sim/licence';
import { fromLicenceDemoModel, type LicenceDemoCard } from '../../src/sim/licence/licence-demo-card';
import { simulatedCardFor } from '../../src/sim/mynumber/build-card';
import { SimulatedTransport } from '../../src/transport/simulated-transport';
import { environment } from '../verify-flows/flow-helpers';

async function verify(card: LicenceDemoCard, pins: { pin1?: string; pin2?: string }) {
  const responder = card.chip.kind === 'card' ? simulatedLicenceCardFor(fromLicenceDemoModel(card.chip.model)) : simulatedCardFor(fromSnapshot(card.chip.snapshot));
  const t = new SimulatedTransport(responder);
  await t.connect();
  try {
    const env = { ...(await environment()), documentAnchors: await SIMULATED_LICENCE.anchors() };
    return await runVerification(t, PURPOSES.counter, pins, env, undefined, { document: 'drivers-licence' });
  } finally {
    await t.disconnect();
  }
}

describe('licence demo cards', () => {
  it('offer every profile and forgery, and verify after the JSON trip', async () => {
    const cards = JSON.parse(JSON.stringify(await licenceDemoCards())) as LicenceDemoCard[];
    const ids = cards.map((c) => c.id);
    for (const p of [...LICENCE_PROFILES, ...MNC_LICENCE_PROFILES]) expect(ids).toContain(p.id);
    expect(cards.filter((c) => c.group === 'forged').length).toBeGreaterThanOrEqual(8);
    expect(cards.find((c) => c.id === 'licence-pin1-blocked')?.group).toBe('broken');
    const byId = (id: string) => cards.find((c) => c.id === id)!;
    const def = byId('licence-default');
    expect((await verify(def, def.holderKnows)).outcome).toBe('verified');
    const mnc = byId('mynumber-licence');
    expect(mnc.holderKnows.pin2).toBeUndefined();
    expect((await verify(mnc, { pin1: mnc.holderKnows.pin1 })).outcome).toBe('verified');
    const forged = await verify(byId('forged-entries-altered'), def.holderKnows);
    expect(forged.checks.find((c) => c.id === 'dl.signature')?.status).toBe('fail');
  }, 120_000);
});
