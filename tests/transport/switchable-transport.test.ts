import { describe, expect, it } from 'vitest';
import { SwitchableTransport } from '../../src/transport/switchable-transport';
import { SimulatedTransport } from '../../src/transport/simulated-transport';
import { TransportError, type CardEvent } from '../../src/transport/card-transport';
import { simulatedCardFor } from '../../src/sim/mynumber/build-card';
import { card } from '../verify-flows/flow-helpers';
import { fromHex } from '../../src/bytes/hex';

describe('SwitchableTransport', () => {
  it('sends through the chosen reader, follows its events, and reports a switch as reader removed / card present', async () => {
    const sw = new SwitchableTransport();
    const events: CardEvent['type'][] = [];
    sw.onEvent((e) => events.push(e.type));
    await expect(sw.connect()).rejects.toBeInstanceOf(TransportError);
    expect(sw.isCardPresent()).toBe(false);

    const a = new SimulatedTransport(simulatedCardFor((await card('default')).model));
    const b = new SimulatedTransport(undefined, { extendedLength: false });
    sw.use(a);
    expect(events).toEqual(['card-present']);
    await sw.connect();
    const res = await sw.transmit(fromHex('00A4040C0AD392F000260100000001'));
    expect([...res]).toEqual([0x90, 0x00]);
    expect(sw.capabilities.extendedLength).toBe(true);

    sw.use(b);
    expect(events).toEqual(['card-present', 'card-activated', 'reader-removed']);
    expect(sw.isCardPresent()).toBe(false);
    expect(sw.capabilities.extendedLength).toBe(false);
    // Events of the old reader no longer arrive; the new one's do.
    a.removeCard();
    b.placeCard(simulatedCardFor((await card('default')).model));
    expect(events).toEqual(['card-present', 'card-activated', 'reader-removed', 'card-present']);
    sw.use(undefined);
    await expect(sw.transmit(fromHex('00A4040C'))).rejects.toMatchObject({ code: 'no-card' });
  });
});
