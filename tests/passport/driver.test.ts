/**
 * The passport driver through the one runner: each simulated specimen passport verifies (or is
 * incomplete for a stated reason), each forgery fails with its own check and reason code, a
 * wrong MRZ ends as a credential error, the address policy asks for a supplementary document.
 */
import { describe, expect, it } from 'vitest';
import { PASSPORT_DRIVER } from '../../src/documents/passport/passport-driver';
import { parseMrzEntry } from '../../src/documents/passport/passport-credentials';
import { isKazasuError } from '../../src/errors/kazasu-error';
import { simulatedPassportChip } from '../../src/node/sim-documents/passport';
import { CAN, checkOf, MRZ, verifyChip, verifyProfile } from './passport-helpers';

describe('specimen passports verify through the runner', () => {
  it.each([
    { profile: 'utopia-bac', method: 'bac', chip: { aa: 'pass', ca: 'pass' } },
    { profile: 'germany-pace-gm', method: 'pace', chip: { aa: 'pass', ca: 'pass' } },
    { profile: 'japan-no-address', method: 'pace', chip: { aa: 'pass', ca: 'skipped' } },
    { profile: 'utopia-id-pace-im', method: 'pace', chip: { aa: 'skipped', ca: 'skipped' } },
    { profile: 'utopia-pace-cam', method: 'pace', chip: { aa: 'pass', ca: 'pass' } },
  ])('$profile: counter check verified over $method, AA $chip.aa, CA $chip.ca', async ({ profile, method, chip }) => {
    const r = await verifyProfile(profile, 'counter');
    expect(r.outcome, JSON.stringify(r.checks.filter((c) => c.status === 'fail'))).toBe('verified');
    expect(r.attributes.access?.method).toBe(method);
    expect(checkOf(r, 'pp.active-auth')?.status).toBe(chip.aa);
    expect(checkOf(r, 'pp.chip-auth')?.status).toBe(chip.ca);
    expect(checkOf(r, 'pp.secure-messaging')).toMatchObject({ status: 'pass', code: 'ok' });
    expect(checkOf(r, 'pp.trust.anchors')).toMatchObject({ status: 'warn', code: 'pp-non-production-anchor' });
    expect(r.anchors.every((a) => a.hierarchy === 'simulator')).toBe(true);
    expect(r.material.dscSha256).toMatch(/^[0-9A-F]{64}$/);
    expect(r.material.cscaSha256).toMatch(/^[0-9A-F]{64}$/);
    expect(r.attributes.documentNumber).toBe(MRZ[profile]!.split(' ')[0]);
  });

  it('the face comes as JPEG or JPEG 2000, as the chip stores it', async () => {
    const jpeg = await verifyProfile('utopia-bac', 'counter');
    expect([...jpeg.images.faceJpeg!.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    expect(jpeg.images.faceJp2).toBeUndefined();
    const jp2 = await verifyProfile('germany-pace-gm', 'counter');
    expect(jp2.images.faceJp2!.length).toBeGreaterThan(1000);
    expect(jp2.images.faceJpeg).toBeUndefined();
  });

  it('PACE with the CAN reads the same verified passport', async () => {
    const r = await verifyProfile('germany-pace-gm', 'counter', { credentials: { can: CAN['germany-pace-gm']! } });
    expect(r.outcome).toBe('verified');
    expect(r.attributes.access).toMatchObject({ method: 'pace', password: 'can' });
  });

  it('pasted MRZ lines work as well as the three fields', async () => {
    const r = await verifyProfile('utopia-bac', 'counter', {
      credentials: { mrz: 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F3404159ZE184226B<<<<<10' },
    });
    expect(r.outcome).toBe('verified');
  });

  it('a chip without a PACE-capable password falls back: the CAN cannot open a BAC-only chip', async () => {
    await expect(verifyProfile('utopia-bac', 'counter', { credentials: { can: '123456' } })).rejects.toMatchObject({ code: 'bac-not-available' });
  });
});

describe('address policy (Japanese passports issued since 2020 have none)', () => {
  it('counter and bank on a passport without DG11: verified, address warns, a supplementary document is required', async () => {
    for (const purpose of ['counter', 'bank'] as const) {
      const r = await verifyProfile('japan-no-address', purpose);
      expect(r.outcome).toBe('verified');
      expect(checkOf(r, 'pp.address')).toMatchObject({ status: 'warn', code: 'pp-address-not-on-document' });
      expect(r.attributes.supplementaryDocument).toBe('required');
      expect(r.attributes.addressOnDocument).toBe(false);
      const ev = await PASSPORT_DRIVER.evidence.describe(r);
      expect(ev.missingItems).toEqual(['address']);
      expect(ev.identifier).toEqual({ scheme: 'passport-number', value: 'JPN ZZ0000001' });
    }
  });

  it('a passport with an address in DG11 needs nothing more; field and age checks do not ask for one', async () => {
    const r = await verifyProfile('utopia-bac', 'counter');
    expect(r.attributes.address).toContain('SPECIMEN STREET');
    expect(r.attributes.supplementaryDocument).toBeUndefined();
    expect((await PASSPORT_DRIVER.evidence.describe(r)).missingItems).toBeUndefined();
    for (const purpose of ['field', 'age'] as const) {
      const x = await verifyProfile('japan-no-address', purpose);
      expect(x.outcome).toBe('verified');
      expect(checkOf(x, 'pp.address')).toBeUndefined();
      expect(x.attributes.supplementaryDocument).toBeUndefined();
    }
  });

  it('the age check keeps the answers only (no name, no face)', async () => {
    const r = await verifyProfile('japan-no-address', 'age');
    expect(r.attributes.age).toEqual({ over18: true, over20: true });
    expect(r.attributes.name).toBeUndefined();
    expect(r.images.faceJp2).toBeUndefined();
    expect(r.attributes.dataGroupsRead).toBeUndefined();
  });
});

describe('each forgery fails with its own check and reason', () => {
  it.each([
    { forgery: 'dg-altered', check: 'pp.passive-auth.dg-hashes', code: 'pp-dg-hash-mismatch' },
    { forgery: 'dg-not-in-sod', check: 'pp.passive-auth.dg-hashes', code: 'pp-dg-not-in-sod' },
    { forgery: 'sod-bad-signature', check: 'pp.passive-auth.sod-signature', code: 'pp-sod-signature-invalid' },
    { forgery: 'sod-unknown-dsc', check: 'pp.passive-auth.dsc-chain', code: 'pp-dsc-not-issued-by-csca' },
    { forgery: 'dsc-untrusted-csca', check: 'pp.passive-auth.dsc-chain', code: 'pp-csca-unknown' },
    { forgery: 'dsc-expired', check: 'pp.passive-auth.dsc-chain', code: 'pp-dsc-expired' },
    { forgery: 'dsc-revoked', check: 'pp.passive-auth.dsc-revocation', code: 'pp-dsc-revoked' },
    { forgery: 'clone-aa', check: 'pp.chip.genuine', code: 'pp-chip-clone' },
    { forgery: 'clone-ca', check: 'pp.chip.genuine', code: 'pp-chip-clone' },
    { forgery: 'cloned-chip', check: 'pp.chip.genuine', code: 'pp-chip-clone' },
    { forgery: 'sm-mac-broken', check: 'pp.secure-messaging', code: 'pp-sm-mac-invalid' },
    { forgery: 'downgrade-plain', check: 'pp.secure-messaging', code: 'pp-sm-downgrade' },
  ])('$forgery → $check $code', async ({ forgery, check, code }) => {
    const r = await verifyProfile('utopia-bac', 'counter', { forgery });
    expect(r.outcome).toBe('failed');
    expect(checkOf(r, check), JSON.stringify(r.checks)).toMatchObject({ status: 'fail', code });
  });

  it.each(['sm-mac-broken', 'downgrade-plain'])('%s over PACE (the first protected answer) is caught too', async (forgery) => {
    const r = await verifyProfile('germany-pace-gm', 'counter', { forgery });
    expect(r.outcome).toBe('failed');
    expect(checkOf(r, 'pp.secure-messaging')?.code).toBe(forgery === 'sm-mac-broken' ? 'pp-sm-mac-invalid' : 'pp-sm-downgrade');
  });

  it('EF.CardAccess stripped (a downgrade to BAC): caught against the signed DG14', async () => {
    const chip = await simulatedPassportChip('germany-pace-gm');
    // An attacker between reader and chip answers "file not found" to the plain EF.CardAccess read.
    const stripped = {
      powerOn: () => chip.powerOn(),
      powerOff: () => chip.powerOff(),
      process: (c: Uint8Array) => (c[1] === 0xb0 && c[2] === 0x9c ? Promise.resolve(Uint8Array.of(0x6a, 0x82)) : chip.process(c)),
    };
    const r = await verifyChip(stripped, 'counter', { mrz: MRZ['germany-pace-gm']! });
    expect(r.attributes.access?.method).toBe('bac');
    expect(checkOf(r, 'pp.card-access')).toMatchObject({ status: 'fail', code: 'pp-pace-downgrade' });
    expect(r.outcome).toBe('failed');
    const genuine = await verifyProfile('germany-pace-gm', 'counter');
    expect(checkOf(genuine, 'pp.card-access')).toMatchObject({ status: 'pass' });
  });

  it('wrong MRZ: a credential error naming the MRZ (BAC and PACE), never a result', async () => {
    for (const [profile, code] of [['utopia-bac', 'bac-wrong-mrz'], ['germany-pace-gm', 'pace-wrong-password']] as const) {
      const e = await verifyProfile(profile, 'counter', { forgery: 'wrong-mrz' }).catch((x: unknown) => x);
      expect(isKazasuError(e) && e.code).toBe(code);
      expect(PASSPORT_DRIVER.credentialOf(e, ['mrz'])).toBe('mrz');
      expect(String((e as Error).message)).not.toContain(MRZ[profile]!.split(' ')[0]);
    }
  });
});

describe('credentials', () => {
  it('three fields: check digits computed (ICAO 9303-3 §4.9 example L898902C3 → 6, 740812 → 2, 120415 → 9)', () => {
    expect(parseMrzEntry('L898902C3 740812 120415').checkDigits).toEqual({ documentNumber: 6, birthDate: 2, expiryDate: 9 });
    expect(PASSPORT_DRIVER.credentials.mrz.normalise('l898902c3, 740812, 120415')).toBe('L898902C3 740812 120415');
  });

  it('refuses malformed entries by field, never echoing the value', () => {
    const reason = (v: string, c: 'mrz' | 'can' = 'mrz') => {
      try {
        PASSPORT_DRIVER.credentials[c].normalise(v);
        return 'accepted';
      } catch (e) {
        expect(String((e as Error).message)).not.toContain(v);
        return (e as { reason: string }).reason;
      }
    };
    expect(reason('L898902C3 741312 120415')).toBe('mrz-birth-date');
    expect(reason('L898902C3 740812 12041')).toBe('mrz-expiry-date');
    expect(reason('L8989-02C3 740812 120415')).toBe('mrz-document-number');
    expect(reason('L898902C3 740812')).toBe('mrz-lines');
    // A pasted MRZ whose printed check digit is wrong (…C36 → …C35) is a typo.
    expect(reason('P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C35UTO7408122F3404159ZE184226B<<<<<10')).toBe('mrz-lines');
    expect(reason('12345', 'can')).toBe('can-digits');
    expect(PASSPORT_DRIVER.credentials.can.counterReadable).toBe(false);
  });
});
