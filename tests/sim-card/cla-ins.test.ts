/**
 * Class and instruction handling (spec §1.1, §2.10, §5.4): unknown INS, logical channels,
 * secure-messaging CLA, malformed APDUs.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { CardModel } from '../../src/sim/card/card-model';
import { simulatedCardFor } from '../../src/sim/mynumber/build-card';
import { build, h, ok, SELECT, sw } from './helpers';

let model: CardModel;
beforeAll(async () => {
  model = (await build('default')).model;
});

describe('CLA / INS', () => {
  it('an unknown INS answers 6D00 (interindustry and proprietary class)', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.jpki);
    expect(await sw(card, '00 12 00 00')).toBe(0x6d00);
    expect(await sw(card, '00 E0 00 00 02 00 00')).toBe(0x6d00);
    expect(await sw(card, '80 12 00 00')).toBe(0x6d00);
  });

  it('logical channel 1 (CLA 01) answers 6881, and does nothing', async () => {
    const card = simulatedCardFor(model);
    expect(await sw(card, '01 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01')).toBe(0x6881);
    expect(await sw(card, '03 B0 86 00 01')).toBe(0x6881);
    // The SELECT on channel 1 did not select anything on channel 0.
    expect(await sw(card, '00 B0 86 00 01')).not.toBe(0x9000);
  });

  it('secure-messaging CLA 0C answers 6882', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.jpki);
    expect(await sw(card, '0C B0 86 00 01')).toBe(0x6882);
    expect(await sw(card, '0C A4 04 0C 0A D3 92 10 00 31 00 01 01 04 08')).toBe(0x6882);
  });

  it('an unknown class answers 6E00', async () => {
    const card = simulatedCardFor(model);
    expect(await sw(card, 'A0 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01')).toBe(0x6e00);
  });

  it('malformed APDUs answer 6700', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.jpki);
    expect(await sw(card, '00 B0')).toBe(0x6700); // shorter than a header
    expect(await sw(card, '00 A4 04 0C 0A D3 92')).toBe(0x6700); // Lc 10, 2 bytes follow
    expect(await sw(card, '00 20 00 98 04 31 32 33 34 00 00')).toBe(0x6700); // bytes after Le
    expect(await sw(card, '00 B0 86 00 00 00')).toBe(0x6700); // extended length cut short
    // None of them consumed a try or changed state.
    expect(await sw(card, '00 20 00 98')).toBe(0x63c3);
  });

  it('READ BINARY without Le, or with a data field, answers 6700', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.jpki);
    expect(await sw(card, '00 B0 86 00')).toBe(0x6700);
    expect(await sw(card, '00 B0 86 00 01 00 00')).toBe(0x6700);
  });

  it('SELECT by name without data answers 6700', async () => {
    const card = simulatedCardFor(model);
    expect(await sw(card, '00 A4 04 0C')).toBe(0x6700);
  });

  it('the activity counter counts every command, including rejected ones', async () => {
    const card = simulatedCardFor(model);
    await card.process(h('00 12 00 00'));
    await card.process(h('00 B0'));
    await card.process(h(SELECT.jpki));
    expect(card.activity.commands).toBe(3);
  });
});
