/**
 * The simulated reader and the trace decorator (src/transport): card presence, removal during
 * a session, and a trace that never holds secrets or response data.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { isKazasuError } from '../../src/errors/kazasu-error';
import { MyNumberCard } from '../../src/cards/mynumber/mynumber-card';
import type { CardModel } from '../../src/sim/card/card-model';
import { simulatedCardFor } from '../../src/sim/mynumber/build-card';
import { TracingTransport, type ApduTraceEntry } from '../../src/transport/apdu-trace';
import type { ApduResponder } from '../../src/transport/apdu-responder';
import { SimulatedTransport } from '../../src/transport/simulated-transport';
import { TransportError, type CardEvent } from '../../src/transport/card-transport';
import { ascii, build, h, hex, profileJson, SELECT } from './helpers';

const P = profileJson('default');
const CODE_B = '55021720352285';

let model: CardModel;
beforeAll(async () => {
  model = (await build('default')).model;
});

async function rejection(p: Promise<unknown>): Promise<{ code: string }> {
  try {
    await p;
  } catch (e) {
    expect(isKazasuError(e), String(e)).toBe(true);
    return e as { code: string };
  }
  throw new Error('expected a rejection');
}

describe('SimulatedTransport', () => {
  it('connect powers the card; transmit answers; sw 9000 for a SELECT', async () => {
    const t = new SimulatedTransport(simulatedCardFor(model));
    expect(t.isCardPresent()).toBe(true);
    await t.connect();
    const r = await t.transmit(h(SELECT.jpki));
    expect(hex(r)).toBe('9000');
  });

  it('transmit before connect is refused (not-connected); no card at connect is no-card', async () => {
    const t = new SimulatedTransport(simulatedCardFor(model));
    expect((await rejection(t.transmit(h(SELECT.jpki)))).code).toBe('not-connected');
    const empty = new SimulatedTransport(undefined);
    expect(empty.isCardPresent()).toBe(false);
    expect((await rejection(empty.connect())).code).toBe('no-card');
  });

  it('card removal between commands: the next transmit fails with card-removed and a card-removed event fires', async () => {
    const t = new SimulatedTransport(simulatedCardFor(model));
    const events: CardEvent['type'][] = [];
    t.onEvent((e) => events.push(e.type));
    await t.connect();
    await t.transmit(h(SELECT.jpki));
    t.removeCard();
    expect(t.isCardPresent()).toBe(false);
    expect(events).toEqual(['card-activated', 'card-removed']);
    expect((await rejection(t.transmit(h('00 B0 86 00 01')))).code).toBe('card-removed');
  });

  it('card removal while the card is processing a command: that command fails with card-removed', async () => {
    const card = simulatedCardFor(model);
    let t: SimulatedTransport | undefined;
    let removeOnNext = false;
    const flaky: ApduResponder = {
      powerOn: () => card.powerOn(),
      powerOff: () => card.powerOff(),
      process: async (cmd) => {
        const r = await card.process(cmd);
        if (removeOnNext) t!.removeCard();
        return r;
      },
    };
    t = new SimulatedTransport(flaky);
    await t.connect();
    await t.transmit(h(SELECT.jpki));
    removeOnNext = true;
    expect((await rejection(t.transmit(h('00 B0 86 00 01')))).code).toBe('card-removed');
  });

  it('mid-session removal surfaces through the card library as TransportError card-removed', async () => {
    const t = new SimulatedTransport(simulatedCardFor(model));
    await t.connect();
    const mnc = new MyNumberCard(t);
    const token = await mnc.jpki.readTokenInfo();
    expect(token.label).toBe('JPKIAPICCTOKEN2');
    t.removeCard();
    const err = await rejection(mnc.jpki.readAuthCertificate());
    expect(err.code).toBe('card-removed');
    expect(err).toBeInstanceOf(TransportError);
    mnc.close();
  });

  it('a removed card loses its security status: put back, the protected file needs VERIFY again', async () => {
    const card = simulatedCardFor(model);
    const t = new SimulatedTransport(card);
    await t.connect();
    const mnc = new MyNumberCard(t);
    await mnc.text.verify('codeB', CODE_B);
    t.removeCard();
    t.placeCard(card);
    await t.connect();
    // The session knows the card left: it re-selects, and the card answers 6982 for EF 0002.
    const err = await rejection(mnc.text.readBasicFour());
    expect(err.code).toBe('security-status-not-satisfied');
    mnc.close();
  });

  it('a short-APDU reader refuses an extended command instead of passing it on', async () => {
    const card = simulatedCardFor(model);
    const t = new SimulatedTransport(card, { extendedLength: false });
    await t.connect();
    expect(t.capabilities.extendedLength).toBe(false);
    const before = card.activity.commands;
    const long = new Uint8Array(7 + 300);
    long.set(h('00 D6 00 00 00 01 2C'));
    expect((await rejection(t.transmit(long))).code).toBe('protocol');
    expect(card.activity.commands).toBe(before);
  });
});

describe('TracingTransport', () => {
  function traced() {
    const card = simulatedCardFor(model);
    const inner = new SimulatedTransport(card);
    const sunk: ApduTraceEntry[] = [];
    const t = new TracingTransport(inner, (e) => sunk.push(e));
    return { card, t, sunk };
  }

  it('redacts VERIFY data: no PIN, password or 照合番号 digits appear in the trace', async () => {
    const { t, sunk } = traced();
    await t.connect();
    const mnc = new MyNumberCard(t);
    await mnc.jpki.verify('auth', P.credentials.authPin);
    await mnc.jpki.verify('sign', P.credentials.signPassword);
    await mnc.text.verify('codeB', CODE_B);
    await mnc.text.verify('pin', P.credentials.textPin);
    const text = JSON.stringify(t.entries);
    for (const secret of [P.credentials.authPin, P.credentials.signPassword, CODE_B, P.credentials.textPin]) {
      const spaced = Array.from(ascii(secret), (b) => b.toString(16).padStart(2, '0').toUpperCase()).join(' ');
      expect(text.toUpperCase()).not.toContain(spaced);
      expect(text.toUpperCase()).not.toContain(spaced.replace(/ /g, ''));
      expect(text).not.toContain(secret);
    }
    // The headers stay visible; the data is replaced by a marker.
    const verifies = t.entries.filter((e) => e.command.startsWith('00 20 00'));
    expect(verifies.length).toBeGreaterThanOrEqual(8); // four retry queries + four VERIFYs
    const withData = verifies.filter((e) => e.command.includes('redacted'));
    expect(withData.map((e) => e.command)).toEqual([
      '00 20 00 98 <redacted 5 bytes>',
      '00 20 00 9B <redacted 8 bytes>',
      '00 20 00 95 <redacted 15 bytes>',
      '00 20 00 91 <redacted 5 bytes>',
    ]);
    expect(sunk).toEqual(t.entries);
    mnc.close();
  });

  it('records lengths and status words but no response data', async () => {
    const { t } = traced();
    await t.connect();
    const mnc = new MyNumberCard(t);
    await mnc.text.verify('codeB', CODE_B);
    const basic = await mnc.text.readBasicFour();
    expect(basic.address).toBe(P.person.address);
    const reads = t.entries.filter((e) => e.command.startsWith('00 B0'));
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.every((e) => e.status === '9000')).toBe(true);
    expect(reads.reduce((n, e) => n + e.responseLength, 0)).toBeGreaterThanOrEqual(basic.raw.length);
    // No entry has a field holding response bytes: only the known keys, and no hex of the name.
    for (const e of t.entries) expect(Object.keys(e).sort()).toEqual(['at', 'command', 'durationMs', 'responseLength', 'seq', 'status']);
    const nameHex = hex(new TextEncoder().encode(P.person.name));
    expect(JSON.stringify(t.entries).replace(/ /g, '').toUpperCase()).not.toContain(nameHex.slice(0, 12));
    mnc.close();
  });

  it('records a transport failure with its code', async () => {
    const card = simulatedCardFor(model);
    const inner = new SimulatedTransport(card);
    const t = new TracingTransport(inner);
    await t.connect();
    inner.removeCard();
    await rejection(t.transmit(h(SELECT.jpki)));
    expect(t.entries.at(-1)!.status).toBe('card-removed');
  });
});
