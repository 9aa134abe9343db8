/**
 * PIN safety on the licence (the project's rules: counter before entry, one VERIFY per entry,
 * refusal at one try left without confirmation, blocked explained, never a loop), `****` only when
 * the card says no PIN was set, and what happens when the counter cannot be read.
 */
import { describe, expect, it } from 'vitest';
import { LicenceCard, LicenceCardError, LicenceCredentialFormatError } from '../../src/cards/licence';
import { PinError } from '../../src/cards/iso7816/pin-guard';
import { simulatedLicenceCardFor, type SimulatedLicenceCard } from '../../src/sim/licence';
import type { ApduResponder } from '../../src/transport/apdu-responder';
import type { CardTransport, TransmitOptions } from '../../src/transport/card-transport';
import { SimulatedTransport } from '../../src/transport/simulated-transport';
import { connect, licence, RecordingTransport } from './licence-helpers';

async function cardFor(id: string, wrap?: (c: SimulatedLicenceCard) => ApduResponder): Promise<{ card: LicenceCard; sim: SimulatedLicenceCard; t: RecordingTransport }> {
  const sim = simulatedLicenceCardFor((await licence(id)).model);
  const t = await connect(wrap ? wrap(sim) : sim);
  return { card: new LicenceCard(t), sim, t };
}

/** A responder that answers `sw` to every VERIFY with data (and passes everything else through). */
function answerVerifyWith(inner: ApduResponder, sw: number): ApduResponder {
  return {
    powerOn: () => inner.powerOn(),
    powerOff: () => inner.powerOff(),
    process: async (c) => (c[1] === 0x20 && c.length > 4 ? Uint8Array.of(sw >> 8, sw & 0xff) : inner.process(c)),
  };
}

describe('the counter is read before anything is entered, and costs nothing', () => {
  it('readTries is one empty VERIFY in the MF; the card’s counter is unchanged', async () => {
    const { card, sim, t } = await cardFor('licence-default');
    expect(await card.readTries('pin1')).toEqual({ kind: 'tries-left', left: 3 });
    expect(await card.readTries('pin2')).toEqual({ kind: 'tries-left', left: 3 });
    expect(t.commands()).toEqual(['00 A4 00 00', '00 20 00 81', '00 20 00 82']);
    expect(sim.triesLeft('pin1')).toBe(3);
    expect(sim.activity.verifyAttempts).toBe(0);
    card.close();
  });

  it('every VERIFY with data is preceded by an empty VERIFY of the same PIN', async () => {
    const { card, t } = await cardFor('licence-default');
    await card.verify('pin1', '1234');
    await card.verify('pin2', '5678');
    const cmds = t.commands();
    for (const [i, c] of cmds.entries()) if (c.startsWith('00 20') && c.length > 11) expect(cmds[i - 1]).toBe(c.slice(0, 11));
    card.close();
  });
});

describe('a wrong PIN', () => {
  it('spends exactly one try and says how many are left; nothing is retried', async () => {
    const { card, sim, t } = await cardFor('licence-default');
    const e = await card.verify('pin1', '0000').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(PinError);
    expect(e).toMatchObject({ code: 'pin-wrong', retriesLeft: 2, tryConsumed: true });
    expect(t.verifies()).toBe(1);
    expect(sim.triesLeft('pin1')).toBe(2);
    card.close();
  });

  it('an answer that asks for a resend (6Cxx, 61xx) never makes a second VERIFY', async () => {
    for (const sw of [0x6c04, 0x6110, 0x6700, 0x6a88]) {
      const { card, t } = await cardFor('licence-default', (c) => answerVerifyWith(c, sw));
      await expect(card.verify('pin1', '1234')).rejects.toSatisfy((x) => x instanceof PinError && x.code === 'pin-unexpected-status');
      expect(t.verifies(), sw.toString(16)).toBe(1);
      card.close();
    }
  });

  it('format errors cost nothing: no APDU for 12a4, 123, １２３４', async () => {
    const { card, t } = await cardFor('licence-default');
    for (const v of ['12a4', '123', '１２３４', '12345', ' 1234']) await expect(card.verify('pin1', v)).rejects.toBeInstanceOf(LicenceCredentialFormatError);
    expect(t.log).toEqual([]);
    card.close();
  });
});

describe('one try left', () => {
  it('is refused without the holder’s confirmation (no VERIFY sent, counter unchanged)', async () => {
    const { card, sim, t } = await cardFor('licence-pin1-last-try');
    expect(await card.readTries('pin1')).toEqual({ kind: 'tries-left', left: 1 });
    await expect(card.verify('pin1', '4321')).rejects.toMatchObject({ code: 'pin-last-try-unconfirmed', retriesLeft: 1 });
    expect(t.verifies()).toBe(0);
    expect(sim.triesLeft('pin1')).toBe(1);
    card.close();
  });

  it('with confirmation, the one VERIFY carries lastTryConfirmed (for paths that enforce the rule themselves)', async () => {
    const sim = simulatedLicenceCardFor((await licence('licence-pin1-last-try')).model);
    const seen: (TransmitOptions | undefined)[] = [];
    const inner = new SimulatedTransport(sim);
    const spy: CardTransport = Object.assign(Object.create(inner) as CardTransport, {
      transmit: (c: Uint8Array, o?: TransmitOptions) => {
        if (c[1] === 0x20 && c.length > 4) seen.push(o);
        return inner.transmit(c);
      },
    });
    await inner.connect();
    const card = new LicenceCard(spy);
    await card.verify('pin1', '4321', { confirmLastTry: true });
    expect(seen).toEqual([{ lastTryConfirmed: true }]);
    expect(sim.triesLeft('pin1')).toBe(3);
    card.close();
  });
});

