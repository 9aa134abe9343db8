import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as asn1js from 'asn1js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimPkiError } from '../../src/sim/pki/errors';
import {
  mintJpkiAuthCertificate,
  mintJpkiRootCertificate,
  mintJpkiSignCertificate,
  mintOcspResponderCertificate,
  toPem,
  type MintJpkiAuthParams,
  type MintJpkiSignParams,
} from '../../src/sim/pki/jpki-certificates';
import { jpkiBirthDate } from '../../src/sim/pki/jpki-san';
import { simJpkiRoot, type SimRoot } from '../../src/sim/pki/sim-hierarchy';
import { cardKeyFor, simKey } from '../../src/sim/pki/sim-keys';
import { x509 } from '../../src/sim/pki/x509-setup';

const hex = (b: Uint8Array | ArrayBuffer): string => Buffer.from(b instanceof Uint8Array ? b : new Uint8Array(b)).toString('hex');

let dir = '';
let n = 0;
function pemFile(...ders: Uint8Array[]): string {
  const path = join(dir, `c${n++}.pem`);
  writeFileSync(path, ders.map((d) => toPem(d)).join(''));
  return path;
}
function openssl(...args: string[]): { ok: boolean; out: string } {
  const r = spawnSync('/usr/bin/openssl', args, { encoding: 'utf8' });
  return { ok: r.status === 0, out: `${r.stdout}${r.stderr}` };
}
const epoch = (iso: string): string => String(Math.floor(Date.parse(iso) / 1000));
/** `openssl verify` at a chosen time, strict RFC 5280 checks. */
function verify(root: Uint8Array | Uint8Array[], leaf: Uint8Array, at = '2027-06-01T00:00:00Z') {
  const roots = Array.isArray(root) ? root : [root];
  return openssl('verify', '-x509_strict', '-attime', epoch(at), '-CAfile', pemFile(...roots), pemFile(leaf));
}
function text(der: Uint8Array): string {
  return openssl('x509', '-in', pemFile(der), '-noout', '-text', '-nameopt', 'utf8,sep_comma_plus_space').out;
}

const personal = {
  name: '山田　太郎',
  nameSubstitution: '00100',
  sex: '1' as const,
  birthDate: '419900102',
  address: '東京都清瀬市中里一丁目２番地３',
};
let signRoot: SimRoot;
let authRoot: SimRoot;
let signRoot2: SimRoot;
let untrusted: SimRoot;

function signParams(over: Partial<MintJpkiSignParams> = {}): MintJpkiSignParams {
  return {
    issuer: signRoot,
    subjectKey: cardKeyFor('card-A', 'jpki-sign'),
    municipality: { prefecture: 'Tokyo-to', city: 'Kiyose-shi' },
    commonName: '9SIMSIGN000113221003A',
    serialHex: '01A2B3C4',
    notBefore: new Date('2025-10-27T00:00:00Z'),
    notAfter: new Date('2030-01-02T14:59:59Z'),
    personal,
    crlUrl: 'http://127.0.0.1:8787/crl/sign/13221.crl',
    ocspUrl: 'http://127.0.0.1:8787/ocsp',
    ...over,
  };
}
function authParams(over: Partial<MintJpkiAuthParams> = {}): MintJpkiAuthParams {
  return {
    issuer: authRoot,
    subjectKey: cardKeyFor('card-A', 'jpki-auth'),
    municipality: { prefecture: 'Tokyo-to', city: 'Kiyose-shi' },
    commonName: '9SIMAUTH000113221003A',
    serialHex: '01A2B3C5',
    notBefore: new Date('2025-10-27T00:00:00Z'),
    notAfter: new Date('2030-01-02T14:59:59Z'),
    ...over,
  };
}

