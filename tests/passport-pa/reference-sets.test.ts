/**
 * The BSI TR-03105-5 and ETSI TR 103 200 reference data sets (synthetic test passports of
 * ERIKA MUSTERMANN, shared/testdata/emrtd/sod): their DG1, DG14 and DG15 hash to the values in
 * their SODs, and parse as the specifications describe. Their CSCAs are not public, so their
 * chains stay unverified ("pp-csca-unknown").
 */
import { describe, expect, it } from 'vitest';
import { parseDg1, parseDg14, parseDg15, parseSod } from '../../src/cards/passport/lds';
import { checkSod } from '../../src/verify/passport/check-sod';
import { createPassportTrustStore } from '../../src/verify/passport/trust/passport-trust';
import { hexFile } from './helpers';

const NOW = new Date('2026-06-01T00:00:00Z');

/**
 * Which of the set's data-group files its SOD covers: the BSI SOD hashes DG1/2/3/4/14 but not the
 * DG15 file that comes with the set (so DG15 can only be reported as "not covered"); the ETSI SOD
 * covers all three.
 */
const SETS = [
  { set: 'BSI_TR03105-5', covered: [1, 14], notCovered: [15] },
  { set: 'ETSI_TR103200', covered: [1, 14, 15], notCovered: [] },
];

describe.each(SETS)('$set reference set', ({ set, covered, notCovered }) => {
  const sod = hexFile(`sod/${set}_EF_SOD.hex`);
  const all = new Map<number, Uint8Array>([
    [1, hexFile(`sod/${set}_DG1.hex`)],
    [14, hexFile(`sod/${set}_DG14.hex`)],
    [15, hexFile(`sod/${set}_DG15.hex`)],
  ]);
  const dgs = new Map([...all].filter(([n]) => covered.includes(n)));

  it('the data groups its SOD covers match its hashes; the signature verifies; the test CSCA is unknown', async () => {
    const r = await checkSod(sod, dgs, createPassportTrustStore('production'), NOW);
    const hashes = r.checks.find((c) => c.id === 'pp.passive-auth.dg-hashes')!;
    expect(hashes.status, hashes.detail).toBe('pass');
    expect(hashes.detail).toMatch(new RegExp(`^DG${covered.join(', DG')} match \\(SHA-256\\)`));
    expect(r.checks.find((c) => c.id === 'pp.passive-auth.sod-signature')!.status).toBe('pass');
    expect(r.checks.find((c) => c.id === 'pp.passive-auth.dsc-chain')!.code).toBe('pp-csca-unknown');
    expect(r.dataVerified).toBe(false);
  });

  it('a file the SOD does not cover is reported as such', async () => {
    for (const n of notCovered) {
      const r = await checkSod(sod, new Map([...dgs, [n, all.get(n)!]]), createPassportTrustStore('production'), NOW);
      const c = r.checks.find((x) => x.id === 'pp.passive-auth.dg-hashes')!;
      expect(c.code).toBe('pp-dg-not-in-sod');
      expect(c.detail).toContain(`DG${n} is not covered`);
    }
  });

  it('a data group changed by one bit is caught and named', async () => {
    for (const n of covered) {
      const altered = new Map(dgs);
      const b = dgs.get(n)!.slice();
      b[b.length - 1] ^= 0x01;
      altered.set(n, b);
      const r = await checkSod(sod, altered, createPassportTrustStore('production'), NOW);
      const c = r.checks.find((x) => x.id === 'pp.passive-auth.dg-hashes')!;
      expect(c.code).toBe('pp-dg-hash-mismatch');
      expect(c.detail).toContain(`DG${n} does not match`);
    }
  });

  it('the data groups parse as the reference describes', () => {
    const mrz = parseDg1(all.get(1)!).mrz;
    expect(mrz.format).toBe('TD3');
    expect(mrz.name).toEqual({ primary: 'MUSTERMANN', secondary: 'ERIKA', possiblyTruncated: false });
    expect(mrz.issuingState).toBe('D');
    expect(mrz.documentNumber).toBe('C11T002JM');
    expect(mrz.birthDate).toBe('960812');
    expect(mrz.sex).toBe('F');
    const dg14 = parseDg14(all.get(14)!);
    expect(dg14.chipAuthenticationPublicKeys).toHaveLength(1);
    const ca = dg14.chipAuthenticationPublicKeys[0]!.publicKey;
    expect(ca.kind === 'ec' && ca.curve).toBe('brainpoolP224r1');
    expect(ca.kind === 'ec' && ca.explicitParameters).toBe(true);
    expect(dg14.chipAuthenticationInfos[0]).toMatchObject({ agreement: 'ECDH', cipher: '3DES-CBC-CBC', version: 1 });
    expect(dg14.terminalAuthenticationInfos).toHaveLength(1);
    const aa = parseDg15(all.get(15)!).publicKey;
    expect(aa.kind).toBe('rsa');
    expect(aa.kind === 'rsa' && aa.bits).toBe(1024);
    // The SOD covers DG1/2/3/4/14 (BSI) or DG1/2/3/4/14/15 (ETSI).
    expect([...parseSod(sod).securityObject.dataGroupHashes.keys()]).toContain(14);
  });
});
