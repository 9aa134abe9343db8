import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crlTbsDer, mintCrl, signCrl, type CrlEntrySpec, type SimCrlReason } from '../../src/sim/revocation/mint-crl';
import { readCertificateFields } from '../../src/verify/revocation/certificate-fields';
import { CrlStreamWalker, walkCrl, walkCrlStream } from '../../src/verify/revocation/crl-der-walker';
import { buildCrlIndex, crlIndexBytes, findRevoked, type CrlIndex } from '../../src/verify/revocation/crl-index';
import { ingestCrl, ingestCrlStream } from '../../src/verify/revocation/crl-ingest';
import { RevocationError } from '../../src/verify/revocation/revocation-error';
import { openssl, prng, roots, TempDir, type Roots } from './fixtures';

const T0 = new Date('2026-11-01T00:00:00Z');
const T1 = new Date('2026-11-02T00:00:00Z');
const REASONS: readonly SimCrlReason[] = ['affiliationChanged', 'keyCompromise', 'superseded', 'cessationOfOperation'];

let r: Roots;
const tmp = new TempDir();
beforeAll(async () => {
  r = await roots();
});
afterAll(() => tmp.remove());

/** Unique serials of exactly `width` octets (or 1–20 when width is 0). */
function entries(count: number, seed: number, width = 0): CrlEntrySpec[] {
  const rnd = prng(seed);
  const seen = new Set<string>();
  const out: CrlEntrySpec[] = [];
  while (out.length < count) {
    const len = width || 1 + (rnd() % 20);
    let hex = '';
    for (let i = 0; i < len; i++) hex += (i === 0 ? 1 + (rnd() % 127) : rnd() % 256).toString(16).padStart(2, '0');
    hex = hex.toUpperCase();
    if (seen.has(hex)) continue;
    seen.add(hex);
    const k = rnd() % 6;
    out.push({ serialHex: hex, revokedAt: new Date(T0.getTime() - (rnd() % 900_000) * 1000), ...(k < REASONS.length ? { reason: REASONS[k]! } : {}) });
  }
  return out;
}

function* chunksOf(der: Uint8Array, sizes: () => number): Generator<Uint8Array> {
  for (let p = 0; p < der.length; ) {
    const n = Math.max(1, sizes());
    // Fresh copies, as a network stream would hand them over.
    yield der.slice(p, p + n);
    p += n;
  }
}

const sameIndex = (a: CrlIndex, b: CrlIndex) => {
  expect(a.count).toBe(b.count);
  expect(a.width).toBe(b.width);
  expect(Buffer.from(a.serials).equals(Buffer.from(b.serials))).toBe(true);
  expect(Buffer.from(a.reasons).equals(Buffer.from(b.reasons))).toBe(true);
  expect(Array.from(a.revokedAt)).toEqual(Array.from(b.revokedAt));
};

function streamError(der: Uint8Array, size: number): RevocationError {
  const w = new CrlStreamWalker();
  try {
    for (const c of chunksOf(der, () => size)) w.push(c);
    w.finish();
  } catch (e) {
    expect(e).toBeInstanceOf(RevocationError);
    return e as RevocationError;
  }
  throw new Error('expected a RevocationError');
}

