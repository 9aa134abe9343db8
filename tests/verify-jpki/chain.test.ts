import { beforeAll, describe, expect, it } from 'vitest';
import { authorityKeyIdentifierExtension, keyUsageExtension, EXT_OID } from '../../src/sim/pki/jpki-extensions';
import { mintJpkiRootCertificate } from '../../src/sim/pki/jpki-certificates';
import type { SimRoot } from '../../src/sim/pki/sim-hierarchy';
import { cardKeyFor, importPrivateKey, importPublicKey, simKey } from '../../src/sim/pki/sim-keys';
import { x509 } from '../../src/sim/pki/x509-setup';
import { validateJpkiCertificate } from '../../src/verify/jpki/jpki-chain';
import { isKazasuError } from '../../src/errors/kazasu-error';
import {
  LEAF_NOT_AFTER,
  LEAF_NOT_BEFORE,
  NOW,
  anchorOf,
  authLeaf,
  derAnchor,
  flip,
  hex,
  realJlisRoots,
  root,
  signLeaf,
  trustOf,
} from './helpers';

let signGen1: SimRoot;
let signGen2: SimRoot;
let signUntrusted: SimRoot;
let authGen1: SimRoot;
let authGen2: SimRoot;

/** SKI as @peculiar/x509 reads it (independent of the verifier's own DER reader). */
const skiOf = (der: Uint8Array): string =>
  new x509.X509Certificate(new Uint8Array(der)).getExtension(x509.SubjectKeyIdentifierExtension)!.keyId.toUpperCase();

beforeAll(async () => {
  signGen1 = await root('sign', 'gen1');
  signGen2 = await root('sign', 'gen2');
  signUntrusted = await root('sign', 'untrusted');
  authGen1 = await root('auth', 'gen1');
  authGen2 = await root('auth', 'gen2');
});

const allSim = () =>
  trustOf([anchorOf(signGen1), anchorOf(signGen2), anchorOf(authGen1), anchorOf(authGen2)]);

describe('validateJpkiCertificate: valid leaves', () => {
  it('passes a 署名用 leaf and reports what it parsed', async () => {
    const der = await signLeaf();
    const r = await validateJpkiCertificate(der, 'sign', allSim(), NOW);
    expect(r.check).toMatchObject({ id: 'jpki.sign.chain', status: 'pass', code: 'ok' });
    expect(r.anchor?.name).toBe('sim sign gen1');
    const c = r.certificate!;
    expect(c.serialHex).toBe('01A2B3C4');
    expect(c.notBefore.toISOString()).toBe(LEAF_NOT_BEFORE.toISOString());
    expect(c.notAfter.toISOString()).toBe(LEAF_NOT_AFTER.toISOString());
    expect(c.subject).toContain('CN=9SIMSIGN000113221003A');
    expect(c.issuer).toContain('OU=JPKI for digital signature (SIMULATED)');
    const spki = await crypto.subtle.exportKey('spki', await importPublicKey(cardKeyFor('card-A', 'jpki-sign')));
    expect(hex(c.spki)).toBe(hex(spki));
    expect(hex(c.raw)).toBe(hex(der));
  });

  it('passes a 利用者証明用 leaf', async () => {
    const r = await validateJpkiCertificate(await authLeaf(), 'auth', allSim(), NOW);
    expect(r.check).toMatchObject({ id: 'jpki.auth.chain', status: 'pass', code: 'ok' });
    expect(r.anchor?.name).toBe('sim auth gen1');
  });

  it('accepts both ends of the validity period (inclusive, RFC 5280 §4.1.2.5)', async () => {
    const der = await signLeaf();
    expect((await validateJpkiCertificate(der, 'sign', allSim(), LEAF_NOT_BEFORE)).check.status).toBe('pass');
    expect((await validateJpkiCertificate(der, 'sign', allSim(), LEAF_NOT_AFTER)).check.status).toBe('pass');
  });

  it('accepts the J-LIS test-hierarchy policy 1.2.392.200149.8.5.1.0.20 for 署名用 by default, not when narrowed', async () => {
    const der = await signLeaf({ policies: ['1.2.392.200149.8.5.1.0.20'] });
    expect((await validateJpkiCertificate(der, 'sign', allSim(), NOW)).check.code).toBe('ok');
    const narrowed = await validateJpkiCertificate(der, 'sign', allSim(), NOW, {
      policyArcs: { sign: ['1.2.392.200149.8.5.1.1'], auth: ['1.2.392.200149.8.5.1.3'] },
    });
    expect(narrowed.check.code).toBe('jpki-policy');
  });

  it('accepts a critical certificatePolicies with a CPS qualifier (as the simulator and J-LIS v3.2 do)', async () => {
    const der = await signLeaf();
    const ext = new x509.X509Certificate(new Uint8Array(der)).getExtension(EXT_OID.certificatePolicies)!;
    expect(ext.critical).toBe(true); // precondition, read with another library
    expect((await validateJpkiCertificate(der, 'sign', allSim(), NOW)).check.code).toBe('ok');
  });

  it('accepts an anchor whose purpose is "any"', async () => {
    const r = await validateJpkiCertificate(await signLeaf(), 'sign', trustOf([anchorOf(signGen1, 'any')]), NOW);
    expect(r.check.code).toBe('ok');
  });
});

