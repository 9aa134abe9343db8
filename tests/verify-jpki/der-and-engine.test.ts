import { beforeAll, describe, expect, it } from 'vitest';
import { EXT_OID } from '../../src/sim/pki/jpki-extensions';
import { mintJpkiRootCertificate } from '../../src/sim/pki/jpki-certificates';
import type { SimRoot } from '../../src/sim/pki/sim-hierarchy';
import { simKey } from '../../src/sim/pki/sim-keys';
import { contentBytes, decodeOid, readExact, readTlv, type Tlv } from '../../src/verify/der/der-reader';
import { readTime } from '../../src/verify/der/der-time';
import { jpkiMalformed } from '../../src/verify/jpki/jpki-errors';
import { parseJpkiCertificate } from '../../src/verify/jpki/jpki-certificate';
import { runPkijsChainEngine } from '../../src/verify/jpki/jpki-pkijs-engine';
import { LEAF_NOT_AFTER, LEAF_NOT_BEFORE, NOW, realJlisRoots, root, signLeaf } from './helpers';

const bytes = (h: string): Uint8Array => new Uint8Array(Buffer.from(h.replace(/\s/g, ''), 'hex'));
const throwsCode = (f: () => unknown, code = 'jpki-malformed') => expect(f).toThrow(expect.objectContaining({ code }));
// The verifier's one DER reader (src/verify/der) with the JPKI failure.
const readDer = (b: Uint8Array): Tlv & { buf: Uint8Array } => ({ ...readTlv(b, 0, b.length, 'element', jpkiMalformed), buf: b });
const readDerExact = (b: Uint8Array): Tlv & { buf: Uint8Array } => ({ ...readExact(b, undefined, 'element', jpkiMalformed), buf: b });
const valueOf = (d: Tlv & { buf: Uint8Array }): Uint8Array => contentBytes(d.buf, d);
const oidOf = (d: Tlv & { buf: Uint8Array }): string => decodeOid(d.buf, d, jpkiMalformed);
const timeOf = (d: Tlv & { buf: Uint8Array }): Date => new Date(readTime(d.buf, d, 'time', jpkiMalformed));

describe('strict DER reader', () => {
  it('reads short and long lengths', () => {
    expect(valueOf(readDer(bytes('04 02 AA BB'))).length).toBe(2);
    const long = bytes('04 81 80' + '00'.repeat(128));
    expect(valueOf(readDerExact(long)).length).toBe(128);
  });

  it('rejects non-minimal and indefinite lengths, overruns, trailing bytes and high tags', () => {
    throwsCode(() => readDer(bytes('04 81 05 0102030405'))); // 0x81 for a length < 128
    throwsCode(() => readDer(bytes('04 82 00 90' + '00'.repeat(0x90)))); // leading zero length octet
    throwsCode(() => readDer(bytes('30 80 00 00'))); // indefinite
    throwsCode(() => readDer(bytes('04 05 01 02'))); // overrun
    throwsCode(() => readDerExact(bytes('05 00 00'))); // trailing byte
    throwsCode(() => readDer(bytes('1F 81 01 00'))); // high tag number
  });

  it('decodes OIDs and rejects non-minimal sub-identifiers', () => {
    expect(oidOf(readDer(bytes('06 09 2A 86 48 86 F7 0D 01 01 0B')))).toBe('1.2.840.113549.1.1.11');
    expect(oidOf(readDer(bytes('06 03 55 1D 20')))).toBe('2.5.29.32');
    throwsCode(() => oidOf(readDer(bytes('06 03 2A 80 01'))));
    throwsCode(() => oidOf(readDer(bytes('06 02 2A 86')))); // ends mid sub-identifier
  });

  it('decodes RFC 5280 times and rejects impossible dates and local times', () => {
    const utc = (s: string) => readDer(new Uint8Array([0x17, s.length, ...Buffer.from(s)]));
    const gen = (s: string) => readDer(new Uint8Array([0x18, s.length, ...Buffer.from(s)]));
    expect(timeOf(utc('491231235959Z')).toISOString()).toBe('2049-12-31T23:59:59.000Z');
    expect(timeOf(utc('500101000000Z')).toISOString()).toBe('1950-01-01T00:00:00.000Z');
    expect(timeOf(gen('20500101000000Z')).toISOString()).toBe('2050-01-01T00:00:00.000Z');
    throwsCode(() => timeOf(utc('250230000000Z')));
    throwsCode(() => timeOf(utc('2501010000Z')));
    throwsCode(() => timeOf(utc('250101000000+0900')));
  });
});

