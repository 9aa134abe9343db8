/**
 * Every EF.SOD of the shared real-data folder (/work/shared/testdata/emrtd/sod): parsed, its CMS
 * signature verified with its embedded DSC, and its DSC chained to a CSCA wherever one is in the
 * folder (the DE and NL master lists, verified against their pinned signer CSCAs, and the loose
 * UK / Indonesia CSCAs). pkijs' own SignedData.verify is a second opinion where pkijs can work
 * (it cannot: explicit-parameter EC keys, Malaysia's reordered issuer). Plus each edge case the
 * folder's README names, with its own test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as asn1js from 'asn1js';
import '../../src/verify/x509-setup';
import { pkijs } from '../../src/verify/x509-setup';
import { parseCardSecurity, parseSod } from '../../src/cards/passport/lds';
import { checkSod } from '../../src/verify/passport/check-sod';
import { verifyCmsSignature } from '../../src/verify/passport/sod-signature';
import { verifyCardSecurity } from '../../src/verify/passport/card-security';
import { createPassportTrustStore, type CscaAnchor, type PassportTrustStore } from '../../src/verify/passport/trust/passport-trust';
import { hexFile, importTestMasterList, looseCscas, sodFiles } from './helpers';

const NOW = new Date('2026-06-01T00:00:00Z');
let trust: PassportTrustStore;
const table: { label: string; parsed: string; signature: string; chain: string }[] = [];

beforeAll(async () => {
  const imports: CscaAnchor[] = [];
  for (const which of ['DE', 'NL2026', 'NL2021'] as const) {
    const r = await importTestMasterList(which);
    expect(r.check.status, `${which}: ${r.check.detail}`).toBe('pass');
    imports.push(...r.cscas);
  }
  trust = createPassportTrustStore('production', { imported: [...imports, ...looseCscas()] });
}, 120_000);

afterAll(() => {
  // The table the report quotes (stdout of `npx vitest run tests/passport-pa`).
  console.log(['SOD | parsed | CMS signature (embedded DSC) | DSC → CSCA at 2026-06-01', ...table.map((r) => `${r.label} | ${r.parsed} | ${r.signature} | ${r.chain}`)].join('\n'));
});

/** What the chain check must say for each SOD at 2026-06-01, and why. */
const EXPECTED_CHAIN: Record<string, { code: string; why: string }> = {
  AT: { code: 'ok', why: 'CSCA-AUSTRIA in the DE master list' },
  BSI_TR03105_5: { code: 'pp-csca-unknown', why: 'synthetic test PKI (HJP Consulting); its CSCA is not in the folder' },
  DE: { code: 'ok', why: 'csca-germany in the DE master list' },
  ETSI_TR103200: { code: 'pp-csca-unknown', why: 'synthetic test PKI (ETSI); its CSCA is not in the folder' },
  FI: { code: 'ok', why: 'CSCA Finland in the DE master list' },
  FR: { code: 'ok', why: 'CSCA-FRANCE in the DE master list' },
  ID: { code: 'ok', why: 'Indonesia CSCA (folder certs/csca and NL list)' },
  MY: { code: 'ok', why: 'Malaysia CSCA in the DE master list' },
  NZ: { code: 'ok', why: 'NZ Passport CA in the DE master list' },
  PH: { code: 'ok', why: 'CSCA01006 in the DE master list' },
  RU: { code: 'ok', why: 'CSCA-Russia in the DE master list' },
  SG: { code: 'ok', why: 'Singapore Passport CA 5 in the DE master list' },
  UK: { code: 'ok', why: 'UK Country Signing Authority in the DE master list' },
  UK_expired: { code: 'pp-dsc-expired', why: 'the DSC expired on 2022-12-01' },
  US: { code: 'ok', why: 'US Department of State MRTD CA in the DE master list' },
};

