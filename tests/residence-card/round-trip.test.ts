/**
 * Every named residence-card profile of both generations, read by the real card library from
 * the simulated card (extended and short reader paths) and verified in simulator trust mode.
 */
import { describe, expect, it } from 'vitest';
import { SimulatedResidenceCard } from '../../src/sim/residence-card/residence-sim-card';
import { RC_PROFILES } from '../../src/sim/residence-card/profiles';
import { checkOf, readAndVerify } from './flow';
import { builtProfile } from './rc-helpers';

const EXPECT: Record<string, { outcome: string; failing?: Record<string, string> }> = {
  'rc1-adult': { outcome: 'verified' },
  'rc1-special-permanent': { outcome: 'verified' },
  'rc1-expired-certificate': { outcome: 'failed', failing: { 'rc.certificate-validity': 'rc-certificate-expired' } },
  'rc1-under-16': { outcome: 'incomplete' },
  'rc2-adult': { outcome: 'verified' },
  'rc2-special-permanent': { outcome: 'verified' },
  'rc2-expired-card': { outcome: 'failed', failing: { 'rc.card-expiry': 'rc-card-expired', 'rc.stay-expiry': 'rc-stay-expired' } },
  'rc2-long-name': { outcome: 'verified' },
};

describe('every profile round-trips through the card library and the verifier', () => {
  it('the expectation table covers every named profile', () => {
    expect(Object.keys(EXPECT).sort()).toEqual(RC_PROFILES.map((p) => p.id).sort());
  });

  for (const profile of RC_PROFILES) {
    for (const extendedLength of [true, false]) {
      it(`${profile.id} (${extendedLength ? 'extended' : 'short'} length)`, async () => {
        const built = await builtProfile(profile.id);
        const { read, verification, stats } = await readAndVerify(new SimulatedResidenceCard(built.model), profile.cardNumber, { extendedLength });
        const want = EXPECT[profile.id]!;
        expect(verification.outcome, JSON.stringify(verification.checks, null, 1)).toBe(want.outcome);
        for (const [id, code] of Object.entries(want.failing ?? {})) expect(checkOf(verification, id)).toMatchObject({ status: 'fail', code });
        expect(read.generation).toBe(profile.generation);
        expect(read.identity.kind).toBe(profile.kind);
        // Each DF selected once (DF1, DF2, DF3) after SELECT MF.
        expect(stats.selects).toBe(3);
        if (profile.generation === 2 && read.generation === 2) {
          expect(verification.attributes.birthDate).toEqual({ value: profile.person.birthDate, signed: true });
          expect(verification.attributes.cardExpiry?.value).toBe(profile.card.expiryDate);
          expect(read.cardNumber).toBe(profile.cardNumber);
          expect(verification.images.nameImage?.width).toBeGreaterThan(0);
          expect(verification.images.addressImage?.width).toBeGreaterThan(0);
        } else {
          expect(verification.images.front).toMatchObject({ width: 674, height: 425 });
          expect(verification.attributes.address).toEqual({ value: profile.address.text, signed: false });
        }
        expect(checkOf(verification, 'rc.unsigned-fields')).toMatchObject({ status: 'warn', code: 'rc-fields-not-signed' });
        expect(verification.evidence).toMatchObject({ documentKind: profile.kind, generation: profile.generation, cardNumber: profile.cardNumber });
        if (!profile.under16) {
          expect(verification.images.faceJp2?.subarray(0, 12)).toEqual(Uint8Array.of(0, 0, 0, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a));
          expect(verification.evidence.certificateSha256).toMatch(/^[0-9A-F]{64}$/);
        }
      });
    }
  }
});