describe('streaming CRL walker', () => {
  let der: Uint8Array;
  let truth: CrlEntrySpec[];
  beforeAll(async () => {
    truth = entries(4000, 11);
    der = await mintCrl({ issuer: r.sign, signerKey: r.sign.key, thisUpdate: T0, nextUpdate: T1, entries: truth, crlNumber: 7 });
  });

  it('gives the same verified index for any chunking, down to single bytes', async () => {
    const issuer = readCertificateFields(r.sign.certificate);
    const whole = await ingestCrl(der, issuer);
    expect(whole.ok).toBe(true);
    if (!whole.ok) return;
    const rnd = prng(5);
    for (const sizes of [() => 1, () => 7, () => 4096, () => 1 + (rnd() % 3000)]) {
      const res = await ingestCrlStream(chunksOf(der, sizes), issuer);
      expect(res.ok, JSON.stringify(res)).toBe(true);
      if (res.ok) sameIndex(res.index, whole.index);
    }
    // …and every entry is found with the generator's reason and date.
    const wrong = truth.filter((e) => {
      const hit = findRevoked(whole.index, Buffer.from(e.serialHex, 'hex'));
      return !hit || hit.revokedAt !== e.revokedAt.getTime() || (hit.reason === undefined) !== (e.reason === undefined);
    });
    expect(wrong).toEqual([]);
    expect(whole.index.crlNumberHex).toBe('07');
  });

  it('reads an async byte stream (a Response body) the way walkCrl reads the buffer', async () => {
    async function* body(): AsyncGenerator<Uint8Array> {
      const reader = new Response(der.slice()).body!.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        yield value;
      }
    }
    const streamed = await walkCrlStream(body());
    const whole = walkCrl(der);
    expect(streamed.entries.count).toBe(4000);
    expect(Buffer.from(streamed.tbsDigest!).equals(Buffer.from(whole.tbsDigest!))).toBe(true);
    sameIndex(buildCrlIndex(streamed), buildCrlIndex(whole));
  });

  it('hashes exactly tbsCertList: the digest equals OpenSSL’s SHA-256 of those bytes', () => {
    const tbsLen = walkCrl(der).tbsLength;
    // tbsCertList starts after the outer header (30 83 xx xx xx for this size).
    const outerHeader = der[1]! & 0x80 ? 2 + (der[1]! & 0x7f) : 2;
    const tbs = der.subarray(outerHeader, outerHeader + tbsLen);
    const res = openssl('dgst', '-sha256', '-r', tmp.file('tbs.der', tbs));
    expect(res.ok, res.err).toBe(true);
    expect(Buffer.from(walkCrl(der).tbsDigest!).toString('hex')).toBe(res.out.split(' ')[0]);
  });

  it('verifies SHA-384 and SHA-512 signatures while streaming; a changed entry breaks the signature', async () => {
    const issuer = readCertificateFields(r.sign.certificate);
    for (const hash of ['SHA-384', 'SHA-512'] as const) {
      const d = await mintCrl({ issuer: r.sign, signerKey: r.sign.key, thisUpdate: T0, nextUpdate: T1, entries: truth.slice(0, 50), hash });
      expect((await ingestCrlStream(chunksOf(d, () => 33), issuer)).ok, hash).toBe(true);
    }
    const changed = der.slice();
    const at = Buffer.from(changed).indexOf(Buffer.from(truth[1234]!.serialHex, 'hex'));
    expect(at).toBeGreaterThan(0);
    changed[at + 1]! ^= 0x01; // still a valid entry, another serial
    const res = await ingestCrlStream(chunksOf(changed, () => 999), issuer);
    expect(res).toMatchObject({ ok: false, code: 'revocation-crl-signature-invalid' });
    const v = openssl('crl', '-inform', 'DER', '-in', tmp.file('changed.der', changed), '-CAfile', tmp.pem(r.sign.certificate), '-noout');
    expect(`${v.out}${v.err}`).toMatch(/verify failure/);
  });

  it('names the stream offset of a bad entry, whatever the chunking', async () => {
    const tbs = crlTbsDer({ issuer: r.sign, signerKey: r.sign.key, thisUpdate: T0, nextUpdate: T1, entries: [...truth.slice(0, 3000), { serialHex: '7E7E7E', revokedAt: T0 }, ...truth.slice(3000)] });
    const at = Buffer.from(tbs).indexOf(Buffer.from([0x02, 0x03, 0x7e, 0x7e, 0x7e]));
    const bad = tbs.slice();
    bad[at + 2] = 0xfe; // a negative serial
    const crl = await signCrl(bad, r.sign.key);
    const whole = (() => {
      try {
        walkCrl(crl);
      } catch (e) {
        return e as RevocationError;
      }
      throw new Error('expected an error');
    })();
    expect(whole.code).toBe('crl-malformed');
    expect(whole.message).toMatch(/negative/);
    const serialOffset = Buffer.from(crl).indexOf(Buffer.from([0x02, 0x03, 0xfe, 0x7e, 0x7e]));
    expect(whole.offset).toBe(serialOffset);
    for (const size of [1, 5, 1000, 65536]) {
      const e = streamError(crl, size);
      expect(e.code).toBe('crl-malformed');
      expect(e.offset, `chunk size ${size}`).toBe(serialOffset);
    }
  });

  it('refuses truncation at any point, trailing bytes, oversized fields and too many entries', () => {
    for (const cut of [1, 3, 200, der.length >> 1, der.length - 1]) {
      const e = streamError(der.subarray(0, cut), 97);
      expect(e.code).toBe('crl-malformed');
      expect(e.offset).toBeLessThanOrEqual(cut);
    }
    expect(streamError(Buffer.concat([der, Buffer.from([0x30, 0x00])]), 512).message).toMatch(/trailing/);
    const w = new CrlStreamWalker({ maxFieldBytes: 16 });
    expect(() => w.push(der)).toThrow(RevocationError);
    const tooMany = new CrlStreamWalker({ maxEntries: 3999 });
    try {
      for (const c of chunksOf(der, () => 4096)) tooMany.push(c);
      tooMany.finish();
      throw new Error('expected crl-too-large');
    } catch (e) {
      expect((e as RevocationError).code).toBe('crl-too-large');
    }
    const big = new CrlStreamWalker({ maxBytes: 1000 });
    expect(() => big.push(der.subarray(0, 10))).toThrow(/exceeds 1000/);
  });

  it('passes a broken download through as the stream’s own error, not as a malformed CRL', async () => {
    class Interrupted extends Error {}
    async function* broken(): AsyncGenerator<Uint8Array> {
      yield der.slice(0, 5000);
      throw new Interrupted('connection reset');
    }
    await expect(ingestCrlStream(broken(), readCertificateFields(r.sign.certificate))).rejects.toBeInstanceOf(Interrupted);
  });

  it('refuses a revocation date the Uint32 seconds column cannot hold', async () => {
    const late = await mintCrl({ issuer: r.sign, signerKey: r.sign.key, thisUpdate: T0, nextUpdate: T1, entries: [{ serialHex: '01', revokedAt: new Date('2107-01-01T00:00:00Z') }] });
    expect(() => walkCrl(late)).toThrow(expect.objectContaining({ code: 'crl-unsupported' }));
    const ok = await mintCrl({ issuer: r.sign, signerKey: r.sign.key, thisUpdate: T0, nextUpdate: T1, entries: [{ serialHex: '01', revokedAt: new Date('2106-02-07T06:28:15Z') }] });
    expect(findRevoked(buildCrlIndex(walkCrl(ok)), Uint8Array.of(1))!.revokedAt).toBe(Date.parse('2106-02-07T06:28:15Z'));
  });

  it('index bytes per entry: width + 5 (13 for 8-byte serials, 21 for 16-byte serials)', async () => {
    for (const width of [8, 16]) {
      const d = await mintCrl({ issuer: r.sign, signerKey: r.sign.key, thisUpdate: T0, nextUpdate: T1, entries: entries(1000, width, width) });
      const index = buildCrlIndex(walkCrl(d));
      expect(index.width).toBe(width);
      expect(crlIndexBytes(index) / index.count).toBe(width + 5);
    }
  });
});