describe('every real SOD', () => {
  for (const { label, name, bytes } of sodFiles()) {
    const key = label.replace(/-/g, '_');
    it(`${label}: parsed, CMS signature verified with the embedded DSC, chain as expected`, async () => {
      const sod = parseSod(bytes);
      expect(sod.securityObject.dataGroupHashes.has(1)).toBe(true);
      expect(sod.signedData.certificates.length).toBeGreaterThanOrEqual(1);
      const cms = await verifyCmsSignature(sod.signedData);
      expect(cms.ok, cms.ok ? '' : `${cms.code}: ${cms.detail}`).toBe(true);

      const r = await checkSod(bytes, new Map(), trust, NOW);
      const chain = r.checks.find((c) => c.id === 'pp.passive-auth.dsc-chain')!;
      const expected = EXPECTED_CHAIN[key];
      expect(expected, `no expectation for ${name}`).toBeDefined();
      expect(chain.code, `${label}: ${chain.detail}`).toBe(expected!.code);
      expect(r.checks.find((c) => c.id === 'pp.passive-auth.sod-signature')!.status).toBe('pass');
      table.push({
        label,
        parsed: `v${sod.securityObject.version}, DG${[...sod.securityObject.dataGroupHashes.keys()].join('/')}`,
        signature: cms.ok ? `valid (${cms.scheme})` : 'INVALID',
        chain: chain.status === 'pass' ? `verified (${expected!.why})` : `${chain.code} (${expected!.why})`,
      });
    });
  }

  it('pkijs SignedData.verify agrees wherever pkijs can verify (RSA PKCS#1 v1.5 and PSS)', async () => {
    const pkijsCan = ['BSI_TR03105-5', 'ETSI_TR103200', 'FR', 'ID', 'NZ', 'PH', 'SG', 'UK_expired', 'US'];
    for (const { label, bytes } of sodFiles().filter((s) => pkijsCan.includes(s.label))) {
      const r = asn1js.fromBER(bytes, { maxNodes: 100_000 });
      const sd = new pkijs.SignedData({ schema: new pkijs.ContentInfo({ schema: (r.result as asn1js.Constructed).valueBlock.value[0] }).content });
      const v = await sd.verify({ signer: 0, checkChain: false, extendedMode: true });
      expect(v.signatureVerified, label).toBe(true);
      expect((await verifyCmsSignature(parseSod(bytes).signedData)).ok, label).toBe(true);
    }
  });

  it('a flipped bit in any real SOD signature or signed attribute makes it fail', async () => {
    for (const { label, bytes } of sodFiles()) {
      const sod = parseSod(bytes);
      const si = sod.signedData.signerInfos[0]!;
      const sig = si.signature.slice();
      sig[sig.length >> 1] ^= 0x01;
      const broken = { ...sod.signedData, signerInfos: [{ ...si, signature: sig }] };
      const r = await verifyCmsSignature(broken);
      expect(r.ok, label).toBe(false);
      expect(r.ok ? '' : r.code, label).toBe('pp-sod-signature-invalid');
      const eContent = sod.signedData.eContent.slice();
      eContent[eContent.length - 1] ^= 0x01;
      const r2 = await verifyCmsSignature({ ...sod.signedData, eContent });
      expect(r2.ok ? '' : r2.code, label).toBe('pp-sod-message-digest-mismatch');
    }
  });
});

