import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simKey } from '../../src/sim/pki/sim-keys';
import { encodeName, simRootDn } from '../../src/sim/pki/sim-names';
import { crlTbsDer, mintCrl, signCrl, type CrlEntrySpec, type SimCrlReason } from '../../src/sim/revocation/mint-crl';
import { readCertificateFields } from '../../src/verify/revocation/certificate-fields';
import { walkCrl } from '../../src/verify/revocation/crl-der-walker';
import { buildCrlIndex, findRevoked, indexOfSerial, type CrlIndex } from '../../src/verify/revocation/crl-index';
import { ingestCrl } from '../../src/verify/revocation/crl-ingest';
import { RevocationError } from '../../src/verify/revocation/revocation-error';
import { openssl, prng, roots, TempDir, type Roots } from './fixtures';

const REASONS: readonly SimCrlReason[] = [
  'unspecified', 'keyCompromise', 'cACompromise', 'affiliationChanged', 'superseded',
  'cessationOfOperation', 'certificateHold', 'privilegeWithdrawn', 'aACompromise',
];
// OpenSSL's text for each reason (crypto/x509/v3_enum.c), written out here as the oracle's vocabulary.
const OPENSSL_REASON: Readonly<Record<string, SimCrlReason>> = {
  Unspecified: 'unspecified',
  'Key Compromise': 'keyCompromise',
  'CA Compromise': 'cACompromise',
  'Affiliation Changed': 'affiliationChanged',
  Superseded: 'superseded',
  'Cessation Of Operation': 'cessationOfOperation',
  'Certificate Hold': 'certificateHold',
  'Privilege Withdrawn': 'privilegeWithdrawn',
  'AA Compromise': 'aACompromise',
};
// RFC 5280 §5.3.1 numbering, written out independently of the code under test.
const REASON_NUMBER: Readonly<Record<SimCrlReason, number>> = {
  unspecified: 0, keyCompromise: 1, cACompromise: 2, affiliationChanged: 3, superseded: 4,
  cessationOfOperation: 5, certificateHold: 6, removeFromCRL: 8, privilegeWithdrawn: 9, aACompromise: 10,
};

let r: Roots;
const tmp = new TempDir();
beforeAll(async () => {
  r = await roots();
});
afterAll(() => tmp.remove());

const T0 = new Date('2026-11-01T00:00:00Z');
const T1 = new Date('2026-11-02T00:00:00Z');

/** Unique random serials of 1–20 octets (first octet non-zero), with reasons and dates. */
function syntheticEntries(count: number, seed: number): CrlEntrySpec[] {
  const rnd = prng(seed);
  const seen = new Set<string>();
  const out: CrlEntrySpec[] = [];
  while (out.length < count) {
    const len = 1 + (rnd() % 20);
    let hex = '';
    for (let i = 0; i < len; i++) {
      const b = i === 0 ? 1 + (rnd() % 255) : rnd() % 256;
      hex += b.toString(16).padStart(2, '0');
    }
    hex = hex.toUpperCase();
    if (seen.has(hex)) continue;
    seen.add(hex);
    const k = rnd() % 12;
    out.push({
      serialHex: hex,
      revokedAt: new Date(T0.getTime() - (rnd() % 1_000_000) * 1000),
      ...(k < REASONS.length ? { reason: REASONS[k]! } : {}),
    });
  }
  return out;
}

interface OracleEntry {
  serial: string;
  reason?: SimCrlReason;
}

/** Parse `openssl crl -text` output: every "Serial Number:" line and its optional reason. */
function opensslEntries(der: Uint8Array): { entries: OracleEntry[]; text: string } {
  const res = openssl('crl', '-inform', 'DER', '-in', tmp.file('crl.der', der), '-text', '-noout');
  expect(res.ok, res.err).toBe(true);
  const lines = res.out.split('\n');
  const entries: OracleEntry[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^\s+Serial Number: ([0-9A-F]+)\s*$/.exec(lines[i]!);
    if (m) {
      entries.push({ serial: m[1]! });
      continue;
    }
    if (/X509v3 CRL Reason Code:/.test(lines[i]!)) {
      const name = lines[i + 1]!.trim();
      entries[entries.length - 1]!.reason = OPENSSL_REASON[name];
    }
  }
  return { entries, text: res.out };
}

