/** verifyCvCertificate (spec §3.4, §3.9 step 1) on certificates read from a simulated card. */
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCvCertificate, type CvCertificate } from '../../src/cards/mynumber/records';
import { cvKeyId, mintCvCertificate, SIM_CV_CA_KEY_IDS } from '../../src/sim/pki/cv-certificate';
import { simKey } from '../../src/sim/pki/sim-keys';
import { verifyCvCertificate } from '../../src/verify/card/cv-certificate-check';
import type { TrustStore } from '../../src/verify/trust/trust-anchors';
import { buildNamed, flipInField, nodeSign, openCard, productionTrust, simulatorCvCaKeys, simulatorTrust } from './helpers';

let textCv: CvCertificate;
let faceCv: CvCertificate;
const SIM = simulatorTrust();
const PROD = productionTrust();

beforeAll(async () => {
  const built = await buildNamed('default');
  const mnc = await openCard(built.model);
  // EF 0004 is readable without any credential (spec §2.5, §2.6).
  textCv = await mnc.text.readCvCertificate();
  faceCv = await mnc.face.readCvCertificate();
  mnc.close();
});

async function mint(issuerKeyId: Uint8Array, signer: 'cv-ca-text' | 'cv-ca-face' | 'cv-ca-rogue'): Promise<CvCertificate> {
  const ap = simKey('cv-ap-text');
  return parseCvCertificate(
    await mintCvCertificate({ issuerKeyId, subjectKeyId: cvKeyId('9131013', '000'), subjectModulus: ap.modulus, subjectExponent: ap.exponent, signerKey: simKey(signer) }),
  );
}

describe('genuine simulator certificates', () => {
  it.each([
    ['text.cv-certificate', () => textCv, 'cv-ap-text', '9000033/001'],
    ['face.cv-certificate', () => faceCv, 'cv-ap-face', '9000023/001'],
  ] as const)('%s verifies and certifies the AP key', async (id, cert, apName, caName) => {
    const r = await verifyCvCertificate(id, cert(), SIM);
    expect(r.check).toMatchObject({ id, status: 'pass', code: 'ok' });
    expect(Buffer.from(r.apKey!.modulus).equals(Buffer.from(simKey(apName).modulus))).toBe(true);
    expect(r.caKey?.name).toBe(caName);
    expect(r.caKey?.hierarchy).toBe('simulator');
  });

  it('the text certificate does not verify under the face CA key (keys are matched by id, then checked)', async () => {
    // Relabel the face CA key with the text CA id: the id matches, the signature must not.
    const [, face] = simulatorCvCaKeys();
    const swapped: TrustStore = { mode: 'simulator', cvCaKeys: [{ ...face!, keyId: SIM_CV_CA_KEY_IDS.text }], x509Anchors: [] };
    const r = await verifyCvCertificate('text.cv-certificate', textCv, swapped);
    expect(r.check).toMatchObject({ status: 'fail', code: 'cv-signature-invalid' });
    expect(r.apKey).toBeUndefined();
  });
});