describe('choosing the root by signature (all generations share one DN, spec §4.3)', () => {
  it('picks gen-2 for a gen-2 leaf even when gen-1 (same DN) is listed first', async () => {
    const der = await signLeaf({ issuer: signGen2 });
    const r = await validateJpkiCertificate(der, 'sign', trustOf([anchorOf(signGen1), anchorOf(signGen2)]), NOW);
    expect(r.check.code).toBe('ok');
    expect(r.anchor?.name).toBe('sim sign gen2');
    const gen1Leaf = await validateJpkiCertificate(await signLeaf(), 'sign', trustOf([anchorOf(signGen2), anchorOf(signGen1)]), NOW);
    expect(gen1Leaf.anchor?.name).toBe('sim sign gen1');
  });

  it('passes with only gen-2 trusted (gen-1 absent)', async () => {
    const der = await signLeaf({ issuer: signGen2 });
    const r = await validateJpkiCertificate(der, 'sign', trustOf([anchorOf(signGen2)]), NOW);
    expect(r.check.code).toBe('ok');
    expect(r.anchor?.name).toBe('sim sign gen2');
  });

  it('fails jpki-no-anchor with only gen-1 trusted, naming the missing key id', async () => {
    const der = await authLeaf({ issuer: authGen2 });
    const r = await validateJpkiCertificate(der, 'auth', trustOf([anchorOf(authGen1)]), NOW);
    expect(r.check).toMatchObject({ id: 'jpki.auth.chain', status: 'fail', code: 'jpki-no-anchor' });
    expect(r.anchor).toBeUndefined();
    const detail = r.check.detail!;
    expect(detail).toContain(skiOf(authGen2.certificate)); // the missing root's key id
    expect(detail).toContain('OU=JPKI for user authentication (SIMULATED)'); // the issuer DN
    expect(detail).toContain(skiOf(authGen1.certificate)); // the generation that IS trusted
    expect(detail).toMatch(/another generation/);
  });

  it('fails jpki-no-anchor for a leaf of the untrusted root that copies the DN', async () => {
    const der = await signLeaf({ issuer: signUntrusted });
    const r = await validateJpkiCertificate(der, 'sign', allSim(), NOW);
    expect(r.check.code).toBe('jpki-no-anchor');
    expect(r.check.detail).toContain(skiOf(signUntrusted.certificate));
  });

  it('names a root from opts.otherAnchors that would have verified it, without trusting it', async () => {
    const der = await signLeaf({ issuer: signUntrusted });
    const r = await validateJpkiCertificate(der, 'sign', allSim(), NOW, {
      otherAnchors: [derAnchor(signUntrusted.certificate, 'rogue root', 'sign', 'operator')],
    });
    expect(r.check.code).toBe('jpki-no-anchor');
    expect(r.anchor).toBeUndefined();
    expect(r.check.detail).toContain('"rogue root" (operator hierarchy), which is not trusted in simulator mode');
  });

  it('does not use a 署名用 anchor for a 利用者証明用 check', async () => {
    const der = await signLeaf();
    const r = await validateJpkiCertificate(der, 'auth', trustOf([anchorOf(signGen1), anchorOf(authGen1)]), NOW);
    expect(r.check).toMatchObject({ id: 'jpki.auth.chain', code: 'jpki-no-anchor' });
  });
});

