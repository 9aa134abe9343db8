/**
 * The residence-card library's safety behaviour: the card-number credential (format, never
 * printed), "never loop" (two refused numbers per placement, then no more attempts without
 * touching the card), detection without VERIFY, and refusing cards that are not residence cards.
 */
import { describe, expect, it } from 'vitest';
import { inspect } from 'node:util';
import { ResidenceCard } from '../../src/cards/residence-card';
import { checkCardNumber, isCardNumberFormat } from '../../src/cards/residence-card/card-number';
import { CardNumberRejectedError } from '../../src/cards/residence-card/residence-card-error';
import { SimulatedResidenceCard } from '../../src/sim/residence-card/residence-sim-card';
import { simulatedCardFor } from '../../src/sim/mynumber/build-card';
import { buildSimCard } from '../../src/node/sim-loader';
import { namedProfile } from '../../src/sim/mynumber/profiles';
import { dataObject } from '../../src/sim/residence-card/card-files';
import { builtProfile, transportFor } from './rc-helpers';

describe('card number credential', () => {
  it('accepts 2 letters, 8 digits, 2 letters; normalises case, spaces, hyphens and full-width input', () => {
    expect(checkCardNumber('ab12345678cd').reveal()).toBe('AB12345678CD');
    expect(checkCardNumber(' AB 1234-5678 CD ').reveal()).toBe('AB12345678CD');
    expect(checkCardNumber('ＡＢ１２３４５６７８ＣＤ').reveal()).toBe('AB12345678CD');
    for (const bad of ['', 'AB1234567CD', 'AB123456789CD', '1B12345678CD', 'AB12345678C1', 'AB12345678CDE', 'ÄB12345678CD']) {
      expect(isCardNumberFormat(bad), bad).toBe(false);
      expect(() => checkCardNumber(bad)).toThrow(expect.objectContaining({ code: 'rc-card-number-format' }));
    }
  });

  it('never prints the number (toString, JSON, util.inspect, error messages)', () => {
    const n = checkCardNumber('AB12345678CD');
    expect(String(n)).not.toContain('12345678');
    expect(JSON.stringify({ n })).not.toContain('12345678');
    expect(inspect(n)).not.toContain('12345678');
    try {
      checkCardNumber('AB1234567');
    } catch (e) {
      expect(String(e)).not.toContain('1234567');
    }
  });
});

describe('authentication never loops', () => {
  it('counts refusals; after two on one placement it refuses without sending anything', async () => {
    const built = await builtProfile('rc1-adult');
    const sim = new SimulatedResidenceCard(built.model);
    const t = await transportFor(sim);
    const rc = new ResidenceCard(t);
    await rc.detect();
    await expect(rc.authenticate('ZZ00000000ZZ')).rejects.toBeInstanceOf(CardNumberRejectedError);
    await expect(rc.authenticate('ZZ00000001ZZ')).rejects.toMatchObject({ code: 'rc-card-number-rejected', stage: 'mutual-authenticate', attempt: 2 });
    expect(rc.failedAuthentications).toBe(2);
    const before = sim.activity.commands;
    await expect(rc.authenticate(built.profile.cardNumber)).rejects.toMatchObject({ code: 'rc-card-number-attempts-exhausted' });
    expect(sim.activity.commands).toBe(before);
    expect(sim.activity.mutualAuthentications).toBe(2);
    // A new placement starts a new count.
    t.removeCard();
    t.placeCard(sim);
    await t.connect();
    expect(rc.failedAuthentications).toBe(0);
    await rc.authenticate(built.profile.cardNumber);
    expect(rc.isAuthenticated).toBe(true);
    rc.close();
  });

  it('a format error sends nothing and does not count', async () => {
    const built = await builtProfile('rc2-adult');
    const sim = new SimulatedResidenceCard(built.model);
    const rc = new ResidenceCard(await transportFor(sim));
    await expect(rc.authenticate('not a number')).rejects.toMatchObject({ code: 'rc-card-number-format' });
    expect(sim.activity.commands).toBe(0);
    expect(rc.failedAuthentications).toBe(0);
    rc.close();
  });

  it('reading before authentication is refused by the library (no SM read is sent)', async () => {
    const built = await builtProfile('rc1-adult');
    const rc = new ResidenceCard(await transportFor(new SimulatedResidenceCard(built.model)));
    await rc.detect();
    await expect(rc.readFile('frontImage')).rejects.toMatchObject({ code: 'rc-not-authenticated' });
    await expect(rc.readAll()).rejects.toMatchObject({ code: 'rc-not-authenticated' });
    rc.close();
  });
});

describe('detection', () => {
  it('reads only MF/EF01 and MF/EF02 (plain), never VERIFY or MUTUAL AUTHENTICATE', async () => {
    for (const id of ['rc1-adult', 'rc1-special-permanent', 'rc2-adult', 'rc2-special-permanent']) {
      const built = await builtProfile(id);
      const sim = new SimulatedResidenceCard(built.model);
      const rc = new ResidenceCard(await transportFor(sim));
      const identity = await rc.detect();
      expect(identity).toMatchObject({ generation: built.profile.generation, kind: built.profile.kind });
      expect(sim.activity).toMatchObject({ commands: 3, verifies: 0, mutualAuthentications: 0 });
      rc.close();
    }
  });

  it('refuses a My Number Card plainly (not a residence card)', async () => {
    const built = await buildSimCard(namedProfile('default')!);
    const rc = new ResidenceCard(await transportFor(simulatedCardFor(built.model) as never));
    await expect(rc.detect()).rejects.toMatchObject({ code: 'rc-not-a-residence-card' });
    rc.close();
  });

  it('refuses a 特定在留カード (card type 07) as unsupported', async () => {
    const built = await builtProfile('rc2-adult');
    const model = { ...built.model, files: built.model.files.map((f) => (f.df === 'mf' && f.sfi === 0x0a ? { ...f, content: dataObject(0xc1, new TextEncoder().encode('07')) } : f)) };
    const rc = new ResidenceCard(await transportFor(new SimulatedResidenceCard(model)));
    await expect(rc.detect()).rejects.toMatchObject({ code: 'rc-unsupported-card-type' });
    rc.close();
  });
});
