/**
 * The shared secure-messaging layer (src/cards/secure-messaging): method-2 padding, data
 * objects, the residence-card scheme's protect/unprotect and its typed failures, and the block
 * ciphers against node:crypto (OpenSSL) as an independent implementation.
 */
import { createCipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { toHex } from '../../src/bytes/hex';
import { aesCbcDecrypt, aesCbcEncrypt, aesCmac, retailMac, tdesCbcDecrypt, tdesCbcEncrypt } from '../../src/cards/secure-messaging/block-ciphers';
import { encodeLeDo, parseSmDataObjects } from '../../src/cards/secure-messaging/data-objects';
import { padIso9797M2, unpadIso9797M2 } from '../../src/cards/secure-messaging/padding';
import { ResidenceCardSecureMessaging, residenceMaxPlainChunk, residenceProtectedLength } from '../../src/cards/secure-messaging/residence-sm';
import { SecureMessagingError } from '../../src/cards/secure-messaging/sm-error';
import { hex } from './scripted-responder';

const code = async (f: () => unknown): Promise<string> => {
  try {
    await f();
  } catch (e) {
    if (e instanceof SecureMessagingError) return e.code;
    throw e;
  }
  return 'no error';
};

describe('ISO/IEC 9797-1 padding method 2', () => {
  it('always pads, a whole block when aligned', () => {
    expect(toHex(padIso9797M2(hex('01 02 03'), 8))).toBe('0102038000000000');
    expect(toHex(padIso9797M2(hex('0102030405060708'), 8))).toBe('01020304050607088000000000000000');
    expect(toHex(unpadIso9797M2(hex('0102038000000000'), 8))).toBe('010203');
  });

  it('refuses a missing marker, a marker outside the last block and misaligned data', async () => {
    expect(await code(() => unpadIso9797M2(hex('0102030000000000'), 8))).toBe('sm-bad-padding');
    expect(await code(() => unpadIso9797M2(hex('80000000000000000000000000000000'), 8))).toBe('sm-bad-padding');
    expect(await code(() => unpadIso9797M2(hex('01020380'), 8))).toBe('sm-bad-cryptogram-length');
  });
});

describe('block ciphers agree with OpenSSL', () => {
  const key16 = hex('0123456789ABCDEFFEDCBA9876543210');
  const data = hex('00112233445566778899AABBCCDDEEFF0011223344556677');
  it('two-key 3DES-CBC (des-ede-cbc) and AES-128-CBC', () => {
    const des = createCipheriv('des-ede-cbc', key16, Buffer.alloc(8)).setAutoPadding(false);
    expect(toHex(tdesCbcEncrypt(key16, data))).toBe(Buffer.concat([des.update(data), des.final()]).toString('hex').toUpperCase());
    const aesData = data.subarray(0, 16);
    const aes = createCipheriv('aes-128-cbc', key16, Buffer.alloc(16)).setAutoPadding(false);
    expect(toHex(aesCbcEncrypt(key16, aesData))).toBe(Buffer.concat([aes.update(aesData), aes.final()]).toString('hex').toUpperCase());
    expect(tdesCbcDecrypt(key16, tdesCbcEncrypt(key16, data))).toEqual(data);
    expect(aesCbcDecrypt(key16, aesCbcEncrypt(key16, aesData))).toEqual(aesData);
  });

  it('AES-CMAC matches RFC 4493 example 2', () => {
    expect(toHex(aesCmac(hex('2b7e151628aed2a6abf7158809cf4f3c'), hex('6bc1bee22e409f96e93d7e117393172a')))).toBe('070A16B46B4D4144F79BDD9DD04A287C');
  });

  it('Retail MAC refuses unpadded data', async () => {
    expect(await code(() => retailMac(key16, hex('010203')))).toBe('sm-bad-cryptogram-length');
  });
});

describe('data objects', () => {
  it('Le objects use 00 00 for "everything"', () => {
    expect(toHex(encodeLeDo(0x96, 65536, 2))).toBe('96020000');
    expect(toHex(encodeLeDo(0x96, 247, 2))).toBe('960200F7');
  });
  it('unknown, repeated and malformed objects are typed errors', async () => {
    expect(await code(() => parseSmDataObjects(hex('870101'), [0x86]))).toBe('sm-malformed-do');
    expect(await code(() => parseSmDataObjects(hex('860101 860101'), [0x86]))).toBe('sm-malformed-do');
    expect(await code(() => parseSmDataObjects(hex('8605 01'), [0x86]))).toBe('sm-malformed-do');
  });
});

describe('residence-card scheme', () => {
  const ks = hex('CE94938E19E3B97DF96EABCEDC1715CC');
  it('protects VERIFY as 別添2 step 13 and READ BINARY with DO 96', async () => {
    const sm = new ResidenceCardSecureMessaging(1, ks);
    const v = await sm.protect({ cla: 0, ins: 0x20, p1: 0, p2: 0x86, data: hex('414131323334353637384242') });
    expect(v).toMatchObject({ cla: 0x08, ins: 0x20, p1: 0, p2: 0x86 });
    expect(toHex(v.data!)).toBe('861101' + '1AA82973DB959A811F9711D728F0EEF6');
    expect(v.le).toBeUndefined();
    const r = await sm.protect({ cla: 0, ins: 0xb0, p1: 0x85, p2: 0, le: 65536 });
    expect(toHex(r.data!)).toBe('96020000');
    expect(r.le).toBe(65536);
    const short = await sm.protect({ cla: 0, ins: 0xb0, p1: 0x85, p2: 0, le: residenceMaxPlainChunk(258, 1) });
    expect(short.le).toBe(256);
  });

  it('chunk sizes fit a short answer: 247 bytes (gen 1), 239 bytes (gen 2)', () => {
    expect(residenceMaxPlainChunk(258, 1)).toBe(247);
    expect(residenceMaxPlainChunk(258, 2)).toBe(239);
    expect(residenceProtectedLength(247, 1)).toBeLessThanOrEqual(256);
    expect(residenceProtectedLength(239, 2)).toBeLessThanOrEqual(256);
  });

  it('refuses answers without DO 86, with a wrong indicator, or after destroy()', async () => {
    const sm = new ResidenceCardSecureMessaging(2, ks);
    const read = { cla: 0, ins: 0xb0, p1: 0x81, p2: 0, le: 14 };
    expect(await code(() => sm.unprotect({ data: new Uint8Array(0), sw: 0x9000 }, read))).toBe('sm-missing-do');
    expect(await code(() => sm.unprotect({ data: hex('C20C414131323334353637384242'), sw: 0x9000 }, read))).toBe('sm-malformed-do');
    expect(await code(() => sm.unprotect({ data: hex('8611 02 00112233445566778899AABBCCDDEEFF'), sw: 0x9000 }, read))).toBe('sm-malformed-do');
    expect(await code(() => sm.unprotect({ data: hex('8611 01 00112233445566778899AABBCCDDEEFF'), sw: 0x9000 }, read))).toBe('sm-bad-padding');
    // Status-only error answers pass through unprotected.
    expect(await sm.unprotect({ data: new Uint8Array(0), sw: 0x6982 }, read)).toEqual({ data: new Uint8Array(0), sw: 0x6982 });
    sm.destroy();
    expect(await code(() => sm.protect(read))).toBe('sm-session-closed');
  });
});