describe('broken certificates each get their own code', () => {
  it('jpki-signature-invalid when a signature byte is flipped', async () => {
    const der = await signLeaf();
    const r = await validateJpkiCertificate(flip(der, -1), 'sign', allSim(), NOW);
    expect(r.check.code).toBe('jpki-signature-invalid');
    expect(r.check.detail).toContain(skiOf(signGen1.certificate));
  });

  it('jpki-signature-invalid when a signed byte (the serial) is changed', async () => {
    const der = await signLeaf();
    const serialAt = Buffer.from(der).indexOf(Buffer.from('0204' + '01A2B3C4', 'hex'));
    expect(serialAt).toBeGreaterThan(0);
    const r = await validateJpkiCertificate(flip(der, serialAt + 5), 'sign', allSim(), NOW);
    expect(r.check.code).toBe('jpki-signature-invalid');
  });

  it('jpki-expired one second after notAfter, jpki-not-yet-valid one second before notBefore', async () => {
    const der = await signLeaf();
    const after = new Date(LEAF_NOT_AFTER.getTime() + 1000);
    const before = new Date(LEAF_NOT_BEFORE.getTime() - 1000);
    expect((await validateJpkiCertificate(der, 'sign', allSim(), after)).check.code).toBe('jpki-expired');
    expect((await validateJpkiCertificate(der, 'sign', allSim(), before)).check.code).toBe('jpki-not-yet-valid');
  });

  it('jpki-key-usage for auth usage on a 署名用 certificate', async () => {
    const r = await validateJpkiCertificate(await signLeaf({ keyUsage: ['digitalSignature'] }), 'sign', allSim(), NOW);
    expect(r.check.code).toBe('jpki-key-usage');
    expect(r.anchor?.name).toBe('sim sign gen1'); // it did chain
  });

  it('jpki-key-usage when keyCertSign is added, when nonRepudiation is on an auth cert, when missing or non-critical', async () => {
    const cases = [
      ['sign', await signLeaf({ keyUsage: ['digitalSignature', 'nonRepudiation', 'keyCertSign'] })],
      ['auth', await authLeaf({ keyUsage: ['digitalSignature', 'nonRepudiation'] })],
      ['auth', await authLeaf({ omitExtensions: [EXT_OID.keyUsage] })],
      ['sign', await signLeaf({ extraExtensions: [keyUsageExtension(['digitalSignature', 'nonRepudiation'], false)] })],
    ] as const;
    for (const [purpose, der] of cases) {
      expect((await validateJpkiCertificate(der, purpose, allSim(), NOW)).check.code, purpose).toBe('jpki-key-usage');
    }
  });

  it('jpki-policy for the other purpose’s policy, a foreign policy, anyPolicy, or none', async () => {
    const cases = [
      ['sign', await signLeaf({ policies: ['1.2.392.200149.8.5.1.3.30'] })],
      ['auth', await authLeaf({ policies: ['1.2.392.200149.8.5.1.1.20'] })],
      ['sign', await signLeaf({ policies: ['1.2.392.200149.8.5.1.1'] })], // the arc itself, not a policy under it
      ['sign', await signLeaf({ policies: ['2.5.29.32.0'] })],
      ['sign', await signLeaf({ policies: ['1.2.3.4'] })],
      ['sign', await signLeaf({ policies: [] })],
    ] as const;
    for (const [purpose, der] of cases) {
      expect((await validateJpkiCertificate(der, purpose, allSim(), NOW)).check.code, purpose).toBe('jpki-policy');
    }
  });

  it('jpki-basic-constraints for a leaf marked CA', async () => {
    const der = await signLeaf({ extraExtensions: [new x509.BasicConstraintsExtension(true, undefined, true)] });
    const r = await validateJpkiCertificate(der, 'sign', allSim(), NOW);
    expect(r.check.code).toBe('jpki-basic-constraints');
  });

  it('jpki-basic-constraints for an anchor without CA:TRUE', async () => {
    const key = simKey('jpki-sign-root');
    const notCa = await mintJpkiRootCertificate({
      purpose: 'sign',
      key,
      serialHex: '7701',
      notBefore: new Date('2020-01-01T00:00:00Z'),
      notAfter: new Date('2040-01-01T00:00:00Z'),
      omitExtensions: [EXT_OID.basicConstraints],
    });
    const der = await signLeaf({ issuer: { key, certificate: notCa } });
    const r = await validateJpkiCertificate(der, 'sign', trustOf([derAnchor(notCa, 'not a CA', 'sign')]), NOW);
    expect(r.check.code).toBe('jpki-basic-constraints');
  });

  it('jpki-malformed for garbage, empty, truncated, trailing bytes', async () => {
    const der = await signLeaf();
    const withTrailer = new Uint8Array(der.length + 1);
    withTrailer.set(der);
    const inputs = [
      Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x01),
      new Uint8Array(0),
      new Uint8Array(64).fill(0x41),
      der.subarray(0, der.length - 10),
      withTrailer,
    ];
    for (const bytes of inputs) {
      const r = await validateJpkiCertificate(bytes, 'sign', allSim(), NOW);
      expect(r.check).toMatchObject({ status: 'fail', code: 'jpki-malformed' });
      expect(r.certificate).toBeUndefined();
    }
  });

  it('jpki-malformed for an unrecognised critical extension', async () => {
    const odd = new x509.Extension('1.3.6.1.4.1.99999.1', true, Uint8Array.of(0x05, 0x00));
    const r = await validateJpkiCertificate(await signLeaf({ extraExtensions: [odd] }), 'sign', allSim(), NOW);
    expect(r.check.code).toBe('jpki-malformed');
    expect(r.check.detail).toContain('1.3.6.1.4.1.99999.1');
  });

  it('jpki-malformed when the issuer name differs from the root whose key signed it (name chaining)', async () => {
    // A "root" with the AUTH DN but the SIGN root key: the leaf verifies under the sign root's key.
    const key = simKey('jpki-sign-root');
    const wrongName = await mintJpkiRootCertificate({
      purpose: 'auth',
      key,
      serialHex: '7702',
      notBefore: new Date('2020-01-01T00:00:00Z'),
      notAfter: new Date('2040-01-01T00:00:00Z'),
    });
    const der = await signLeaf({ issuer: { key, certificate: wrongName } });
    const r = await validateJpkiCertificate(der, 'sign', trustOf([anchorOf(signGen1)]), NOW);
    expect(r.check.code).toBe('jpki-malformed');
    expect(r.check.detail).toMatch(/differs from the subject of the root/);
  });

  it('runs pkijs as a second opinion: an anchor with an unparsable critical extension fails there', async () => {
    // Our own checks do not inspect a pinned root's extensions; pkijs refuses a CA whose critical
    // extension is not even BER (its checkForCA code 6, reported as 14). (An unknown critical extension with a
    // BER value passes pkijs — see the leaf test above — which is why we check leaves ourselves.)
    const key = simKey('jpki-sign-root');
    const odd = await mintJpkiRootCertificate({
      purpose: 'sign',
      key,
      serialHex: '7705',
      notBefore: new Date('2020-01-01T00:00:00Z'),
      notAfter: new Date('2040-01-01T00:00:00Z'),
      extraExtensions: [new x509.Extension('1.3.6.1.4.1.99999.2', true, Uint8Array.of(0x30, 0x05, 0x01))], // truncated
    });
    const der = await signLeaf({ issuer: { key, certificate: odd } });
    const r = await validateJpkiCertificate(der, 'sign', trustOf([derAnchor(odd, 'odd root', 'sign')]), NOW);
    // pkijs folds checkForCA's "unable to parse critical extension" into code 14 "not a CA".
    expect(r.check.code).toBe('jpki-basic-constraints');
    expect(r.check.detail).toBe('pkijs path validation: One of intermediate certificates is not a CA certificate (code 14)');
    expect(r.anchor?.name).toBe('odd root');
  });

  it('jpki-malformed for a duplicated extension (RFC 5280 §4.2), even though it is properly signed', async () => {
    const der = new Uint8Array(
      (
        await x509.X509CertificateGenerator.create({
          serialNumber: '0123',
          subject: 'CN=dup',
          issuer: new x509.X509Certificate(new Uint8Array(signGen1.certificate)).subjectName.toString(),
          notBefore: LEAF_NOT_BEFORE,
          notAfter: LEAF_NOT_AFTER,
          publicKey: await importPublicKey(cardKeyFor('card-A', 'jpki-sign')),
          signingKey: await importPrivateKey(simKey('jpki-sign-root')),
          extensions: [
            keyUsageExtension(['digitalSignature', 'nonRepudiation']),
            keyUsageExtension(['digitalSignature']),
          ],
        })
      ).rawData,
    );
    const r = await validateJpkiCertificate(der, 'sign', allSim(), NOW);
    expect(r.check.code).toBe('jpki-malformed');
    expect(r.check.detail).toContain('duplicate extension 2.5.29.15');
  });

  it('reports dates before key usage before policy (order of checks)', async () => {
    const der = await signLeaf({ keyUsage: ['digitalSignature'], policies: [] });
    expect((await validateJpkiCertificate(der, 'sign', allSim(), new Date('2031-01-01T00:00:00Z'))).check.code).toBe('jpki-expired');
    expect((await validateJpkiCertificate(der, 'sign', allSim(), NOW)).check.code).toBe('jpki-key-usage');
  });

  it('throws a typed error for an invalid `now`', async () => {
    const err = await validateJpkiCertificate(await signLeaf(), 'sign', allSim(), new Date('nope')).catch((e: unknown) => e);
    expect(isKazasuError(err)).toBe(true);
    expect((err as { code: string }).code).toBe('jpki-bad-argument');
  });
});