function indexSerials(index: CrlIndex): string[] {
  const out: string[] = [];
  for (let i = 0; i < index.count; i++) {
    const slot = index.serials.subarray(i * index.width, (i + 1) * index.width);
    out.push(Buffer.from(slot).toString('hex').toUpperCase().replace(/^(00)+/, ''));
  }
  return out;
}

const hexBytes = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h, 'hex'));
/** The INTEGER magnitude of a DER serial as OpenSSL prints it (sign octet dropped). */
const bySerialValue = (a: string, b: string): number => {
  const x = BigInt(`0x${a}`);
  const y = BigInt(`0x${b}`);
  return x < y ? -1 : x > y ? 1 : 0;
};

function expectRevocationError(f: () => unknown, code: string): RevocationError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(RevocationError);
    expect((e as RevocationError).code).toBe(code);
    return e as RevocationError;
  }
  throw new Error(`expected RevocationError ${code}`);
}

describe('CRL DER walker and index against OpenSSL', () => {
  it('reads a small CRL exactly as OpenSSL does (serials, reasons, times, top-bit serials)', async () => {
    const entries: CrlEntrySpec[] = [
      { serialHex: '01', revokedAt: new Date('2026-10-01T01:02:03Z'), reason: 'affiliationChanged' },
      { serialHex: '80', revokedAt: new Date('2026-10-02T00:00:00Z') }, // needs a 00 sign octet
      { serialHex: 'FF00FF00FF00FF00FF00FF00FF00FF00FF00FF00', revokedAt: new Date('2026-10-03T00:00:00Z'), reason: 'keyCompromise' },
      { serialHex: '7F', revokedAt: new Date('2055-01-01T00:00:00Z'), reason: 'certificateHold' }, // GeneralizedTime
    ];
    const der = await mintCrl({ issuer: r.sign, signerKey: r.sign.key, thisUpdate: T0, nextUpdate: T1, entries, crlNumber: 42 });
    const oracle = opensslEntries(der);
    expect(oracle.entries.map((e) => e.serial).sort()).toEqual(['01', '7F', '80', 'FF00FF00FF00FF00FF00FF00FF00FF00FF00FF00']);
    expect(oracle.text).toContain('Last Update: Nov  1 00:00:00 2026 GMT');
    expect(oracle.text).toContain('Next Update: Nov  2 00:00:00 2026 GMT');

    const walked = walkCrl(der);
    expect(walked.version).toBe(2);
    expect(walked.thisUpdate).toBe(T0.getTime());
    expect(walked.nextUpdate).toBe(T1.getTime());
    expect(Buffer.from(walked.crlNumber!).toString('hex')).toBe('2a');
    expect(Buffer.from(walked.issuerName)).toEqual(Buffer.from(encodeName(simRootDn('sign'))));
    const index = buildCrlIndex(walked);
    expect(index.width).toBe(20);
    expect(indexSerials(index)).toEqual(oracle.entries.map((e) => e.serial).sort(bySerialValue));
    for (const e of oracle.entries) {
      const hit = findRevoked(index, hexBytes(e.serial));
      expect(hit, e.serial).toBeDefined();
      expect(hit!.reason).toBe(e.reason === undefined ? undefined : REASON_NUMBER[e.reason]);
    }
    expect(findRevoked(index, hexBytes('7F'))!.revokedAt).toBe(Date.parse('2055-01-01T00:00:00Z'));
    // A DER-style serial with its 00 sign octet finds the same entry.
    expect(findRevoked(index, hexBytes('0080'))).toBeDefined();
    expect(findRevoked(index, hexBytes('02'))).toBeUndefined();
    expect(findRevoked(index, hexBytes('81'))).toBeUndefined();

    // And the signature verifies with the issuer's certificate — OpenSSL agrees.
    const ok = await ingestCrl(der, readCertificateFields(r.sign.certificate));
    expect(ok.ok).toBe(true);
    const v = openssl('crl', '-inform', 'DER', '-in', tmp.file('s.der', der), '-CAfile', tmp.pem(r.sign.certificate), '-noout');
    expect(`${v.out}${v.err}`).toMatch(/verify OK/);
  });

  it('extracts 100,000 entries equal to the generator and OpenSSL (timings: npm run bench)', async () => {
    const entries = syntheticEntries(100_000, 0x5eed);
    const der = await mintCrl({ issuer: r.sign, signerKey: r.sign.key, thisUpdate: T0, nextUpdate: T1, entries });
    const index = buildCrlIndex(walkCrl(der));
    const ingested = await ingestCrl(der, readCertificateFields(r.sign.certificate));
    expect(ingested.ok).toBe(true);

    const truth = entries.map((e) => e.serialHex).sort(bySerialValue);
    expect(index.count).toBe(100_000);
    expect(indexSerials(index)).toEqual(truth);

    const oracle = opensslEntries(der);
    expect(oracle.entries.length).toBe(100_000);
    expect(oracle.entries.map((e) => e.serial).sort(bySerialValue)).toEqual(truth);

    // Reasons and dates per entry, from the generator and from OpenSSL (collected, asserted once).
    const oracleReason = new Map(oracle.entries.map((e) => [e.serial, e.reason]));
    const wrong: string[] = [];
    for (const e of entries) {
      const hit = findRevoked(index, hexBytes(e.serialHex));
      const reason = e.reason === undefined ? undefined : REASON_NUMBER[e.reason];
      if (!hit || hit.revokedAt !== Math.floor(e.revokedAt.getTime() / 1000) * 1000 || hit.reason !== reason) wrong.push(e.serialHex);
      if (oracleReason.get(e.serialHex) !== e.reason) wrong.push(`openssl:${e.serialHex}`);
    }
    expect(wrong).toEqual([]);

    // Lookups: every hit plus the same number of misses.
    const rnd = prng(7);
    const misses: Uint8Array[] = [];
    const known = new Set(truth);
    while (misses.length < 100_000) {
      const b = new Uint8Array(1 + (rnd() % 20));
      for (let i = 0; i < b.length; i++) b[i] = rnd() & 0xff;
      b[0] = b[0]! | 1;
      if (!known.has(Buffer.from(b).toString('hex').toUpperCase())) misses.push(b);
    }
    const hits = entries.map((e) => hexBytes(e.serialHex));
    let found = 0;
    for (const s of hits) if (indexOfSerial(index, s) >= 0) found++;
    for (const s of misses) if (indexOfSerial(index, s) >= 0) found++;
    expect(found).toBe(100_000);
  });

  it('handles a CRL with no revoked entries and none without nextUpdate', async () => {
    const der = await mintCrl({ issuer: r.sign, signerKey: r.sign.key, thisUpdate: T0, nextUpdate: null, entries: [] });
    expect(opensslEntries(der).entries).toEqual([]);
    const walked = walkCrl(der);
    expect(walked.nextUpdate).toBeUndefined();
    const index = buildCrlIndex(walked);
    expect(index.count).toBe(0);
    expect(findRevoked(index, hexBytes('01'))).toBeUndefined();
  });
});