describe('edge cases named in the test data README', () => {
  it('NZ: BER indefinite lengths are accepted (and only where BER allows them)', async () => {
    const nz = sodFiles().find((s) => s.label === 'NZ')!.bytes;
    // The SOD really uses them: 30 80 at the ContentInfo.
    expect(nz[0]).toBe(0x77);
    const ci = nz.indexOf(0x30);
    expect(nz[ci + 1]).toBe(0x80);
    const sod = parseSod(nz);
    expect(sod.securityObject.dataGroupHashes.size).toBe(6);
    expect((await verifyCmsSignature(sod.signedData)).ok).toBe(true);
  });

  it('MY: the SignerInfo names the issuer with RDNs in another order than the DSC — still found, and said so', async () => {
    const my = sodFiles().find((s) => s.label === 'MY')!.bytes;
    const r = await verifyCmsSignature(parseSod(my).signedData);
    expect(r.ok && r.issuerOrderDiffers).toBe(true);
    const res = await checkSod(my, new Map(), trust, NOW);
    expect(res.checks.find((c) => c.id === 'pp.passive-auth.sod-signature')!.detail).toMatch(/another order/);
    // The others do not.
    for (const s of sodFiles().filter((x) => x.label !== 'MY')) {
      const o = await verifyCmsSignature(parseSod(s.bytes).signedData);
      expect(o.ok && o.issuerOrderDiffers, s.label).toBe(false);
    }
  });

  it('ID, PH, SG, MY sign with RSASSA-PSS (SHA-256, MGF1-SHA-256, salt 32)', async () => {
    for (const label of ['ID', 'PH', 'SG', 'MY']) {
      const s = sodFiles().find((x) => x.label === label)!;
      const sod = parseSod(s.bytes);
      expect(sod.signedData.signerInfos[0]!.signatureAlgorithm.oid, label).toBe('1.2.840.113549.1.1.10');
      const r = await verifyCmsSignature(sod.signedData);
      expect(r.ok ? r.scheme : r.detail, label).toBe('RSASSA-PSS with SHA-256 (MGF1-SHA-256, salt 32)');
    }
  });

  it('RU uses SHA-1 (LDS hash, CMS digest and ecdsa-with-SHA1)', async () => {
    const sod = parseSod(sodFiles().find((x) => x.label === 'RU')!.bytes);
    expect(sod.securityObject.hashAlgorithm.oid).toBe('1.3.14.3.2.26');
    expect(sod.signedData.signerInfos[0]!.digestAlgorithm.oid).toBe('1.3.14.3.2.26');
    for (const h of sod.securityObject.dataGroupHashes.values()) expect(h.length).toBe(20);
    const r = await verifyCmsSignature(sod.signedData);
    expect(r.ok ? r.scheme : '').toBe('ECDSA with SHA-1');
  });

  it('FI uses SHA-512 (64-byte DG hashes, ECDSA brainpoolP512r1 via @noble/curves)', async () => {
    const sod = parseSod(sodFiles().find((x) => x.label === 'FI')!.bytes);
    expect(sod.securityObject.hashAlgorithm.oid).toBe('2.16.840.1.101.3.4.2.3');
    for (const h of sod.securityObject.dataGroupHashes.values()) expect(h.length).toBe(64);
    const r = await verifyCmsSignature(sod.signedData);
    expect(r.ok ? r.scheme : '').toBe('ECDSA with SHA-512');
    const dsc = r.ok ? r.signer : undefined;
    expect(dsc?.publicKey.kind === 'ec' ? dsc.publicKey.curve : '').toBe('brainpoolP512r1');
    expect(dsc?.publicKey.kind === 'ec' && dsc.publicKey.explicitParameters).toBe(true);
  });

  it('US and NZ sign with rsaEncryption + the CMS digest algorithm (PKCS#1 v1.5 SHA-256)', async () => {
    for (const label of ['US', 'NZ']) {
      const sod = parseSod(sodFiles().find((x) => x.label === label)!.bytes);
      expect(sod.signedData.signerInfos[0]!.signatureAlgorithm.oid).toBe('1.2.840.113549.1.1.1');
      const r = await verifyCmsSignature(sod.signedData);
      expect(r.ok ? r.scheme : '').toBe('RSA PKCS#1 v1.5 with SHA-256');
    }
  });

  it('the expired UK SOD verifies at a time inside its DSC validity', async () => {
    const uk = sodFiles().find((x) => x.label === 'UK_expired')!.bytes;
    const r = await checkSod(uk, new Map(), trust, new Date('2021-06-01T00:00:00Z'));
    const chain = r.checks.find((c) => c.id === 'pp.passive-auth.dsc-chain')!;
    expect(chain.status, chain.detail).toBe('pass');
  });

  it('DE and FI EF.CardSecurity: signature and chain verified, chip-authentication keys read', async () => {
    for (const label of ['DE', 'FI']) {
      const bytes = hexFile(`sod/${label}_EF_CardSecurity.hex`);
      const r = await verifyCardSecurity(bytes, trust, NOW);
      expect(r.verified, r.detail).toBe(true);
      const cs = parseCardSecurity(bytes);
      expect(cs.securityInfos.chipAuthenticationPublicKeys.length).toBeGreaterThan(0);
      expect(cs.securityInfos.paceInfos.some((p) => p.mapping === 'ECDH-CAM')).toBe(true);
    }
  });
});