/** Walk TBSCertificate.extensions with asn1js (independent of the encoder). */
function extensions(der: Uint8Array): Map<string, { critical: boolean; value: Uint8Array }> {
  const cert = asn1js.fromBER(der).result as asn1js.Sequence;
  const tbs = cert.valueBlock.value[0] as asn1js.Sequence;
  const tagged = tbs.valueBlock.value.find(
    (v) => v.idBlock.tagClass === 3 && v.idBlock.tagNumber === 3,
  ) as asn1js.Constructed;
  const list = tagged.valueBlock.value[0] as asn1js.Sequence;
  const out = new Map<string, { critical: boolean; value: Uint8Array }>();
  for (const e of list.valueBlock.value as asn1js.Sequence[]) {
    const parts = e.valueBlock.value;
    const oid = (parts[0] as asn1js.ObjectIdentifier).valueBlock.toString();
    const critical = parts.length === 3 && (parts[1] as asn1js.Boolean).valueBlock.value;
    const os = parts[parts.length - 1] as asn1js.OctetString;
    out.set(oid, { critical, value: new Uint8Array(os.valueBlock.valueHexView) });
  }
  return out;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kazasu-sim-pki-'));
  signRoot = await simJpkiRoot('sign', 'gen1');
  authRoot = await simJpkiRoot('auth', 'gen1');
  signRoot2 = await simJpkiRoot('sign', 'gen2');
  untrusted = await simJpkiRoot('sign', 'untrusted');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('JPKI roots (spec §6.3)', () => {
  it('are self-signed CA certificates that openssl accepts', () => {
    for (const r of [signRoot, authRoot, signRoot2]) {
      const v = verify(r.certificate, r.certificate);
      expect(v.ok, v.out).toBe(true);
    }
  });

  it('carry the simulator DN, key usage, SAN and CRL DP', () => {
    const t = text(signRoot.certificate);
    expect(t).toContain(
      'Subject: C=JP, O=Kazasu Simulator, OU=JPKI for digital signature (SIMULATED), OU=Kazasu Simulator CA — not J-LIS',
    );
    expect(t).toContain(
      'Issuer: C=JP, O=Kazasu Simulator, OU=JPKI for digital signature (SIMULATED), OU=Kazasu Simulator CA — not J-LIS',
    );
    expect(t).toMatch(/Basic Constraints: critical\s+CA:TRUE/);
    expect(t).toMatch(/Key Usage: critical\s+Certificate Sign, CRL Sign/);
    expect(t).toContain('X509v3 Subject Key Identifier');
    expect(t).not.toContain('Authority Key Identifier');
    expect(t).toMatch(/Public-Key: \(2048 bit\)/);
    expect(t).toContain('Signature Algorithm: sha256WithRSAEncryption');
    expect(t).not.toMatch(/O ?= ?JPKI(-TEST)?\b/);
    expect(text(authRoot.certificate)).toContain('OU=JPKI for user authentication (SIMULATED)');
    // Root SAN DirName; openssl prints it with escapes, so compare the decoded string.
    const san = extensions(signRoot.certificate).get('2.5.29.17')!;
    expect(Buffer.from(san.value).toString('utf8')).toContain('公的個人認証サービス（シミュレータ）');
  });

  it('encode C as PrintableString and O/OU as UTF8String', () => {
    const parsed = openssl('asn1parse', '-in', pemFile(signRoot.certificate)).out;
    expect(parsed).toMatch(/PRINTABLESTRING\s+:JP/);
    expect(parsed).toMatch(/UTF8STRING\s+:Kazasu Simulator\n/);
    expect(parsed).not.toMatch(/PRINTABLESTRING\s+:Kazasu/);
  });

  it('generations share the DN but not the key', () => {
    const a = new x509.X509Certificate(signRoot.certificate);
    const b = new x509.X509Certificate(signRoot2.certificate);
    expect(hex(a.subjectName.toArrayBuffer())).toBe(hex(b.subjectName.toArrayBuffer()));
    expect(a.serialNumber).toBe('9a0101');
    expect(hex(a.publicKey.rawData)).not.toBe(hex(b.publicKey.rawData));
  });
});

describe('署名用 end-entity certificate (spec §4.4, §4.5)', () => {
  it('chains to its root under openssl -x509_strict', async () => {
    const leaf = await mintJpkiSignCertificate(signParams());
    const v = verify(signRoot.certificate, leaf);
    expect(v.ok, v.out).toBe(true);
  });

  it('fails against the untrusted root, the other generation, the auth root, and when expired', async () => {
    const forged = await mintJpkiSignCertificate(signParams({ issuer: untrusted }));
    expect(verify(signRoot.certificate, forged).ok).toBe(false);
    expect(verify(untrusted.certificate, forged).ok).toBe(true); // sanity: it is well formed

    const leaf = await mintJpkiSignCertificate(signParams());
    const expired = verify(signRoot.certificate, leaf, '2030-01-02T15:00:00Z');
    expect(expired.ok).toBe(false);
    expect(expired.out).toContain('certificate has expired');
    expect(verify(signRoot.certificate, leaf, '2030-01-02T14:59:00Z').ok).toBe(true);
    expect(verify(signRoot.certificate, leaf, '2025-10-26T23:59:00Z').out).toContain('not yet valid');
    expect(verify(authRoot.certificate, leaf).ok).toBe(false);

    const gen2Leaf = await mintJpkiSignCertificate(signParams({ issuer: signRoot2 }));
    expect(verify(signRoot.certificate, gen2Leaf).ok).toBe(false);
    expect(verify(signRoot2.certificate, gen2Leaf).ok).toBe(true);
    // Both generations in the store: openssl picks the right one (by AKI/signature).
    expect(verify([signRoot.certificate, signRoot2.certificate], gen2Leaf).ok).toBe(true);
    expect(verify([signRoot2.certificate, signRoot.certificate], leaf).ok).toBe(true);
  });

  it('shows policy, key usage, names and SAN otherName OIDs in openssl -text', async () => {
    const t = text(await mintJpkiSignCertificate(signParams()));
    expect(t).toContain('Subject: C=JP, L=Tokyo-to, L=Kiyose-shi, CN=9SIMSIGN000113221003A');
    expect(t).toMatch(/Key Usage: critical\s+Digital Signature, Non Repudiation\n/);
    expect(t).toMatch(/Certificate Policies: critical\s+Policy: 1\.2\.392\.200149\.8\.5\.1\.1\.20/);
    for (let i = 1; i <= 6; i++) expect(t).toContain(`othername: 1.2.392.200149.8.5.5.${i}::`);
    expect(t).toContain('othername: 1.2.392.200149.8.5.5.1::山田　太郎');
    expect(t).toContain('othername: 1.2.392.200149.8.5.5.4::419900102');
    expect(t).toContain('X509v3 Issuer Alternative Name');
    expect(t).toContain(
      // openssl prints names inside extensions in its default " = " style
      'DirName:C = JP, O = Kazasu Simulator, OU = JPKI for digital signature (SIMULATED), OU = CRL Distribution Points, OU = Tokyo-to, CN = Kiyose-shi CRLDP',
    );
    expect(t).toContain('URI:http://127.0.0.1:8787/crl/sign/13221.crl');
    expect(t).toContain('OCSP - URI:http://127.0.0.1:8787/ocsp');
    expect(t).toContain('Serial Number: 27440068 (0x1a2b3c4)');
    expect(t).toContain('Not After : Jan  2 14:59:59 2030 GMT');
  });

  it('encodes key usage, AKI and the SAN exactly (parsed back with asn1js)', async () => {
    const der = await mintJpkiSignCertificate(signParams());
    const ext = extensions(der);
    expect(ext.get('2.5.29.15')).toEqual({ critical: true, value: Uint8Array.from([0x03, 0x02, 0x06, 0xc0]) });
    const rootSki = extensions(signRoot.certificate).get('2.5.29.14')!.value; // 04 14 <20 B>
    expect(hex(ext.get('2.5.29.35')!.value)).toBe('30168014' + hex(rootSki.subarray(2)));
    // SKI = SHA-1 of the root's subjectPublicKey bits (RFC 5280 method 1), computed here.
    const spki = asn1js.fromBER(new x509.X509Certificate(signRoot.certificate).publicKey.rawData).result as asn1js.Sequence;
    const bits = (spki.valueBlock.value[1] as asn1js.BitString).valueBlock.valueHexView;
    const sha1 = new Uint8Array(await crypto.subtle.digest('SHA-1', bits.slice()));
    expect(hex(rootSki)).toBe('0414' + hex(sha1));

    const san = asn1js.fromBER(ext.get('2.5.29.17')!.value).result as asn1js.Sequence;
    const got = (san.valueBlock.value as asn1js.Constructed[]).map((gn) => {
      expect(gn.idBlock.tagClass).toBe(3); // [0] otherName
      expect(gn.idBlock.tagNumber).toBe(0);
      const [oid, wrapped] = gn.valueBlock.value as [asn1js.ObjectIdentifier, asn1js.Constructed];
      expect(wrapped.idBlock.tagNumber).toBe(0); // [0] EXPLICIT
      const utf8 = wrapped.valueBlock.value[0] as asn1js.Utf8String;
      expect(utf8.idBlock.tagNumber).toBe(12); // UTF8String
      return [oid.valueBlock.toString(), utf8.valueBlock.value];
    });
    expect(got).toEqual([
      ['1.2.392.200149.8.5.5.1', '山田　太郎'],
      ['1.2.392.200149.8.5.5.2', '00100'],
      ['1.2.392.200149.8.5.5.3', '1'],
      ['1.2.392.200149.8.5.5.4', '419900102'],
      ['1.2.392.200149.8.5.5.5', '東京都清瀬市中里一丁目２番地３'],
      ['1.2.392.200149.8.5.5.6', '0'.repeat(15)],
    ]);
  });

  it('is deterministic: same parameters give identical DER', async () => {
    const a = await mintJpkiSignCertificate(signParams());
    const b = await mintJpkiSignCertificate(signParams());
    expect(hex(a)).toBe(hex(b));
    const c = await mintJpkiSignCertificate(signParams({ serialHex: '01A2B3C6' }));
    expect(hex(c)).not.toBe(hex(a));
    const r = await mintJpkiRootCertificate({
      purpose: 'sign',
      key: simKey('jpki-sign-root'),
      serialHex: '9A0101',
      notBefore: new Date('2020-01-01T00:00:00Z'),
      notAfter: new Date('2040-12-31T14:59:59Z'),
    });
    expect(hex(r)).toBe(hex(signRoot.certificate));
  });

  it('supports forgery knobs: key usage / policy override, omitted and extra extensions', async () => {
    const leaf = await mintJpkiSignCertificate(
      signParams({
        keyUsage: ['digitalSignature'],
        policies: ['1.2.392.200149.8.5.1.0.20'],
        omitExtensions: ['2.5.29.35', '2.5.29.31'],
        extraExtensions: [new x509.Extension('1.2.3.4.5', true, new Uint8Array([0x05, 0x00]))],
        crlUrl: undefined,
        ocspUrl: undefined,
      }),
    );
    const ext = extensions(leaf);
    expect(hex(ext.get('2.5.29.15')!.value)).toBe('03020780');
    expect(ext.has('2.5.29.35')).toBe(false);
    expect(ext.has('2.5.29.31')).toBe(false);
    expect(ext.has('1.3.6.1.5.5.7.1.1')).toBe(false);
    expect(ext.get('1.2.3.4.5')!.critical).toBe(true);
    expect(text(leaf)).toContain('Policy: 1.2.392.200149.8.5.1.0.20');
    const v = verify(signRoot.certificate, leaf);
    expect(v.ok).toBe(false); // unknown critical extension
    expect(v.out).toContain('unhandled critical extension');
  });

  it('rejects bad parameters with typed errors', async () => {
    await expect(mintJpkiSignCertificate(signParams({ serialHex: '00' }))).rejects.toBeInstanceOf(SimPkiError);
    await expect(mintJpkiSignCertificate(signParams({ serialHex: 'xyz' }))).rejects.toBeInstanceOf(SimPkiError);
    await expect(
      mintJpkiSignCertificate(signParams({ notAfter: new Date('nope') })),
    ).rejects.toBeInstanceOf(SimPkiError);
    await expect(
      mintJpkiSignCertificate(signParams({ personal: { ...personal, nameSubstitution: '0' } })),
    ).rejects.toMatchObject({ code: 'sim-cert-bad-params' });
    await expect(
      mintJpkiSignCertificate(signParams({ personal: { ...personal, birthDate: '19900102' } })),
    ).rejects.toMatchObject({ code: 'sim-cert-bad-params' });
    await expect(
      mintJpkiSignCertificate(signParams({ issuer: { key: signRoot.key, certificate: new Uint8Array([1, 2]) } })),
    ).rejects.toMatchObject({ code: 'sim-cert-bad-params' });
  });
});

describe('利用者証明用 end-entity certificate (spec §4.4)', () => {
  it('chains, has the auth profile and no personal SAN', async () => {
    const leaf = await mintJpkiAuthCertificate(authParams());
    expect(verify(authRoot.certificate, leaf).ok).toBe(true);
    expect(verify(signRoot.certificate, leaf).ok).toBe(false);
    const t = text(leaf);
    expect(t).toContain('Subject: C=JP, CN=9SIMAUTH000113221003A');
    expect(t).toMatch(/Key Usage: critical\s+Digital Signature\n/);
    expect(t).toMatch(/Certificate Policies: critical\s+Policy: 1\.2\.392\.200149\.8\.5\.1\.3\.30/);
    expect(t).not.toContain('Subject Alternative Name');
    expect(t).toContain('X509v3 Issuer Alternative Name');
    expect(t).toContain('OU = JPKI for user authentication (SIMULATED), OU = CRL Distribution Points, OU = Tokyo-to');
    expect(extensions(leaf).get('2.5.29.15')!.value).toEqual(Uint8Array.from([0x03, 0x02, 0x07, 0x80]));
  });

  it('fails when expired and when issued by an untrusted root with the same DN', async () => {
    const leaf = await mintJpkiAuthCertificate(authParams());
    expect(verify(authRoot.certificate, leaf, '2031-01-01T00:00:00Z').out).toContain('certificate has expired');
    const forged = await mintJpkiAuthCertificate(authParams({ issuer: await simJpkiRoot('auth', 'untrusted') }));
    expect(verify(authRoot.certificate, forged).ok).toBe(false);
  });
});

describe('OCSP responder certificate', () => {
  it('has id-kp-OCSPSigning and ocsp-nocheck and chains to its root', async () => {
    const der = await mintOcspResponderCertificate({
      issuer: signRoot,
      subjectKey: simKey('ocsp-responder'),
      purpose: 'sign',
      serialHex: '0C5901',
      notBefore: new Date('2026-01-01T00:00:00Z'),
      notAfter: new Date('2028-01-01T00:00:00Z'),
    });
    const t = text(der);
    expect(t).toContain('OCSP Signing');
    expect(t).toContain('OCSP No Check');
    expect(openssl('verify', '-x509_strict', '-attime', epoch('2027-01-01T00:00:00Z'), '-purpose', 'ocsphelper',
      '-CAfile', pemFile(signRoot.certificate), pemFile(der)).ok).toBe(true);
    const noCheck = await mintOcspResponderCertificate({
      issuer: signRoot, subjectKey: simKey('ocsp-rogue'), purpose: 'sign', noCheck: false,
      serialHex: '0C5902', notBefore: new Date('2026-01-01T00:00:00Z'), notAfter: new Date('2028-01-01T00:00:00Z'),
    });
    expect(extensions(noCheck).has('1.3.6.1.5.5.7.48.1.5')).toBe(false);
    expect(hex(extensions(der).get('2.5.29.37')!.value)).toBe('300a06082b06010505070309');
  });
});

describe('jpkiBirthDate', () => {
  it('chooses the era code by date (spec §4.5)', () => {
    expect(jpkiBirthDate('19900102')).toBe('419900102');
    expect(jpkiBirthDate('19890107')).toBe('319890107');
    expect(jpkiBirthDate('19890108')).toBe('419890108');
    expect(jpkiBirthDate('20190430')).toBe('420190430');
    expect(jpkiBirthDate('20190501')).toBe('520190501');
    expect(jpkiBirthDate('19261225')).toBe('319261225');
    expect(jpkiBirthDate('19261224')).toBe('219261224');
    expect(jpkiBirthDate('19120730')).toBe('219120730');
    expect(jpkiBirthDate('19120729')).toBe('119120729');
    expect(() => jpkiBirthDate('1990-01-02')).toThrow(SimPkiError);
  });
});
