/**
 * The residence-card forgery catalogue (src/sim/residence-card/forgeries.ts): each forged card
 * goes through the real card library and verifier and must fail with its own check and code —
 * or, where the attack stops the authentication or the secure messaging, with its own typed
 * error. Never a verified report.
 */
import { describe, expect, it } from 'vitest';
import { isKazasuError } from '../../src/errors/kazasu-error';
import { RC_FORGERIES, type RcForgeryId } from '../../src/sim/residence-card/forgeries';
import { namedRcProfile } from '../../src/sim/residence-card/profiles';
import { SimulatedResidenceCard } from '../../src/sim/residence-card/residence-sim-card';
import { checkOf, readAndVerify } from './flow';
import { buildProfile } from './rc-helpers';

type Expectation = { readonly check: string; readonly code: string } | { readonly error: string };

const EXPECT: Record<RcForgeryId, Expectation> = {
  'rc1-front-image-altered': { check: 'rc.signature', code: 'rc-signature-invalid' },
  'rc1-face-altered': { check: 'rc.signature', code: 'rc-signature-invalid' },
  'rc1-signature-from-other-card': { check: 'rc.signature', code: 'rc-signature-invalid' },
  'rc1-unknown-ca': { check: 'rc.certificate-chain', code: 'rc-no-anchor' },
  'rc1-certificate-not-yet-valid': { check: 'rc.certificate-validity', code: 'rc-certificate-not-yet-valid' },
  'rc1-card-type-lies': { check: 'rc.card-type', code: 'rc-card-type-mismatch' },
  'rc1-sm-cryptogram-corrupted': { check: 'rc.signature', code: 'rc-signature-invalid' },
  'rc1-wrong-card-number': { error: 'rc-card-number-rejected' },
  'rc1-chip-without-key': { error: 'rc-auth-card-response-invalid' },
  'rc2-face-altered': { check: 'rc.signature', code: 'rc-signature-invalid' },
  'rc2-entry-altered': { check: 'rc.signature', code: 'rc-signature-invalid' },
  'rc2-ca-name-copied': { check: 'rc.certificate-chain', code: 'rc-certificate-signature-invalid' },
  'rc2-certificate-expired': { check: 'rc.certificate-validity', code: 'rc-certificate-expired' },
  'rc2-card-number-differs': { check: 'rc.card-number', code: 'rc-card-number-mismatch' },
  'rc2-card-type-lies': { check: 'rc.card-type', code: 'rc-card-type-mismatch' },
  'rc2-key-mismatch': { check: 'rc.signature', code: 'rc-signature-invalid' },
  'rc2-sm-cryptogram-corrupted': { error: 'sm-bad-padding' },
};

const ctx = {
  build: buildProfile,
  profile(id: string) {
    const p = namedRcProfile(id);
    if (!p) throw new Error(`no profile ${id}`);
    return p;
  },
};

describe('residence-card forgeries', () => {
  it('the catalogue has at least 10 forgeries and every one has an expectation', () => {
    expect(RC_FORGERIES.length).toBeGreaterThanOrEqual(10);
    expect(Object.keys(EXPECT).sort()).toEqual(RC_FORGERIES.map((f) => f.id).sort());
  });

  for (const def of RC_FORGERIES) {
    it(`${def.id}: ${def.description.en}`, async () => {
      const card = await def.make(ctx);
      const want = EXPECT[def.id];
      let result;
      try {
        result = await readAndVerify(new SimulatedResidenceCard(card.model), card.printedCardNumber);
      } catch (e) {
        expect(isKazasuError(e), String(e)).toBe(true);
        expect('error' in want ? want.error : 'a check, not an error').toBe((e as { code: string }).code);
        return;
      }
      expect('check' in want, `expected the error ${'error' in want ? want.error : ''}`).toBe(true);
      if (!('check' in want)) return;
      expect(result.verification.outcome).toBe('failed');
      expect(checkOf(result.verification, want.check), JSON.stringify(result.verification.checks, null, 1)).toMatchObject({ status: 'fail', code: want.code });
    });
  }
});
