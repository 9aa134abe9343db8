import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SimPkiError } from '../../src/sim/pki/errors';
import {
  SIM_CV_CA_KEY_IDS,
  cvKeyId,
  encodeRsaPublicKeyDo,
  mintCvCertificate,
} from '../../src/sim/pki/cv-certificate';
import { importPublicKey, simKey } from '../../src/sim/pki/sim-keys';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const ascii = (s: string): string => Buffer.from(s, 'ascii').toString('hex');

describe('cvKeyId (spec §3.4)', () => {
  it('encodes 7 digits ‖ 08 05 ‖ 3 digits ‖ 00 00 00 lastByte', () => {
    expect(hex(cvKeyId('9000033', '001'))).toBe(ascii('9000033') + '0805' + ascii('001') + '00000000');
    expect(hex(cvKeyId('9000020', '001', 0xa8))).toBe('39303030303230' + '0805' + '303031' + '000000a8');
    expect(cvKeyId('9132211', '000').length).toBe(16);
  });

  it('pins the simulator CA ids', () => {
    expect(hex(SIM_CV_CA_KEY_IDS.text)).toBe('39303030303333' + '0805303031' + '00000000');
    expect(hex(SIM_CV_CA_KEY_IDS.face)).toBe('39303030303233' + '0805303031' + '00000000');
    expect(hex(SIM_CV_CA_KEY_IDS.mf)).toBe('39303030303230' + '0805303031' + '000000a8');
  });

  it('refuses production (5…) and J-LIS test (6…) ranges and malformed input', () => {
    for (const [p, s] of [['5000033', '001'], ['6000023', '001'], ['900003', '001'], ['9000033', '01'], ['900003a', '001']]) {
      expect(() => cvKeyId(p!, s!), `${p}/${s}`).toThrow(SimPkiError);
    }
    expect(() => cvKeyId('9000033', '001', 256)).toThrow(SimPkiError);
  });
});

describe('encodeRsaPublicKeyDo', () => {
  it('is 90 03 01 00 01 91 82 01 00 <256 B> (265 bytes)', () => {
    const k = simKey('cv-ap-text');
    const d = encodeRsaPublicKeyDo(k.modulus, k.exponent);
    expect(d.length).toBe(265);
    expect(hex(d)).toBe('9003010001' + '91820100' + hex(k.modulus));
  });
});

describe('mintCvCertificate', () => {
  const subjectKey = simKey('cv-ap-text');
  const subjectKeyId = cvKeyId('9132211', '000');
  const params = {
    issuerKeyId: SIM_CV_CA_KEY_IDS.text,
    subjectKeyId,
    subjectModulus: subjectKey.modulus,
    subjectExponent: subjectKey.exponent,
    signerKey: simKey('cv-ca-text'),
  };

  it('has the exact 568-byte layout', async () => {
    const cert = await mintCvCertificate(params);
    expect(cert.length).toBe(568);
    expect(hex(cert.subarray(0, 10))).toBe('7f218202335f4e820129');
    expect(hex(cert.subarray(10, 26))).toBe(ascii('9000033') + '0805' + ascii('001') + '00000000');
    expect(hex(cert.subarray(26, 42))).toBe(ascii('9132211') + '0805' + ascii('000') + '00000000');
    expect(hex(cert.subarray(42, 51))).toBe('900301000191820100');
    expect(hex(cert.subarray(51, 307))).toBe(hex(subjectKey.modulus));
    expect(hex(cert.subarray(307, 312))).toBe('5f37820100');
  });

  it('signature verifies with the CV CA key over the 297-byte body, and not with others', async () => {
    const cert = await mintCvCertificate(params);
    const body = cert.slice(10, 307);
    const sig = cert.slice(312);
    expect(body.length).toBe(297);
    const caPub = await importPublicKey(simKey('cv-ca-text'));
    expect(await crypto.subtle.verify('RSASSA-PKCS1-v1_5', caPub, sig, body)).toBe(true);
    const faceCa = await importPublicKey(simKey('cv-ca-face'));
    expect(await crypto.subtle.verify('RSASSA-PKCS1-v1_5', faceCa, sig, body)).toBe(false);
    const tampered = body.slice();
    tampered[100]! ^= 1;
    expect(await crypto.subtle.verify('RSASSA-PKCS1-v1_5', caPub, sig, tampered)).toBe(false);
    // Independent check of the padded message with node:crypto's SHA-256 and BigInt.
    const ca = simKey('cv-ca-text');
    let m = 1n;
    let b = BigInt('0x' + hex(sig));
    const n = BigInt('0x' + hex(ca.modulus));
    for (let e = 65537n; e > 0n; e >>= 1n, b = (b * b) % n) if (e & 1n) m = (m * b) % n;
    const digest = createHash('sha256').update(body).digest('hex');
    expect(m.toString(16).padStart(512, '0')).toBe(
      '0001' + 'ff'.repeat(202) + '00' + '3031300d060960864801650304020105000420' + digest,
    );
  });

  it('is deterministic', async () => {
    expect(hex(await mintCvCertificate(params))).toBe(hex(await mintCvCertificate(params)));
  });

  it('refuses non-simulator key ids', async () => {
    const prod = Buffer.concat([Buffer.from('5000033', 'ascii'), Buffer.from([8, 5]), Buffer.from('001'), Buffer.alloc(4)]);
    await expect(mintCvCertificate({ ...params, issuerKeyId: new Uint8Array(prod) })).rejects.toMatchObject({
      code: 'sim-cv-bad-key-id',
    });
    await expect(mintCvCertificate({ ...params, subjectKeyId: new Uint8Array(15) })).rejects.toBeInstanceOf(SimPkiError);
  });

  it('refuses a key that is not RSA-2048 / 3-byte exponent', async () => {
    await expect(
      mintCvCertificate({ ...params, subjectModulus: params.subjectModulus.subarray(1) }),
    ).rejects.toMatchObject({ code: 'sim-cv-bad-key' });
  });
});
