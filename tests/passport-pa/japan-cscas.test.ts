/**
 * Japan's shipped passport CSCAs: fingerprints pinned (a changed data file must fail here), the
 * same bytes as the shared trust folder, exactly the JP entries of the German master list, and a
 * superset of the JP entries of the Dutch 2026 list. Links chain to the earlier roots.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256 } from '@noble/hashes/sha2.js';
import { toHex } from '../../src/bytes/hex';
import { parseSignedData } from '../../src/cards/passport/lds';
import { parsePassportCertificate } from '../../src/verify/passport/certificate';
import { certificateIndexEntry } from '../../src/verify/passport/name-key';
import { verifySignature } from '../../src/verify/passport/crypto/signature';
import { japanCscaAnchors } from '../../src/verify/passport/trust/japan-cscas';
import { parseCscaMasterList } from '../../src/verify/passport/trust/master-list';
import { createPassportTrustStore } from '../../src/verify/passport/trust/passport-trust';
import { derObjects } from '../../src/verify/passport/trust/pem-blocks';
import { file, JP_TRUST, ML_FILES } from './helpers';

/** From /work/shared/trust/passport and testdata README (sha256 of original bytes). */
const PINNED = [
  '764b5259b64dc7d34d7695080f8d9d523acdb45e8436d32e3019033955066b4c', // serial 118, 2013 root
  '5434b41ed095630d193572ff0fe821a1382fbc35051fd696ae66a00738145d8b', // serial 146, 2015 root
  '4bfdbf58e3a6322bf6c47eb299836c93b9a648704c7853dc10acee165b9d1855', // serial 147, link
  'a7e54d10482488d6dcf8dbda88ed345d1fb04a35a8d486042e31d463b4e597f4', // serial 148, link
  '493260e5d98322b0cf61eabcaf5fe34e182a9b82f862f8555e431a8268f984f1', // serial 227, 2019 root
  '5284a0357d622d92142a12acc4fb3d2c4df2d22003d559f6d22b29f1c1b3d0ab', // serial 229, link
  'fafc46eb6f3c31767f70a65295cf8c6073ba2a46ce7ee60538342a0ed53007be', // serial 324, 2024 root
  '517722e5866363fcdda01ec864305fdc8eec4111757ce641a9ca2be27052120f', // serial 326, link
];

const fp = (der: Uint8Array) => toHex(sha256(der)).toLowerCase();

function jpEntries(mlRel: string): string[] {
  const sd = parseSignedData(derObjects(file(mlRel))[0]!);
  return parseCscaMasterList(sd.eContent)
    .filter((der) => {
      try {
        return certificateIndexEntry(der).country === 'JP';
      } catch {
        return false;
      }
    })
    .map(fp)
    .sort();
}

describe("Japan's shipped CSCAs", () => {
  const shipped = japanCscaAnchors();

  it('are the 8 pinned certificates, each with provenance, country JP, hierarchy production', () => {
    expect(shipped.map((a) => a.sha256).sort()).toEqual([...PINNED].sort());
    for (const a of shipped) {
      expect(a.country).toBe('JP');
      expect(a.hierarchy).toBe('production');
      expect(a.provenance).toMatch(/German BSI CSCA master list of 2026-05-28/);
      expect(fp(a.der)).toBe(a.sha256);
      const cert = parsePassportCertificate(a.der);
      expect(cert.subject.display).toContain('e-passportCSCA');
      expect(cert.basicConstraints?.ca).toBe(true);
    }
  });

  it('are byte for byte the files of the shared trust folder', () => {
    const files = readdirSync(JP_TRUST).filter((f) => /^JPN_CSCA_serial\d+_/.test(f));
    expect(files).toHaveLength(8);
    const fromFolder = files.map((f) => fp(derObjects(new Uint8Array(readFileSync(join(JP_TRUST, f))))[0]!)).sort();
    expect(fromFolder).toEqual(shipped.map((a) => a.sha256).sort());
  });

  it('equal the JP entries of the German master list (2026-05-28)', () => {
    expect(jpEntries(ML_FILES.DE.ml)).toEqual([...PINNED].sort());
  });

  it('include every JP entry of the Dutch master list (2026-07-22)', () => {
    const nl = jpEntries(ML_FILES.NL2026.ml);
    expect(nl.length).toBe(4);
    for (const f of nl) expect(PINNED).toContain(f);
  });

  it('link certificates are signed by the previous root key; roots are self-signed', async () => {
    const certs = shipped.map((a) => parsePassportCertificate(a.der));
    const bySerial = new Map(certs.map((c) => [parseInt(c.serialHex, 16), c]));
    const signedBy = async (child: number, parent: number) => {
      const c = bySerial.get(child)!;
      return (await verifySignature(c.signatureAlgorithm, bySerial.get(parent)!.publicKey, c.tbs, c.signature)).valid;
    };
    for (const root of [118, 146, 227, 324]) expect(await signedBy(root, root), `root ${root}`).toBe(true);
    // Each link carries one root's key under another root's signature (found by trying every pair):
    // 147 = the 2013 key signed by the 2015 key, 148 = the 2015 key signed by the 2013 key,
    // 229 = the 2019 key signed by the 2015 key, 326 = the 2024 key signed by the 2019 key.
    const sameKey = (a: number, b: number) => toHex(bySerial.get(a)!.publicKey.spki) === toHex(bySerial.get(b)!.publicKey.spki);
    expect([sameKey(147, 118), sameKey(148, 146), sameKey(229, 227), sameKey(326, 324)]).toEqual([true, true, true, true]);
    expect(await signedBy(147, 146)).toBe(true);
    expect(await signedBy(148, 118)).toBe(true);
    expect(await signedBy(229, 146)).toBe(true);
    expect(await signedBy(326, 227)).toBe(true);
    expect(await signedBy(326, 146)).toBe(false);
  });

  it('are in production trust only, never in simulator or jpki-test mode', () => {
    expect(createPassportTrustStore('production').cscas.filter((a) => a.country === 'JP')).toHaveLength(8);
    expect(createPassportTrustStore('simulator').cscas).toHaveLength(0);
    expect(createPassportTrustStore('jpki-test').cscas).toHaveLength(0);
  });
});
