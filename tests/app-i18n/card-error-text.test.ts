/**
 * The licence codes the kiosk can stop on (licence handoff, "Thrown codes the screens must
 * explain") each have plain ja/en words and a next step of their own; a code no document explains
 * gets the general next step and no invented words.
 */
import { describe, expect, it } from 'vitest';
import { cardErrorExplanation } from '../../src/app/error-text';
import { en, ja } from '../../src/app/i18n/catalogue';

const LICENCE_CODES = [
  'pin-wrong',
  'pin-blocked',
  'pin-last-try-unconfirmed',
  'licence-pin-not-set',
  'licence-pin-is-set',
  'licence-pin-setting-unknown',
  'licence-retry-counter-implausible',
  'licence-retry-counter-inconsistent',
  'licence-counter-not-readable',
  'licence-application-absent',
] as const;

describe('cardErrorExplanation', () => {
  for (const code of LICENCE_CODES) {
    it(`${code}: what happened in ja and en, and its own next step`, () => {
      const x = cardErrorExplanation(code);
      expect(x.what?.ja).toMatch(/[ぁ-んァ-ン一-龯]/);
      expect(x.what?.en).toMatch(/[a-z]/);
      expect(x.next).toBe(`cardError.next.${code}`);
      expect(ja[x.next].length).toBeGreaterThan(10);
      expect(en[x.next].length).toBeGreaterThan(10);
      // Plain words: the code itself is never part of the text.
      for (const s of [x.what!.ja, x.what!.en, ja[x.next], en[x.next]]) expect(s).not.toContain(code);
    });
  }

  it('an unknown code: no words invented, the general next step', () => {
    const x = cardErrorExplanation('something-else');
    expect(x.what).toBeUndefined();
    expect(x.next).toBe('cardError.next.other');
  });
});