describe('parseJpkiCertificate on the real J-LIS roots (spec §6.2, §6.3)', () => {
  it('reads serial, validity, SKI, CA flag and key usage', () => {
    const roots = realJlisRoots();
    const s15 = parseJpkiCertificate(roots.get('sign_ca_2015')!);
    expect(s15.serialHex).toBe('01');
    expect(s15.notAfter.toISOString()).toBe('2025-10-19T14:59:59.000Z');
    expect(s15.subjectKeyIdHex?.startsWith('0D034CBB')).toBe(true);
    expect(s15.basicConstraints).toMatchObject({ ca: true, critical: true });
    expect(s15.keyUsage).toEqual({ critical: true, usages: ['keyCertSign', 'cRLSign'] });
    expect(s15.subject).toBe('C=JP, O=JPKI, OU=JPKI for digital signature, OU=Japan Agency for Local Authority Information Systems');
    const a23 = parseJpkiCertificate(roots.get('auth_ca_2023')!);
    expect(a23.serialHex).toBe('06D18006');
    expect(a23.subjectKeyIdHex?.startsWith('1AC100F5')).toBe(true);
    expect(a23.notBefore.toISOString()).toBe('2023-07-16T01:01:04.000Z');
  });
});

describe('pkijs engine as second opinion (reason mapping)', () => {
  let signGen1: SimRoot;
  beforeAll(async () => {
    signGen1 = await root('sign', 'gen1');
  });

  it('passes a good path', async () => {
    const leaf = parseJpkiCertificate(await signLeaf());
    expect(await runPkijsChainEngine(leaf, parseJpkiCertificate(signGen1.certificate), NOW)).toEqual({ ok: true });
  });

  it('maps dates to jpki-expired / jpki-not-yet-valid', async () => {
    const leaf = parseJpkiCertificate(await signLeaf());
    const anchor = parseJpkiCertificate(signGen1.certificate);
    const late = await runPkijsChainEngine(leaf, anchor, new Date(LEAF_NOT_AFTER.getTime() + 1000));
    expect(late).toMatchObject({ ok: false, code: 'jpki-expired' });
    const early = await runPkijsChainEngine(leaf, anchor, new Date(LEAF_NOT_BEFORE.getTime() - 1000));
    expect(early).toMatchObject({ ok: false, code: 'jpki-not-yet-valid' });
  });

  it('maps a non-CA anchor to jpki-basic-constraints and a foreign anchor to jpki-no-anchor', async () => {
    const key = simKey('jpki-sign-root');
    const notCa = await mintJpkiRootCertificate({
      purpose: 'sign',
      key,
      serialHex: '7711',
      notBefore: new Date('2020-01-01T00:00:00Z'),
      notAfter: new Date('2040-01-01T00:00:00Z'),
      omitExtensions: [EXT_OID.basicConstraints],
    });
    const leaf = parseJpkiCertificate(await signLeaf({ issuer: { key, certificate: notCa } }));
    expect(await runPkijsChainEngine(leaf, parseJpkiCertificate(notCa), NOW)).toMatchObject({ ok: false, code: 'jpki-basic-constraints' });
    const gen2 = await root('sign', 'gen2');
    expect(await runPkijsChainEngine(leaf, parseJpkiCertificate(gen2.certificate), NOW)).toMatchObject({ ok: false, code: 'jpki-no-anchor' });
  });
});
