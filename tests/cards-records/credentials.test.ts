import { describe, expect, it } from 'vitest';
import {
  buildBirthDateKey,
  buildVerificationCodeB,
  checkBirthDateKey,
  checkPin4,
  checkSignPassword,
  checkVerificationCodeA,
  checkVerificationCodeB,
  CredentialFormatError,
  isValidMyNumber,
  myNumberCheckDigit,
  toPinBytes,
  tryCredential,
} from '../../src/cards/mynumber/credentials';

function failure(f: () => unknown): { field: string; reason: string; message: string } | undefined {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(CredentialFormatError);
    const err = e as CredentialFormatError;
    expect(err.code).toBe('credential-format');
    return { field: err.field, reason: err.reason, message: err.message };
  }
  return undefined;
}

describe('4-digit PIN', () => {
  it('accepts exactly 4 ASCII digits', () => {
    expect(checkPin4('0123')).toBe('0123');
  });
  it('rejects everything else without echoing the value', () => {
    for (const bad of ['123', '12345', '12a4', '１２３４', ' 1234', '']) {
      const f = failure(() => checkPin4(bad));
      expect(f?.field).toBe('pin');
      expect(f?.reason).toBe('pin-not-4-digits');
      if (bad.trim()) expect(f?.message).not.toContain(bad.trim());
    }
  });
});

describe('署名用パスワード (spec §2.1)', () => {
  it('upper-cases ASCII letters and accepts 6–16 chars with a letter and a digit', () => {
    expect(checkSignPassword('abc123')).toBe('ABC123');
    expect(checkSignPassword('A1B2C3D4E5F6G7H8')).toBe('A1B2C3D4E5F6G7H8');
    expect(checkSignPassword('1a2b3c')).toBe('1A2B3C');
  });
  it('rejects bad lengths, characters, all-letter and all-digit passwords', () => {
    expect(failure(() => checkSignPassword('ab123'))?.reason).toBe('password-length');
    expect(failure(() => checkSignPassword('A1B2C3D4E5F6G7H8I'))?.reason).toBe('password-length');
    expect(failure(() => checkSignPassword('abc-123'))?.reason).toBe('password-bad-characters');
    expect(failure(() => checkSignPassword('ＡＢＣ１２３'))?.reason).toBe('password-bad-characters');
    expect(failure(() => checkSignPassword('straße1'))?.reason).toBe('password-bad-characters');
    expect(failure(() => checkSignPassword('ABCDEFG'))?.reason).toBe('password-needs-digit');
    expect(failure(() => checkSignPassword('1234567'))?.reason).toBe('password-needs-letter');
    const f = failure(() => checkSignPassword('secret-99'));
    expect(f?.field).toBe('signPassword');
    expect(f?.message.toLowerCase()).not.toContain('secret');
  });
});

describe('個人番号 check digit (総務省令第八十五号 §5)', () => {
  // Hand-computed: 98320567321 → Σ = 1·2+2·3+3·4+7·5+6·6+5·7+0·2+2·3+3·4+8·5+9·6 = 238, 238 mod 11 = 7, 11−7 = 4.
  it('computes vectors worked out by hand', () => {
    expect(myNumberCheckDigit('98320567321')).toBe(4);
    // 12345678901 → Σ = 212, 212 mod 11 = 3 → 8
    expect(myNumberCheckDigit('12345678901')).toBe(8);
    // 53768667718 (MC test value) → Σ = 267, mod 11 = 3 → 8
    expect(myNumberCheckDigit('53768667718')).toBe(8);
    // all zeros → remainder 0 → 0
    expect(myNumberCheckDigit('00000000000')).toBe(0);
    // 00000000006 → Σ = 6·2 = 12, remainder 1 → 0
    expect(myNumberCheckDigit('00000000006')).toBe(0);
    // 00000000005 → Σ = 10, remainder 10 → 1
    expect(myNumberCheckDigit('00000000005')).toBe(1);
    // 10000000000 → P11 = 1, Q11 = 6 → 6 mod 11 = 6 → 5
    expect(myNumberCheckDigit('10000000000')).toBe(5);
    // 00001000000 → P7 = 1, Q7 = 2 → remainder 2 → 9
    expect(myNumberCheckDigit('00001000000')).toBe(9);
    expect(myNumberCheckDigit('1234567890')).toBeUndefined();
    expect(myNumberCheckDigit('1234567890a')).toBeUndefined();
  });
  it('validates 12-digit numbers', () => {
    expect(isValidMyNumber('983205673214')).toBe(true);
    expect(isValidMyNumber('983205673210')).toBe(false);
    expect(isValidMyNumber('123456789018')).toBe(true);
    expect(isValidMyNumber('537686677188')).toBe(true);
    expect(isValidMyNumber('000000000060')).toBe(true);
    expect(isValidMyNumber('000000000051')).toBe(true);
    expect(isValidMyNumber('12345678901')).toBe(false);
  });
  it('checks 照合番号A format and check digit', () => {
    expect(checkVerificationCodeA('123456789018')).toBe('123456789018');
    expect(failure(() => checkVerificationCodeA('12345678901'))?.reason).toBe('code-a-not-12-digits');
    expect(failure(() => checkVerificationCodeA('12345678901X'))?.reason).toBe('code-a-not-12-digits');
    const f = failure(() => checkVerificationCodeA('123456789017'));
    expect(f).toMatchObject({ field: 'verificationCodeA', reason: 'code-a-bad-check-digit' });
    expect(f?.message).not.toContain('123456789017');
  });
});