describe('CRL signature and issuer checks', () => {
  it('accepts SHA-384 and SHA-512 signatures', async () => {
    for (const hash of ['SHA-384', 'SHA-512'] as const) {
      const der = await mintCrl({ issuer: r.sign, signerKey: r.sign.key, thisUpdate: T0, nextUpdate: T1, entries: [], hash });
      expect((await ingestCrl(der, readCertificateFields(r.sign.certificate))).ok, hash).toBe(true);
    }
  });

  it('rejects a flipped signature bit, a rogue signer, an untrusted root with the same DN, and another issuer', async () => {
    const issuer = readCertificateFields(r.sign.certificate);
    const good = await mintCrl({ issuer: r.sign, signerKey: r.sign.key, thisUpdate: T0, nextUpdate: T1, entries: [] });
    const flipped = good.slice();
    flipped[flipped.length - 5]! ^= 0x10;
    const rogue = await mintCrl({ issuer: r.sign, signerKey: simKey('crl-signer-rogue'), thisUpdate: T0, nextUpdate: T1, entries: [] });
    const untrusted = await mintCrl({ issuer: r.signUntrusted, signerKey: r.signUntrusted.key, thisUpdate: T0, nextUpdate: T1, entries: [] });
    const gen2 = await mintCrl({ issuer: r.signGen2, signerKey: r.signGen2.key, thisUpdate: T0, nextUpdate: T1, entries: [] });
    const auth = await mintCrl({ issuer: r.auth, signerKey: r.auth.key, thisUpdate: T0, nextUpdate: T1, entries: [] });
    for (const [name, der] of Object.entries({ flipped, rogue, untrusted, gen2 })) {
      const res = await ingestCrl(der, issuer);
      expect(res, name).toMatchObject({ ok: false, code: 'revocation-crl-signature-invalid' });
    }
    const wrongName = await ingestCrl(auth, issuer);
    expect(wrongName).toMatchObject({ ok: false, code: 'revocation-crl-signature-invalid' });
    expect(wrongName.ok ? '' : wrongName.detail).toMatch(/issuer Name/);
    // OpenSSL agrees the rogue CRL does not verify against the real root.
    const v = openssl('crl', '-inform', 'DER', '-in', tmp.file('rogue.der', rogue), '-CAfile', tmp.pem(r.sign.certificate), '-noout');
    expect(`${v.out}${v.err}`).toMatch(/verify failure/);
  });
});

