/**
 * A card session survives the reader re-activating the card: after disconnect() + connect() the
 * card has no DF selected and no security status, so the library must select and verify again
 * instead of trusting its memory (it used to answer 6A82 here).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { MyNumberCard } from '../../src/cards/mynumber/mynumber-card';
import type { CardModel } from '../../src/sim/card/card-model';
import { simulatedCardFor } from '../../src/sim/mynumber/build-card';
import { SimulatedTransport } from '../../src/transport/simulated-transport';
import { build, profileJson } from '../sim-card/helpers';

const P = profileJson('default');
let model: CardModel;
beforeAll(async () => {
  model = (await build('default')).model;
});

describe('reconnecting the same session', () => {
  it('selects the DF again and needs the credential again after the card is re-activated', async () => {
    const t = new SimulatedTransport(simulatedCardFor(model));
    await t.connect();
    const card = new MyNumberCard(t);
    await card.text.verify('codeB', '55021720352285');
    expect((await card.text.readBasicFour()).name).toBe(P.person.name);
    const selectsBefore = card.session.channel.stats.selects;

    await t.disconnect();
    await t.connect();
    // Security status is gone with the power cycle: the protected file is refused again…
    await expect(card.text.readIntegrityRecord()).rejects.toMatchObject({ code: 'security-status-not-satisfied' });
    // …and the library re-selected the DF rather than assuming it was still current.
    expect(card.session.channel.stats.selects).toBe(selectsBefore + 1);
    await card.text.verify('codeB', '55021720352285');
    expect((await card.text.readIntegrityRecord()).signature).toHaveLength(256);
    card.close();
  });
});