describe('照合番号B and 生年月日 key (spec §2.1)', () => {
  it('reproduces the spec example 55021720352285', () => {
    expect(buildVerificationCodeB({ birthDate: '1980-02-17', expiryYear: 2035, securityCode: '2285' })).toBe('55021720352285');
  });
  it('uses 元年 = 01 and handles era boundaries', () => {
    expect(buildVerificationCodeB({ birthDate: '1989-01-08', expiryYear: 2032, securityCode: '1234' })).toBe('01010820321234');
    expect(buildVerificationCodeB({ birthDate: '1989-01-07', expiryYear: 2032, securityCode: '1234' })).toBe('64010720321234');
    expect(buildBirthDateKey('2019-04-30')).toBe('310430');
    expect(buildBirthDateKey('2019-05-01')).toBe('010501');
    expect(buildBirthDateKey('1980-02-17')).toBe('550217');
  });
  it('accepts the UNCONFIRMED western-yy form only on request', () => {
    expect(buildVerificationCodeB({ birthDate: '1980-02-17', expiryYear: 2035, securityCode: '2285', birthDateForm: 'western-yy' })).toBe('80021720352285');
    expect(buildBirthDateKey('2005-12-01', 'western-yy')).toBe('051201');
  });
  it('rejects bad parts with a typed field and reason', () => {
    expect(failure(() => buildVerificationCodeB({ birthDate: '1980-02-30', expiryYear: 2035, securityCode: '2285' }))).toMatchObject({ field: 'birthDate', reason: 'birth-date-invalid' });
    expect(failure(() => buildVerificationCodeB({ birthDate: '1860-01-01', expiryYear: 2035, securityCode: '2285' }))).toMatchObject({ field: 'birthDate', reason: 'birth-date-out-of-range' });
    expect(failure(() => buildVerificationCodeB({ birthDate: '1980-02-17', expiryYear: 35, securityCode: '2285' }))).toMatchObject({ field: 'expiryYear', reason: 'expiry-year-invalid' });
    expect(failure(() => buildVerificationCodeB({ birthDate: '1980-02-17', expiryYear: 2035.5, securityCode: '2285' }))?.reason).toBe('expiry-year-invalid');
    const f = failure(() => buildVerificationCodeB({ birthDate: '1980-02-17', expiryYear: 2035, securityCode: '22a5' }));
    expect(f).toMatchObject({ field: 'securityCode', reason: 'security-code-not-4-digits' });
    expect(f?.message).not.toContain('22a5');
    expect(failure(() => buildBirthDateKey('2118-05-01'))?.reason).toBe('birth-date-out-of-range'); // 令和100
  });
  it('checks typed-in values', () => {
    expect(checkVerificationCodeB('55021720352285')).toBe('55021720352285');
    expect(failure(() => checkVerificationCodeB('5502172035228'))?.reason).toBe('code-b-not-14-digits');
    expect(checkBirthDateKey('550217')).toBe('550217');
    expect(failure(() => checkBirthDateKey('55021'))?.reason).toBe('birth-date-key-not-6-digits');
  });
});

describe('toPinBytes and tryCredential', () => {
  it('returns fresh ASCII bytes', () => {
    const pin = checkPin4('1234');
    const a = toPinBytes(pin);
    const b = toPinBytes(pin);
    expect(Array.from(a)).toEqual([0x31, 0x32, 0x33, 0x34]);
    expect(a).not.toBe(b);
    a.fill(0);
    expect(Array.from(b)).toEqual([0x31, 0x32, 0x33, 0x34]);
    expect(Array.from(toPinBytes(checkSignPassword('abc123')))).toEqual([0x41, 0x42, 0x43, 0x31, 0x32, 0x33]);
  });
  it('refuses a forged brand', () => {
    expect(failure(() => toPinBytes('12é4' as never))?.reason).toBe('credential-not-ascii');
  });
  it('wraps checks into results', () => {
    expect(tryCredential(() => checkPin4('1234'))).toEqual({ ok: true, value: '1234' });
    const r = tryCredential(() => checkPin4('12'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.reason).toBe('pin-not-4-digits');
  });
});
