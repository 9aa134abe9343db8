/**
 * Active Authentication verification (9303-11 §6.1): RSA ISO/IEC 9796-2 scheme 1 (both trailer
 * forms, both signature forms) and plain ECDSA, checked against the simulator's chip-side signer
 * and, independently, against OpenSSL (node:crypto) as signer or raw RSA engine.
 */
import { constants, createPublicKey, generateKeyPairSync, privateEncrypt, publicDecrypt, sign as nodeSign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseDg14, parseDg15, parsePublicKeyInfo, type EcPublicKeyInfo, type RsaPublicKeyInfo } from '../../src/cards/passport/lds';
import { buildSimPassport } from '../../src/sim/passport/lds/build-passport';
import { aaSignEcdsa, aaSignRsa } from '../../src/sim/passport/pki/active-auth-signer';
import { simEcKey, simRsaKey } from '../../src/sim/passport/pki/sim-passport-keys';
import { checkActiveAuthentication, verifyEcdsaActiveAuthentication, verifyRsaActiveAuthentication } from '../../src/verify/passport/active-auth';
import { judgeChipGenuineness } from '../../src/verify/passport/chip-genuineness';
import { ppCheck } from '../../src/verify/passport/passport-checks';
import { randomBytes } from './chip-stand-in';

const NOW = new Date('2026-07-01T00:00:00Z');
const challenge = Uint8Array.of(0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0);

async function rsaDg15(profile: string): Promise<RsaPublicKeyInfo> {
  const k = parseDg15((await buildSimPassport(profile)).dataGroups.get(15)!).publicKey;
  if (k.kind !== 'rsa') throw new Error('RSA expected');
  return k;
}

describe('RSA, ISO/IEC 9796-2 scheme 1', () => {
  it('SHA-1 with trailer BC (RSA-1024): valid, and the recovered block has the 9796-2 shape (checked with OpenSSL)', async () => {
    const key = await rsaDg15('utopia-bac');
    const sk = simRsaKey('aa-rsa-1024');
    const sig = aaSignRsa(sk, challenge, randomBytes('m1'), 'SHA-1');
    const r = await verifyRsaActiveAuthentication(key, challenge, sig);
    expect(r).toMatchObject({ valid: true, hash: 'SHA-1' });
    // Independent recovery with OpenSSL's raw RSA public operation.
    const pub = createPublicKey({ key: Buffer.from(key.spki), format: 'der', type: 'spki' });
    const f = publicDecrypt({ key: pub, padding: constants.RSA_NO_PADDING }, Buffer.from(sig));
    expect(f[0]).toBe(0x6a);
    expect(f[f.length - 1]).toBe(0xbc);
  });

  it('SHA-256 with trailer 34 CC (RSA-2048), and the n − s alternative form', async () => {
    const key = await rsaDg15('japan-no-address');
    const sk = simRsaKey('aa-rsa-2048');
    const sig = aaSignRsa(sk, challenge, randomBytes('m1b'), 'SHA-256');
    expect(await verifyRsaActiveAuthentication(key, challenge, sig)).toMatchObject({ valid: true, hash: 'SHA-256' });
    const alt = aaSignRsa(sk, challenge, randomBytes('m1b'), 'SHA-256', { alternative: true });
    expect([...alt]).not.toEqual([...sig]);
    expect(await verifyRsaActiveAuthentication(key, challenge, alt)).toMatchObject({ valid: true, hash: 'SHA-256' });
  });

  it('a block signed by OpenSSL\'s raw private operation (not the simulator) verifies too', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 1536, publicExponent: 0x10001 });
    const spki = new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }));
    const key = parsePublicKeyInfo(spki) as RsaPublicKeyInfo;
    const k = 1536 / 8;
    const m1 = randomBytes('openssl')(k - 1 - 32 - 2);
    const h = new Uint8Array(await crypto.subtle.digest('SHA-256', new Uint8Array([...m1, ...challenge])));
    const f = new Uint8Array([0x6a, ...m1, ...h, 0x34, 0xcc]);
    const sig = new Uint8Array(privateEncrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, Buffer.from(f)));
    expect(await verifyRsaActiveAuthentication(key, challenge, sig)).toMatchObject({ valid: true, hash: 'SHA-256' });
  });

  it('fails for another challenge, a flipped bit, another key (a clone), a short answer', async () => {
    const key = await rsaDg15('utopia-bac');
    const sig = aaSignRsa(simRsaKey('aa-rsa-1024'), challenge, randomBytes('m1'), 'SHA-1');
    const other = challenge.slice();
    other[0] ^= 1;
    expect((await verifyRsaActiveAuthentication(key, other, sig)).valid).toBe(false);
    const flipped = sig.slice();
    flipped[40] ^= 1;
    expect((await verifyRsaActiveAuthentication(key, challenge, flipped)).valid).toBe(false);
    const clone = aaSignRsa(simRsaKey('aa-rsa-clone'), challenge, randomBytes('m1'), 'SHA-1');
    expect((await verifyRsaActiveAuthentication(key, challenge, clone)).valid).toBe(false);
    expect((await verifyRsaActiveAuthentication(key, challenge, sig.subarray(1))).valid).toBe(false);
  });
});