describe('malformed CRLs are refused with typed errors', () => {
  let good: Uint8Array;
  beforeAll(async () => {
    good = await mintCrl({
      issuer: r.sign,
      signerKey: r.sign.key,
      thisUpdate: T0,
      nextUpdate: T1,
      entries: syntheticEntries(300, 3),
    });
    expect(good[0]).toBe(0x30);
    expect(good[1]).toBe(0x82); // two length octets: the cases below rewrite this header
  });
  const bodyOf = (der: Uint8Array): Uint8Array => der.subarray(4);

  it('truncated', () => {
    for (const cut of [1, 10, good.length >> 1, good.length - 1]) {
      const e = expectRevocationError(() => walkCrl(good.subarray(0, cut)), 'crl-malformed');
      expect(e.offset).toBeTypeOf('number');
    }
  });

  it('indefinite length (BER)', () => {
    const ber = Buffer.concat([Buffer.from([0x30, 0x80]), bodyOf(good), Buffer.from([0, 0])]);
    expect(expectRevocationError(() => walkCrl(ber), 'crl-malformed').message).toMatch(/indefinite/);
  });

  it('oversized and non-minimal lengths', () => {
    const body = bodyOf(good);
    const claimMore = Buffer.concat([Buffer.from([0x30, 0x82, (body.length + 1) >> 8, (body.length + 1) & 0xff]), body]);
    expect(expectRevocationError(() => walkCrl(claimMore), 'crl-malformed').message).toMatch(/exceeds/);
    const fiveOctets = Buffer.concat([Buffer.from([0x30, 0x85, 0, 0, 0, body.length >> 8, body.length & 0xff]), body]);
    expect(expectRevocationError(() => walkCrl(fiveOctets), 'crl-malformed').message).toMatch(/oversized/);
    const leadingZero = Buffer.concat([Buffer.from([0x30, 0x83, 0, body.length >> 8, body.length & 0xff]), body]);
    expect(expectRevocationError(() => walkCrl(leadingZero), 'crl-malformed').message).toMatch(/not minimal/);
    const huge = Buffer.concat([Buffer.from([0x30, 0x84, 0xff, 0xff, 0xff, 0xff]), body]);
    expectRevocationError(() => walkCrl(huge), 'crl-malformed');
    const longFormSmall = Uint8Array.of(0x30, 0x81, 0x05, 0x30, 0x03, 0x02, 0x01, 0x01);
    expect(expectRevocationError(() => walkCrl(longFormSmall), 'crl-malformed').message).toMatch(/not minimal/);
  });

  it('trailing bytes', () => {
    expectRevocationError(() => walkCrl(Buffer.concat([good, Buffer.from([0])])), 'crl-malformed');
  });

  it('a negative serial, duplicates, too many entries', async () => {
    const tbs = crlTbsDer({ issuer: r.sign, signerKey: r.sign.key, thisUpdate: T0, nextUpdate: T1, entries: [{ serialHex: '7E', revokedAt: T0 }] });
    const at = Buffer.from(tbs).indexOf(Buffer.from([0x02, 0x01, 0x7e]));
    const neg = tbs.slice();
    neg[at + 2] = 0x9e; // now a negative INTEGER
    const negCrl = await signCrl(neg, r.sign.key);
    expect(expectRevocationError(() => walkCrl(negCrl), 'crl-malformed').message).toMatch(/negative/);

    const dup = await mintCrl({
      issuer: r.sign,
      signerKey: r.sign.key,
      thisUpdate: T0,
      nextUpdate: T1,
      entries: [{ serialHex: '0A0B', revokedAt: T0 }, { serialHex: '05', revokedAt: T0 }, { serialHex: '0A0B', revokedAt: T1 }],
    });
    expectRevocationError(() => buildCrlIndex(walkCrl(dup)), 'crl-malformed');
    expect(await ingestCrl(dup, readCertificateFields(r.sign.certificate))).toMatchObject({ ok: false, code: 'revocation-crl-malformed' });

    expectRevocationError(() => walkCrl(good, { maxEntries: 299 }), 'crl-too-large');
    expect(walkCrl(good, { maxEntries: 300 }).entries.count).toBe(300);
  });

  it('extensions it must not ignore: unknown critical, delta CRL, removeFromCRL, indirect entries', async () => {
    const base = { issuer: r.sign, signerKey: r.sign.key, thisUpdate: T0, nextUpdate: T1 } as const;
    const unknownCritical = await mintCrl({ ...base, entries: [], extraExtensions: [{ oid: '1.2.3.4', critical: true, value: Uint8Array.of(5, 0) }] });
    expectRevocationError(() => walkCrl(unknownCritical), 'crl-unsupported');
    const unknownPlain = await mintCrl({ ...base, entries: [], extraExtensions: [{ oid: '1.2.3.4', critical: false, value: Uint8Array.of(5, 0) }] });
    expect(walkCrl(unknownPlain).entries.count).toBe(0);
    const delta = await mintCrl({ ...base, entries: [], extraExtensions: [{ oid: '2.5.29.27', critical: true, value: Uint8Array.of(2, 1, 7) }] });
    expectRevocationError(() => walkCrl(delta), 'crl-unsupported');
    const remove = await mintCrl({ ...base, entries: [{ serialHex: '01', revokedAt: T0, reason: 'removeFromCRL' }] });
    expectRevocationError(() => walkCrl(remove), 'crl-unsupported');
    const entryCritical = await mintCrl({
      ...base,
      entries: [{ serialHex: '01', revokedAt: T0, extensions: [{ oid: '1.2.3.5', critical: true, value: Uint8Array.of(5, 0) }] }],
    });
    expectRevocationError(() => walkCrl(entryCritical), 'crl-unsupported');
    const indirect = await mintCrl({
      ...base,
      entries: [{ serialHex: '01', revokedAt: T0, extensions: [{ oid: '2.5.29.29', critical: true, value: Uint8Array.of(0x30, 0) }] }],
    });
    expectRevocationError(() => walkCrl(indirect), 'crl-unsupported');
    // And ingestCrl turns all of them into the catalogue's malformed code.
    const res = await ingestCrl(delta, readCertificateFields(r.sign.certificate));
    expect(res).toMatchObject({ ok: false, code: 'revocation-crl-malformed' });
  });

  it('never throws anything but RevocationError on random corruption', () => {
    const rnd = prng(99);
    for (let i = 0; i < 2000; i++) {
      const bad = good.slice();
      const flips = 1 + (rnd() % 4);
      for (let k = 0; k < flips; k++) bad[rnd() % bad.length] = rnd() & 0xff;
      try {
        buildCrlIndex(walkCrl(bad));
      } catch (e) {
        expect(e).toBeInstanceOf(RevocationError);
      }
    }
  });
});
