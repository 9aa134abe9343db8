/**
 * How the card library spends PIN tries (pin-guard + MyNumberSession, spec §2.2): it reads the
 * counter first, refuses a blocked key or an unconfirmed last try WITHOUT sending VERIFY data,
 * sends exactly one VERIFY otherwise, and never touches the My Number without a legal basis.
 * The card's own counters (activity, empty VERIFY over raw APDUs) are the witnesses.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { isKazasuError } from '../../src/errors/kazasu-error';
import { PinError } from '../../src/cards/iso7816/pin-guard';
import type { MyNumberLegalBasis } from '../../src/cards/mynumber/legal-basis';
import { MyNumberCard } from '../../src/cards/mynumber/mynumber-card';
import type { CardModel } from '../../src/sim/card/card-model';
import type { SimulatedCard } from '../../src/sim/card/simulated-card';
import { simulatedCardFor } from '../../src/sim/mynumber/build-card';
import { TracingTransport } from '../../src/transport/apdu-trace';
import { SimulatedTransport } from '../../src/transport/simulated-transport';
import { build, ok, profileJson, SELECT, sw } from '../sim-card/helpers';

const D = profileJson('default');
const L = profileJson('locked-pin');
const T = profileJson('last-try');
const BASIS: MyNumberLegalBasis = { kind: 'my-number-act', purpose: '税・社会保障手続（源泉徴収票）' };

let models: Record<'default' | 'locked' | 'lastTry', CardModel>;
beforeAll(async () => {
  const [d, l, t] = await Promise.all([build('default'), build('locked-pin'), build('last-try')]);
  models = { default: d.model, locked: l.model, lastTry: t.model };
});

async function open(model: CardModel) {
  const card = simulatedCardFor(model);
  const t = new TracingTransport(new SimulatedTransport(card));
  await t.connect();
  return { card, t, mnc: new MyNumberCard(t) };
}

async function caught(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

/** Tries left as the card itself reports them to an empty VERIFY over a fresh raw session. */
async function cardTries(card: SimulatedCard, select: string, p2: string): Promise<number> {
  card.powerOff();
  card.powerOn();
  await ok(card, select);
  const s = await sw(card, `00 20 00 ${p2}`);
  expect(s & 0xfff0).toBe(0x63c0);
  return s & 0x0f;
}

/** Trace entries that carried VERIFY data (the guard's retry queries are 4-byte case-1 APDUs). */
const verifiesWithData = (t: TracingTransport) => t.entries.filter((e) => e.command.startsWith('00 20') && e.command.includes('redacted'));

describe('blocked keys (locked-pin profile)', () => {
  it('text PIN: PinError pin-blocked and no VERIFY data sent', async () => {
    const { card, t, mnc } = await open(models.locked);
    const e = await caught(mnc.text.verify('pin', L.credentials.textPin));
    expect(e).toBeInstanceOf(PinError);
    expect((e as PinError).code).toBe('pin-blocked');
    expect((e as PinError).tryConsumed).toBe(false);
    expect(card.activity.verifyAttempts).toBe(0);
    expect(verifiesWithData(t)).toEqual([]);
    mnc.close();
  });

  it('JPKI auth PIN: PinError pin-blocked and no VERIFY data sent', async () => {
    const { card, t, mnc } = await open(models.locked);
    const e = await caught(mnc.jpki.verify('auth', L.credentials.authPin));
    expect((e as PinError).code).toBe('pin-blocked');
    expect(card.activity.verifyAttempts).toBe(0);
    expect(verifiesWithData(t)).toEqual([]);
    // retries() reports the same thing without an error.
    expect(await mnc.jpki.retries('auth')).toEqual({ kind: 'blocked' });
    mnc.close();
  });

  it('the keys that are not locked still work on that card (sign password, 照合番号B)', async () => {
    const { mnc } = await open(models.locked);
    await mnc.jpki.verify('sign', L.credentials.signPassword);
    expect((await mnc.jpki.readSignCertificate())[0]).toBe(0x30);
    await mnc.text.verify('codeB', '04040520333158'); // 平成4 = 1992: 040405 + 2033 + 3158
    expect((await mnc.text.readBasicFour()).name).toBe(L.person.name);
    mnc.close();
  });
});

describe('one try left (last-try profile)', () => {
  it('auth PIN: pin-last-try-unconfirmed with no try consumed; then confirmLastTry succeeds and restores 3', async () => {
    const { card, t, mnc } = await open(models.lastTry);
    const e = await caught(mnc.jpki.verify('auth', T.credentials.authPin));
    expect(e).toBeInstanceOf(PinError);
    expect((e as PinError).code).toBe('pin-last-try-unconfirmed');
    expect((e as PinError).retriesLeft).toBe(1);
    expect(card.activity.verifyAttempts).toBe(0);
    expect(card.activity.triesConsumed).toBe(0);
    expect(verifiesWithData(t)).toEqual([]);

    const r = await mnc.jpki.verify('auth', T.credentials.authPin, { confirmLastTry: true });
    expect(r).toEqual({ kind: 'tries-left', left: 1 });
    expect(card.activity.verifyAttempts).toBe(1);
    expect(verifiesWithData(t).length).toBe(1);
    // The key is open: the auth key signs.
    const sig = await mnc.jpki.signDigestInfo('auth', Uint8Array.from([0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20, ...new Array(32).fill(7)]));
    expect(sig.length).toBe(256);
    mnc.close();
    expect(await cardTries(card, SELECT.jpki, '98')).toBe(3);
  });

  it('sign password and text PIN behave the same way', async () => {
    const { card, mnc } = await open(models.lastTry);
    expect(((await caught(mnc.jpki.verify('sign', T.credentials.signPassword))) as PinError).code).toBe('pin-last-try-unconfirmed');
    expect(((await caught(mnc.text.verify('pin', T.credentials.textPin))) as PinError).code).toBe('pin-last-try-unconfirmed');
    expect(card.activity.verifyAttempts).toBe(0);
    await mnc.text.verify('pin', T.credentials.textPin, { confirmLastTry: true });
    expect((await mnc.text.readMyNumber(BASIS)).myNumber).toBe(T.person.myNumber);
    mnc.close();
    expect(await cardTries(card, SELECT.text, '91')).toBe(3);
    expect(await cardTries(card, SELECT.jpki, '9B')).toBe(1);
  });

  it('a wrong value on a confirmed last try blocks the key (pin-wrong, retriesLeft 0)', async () => {
    const { card, mnc } = await open(models.lastTry);
    const e = (await caught(mnc.jpki.verify('auth', '0000', { confirmLastTry: true }))) as PinError;
    expect(e.code).toBe('pin-wrong');
    expect(e.retriesLeft).toBe(0);
    expect(e.tryConsumed).toBe(true);
    // From now on the library refuses without sending anything.
    const before = card.activity.verifyAttempts;
    expect(((await caught(mnc.jpki.verify('auth', T.credentials.authPin, { confirmLastTry: true }))) as PinError).code).toBe('pin-blocked');
    expect(card.activity.verifyAttempts).toBe(before);
    mnc.close();
  });
});