describe('the anchor’s own validity', () => {
  const key = simKey('jpki-sign-root');
  async function expiredRoot(): Promise<Uint8Array> {
    return mintJpkiRootCertificate({
      purpose: 'sign',
      key,
      serialHex: '7703',
      notBefore: new Date('2015-10-20T00:00:00Z'),
      notAfter: new Date('2025-10-19T14:59:59Z'),
    });
  }

  it('rejects an expired root by default and accepts it with allowExpiredAnchor for a leaf issued while it was valid', async () => {
    const old = await expiredRoot();
    const der = await signLeaf({
      issuer: { key, certificate: old },
      notBefore: new Date('2024-01-01T00:00:00Z'),
      notAfter: new Date('2028-12-31T14:59:59Z'),
    });
    const trust = trustOf([derAnchor(old, 'gen-1 (expired)', 'sign')]);
    const strict = await validateJpkiCertificate(der, 'sign', trust, NOW);
    expect(strict.check.code).toBe('jpki-expired');
    expect(strict.check.detail).toMatch(/trusted root expired/);
    const historic = await validateJpkiCertificate(der, 'sign', trust, NOW, { allowExpiredAnchor: true });
    expect(historic.check.code).toBe('ok');
  });

  it('still rejects a leaf issued after its root expired, even with allowExpiredAnchor', async () => {
    const old = await expiredRoot();
    const der = await signLeaf({
      issuer: { key, certificate: old },
      notBefore: new Date('2025-11-01T00:00:00Z'),
      notAfter: new Date('2030-10-31T14:59:59Z'),
    });
    const r = await validateJpkiCertificate(der, 'sign', trustOf([derAnchor(old, 'gen-1 (expired)', 'sign')]), NOW, {
      allowExpiredAnchor: true,
    });
    expect(r.check.code).toBe('jpki-expired');
  });

  it('prefers the currently valid certificate when two anchors carry the same key', async () => {
    const old = await expiredRoot(); // same key as gen-1, expired
    const der = await signLeaf(); // issued by the standard gen-1 root
    const r = await validateJpkiCertificate(der, 'sign', trustOf([derAnchor(old, 'gen-1 (expired copy)', 'sign'), anchorOf(signGen1)]), NOW);
    expect(r.check.code).toBe('ok');
    expect(r.anchor?.name).toBe('sim sign gen1');
  });

  it('rejects a root that is not valid yet', async () => {
    const future = await mintJpkiRootCertificate({
      purpose: 'sign',
      key,
      serialHex: '7704',
      notBefore: new Date('2028-01-01T00:00:00Z'),
      notAfter: new Date('2040-01-01T00:00:00Z'),
    });
    const der = await signLeaf({ issuer: { key, certificate: future } });
    const r = await validateJpkiCertificate(der, 'sign', trustOf([derAnchor(future, 'future', 'sign')]), NOW);
    expect(r.check.code).toBe('jpki-not-yet-valid');
  });
});

