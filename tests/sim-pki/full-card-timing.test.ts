import { describe, expect, it } from 'vitest';
import { SIM_CV_CA_KEY_IDS, cvKeyId, mintCvCertificate } from '../../src/sim/pki/cv-certificate';
import { mintJpkiAuthCertificate, mintJpkiRootCertificate, mintJpkiSignCertificate } from '../../src/sim/pki/jpki-certificates';
import { jpkiBirthDate } from '../../src/sim/pki/jpki-san';
import { digestInfoSha256, rsaPkcs1v15SignRaw } from '../../src/sim/pki/rsa-raw';
import { cardKeyFor, simKey } from '../../src/sim/pki/sim-keys';

/** Mints what one simulated card needs; reports the time (kept loose so slow CI passes). */
describe('minting a full card', () => {
  it('roots + 署名用 + 利用者証明用 + two CV certificates in well under a second', async () => {
    const t0 = performance.now();
    const validity = { notBefore: new Date('2020-01-01T00:00:00Z'), notAfter: new Date('2040-01-01T00:00:00Z') };
    const signRoot = await mintJpkiRootCertificate({ purpose: 'sign', key: simKey('jpki-sign-root'), serialHex: '71', ...validity });
    const authRoot = await mintJpkiRootCertificate({ purpose: 'auth', key: simKey('jpki-auth-root'), serialHex: '72', ...validity });
    const t1 = performance.now();
    const seed = 'timing-card';
    const leafValidity = { notBefore: new Date('2026-01-01T00:00:00Z'), notAfter: new Date('2031-03-03T14:59:59Z') };
    const municipality = { prefecture: 'Osaka-fu', city: 'Suita-shi' };
    const [sign, auth, textCv, faceCv] = await Promise.all([
      mintJpkiSignCertificate({
        issuer: { key: simKey('jpki-sign-root'), certificate: signRoot },
        subjectKey: cardKeyFor(seed, 'jpki-sign'),
        municipality,
        commonName: '9SIMSIGNTIMING',
        serialHex: '0100',
        ...leafValidity,
        personal: { name: '鈴木　花子', sex: '2', birthDate: jpkiBirthDate('20010303'), address: '大阪府吹田市千里万博公園１番１号' },
      }),
      mintJpkiAuthCertificate({
        issuer: { key: simKey('jpki-auth-root'), certificate: authRoot },
        subjectKey: cardKeyFor(seed, 'jpki-auth'),
        municipality,
        commonName: '9SIMAUTHTIMING',
        serialHex: '0101',
        ...leafValidity,
      }),
      mintCvCertificate({
        issuerKeyId: SIM_CV_CA_KEY_IDS.text,
        subjectKeyId: cvKeyId('9272051', '000'),
        subjectModulus: simKey('cv-ap-text').modulus,
        subjectExponent: simKey('cv-ap-text').exponent,
        signerKey: simKey('cv-ca-text'),
      }),
      mintCvCertificate({
        issuerKeyId: SIM_CV_CA_KEY_IDS.face,
        subjectKeyId: cvKeyId('9272052', '000'),
        subjectModulus: simKey('cv-ap-face').modulus,
        subjectExponent: simKey('cv-ap-face').exponent,
        signerKey: simKey('cv-ca-face'),
      }),
    ]);
    const t2 = performance.now();
    const di = digestInfoSha256(new Uint8Array(32));
    for (let i = 0; i < 10; i++) rsaPkcs1v15SignRaw(cardKeyFor(seed, 'jpki-sign'), di);
    const t3 = performance.now();
    console.info(
      `[sim-pki timing] 2 roots ${(t1 - t0).toFixed(1)} ms; card (2 X.509 + 2 CV) ${(t2 - t1).toFixed(1)} ms; ` +
        `BigInt RSA-CRT sign ${((t3 - t2) / 10).toFixed(1)} ms each`,
    );
    expect(sign.length).toBeGreaterThan(1000);
    expect(auth.length).toBeGreaterThan(900);
    expect(textCv.length + faceCv.length).toBe(2 * 568);
    expect(t2 - t0).toBeLessThan(5000);
  });
});
