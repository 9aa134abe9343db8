/**
 * Every valid simulated card verifies for every purpose it can serve, each purpose reads only
 * its plan, and the broken-but-genuine profiles fail or stop exactly where they should.
 */
import { describe, expect, it } from 'vitest';
import { PinError } from '../../src/cards/iso7816/pin-guard';
import type { PurposeId } from '../../src/session/purposes';
import { NAMED_PROFILES } from '../../src/sim/mynumber/profiles';
import { BIRTH_KEY, card, CODE_B, environment, failing, profile, verifyModel } from './flow-helpers';

const ALL = NAMED_PROFILES.map((p) => p.id);

function credentialsFor(id: string) {
  return { codeB: CODE_B[id]!, birthDateKey: BIRTH_KEY[id]!, signPassword: profile(id).credentials.signPassword };
}

describe('counter, field and age checks verify every genuine card', () => {
  for (const id of ALL) {
    it(`${id}: counter check verified, with the holder's attributes from the chip`, async () => {
      const report = await verifyModel((await card(id)).model, 'counter', credentialsFor(id), await environment());
      expect(failing(report)).toEqual([]);
      expect(report.outcome).toBe('verified');
      const p = profile(id);
      expect(report.attributes.birthDate).toBe(p.person.birthDate);
      expect(report.attributes.address).toBe(p.person.address);
      expect(report.attributes.cardExpiry).toBe(p.card.expiryDate);
      expect((report.images as { photoJp2?: Uint8Array }).photoJp2?.subarray(0, 8)).toEqual(Uint8Array.of(0, 0, 0, 0x0c, 0x6a, 0x50, 0x20, 0x20));
      // Non-production anchors are always flagged, so the UI can show TEST / SIMULATED.
      expect(report.checks.find((c) => c.id === 'trust.anchors')).toMatchObject({ status: 'warn', code: 'non-production-anchor' });
      // The counter check never touches JPKI.
      expect(report.checks.some((c) => c.id.startsWith('jpki.'))).toBe(false);
    });

    it(`${id}: field check verified offline with revocation pending`, async () => {
      const report = await verifyModel((await card(id)).model, 'field', credentialsFor(id), await environment());
      const auth = report.checks.find((c) => c.id === 'jpki.auth.chain');
      if (id === 'expired-certificate') {
        expect(auth).toMatchObject({ status: 'fail', code: 'jpki-expired' });
        expect(report.outcome).toBe('failed');
        return;
      }
      expect(failing(report)).toEqual([]);
      expect(report.checks.find((c) => c.id === 'jpki.auth.revocation')).toMatchObject({ status: 'pending', code: 'revocation-pending' });
      expect(report.outcome).toBe('verified');
    });

    it(`${id}: age check shows only the age answers`, async () => {
      const report = await verifyModel((await card(id)).model, 'age', credentialsFor(id), await environment());
      expect(failing(report)).toEqual([]);
      expect(report.outcome).toBe('verified');
      // Worked out by hand for 2026-11-20: born 2014-06-01 → 12; everyone else is over 20.
      const adult = id !== 'under-15';
      expect(report.attributes.age).toEqual({ over18: adult, over20: adult });
      expect(report.attributes.name).toBeUndefined();
      expect(report.attributes.address).toBeUndefined();
      expect(report.attributes.birthDate).toBeUndefined();
      expect(report.images).toEqual({});
    });
  }
});

describe('bank account opening (JPKI signature certificate)', () => {
  const bank = async (id: string, extra: object = {}) =>
    verifyModel((await card(id)).model, 'bank' as PurposeId, { ...credentialsFor(id), ...extra }, await environment());

  it('default: every check passes; revocation is pending offline, so the outcome is incomplete, not verified', async () => {
    const report = await bank('default');
    expect(failing(report)).toEqual([]);
    expect(report.checks.find((c) => c.id === 'jpki.sign.revocation')).toMatchObject({ status: 'pending' });
    expect(report.outcome).toBe('incomplete');
    for (const id of ['jpki.sign.chain', 'jpki.sign.challenge', 'cross.name', 'cross.address', 'cross.birth-date', 'cross.sex'] as const) {
      expect(report.checks.find((c) => c.id === id)?.status).toBe('pass');
    }
  });

  it('gaiji-name: the certificate name with substitute characters still agrees with the card', async () => {
    const report = await bank('gaiji-name');
    expect(report.checks.find((c) => c.id === 'cross.name')).toMatchObject({ status: 'pass' });
  });

  it('under-15: no signature certificate', async () => {
    expect(failing(await bank('under-15'))).toContain('jpki.sign.chain:jpki-no-sign-certificate');
  });

  it('expired-certificate: the chain fails as expired', async () => {
    expect(failing(await bank('expired-certificate'))).toContain('jpki.sign.chain:jpki-expired');
  });

  it('last-try: refuses to send the password without confirmation, then works with it', async () => {
    await expect(bank('last-try')).rejects.toMatchObject({ code: 'pin-last-try-unconfirmed' });
  });

  it('last-try with the person confirming: verified up to the pending revocation', async () => {
    const report = await bank('last-try', { confirmLastTry: true });
    expect(failing(report)).toEqual([]);
  });

  it('a wrong sign password is reported with the tries left, and only one try is used', async () => {
    const err = await bank('default', { signPassword: 'WRONG1' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PinError);
    expect(err).toMatchObject({ code: 'pin-wrong', retriesLeft: 4 });
  });
});