describe('a blocked PIN', () => {
  it('is explained before anything is entered and never receives a VERIFY', async () => {
    const { card, sim, t } = await cardFor('licence-pin1-blocked');
    expect(await card.readTries('pin1')).toEqual({ kind: 'blocked' });
    await expect(card.verify('pin1', '0000', { confirmLastTry: true })).rejects.toMatchObject({ code: 'pin-blocked', retriesLeft: 0 });
    expect(t.verifies()).toBe(0);
    expect(sim.activity.verifyAttempts).toBe(0);
    // PIN2 is a separate counter.
    expect(await card.readTries('pin2')).toEqual({ kind: 'tries-left', left: 3 });
    card.close();
  });

  it('three wrong entries block it: the third needs confirmation, then 63C0, then every VERIFY is refused before sending', async () => {
    const { card, sim, t } = await cardFor('licence-default');
    await expect(card.verify('pin1', '0001')).rejects.toMatchObject({ retriesLeft: 2 });
    await expect(card.verify('pin1', '0002')).rejects.toMatchObject({ retriesLeft: 1 });
    await expect(card.verify('pin1', '0003')).rejects.toMatchObject({ code: 'pin-last-try-unconfirmed' });
    await expect(card.verify('pin1', '0003', { confirmLastTry: true })).rejects.toMatchObject({ code: 'pin-wrong', retriesLeft: 0 });
    await expect(card.verify('pin1', '1234', { confirmLastTry: true })).rejects.toMatchObject({ code: 'pin-blocked' });
    expect(t.verifies()).toBe(3);
    expect(sim.triesLeft('pin1')).toBe(0);
    card.close();
  });
});

describe('**** — a card without holder-set PINs', () => {
  it('sends 2A 2A 2A 2A when the card says no PIN was set', async () => {
    const { card, t } = await cardFor('licence-no-pins');
    expect(await card.readPinSetting()).toEqual({ kind: 'not-set' });
    await card.verify('pin1', '****');
    expect(t.commands()).toContain('00 20 00 81 04 2A 2A 2A 2A');
    card.close();
  });

  it('refuses **** on a card whose holder set PINs, and digits on a card without PINs, with no VERIFY', async () => {
    const set = await cardFor('licence-default');
    await expect(set.card.verify('pin1', '****')).rejects.toMatchObject({ code: 'licence-pin-is-set' });
    expect(set.t.verifies() + set.t.counterReads()).toBe(0);
    set.card.close();
    const none = await cardFor('licence-no-pins');
    await expect(none.card.verify('pin1', '1234')).rejects.toMatchObject({ code: 'licence-pin-not-set' });
    expect(none.t.verifies() + none.t.counterReads()).toBe(0);
    none.card.close();
  });

  it('never sends **** on a misread PIN-setting file (HMPOW keeps "read error" apart from "not set")', async () => {
    const misread = (inner: ApduResponder): ApduResponder => ({
      powerOn: () => inner.powerOn(),
      powerOff: () => inner.powerOff(),
      process: async (c) => (c[1] === 0xb0 && c[2] === 0x8a ? Uint8Array.of(0x6a, 0x82) : inner.process(c)),
    });
    const { card, t } = await cardFor('licence-no-pins', misread);
    expect(await card.readPinSetting()).toEqual({ kind: 'unknown' });
    await expect(card.verify('pin1', '****')).rejects.toBeInstanceOf(LicenceCardError);
    await expect(card.verify('pin1', '****')).rejects.toMatchObject({ code: 'licence-pin-setting-unknown' });
    expect(t.verifies()).toBe(0);
    card.close();
  });
});

describe('a counter that cannot be read (layout.emptyVerifyAllowed false)', () => {
  it('readTries says not-readable without sending anything; a VERIFY needs the person’s acknowledgement, then exactly one', async () => {
    const sim = simulatedLicenceCardFor((await licence('licence-default')).model);
    const t = await connect(sim);
    const card = new LicenceCard(t, { layout: { emptyVerifyAllowed: false } });
    expect(await card.readTries('pin1')).toEqual({ kind: 'not-readable' });
    expect(t.log).toEqual([]);
    await expect(card.verify('pin1', '1234')).rejects.toMatchObject({ code: 'licence-counter-not-readable' });
    expect(t.verifies()).toBe(0);
    await card.verify('pin1', '1234', { acknowledgeUnknownCounter: true });
    expect(t.verifies()).toBe(1);
    expect(t.counterReads()).toBe(0);
    card.close();
  });
});

describe('cards that lie about the counter', () => {
  it('63C9 for a 3-try PIN: refused before any VERIFY', async () => {
    const b = await licence('licence-default');
    const sim = simulatedLicenceCardFor({ ...b.model, faults: { reportedTries: 9 } });
    const t = await connect(sim);
    const card = new LicenceCard(t);
    await expect(card.readTries('pin1')).rejects.toMatchObject({ code: 'licence-retry-counter-implausible' });
    await expect(card.verify('pin1', '1234')).rejects.toMatchObject({ code: 'licence-retry-counter-implausible' });
    expect(t.verifies()).toBe(0);
    card.close();
  });

  it('a counter that does not drop after a wrong PIN: the card is not trusted with another', async () => {
    const b = await licence('licence-default');
    const sim = simulatedLicenceCardFor({ ...b.model, faults: { frozenCounter: true } });
    const t = await connect(sim);
    const card = new LicenceCard(t);
    await expect(card.verify('pin1', '0000')).rejects.toMatchObject({ code: 'licence-retry-counter-inconsistent' });
    expect(t.verifies()).toBe(1);
    card.close();
  });
});
