/**
 * The licence application on a My Number Card (マイナ免許証): detection by SELECT only, the 10-try
 * counter by empty VERIFY `00 20 00 86` (HMPOW: 63CA on a real card), the same PIN safety as the
 * licence card, `****` only when WEF01 says no PIN was set, the read and the verification.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { CardChannel } from '../../src/cards/iso7816/card-channel';
import { detectMyNumberLicence, MyNumberLicenceAp, readMyNumberLicence } from '../../src/cards/licence';
import { buildSimCard } from '../../src/node/sim-loader';
import { mncLicenceProfile, withLicenceApplication, type MncLicenceProfile } from '../../src/sim/licence';
import type { CardModel } from '../../src/sim/card/card-model';
import { simulatedCardFor } from '../../src/sim/mynumber/build-card';
import { namedProfile } from '../../src/sim/mynumber/profiles';
import { NO_LICENCE_ISSUERS, verifyMyNumberLicence } from '../../src/verify/licence';
import { connect, NOW, simulatorIssuers } from './licence-helpers';

const INSTANCE = '00 A4 04 0C 10 A0 00 00 02 31 06 00 00 00 00 00 00 00 00 00 00';
let plain: CardModel;
let withPin: { model: CardModel; profile: MncLicenceProfile };
let noPin: { model: CardModel; profile: MncLicenceProfile };

beforeAll(async () => {
  const p1 = mncLicenceProfile('mynumber-licence')!;
  const p2 = mncLicenceProfile('mynumber-licence-no-pin')!;
  plain = (await buildSimCard(namedProfile(p1.base)!)).model;
  withPin = { model: await withLicenceApplication(plain, p1), profile: p1 };
  noPin = { model: await withLicenceApplication((await buildSimCard(namedProfile(p2.base)!)).model, p2), profile: p2 };
});

describe('detection', () => {
  it('a My Number Card with the licence application: present, by one SELECT', async () => {
    const t = await connect(simulatedCardFor(withPin.model));
    expect(await detectMyNumberLicence(new CardChannel(t))).toEqual({ kind: 'present' });
    expect(t.commands()).toEqual([INSTANCE]);
  });

  it('a My Number Card without it (a customer whose licence is a card, or who has none): absent, 6A82', async () => {
    const t = await connect(simulatedCardFor(plain));
    expect(await detectMyNumberLicence(new CardChannel(t))).toEqual({ kind: 'absent', sw: 0x6a82 });
    const ap = new MyNumberLicenceAp(t);
    await expect(ap.readTries()).rejects.toMatchObject({ code: 'licence-application-absent' });
    expect(t.verifies() + t.counterReads()).toBe(0);
  });
});

describe('PIN safety on the licence application', () => {
  it('the counter is 10 tries, read with 00 20 00 86 without spending one', async () => {
    const t = await connect(simulatedCardFor(withPin.model));
    const ap = new MyNumberLicenceAp(t);
    expect(await ap.readTries()).toEqual({ kind: 'tries-left', left: 10 });
    expect(t.commands()).toEqual([INSTANCE, '00 20 00 86']);
    expect(t.log[1]!.response).toEqual(Uint8Array.of(0x63, 0xca));
  });

  it('a right PIN: WEF01 first, then the counter, then one VERIFY P2 86', async () => {
    const t = await connect(simulatedCardFor(withPin.model));
    const ap = new MyNumberLicenceAp(t);
    await ap.verify('2580');
    expect(t.commands()).toEqual([INSTANCE, '00 B0 9A 00 03', '00 20 00 86', '00 20 00 86 04 32 35 38 30']);
  });

  it('a wrong PIN spends one of 10; ****, digits and the last try follow the licence card’s rules', async () => {
    const sim = simulatedCardFor(withPin.model);
    const t = await connect(sim);
    const ap = new MyNumberLicenceAp(t);
    await expect(ap.verify('0000')).rejects.toMatchObject({ code: 'pin-wrong', retriesLeft: 9 });
    await expect(ap.verify('****')).rejects.toMatchObject({ code: 'licence-pin-is-set' });
    expect(t.verifies()).toBe(1);
    const one = await withLicenceApplication(plain, { ...withPin.profile, triesLeft: 1 });
    const t1 = await connect(simulatedCardFor(one));
    await expect(new MyNumberLicenceAp(t1).verify('2580')).rejects.toMatchObject({ code: 'pin-last-try-unconfirmed' });
    expect(t1.verifies()).toBe(0);
    const blocked = await withLicenceApplication(plain, { ...withPin.profile, triesLeft: 0 });
    const t0 = await connect(simulatedCardFor(blocked));
    await expect(new MyNumberLicenceAp(t0).verify('2580', { confirmLastTry: true })).rejects.toMatchObject({ code: 'pin-blocked' });
    expect(t0.verifies()).toBe(0);
  });

  it('no PIN set (WEF01 C1 01 00): **** is sent, digits are refused before any VERIFY', async () => {
    const t = await connect(simulatedCardFor(noPin.model));
    const ap = new MyNumberLicenceAp(t);
    await expect(ap.verify('1234')).rejects.toMatchObject({ code: 'licence-pin-not-set' });
    expect(t.verifies()).toBe(0);
    await ap.verify('****');
    expect(t.commands()).toContain('00 20 00 86 04 2A 2A 2A 2A');
  });

  it('files before VERIFY are refused by the card and named', async () => {
    const t = await connect(simulatedCardFor(withPin.model));
    await expect(new MyNumberLicenceAp(t).readLicenceInfo()).rejects.toMatchObject({ code: 'licence-pin-required', pin: 'mnc' });
  });
});

describe('read and verify', () => {
  for (const extendedLength of [true, false]) {
    it(`licence number, classes, conditions, expiry, photo, signature (${extendedLength ? 'extended' : 'short'} reads)`, async () => {
      const t = await connect(simulatedCardFor(withPin.model), extendedLength);
      const ap = new MyNumberLicenceAp(t);
      await ap.verify('2580');
      const readout = await readMyNumberLicence(ap, { signature: true });
      const v = await verifyMyNumberLicence(readout, { issuers: await simulatorIssuers(), now: () => NOW });
      readout.wipe();
      expect(v.checks.map((c) => `${c.id}:${c.status}:${c.code}`)).toEqual(['dl.entries:pass:ok', 'dl.signature:pass:ok', 'dl.photo:pass:ok', 'dl.expiry:pass:ok']);
      const a = v.attributes!;
      expect(a.licenceNumber).toBe('993012349870');
      expect(a.expiry).toEqual({ iso: '2030-03-17', ja: '令和12年3月17日', en: 'Reiwa 12 (2030) Mar 17' });
      expect(a.colour?.kind).toBe('excellent');
      expect(a.conditions).toEqual(['眼鏡等']);
      expect(a.classes.map((c) => c.short)).toEqual(['普通', '普自二', '原付']);
      expect(a.faceDates['two-small-moped']?.iso).toBe('2000-05-10');
      expect(v.images.photoJp2?.length).toBeGreaterThan(1900);
      expect(v.evidence.identifier).toEqual({ scheme: 'drivers-licence-number', value: '993012349870' });
      expect(t.verifies()).toBe(1);
      // Nothing of the My Number Card's own applications was touched.
      expect(t.commands().filter((c) => c.startsWith('00 A4 04'))).toEqual([INSTANCE]);
      ap.close();
    });
  }

  it('without an issuer certificate the signature is a warning with its own reason', async () => {
    const t = await connect(simulatedCardFor(noPin.model));
    const ap = new MyNumberLicenceAp(t);
    await ap.verify('****');
    const readout = await readMyNumberLicence(ap, { signature: true });
    const v = await verifyMyNumberLicence(readout, { issuers: NO_LICENCE_ISSUERS, now: () => NOW });
    expect(v.checks.find((c) => c.id === 'dl.signature')).toMatchObject({ status: 'warn', code: 'dl-issuer-certificate-not-installed' });
    expect(v.attributes?.classes.map((c) => c.short)).toEqual(['原付']);
    expect(v.images.photoJp2).toBeUndefined();
  });
});