describe('forged certificates', () => {
  it('an issuer key id that is not in the store → cv-issuer-unknown, naming the id', async () => {
    const r = await verifyCvCertificate('text.cv-certificate', await mint(SIM_CV_CA_KEY_IDS.rogue, 'cv-ca-rogue'), SIM);
    expect(r.check).toMatchObject({ status: 'fail', code: 'cv-issuer-unknown' });
    expect(r.check.detail).toContain('no trusted CV CA key 9000099/001');
    expect(r.apKey).toBeUndefined();
  });

  it('the full 16-byte id must match: same printed name, different padding byte → cv-issuer-unknown', async () => {
    // Signed by the real text CA key, but its id differs from 9000033/001 only in the last byte.
    const r = await verifyCvCertificate('text.cv-certificate', await mint(cvKeyId('9000033', '001', 0x01), 'cv-ca-text'), SIM);
    expect(r.check).toMatchObject({ status: 'fail', code: 'cv-issuer-unknown' });
    expect(r.check.detail).toContain('39303030303333080530303100000001');
  });

  it('signed by the rogue CA but naming 9000033 → cv-signature-invalid', async () => {
    const r = await verifyCvCertificate('text.cv-certificate', await mint(SIM_CV_CA_KEY_IDS.text, 'cv-ca-rogue'), SIM);
    expect(r.check).toMatchObject({ status: 'fail', code: 'cv-signature-invalid' });
    expect(r.apKey).toBeUndefined();
  });

  it('one changed byte of the certified key, or of the signature → cv-signature-invalid', async () => {
    const keyTampered = parseCvCertificate(flipInField(textCv.raw, textCv.publicKey.modulus, 100, 0x10));
    expect((await verifyCvCertificate('text.cv-certificate', keyTampered, SIM)).check.code).toBe('cv-signature-invalid');
    const sigTampered = parseCvCertificate(flipInField(faceCv.raw, faceCv.signature, 0, 0x01));
    expect((await verifyCvCertificate('face.cv-certificate', sigTampered, SIM)).check.code).toBe('cv-signature-invalid');
    const subjectTampered = parseCvCertificate(flipInField(textCv.raw, textCv.subjectKeyId, 3, 0x01));
    expect((await verifyCvCertificate('text.cv-certificate', subjectTampered, SIM)).check.code).toBe('cv-signature-invalid');
  });

  it('a correctly signed certificate for a 1024-bit AP key → record-malformed', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const jwk = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'jwk' });
    const n = Buffer.from(jwk.n!, 'base64url');
    expect(n.length).toBe(128);
    const body = Buffer.concat([SIM_CV_CA_KEY_IDS.text, cvKeyId('9131013', '000'), Buffer.from('9003010001918180', 'hex'), n]);
    const sig = nodeSign(simKey('cv-ca-text'), body);
    const inner = Buffer.concat([Buffer.from([0x5f, 0x4e, 0x81, body.length]), body, Buffer.from('5f37820100', 'hex'), sig]);
    const der = Buffer.concat([Buffer.from([0x7f, 0x21, 0x82, inner.length >> 8, inner.length & 0xff]), inner]);
    const r = await verifyCvCertificate('text.cv-certificate', parseCvCertificate(new Uint8Array(der)), SIM);
    expect(r.check).toMatchObject({ status: 'fail', code: 'record-malformed' });
    expect(r.apKey).toBeUndefined();
  });
});

describe('trust modes', () => {
  it('a simulated card under production trust → cv-issuer-unknown without allAnchors', async () => {
    for (const [id, cert, name] of [
      ['text.cv-certificate', textCv, '9000033/001'],
      ['face.cv-certificate', faceCv, '9000023/001'],
    ] as const) {
      const r = await verifyCvCertificate(id, cert, PROD);
      expect(r.check).toMatchObject({ id, status: 'fail', code: 'cv-issuer-unknown' });
      expect(r.check.detail).toContain(`no trusted CV CA key ${name}`);
    }
  });

  it('… and cv-issuer-other-mode when allAnchors knows the simulator keys', async () => {
    const allAnchors = { cvCaKeys: [...PROD.cvCaKeys, ...simulatorCvCaKeys()], x509Anchors: [] };
    for (const [id, cert] of [
      ['text.cv-certificate', textCv],
      ['face.cv-certificate', faceCv],
    ] as const) {
      const r = await verifyCvCertificate(id, cert, PROD, { allAnchors });
      expect(r.check).toMatchObject({ id, status: 'fail', code: 'cv-issuer-other-mode' });
      expect(r.check.detail).toMatch(/simulator hierarchy, not production trust/);
      expect(r.apKey).toBeUndefined();
    }
  });

  it('a production-mode store that wrongly contains a simulator key still refuses the simulated card', async () => {
    const mixed: TrustStore = { ...PROD, cvCaKeys: [...PROD.cvCaKeys, ...simulatorCvCaKeys()] };
    const r = await verifyCvCertificate('text.cv-certificate', textCv, mixed);
    expect(r.check).toMatchObject({ status: 'fail', code: 'cv-issuer-other-mode' });
  });

  it('an unusable CA key in the store is not a trust anchor', async () => {
    const [text] = simulatorCvCaKeys();
    const broken: TrustStore = { ...SIM, cvCaKeys: [{ ...text!, exponent: Uint8Array.of(1) }] };
    const r = await verifyCvCertificate('text.cv-certificate', textCv, broken);
    expect(r.check).toMatchObject({ status: 'fail', code: 'cv-issuer-unknown' });
    expect(r.check.detail).toMatch(/unusable/);
  });
});