describe('ECDSA, plain r‖s', () => {
  it('brainpoolP256r1 with the hash DG14 declares (ecdsa-plain-SHA256)', async () => {
    const pp = await buildSimPassport('germany-pace-gm');
    const key = parseDg15(pp.dataGroups.get(15)!).publicKey as EcPublicKeyInfo;
    const dg14 = parseDg14(pp.dataGroups.get(14)!);
    const sig = aaSignEcdsa(simEcKey('aa-germany', 'brainpoolP256r1'), challenge, 'SHA-256');
    expect(sig.length).toBe(64);
    const r = await verifyEcdsaActiveAuthentication(key, challenge, sig, dg14.activeAuthenticationInfo!.signatureAlgorithm);
    expect(r).toMatchObject({ valid: true, hash: 'SHA-256' });
    // Declared SHA-384 but signed SHA-256: fails.
    expect((await verifyEcdsaActiveAuthentication(key, challenge, sig, '0.4.0.127.0.7.1.1.4.1.4')).valid).toBe(false);
    // Not declared: found by trying, and said so.
    const tried = await verifyEcdsaActiveAuthentication(key, challenge, sig);
    expect(tried.valid && tried.detail).toMatch(/not declared in DG14/);
    // A RIPEMD-160 declaration is not supported.
    expect(await verifyEcdsaActiveAuthentication(key, challenge, sig, '0.4.0.127.0.7.1.1.4.1.6')).toMatchObject({ valid: false, unsupported: true });
  });

  it('P-256 signed by OpenSSL (IEEE P1363 r‖s and DER) verifies', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const key = parsePublicKeyInfo(new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }))) as EcPublicKeyInfo;
    const p1363 = new Uint8Array(nodeSign('sha256', challenge, { key: privateKey, dsaEncoding: 'ieee-p1363' }));
    expect(await verifyEcdsaActiveAuthentication(key, challenge, p1363, '0.4.0.127.0.7.1.1.4.1.3')).toMatchObject({ valid: true });
    const der = new Uint8Array(nodeSign('sha256', challenge, { key: privateKey, dsaEncoding: 'der' }));
    const r = await verifyEcdsaActiveAuthentication(key, challenge, der, '0.4.0.127.0.7.1.1.4.1.3');
    expect(r.valid && r.detail).toMatch(/DER/);
  });
});

describe('pp.active-auth and the clone verdict', () => {
  it('pass only when DG15 itself verified; a bad answer is a clone', async () => {
    const pp = await buildSimPassport('utopia-bac');
    const publicKey = parseDg15(pp.dataGroups.get(15)!).publicKey;
    const good = aaSignRsa(simRsaKey('aa-rsa-1024'), challenge, randomBytes('x'), 'SHA-1');
    const pass = await checkActiveAuthentication({ publicKey, challenge, response: good, keyVerifiedByPassiveAuth: true, now: NOW });
    expect(pass.status).toBe('pass');
    const unverified = await checkActiveAuthentication({ publicKey, challenge, response: good, keyVerifiedByPassiveAuth: false, now: NOW });
    expect(unverified.code).toBe('pp-aa-key-unverified');
    const bad = await checkActiveAuthentication({ publicKey, challenge, response: aaSignRsa(simRsaKey('aa-rsa-clone'), challenge, randomBytes('x'), 'SHA-1'), keyVerifiedByPassiveAuth: true, now: NOW });
    expect(bad.code).toBe('pp-aa-signature-invalid');
    expect(judgeChipGenuineness(true, bad, undefined, NOW).code).toBe('pp-chip-clone');
    expect(judgeChipGenuineness(false, bad, undefined, NOW).code).toBe('pp-chip-data-unverified');
    expect(judgeChipGenuineness(true, pass, undefined, NOW).status).toBe('pass');
    const caPass = ppCheck('pp.chip-auth', 'pass', 'ok', undefined, NOW);
    expect(judgeChipGenuineness(true, bad, caPass, NOW).code).toBe('pp-chip-clone'); // any failed proof wins
    expect(judgeChipGenuineness(true, undefined, undefined, NOW).code).toBe('pp-chip-not-authenticated');
    const wrongLength = await checkActiveAuthentication({ publicKey, challenge: challenge.subarray(1), response: good, keyVerifiedByPassiveAuth: true, now: NOW });
    expect(wrongLength.status).toBe('fail');
  });
});