describe('wrong PIN (default profile)', () => {
  it('pin-wrong with retriesLeft and exactly one try consumed', async () => {
    const { card, t, mnc } = await open(models.default);
    const e = (await caught(mnc.text.verify('pin', '0000'))) as PinError;
    expect(e).toBeInstanceOf(PinError);
    expect(e.code).toBe('pin-wrong');
    expect(e.retriesLeft).toBe(2);
    expect(e.tryConsumed).toBe(true);
    expect(card.activity.verifyAttempts).toBe(1);
    expect(card.activity.triesConsumed).toBe(1);
    expect(verifiesWithData(t).length).toBe(1);
    // The message never carries the value.
    expect(e.message).not.toContain('0000');
    mnc.close();
    expect(await cardTries(card, SELECT.text, '91')).toBe(2);
  });

  it('a second wrong sign password: retriesLeft 3; then the right one restores 5', async () => {
    const { card, mnc } = await open(models.default);
    expect(((await caught(mnc.jpki.verify('sign', 'WRONG1'))) as PinError).retriesLeft).toBe(4);
    expect(((await caught(mnc.jpki.verify('sign', 'WRONG2'))) as PinError).retriesLeft).toBe(3);
    // Lower case is upper-cased by the library before sending (spec §2.1).
    await mnc.jpki.verify('sign', D.credentials.signPassword.toLowerCase());
    expect(card.activity.triesConsumed).toBe(2);
    mnc.close();
    expect(await cardTries(card, SELECT.jpki, '9B')).toBe(5);
  });

  it('a malformed PIN is refused before anything is sent, as a rejected promise (not a synchronous throw)', async () => {
    const { card, mnc } = await open(models.default);
    // `caught` receives the promise: a synchronous throw would escape it and fail this test.
    const e = await caught(mnc.text.verify('pin', '12345'));
    expect(isKazasuError(e)).toBe(true);
    expect((e as { code: string }).code).toBe('credential-format');
    expect(((await caught(mnc.jpki.verify('sign', 'short'))) as { code: string }).code).toBe('credential-format');
    expect(((await caught(mnc.face.verify('birthDate', '5502'))) as { code: string }).code).toBe('credential-format');
    expect(card.activity.commands).toBe(0);
    mnc.close();
  });
});

describe('the My Number needs a legal basis (spec §2.5 legal note)', () => {
  it('readMyNumber without a basis: my-number-not-permitted and no READ BINARY of EF 0001', async () => {
    const { card, t, mnc } = await open(models.default);
    await mnc.text.verify('pin', D.credentials.textPin);
    const before = card.activity.commands;
    for (const basis of [undefined, { kind: 'my-number-act', purpose: '  ' }, { kind: 'other', purpose: 'x' }]) {
      const e = await caught(mnc.text.readMyNumber(basis as unknown as MyNumberLegalBasis));
      expect((e as { code: string }).code).toBe('my-number-not-permitted');
    }
    expect(card.activity.commands).toBe(before);
    expect(t.entries.some((e) => e.command.startsWith('00 B0 81'))).toBe(false);
    // With a basis it reads the number from the profile.
    const mn = await mnc.text.readMyNumber(BASIS);
    expect(mn.myNumber).toBe(D.person.myNumber);
    expect(mn.checkDigitValid).toBe(true);
    expect(t.entries.filter((e) => e.command.startsWith('00 B0 81')).length).toBe(1);
    mnc.close();
  });

  it('照合番号A (it is the My Number) and the My Number image also need the basis; nothing is sent without it', async () => {
    const { card, mnc } = await open(models.default);
    expect(((await caught(mnc.text.verify('codeA', D.person.myNumber))) as { code: string }).code).toBe('my-number-not-permitted');
    expect(((await caught(mnc.face.verify('codeA', D.person.myNumber))) as { code: string }).code).toBe('my-number-not-permitted');
    expect(((await caught(mnc.face.readMyNumberImage(undefined as unknown as MyNumberLegalBasis))) as { code: string }).code).toBe('my-number-not-permitted');
    expect(card.activity.commands).toBe(0);
    await mnc.face.verify('codeA', D.person.myNumber, { legalBasis: BASIS });
    const image = await mnc.face.readMyNumberImage(BASIS);
    expect(Array.from(image.image.subarray(0, 4))).toEqual([0x89, 0x50, 0x4e, 0x47]);
    mnc.close();
  });
});
