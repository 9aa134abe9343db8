/**
 * The German and Dutch CSCA master lists of the shared folder: each list's own CMS signature
 * verified, its signer chained to the pinned CSCA the publishing state issued it under, its
 * CSCAs taken in. Wrong pins, tampered lists and expired signers are refused with their reasons.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { parseSignedData } from '../../src/cards/passport/lds';
import { importMasterList, parseCscaMasterList, type MasterListImport } from '../../src/verify/passport/trust/master-list';
import { derObjects } from '../../src/verify/passport/trust/pem-blocks';
import { file, importTestMasterList, ML_FILES } from './helpers';

const results: Partial<Record<keyof typeof ML_FILES, MasterListImport>> = {};

beforeAll(async () => {
  for (const which of ['DE', 'NL2026', 'NL2021'] as const) results[which] = await importTestMasterList(which);
}, 120_000);

describe('master-list signatures', () => {
  it('DE (BSI, 2026-05-28): signed by the CSCA Master List Signer under DE_CSCA07 (ECDSA brainpool)', () => {
    const r = results.DE!;
    expect(r.check.status, r.check.detail).toBe('pass');
    expect(r.record!.publisher).toBe('DE');
    expect(r.record!.signer).toContain('CSCA Master List Signer');
    expect(r.record!.signerCsca.sha256).toMatch(/^2084aed7a991b315/); // DE_CSCA07.pem, README fingerprint
    expect(r.cscas.length).toBe(580);
    expect(r.rejected.length).toBe(8); // 8 entries without basicConstraints cA
    expect(Object.keys(r.countries).length).toBe(112);
    expect(r.links.total).toBeGreaterThan(150);
    expect(r.links.verified).toBeGreaterThan(150);
    expect(r.record!.signingTime?.slice(0, 10)).toBe('2026-05-28');
  });

  it('NL (RDW, 2026-07-22) under NL_CSCA_2024 and NL (2021-12-07) under CSCA NL serial 6', () => {
    expect(results.NL2026!.check.status, results.NL2026!.check.detail).toBe('pass');
    expect(results.NL2026!.cscas.length).toBe(411);
    expect(results.NL2026!.record!.signerCsca.sha256).toMatch(/^411356d206b99da1/);
    expect(results.NL2021!.check.status, results.NL2021!.check.detail).toBe('pass');
    expect(results.NL2021!.cscas.length).toBe(306);
    expect(results.NL2021!.record!.signerCsca.sha256).toMatch(/^5fc67bdf4558d189/);
  });

  it('pinning another country\'s CSCA is refused: the signer was not issued by it', async () => {
    const r = await importMasterList(file(ML_FILES.NL2026.ml), [file('certs/ml-trust/DE_CSCA07.pem')], ML_FILES.NL2026.at);
    expect(r.check.code).toBe('pp-ml-signer-unknown');
    expect(r.cscas).toHaveLength(0);
    // The 2021 NL signer is not under the 2024 NL CSCA either.
    const r2 = await importMasterList(file(ML_FILES.NL2021.ml), [file('certs/ml-trust/NL_CSCA_2024.pem')], ML_FILES.NL2021.at);
    expect(r2.check.code).toBe('pp-ml-signer-unknown');
  });

  it('no pin at all is refused', async () => {
    const r = await importMasterList(file(ML_FILES.NL2026.ml), [], ML_FILES.NL2026.at);
    expect(r.check.code).toBe('pp-ml-signer-unknown');
  });

  it('a list changed after signing fails its signature (messageDigest)', async () => {
    const der = derObjects(file(ML_FILES.NL2021.ml))[0]!.slice();
    const sd = parseSignedData(der);
    // Flip a byte inside the eContent (a certificate of the list).
    const at = der.indexOf(sd.eContent[5000]!, 6000);
    der[at] ^= 0x01;
    const r = await importMasterList(der, [file(ML_FILES.NL2021.signer)], ML_FILES.NL2021.at);
    expect(r.check.status).toBe('fail');
    expect(['pp-ml-signature-invalid', 'pp-ml-malformed']).toContain(r.check.code);
    expect(r.cscas).toHaveLength(0);
  });

  it('a signer certificate outside its validity is refused', async () => {
    const r = await importMasterList(file(ML_FILES.NL2021.ml), [file(ML_FILES.NL2021.signer)], new Date('2035-01-01T00:00:00Z'));
    expect(r.check.code).toBe('pp-ml-signer-invalid');
  });

  it('garbage is pp-ml-malformed, not an exception', async () => {
    const r = await importMasterList(new TextEncoder().encode('-----BEGIN CMS-----\nAAAA\n-----END CMS-----\n'), [file(ML_FILES.DE.signer)], ML_FILES.DE.at);
    expect(r.check.code).toBe('pp-ml-malformed');
  });

  it('the CscaMasterList eContent parser reads exactly the certificates of the SET', () => {
    const sd = parseSignedData(derObjects(file(ML_FILES.DE.ml))[0]!);
    expect(parseCscaMasterList(sd.eContent)).toHaveLength(588);
  });
});