describe('real J-LIS roots as production anchors', () => {
  const production = () =>
    trustOf(
      [...realJlisRoots()].map(([file, der]) => derAnchor(der, file, file.startsWith('sign') ? 'sign' : 'auth', 'production')),
      'production',
    );

  it('never validate a simulator leaf', async () => {
    expect(realJlisRoots().size).toBe(4);
    for (const [purpose, der] of [['sign', await signLeaf()], ['auth', await authLeaf()]] as const) {
      const r = await validateJpkiCertificate(der, purpose, production(), NOW);
      expect(r.check.code, purpose).toBe('jpki-no-anchor');
      expect(r.check.detail).toContain('production mode');
    }
  });

  it('explain that a simulator leaf belongs to the simulator hierarchy when told about it', async () => {
    const r = await validateJpkiCertificate(await signLeaf(), 'sign', production(), NOW, {
      otherAnchors: [anchorOf(signGen1)],
    });
    expect(r.check.code).toBe('jpki-no-anchor');
    expect(r.check.detail).toContain('"sim sign gen1" (simulator hierarchy), which is not trusted in production mode');
  });

  it('flag a forgery that names the J-LIS gen-1 key as jpki-signature-invalid', async () => {
    const jlis = realJlisRoots().get('sign_ca_2015')!;
    // Issuer DN and AKI copied from the real root, signed by the simulator's rogue key.
    const forged = await signLeaf({ issuer: { key: simKey('untrusted-root'), certificate: jlis } });
    const r = await validateJpkiCertificate(forged, 'sign', production(), new Date('2025-11-01T00:00:00Z'));
    expect(r.check.code).toBe('jpki-signature-invalid');
    expect(r.check.detail).toContain('0D034CBB'); // spec §6.3: sign2015 SKI 0D:03:4C:BB:…
  });

  it('suggest importing signca02 when a J-LIS-named issuer key is unknown', async () => {
    const jlis = realJlisRoots().get('sign_ca_2015')!;
    const unknownKeyId = 'AB'.repeat(20);
    const der = await signLeaf({
      issuer: { key: simKey('untrusted-root'), certificate: jlis },
      extraExtensions: [authorityKeyIdentifierExtension(unknownKeyId)],
    });
    const r = await validateJpkiCertificate(der, 'sign', production(), NOW);
    expect(r.check.code).toBe('jpki-no-anchor');
    const d = r.check.detail!;
    expect(d).toContain('C=JP, O=JPKI, OU=JPKI for digital signature, OU=Japan Agency for Local Authority Information Systems');
    expect(d).toContain(unknownKeyId);
    expect(d).toContain('signca02');
  });
});
