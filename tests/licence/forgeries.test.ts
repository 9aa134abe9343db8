/**
 * The licence forgery catalogue (src/sim/licence/forgeries.ts): each forged or broken card fails
 * at the check and reason its entry names — never "all pass" — or, for the cards that lie about
 * their PIN counter, stops with its typed error before a second try can be spent.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { MyNumberLicenceAp, readMyNumberLicence } from '../../src/cards/licence';
import { buildSimCard } from '../../src/node/sim-loader';
import { simFont } from '../../src/node/sim-font';
import { LICENCE_FORGERIES, MNC_LICENCE_FORGERIES, mncLicenceProfile, simulatedLicenceCardFor, type BuiltLicence } from '../../src/sim/licence';
import { simulatedCardFor } from '../../src/sim/mynumber/build-card';
import { namedProfile } from '../../src/sim/mynumber/profiles';
import { DL_CHECK_TITLES, DL_REASONS, verifyMyNumberLicence } from '../../src/verify/licence';
import { connect, licence, NOW, readAndVerifyLicence, simulatorIssuers } from './licence-helpers';

let base: BuiltLicence;
beforeAll(async () => {
  base = await licence('licence-default');
});

describe('licence forgery catalogue', () => {
  it('has at least 8 entries, unique ids, and names real checks and reasons', () => {
    const all = [...LICENCE_FORGERIES, ...MNC_LICENCE_FORGERIES];
    expect(all.length).toBeGreaterThanOrEqual(8);
    expect(new Set(all.map((f) => f.id)).size).toBe(all.length);
    for (const f of all) {
      if (f.expect.kind !== 'check') continue;
      expect(Object.keys(DL_CHECK_TITLES), f.id).toContain(f.expect.check);
      expect(Object.keys(DL_REASONS), f.id).toContain(f.expect.code);
    }
  });

  it('docs/security.md §1b lists every licence forgery with the check and reason (or code) the catalogue names', () => {
    const doc = readFileSync(new URL('../../docs/security.md', import.meta.url), 'utf8');
    const rows = new Map<string, string>();
    for (const line of doc.split('\n')) {
      const m = /^\| `([a-z0-9-]+)` \| [^|]+ \| (?:PIN1\+PIN2|before VERIFY|one wrong PIN1|licence PIN) \| (.+) \|$/.exec(line);
      if (m) rows.set(m[1]!, m[2]!);
    }
    const all = [...LICENCE_FORGERIES, ...MNC_LICENCE_FORGERIES];
    expect([...rows.keys()].sort()).toEqual(all.map((f) => f.id).sort());
    for (const f of all) {
      const want = f.expect.kind === 'check' ? `\`${f.expect.check}:${f.expect.code}\`` : `\`${f.expect.code}\``;
      expect(rows.get(f.id), f.id).toContain(want);
    }
  });

  for (const f of LICENCE_FORGERIES) {
    it(`${f.id}: ${f.description.en}`, async () => {
      const forged = await f.make({ base, glyphs: simFont() });
      const want = f.expect;
      if (want.kind === 'check') {
        const { verification } = await readAndVerifyLicence(forged.model, { pin1: '1234', pin2: '5678' });
        const c = verification.checks.find((x) => x.id === want.check);
        expect(c, f.id).toMatchObject({ status: 'fail', code: want.code });
        return;
      }
      const expected = want;
      const pin1 = expected.entry === 'wrong-pin1' ? '0000' : '1234';
      const card = simulatedLicenceCardFor(forged.model);
      await expect(readAndVerifyLicence(forged.model, { pin1, pin2: '5678', wrap: () => card })).rejects.toMatchObject({ code: expected.code });
      // The lying card got at most the one VERIFY the person's entry allowed.
      expect(card.activity.verifyAttempts).toBeLessThanOrEqual(expected.entry === 'wrong-pin1' ? 1 : 0);
    });
  }

  it('a forged change record comes with a valid signature: only the change-record check stops it', async () => {
    const f = LICENCE_FORGERIES.find((x) => x.id === 'change-record-before-issue')!;
    const { verification } = await readAndVerifyLicence((await f.make({ base })).model, { pin1: '1234', pin2: '5678' });
    expect(verification.checks.find((c) => c.id === 'dl.signature')).toMatchObject({ status: 'pass' });
    expect(verification.checks.find((c) => c.id === 'dl.change-records')?.detail).toContain('before the card was issued');
  });
});

describe('マイナ免許証 forgeries', () => {
  for (const f of MNC_LICENCE_FORGERIES) {
    it(`${f.id}: ${f.description.en}`, async () => {
      const p = mncLicenceProfile('mynumber-licence')!;
      const myNumber = await buildSimCard(namedProfile(p.base)!);
      const model = await f.make(myNumber.model, p);
      const transport = await connect(simulatedCardFor(model));
      const ap = new MyNumberLicenceAp(transport);
      try {
        await ap.verify(p.pin.value!);
        const readout = await readMyNumberLicence(ap, { signature: true });
        const v = await verifyMyNumberLicence(readout, { issuers: await simulatorIssuers(), now: () => NOW });
        expect(v.checks.find((c) => c.id === f.expect.check)).toMatchObject({ status: 'fail', code: f.expect.code });
      } finally {
        ap.close();
      }
    });
  }
});
