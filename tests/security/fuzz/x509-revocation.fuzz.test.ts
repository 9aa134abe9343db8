/**
 * Fuzzing the verifier's DER / X.509 handling (the one strict reader in src/verify/der, and its
 * JPKI and revocation uses), the CRL walker and certificate fields of src/verify/revocation, OCSP response handling as the OCSP checker
 * runs it (parse, nonce, CertID match, certStatus, freshness, the dates it then reports), and
 * the platform operator's JSON answers. Seeds: the default card's JPKI certificates, a CRL minted
 * by the simulator's root, and an OCSP response signed by it.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDerHeader } from '../../../src/verify/der/der-header';
import {
  bitStringOctets,
  children,
  contentBytes,
  decodeOid,
  integerContent,
  positiveIntegerRange,
  readBitString,
  readBoolean,
  readExact,
  readTlv,
  smallInteger,
  TAG,
  type Tlv,
} from '../../../src/verify/der/der-reader';
import { readTime } from '../../../src/verify/der/der-time';
import { readDistributionPoints } from '../../../src/verify/der/distribution-points';
import { jpkiMalformed } from '../../../src/verify/jpki/jpki-errors';
import {
  decodeAiaOcspUris,
  decodeAuthorityKeyId,
  decodeBasicConstraints,
  decodeCertificatePolicies,
  decodeCrlDistributionPoints,
  decodeKeyUsage,
  decodeRsaPublicKey,
  decodeSubjectKeyId,
} from '../../../src/verify/jpki/extension-values';
import { decodeCertificate, parseJpkiCertificate } from '../../../src/verify/jpki/jpki-certificate';
import { parseJpkiCertificateSummary, parseJpkiSignAttributes } from '../../../src/verify/jpki/jpki-attributes';
import { EXT } from '../../../src/verify/jpki/jpki-oids';
import { walkCrl, walkCrlStream } from '../../../src/verify/revocation/crl-der-walker';
import { readCertificateFields, type CertificateFields } from '../../../src/verify/revocation/certificate-fields';
import { revocationFailure } from '../../../src/verify/revocation/revocation-error';
import { crlUrlsFromCertificate } from '../../../src/verify/revocation/crl-distribution-points';
import { findSingleResponse, nonceEchoed, ocspStaleness, parseOcspResponse, readCertStatus } from '../../../src/verify/revocation/ocsp-response';
import { digest, OCSP_NONCE_OID } from '../../../src/verify/revocation/ocsp-request';
import { validatePlatformAnswer } from '../../../src/verify/revocation/platform-protocol';
import '../../../src/verify/x509-setup';
import { mintCrl } from '../../../src/sim/revocation/mint-crl';
import { simJpkiRoot, type SimRoot } from '../../../src/sim/pki/sim-hierarchy';
import { importPrivateKey } from '../../../src/sim/pki/sim-keys';
import { concatBytes, copyBytes } from '../../../src/bytes/byte-ops';
import { anyBytes, attempt, bytesFor, check, chunked, FuzzCounter, fuzzAsync, fuzzSync, mutated, runs } from './fuzz-harness';
import { defaultCard } from './sim-seeds';

const counter = new FuzzCounter('fuzz-x509-revocation');
afterAll(() => counter.flush());

let certs: Uint8Array[] = [];
let signCert: Uint8Array = new Uint8Array(0);
let crls: Uint8Array[] = [];
let ocsp: Uint8Array = new Uint8Array(0);
let ocspInner: Uint8Array = new Uint8Array(0);
let extensionValues: Record<string, Uint8Array[]> = {};
let issuerFields: CertificateFields;
let leafSerial: Uint8Array = new Uint8Array(0);
const NONCE_VALUE = new asn1js.OctetString({ valueHex: new Uint8Array(32).fill(7) }).toBER(false);

async function mintOcsp(root: SimRoot, leaf: Uint8Array): Promise<Uint8Array> {
  const issuer = readCertificateFields(root.certificate);
  const serial = readCertificateFields(leaf).serial;
  const certId = async (serialBytes: Uint8Array) =>
    new pkijs.CertID({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: '2.16.840.1.101.3.4.2.1', algorithmParams: new asn1js.Null() }),
      issuerNameHash: new asn1js.OctetString({ valueHex: await digest('SHA-256', issuer.subjectName) }),
      issuerKeyHash: new asn1js.OctetString({ valueHex: await digest('SHA-256', issuer.subjectPublicKey) }),
      serialNumber: new asn1js.Integer({ valueHex: copyBytes(serialBytes).buffer }),
    });
  const now = new Date('2025-06-01T00:00:00Z');
  const basic = new pkijs.BasicOCSPResponse();
  basic.tbsResponseData.producedAt = now;
  basic.tbsResponseData.responderID = pkijs.Certificate.fromBER(copyBytes(root.certificate)).subject;
  const revoked = new asn1js.Constructed({
    idBlock: { tagClass: 3, tagNumber: 1 },
    value: [new asn1js.GeneralizedTime({ valueDate: now }), new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [new asn1js.Enumerated({ value: 1 })] })],
  });
  basic.tbsResponseData.responses.push(
    new pkijs.SingleResponse({ certID: await certId(serial), certStatus: new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 0 } }), thisUpdate: now, nextUpdate: new Date(now.getTime() + 900_000) }),
    new pkijs.SingleResponse({ certID: await certId(Uint8Array.of(0x12, 0x34)), certStatus: revoked, thisUpdate: now }),
    new pkijs.SingleResponse({ certID: await certId(Uint8Array.of(0x56)), certStatus: new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 2 } }), thisUpdate: now }),
  );
  basic.tbsResponseData.responseExtensions = [new pkijs.Extension({ extnID: OCSP_NONCE_OID, extnValue: NONCE_VALUE })];
  await basic.sign(await importPrivateKey(root.key), 'SHA-256');
  return wrapOcsp(new Uint8Array(basic.toSchema().toBER(false)));
}

/** OCSPResponse { successful, responseBytes { id-pkix-ocsp-basic, OCTET STRING inner } }. */
function wrapOcsp(inner: Uint8Array): Uint8Array {
  const resp = new pkijs.OCSPResponse({ responseStatus: new asn1js.Enumerated({ value: 0 }) });
  resp.responseBytes = new pkijs.ResponseBytes({ responseType: '1.3.6.1.5.5.7.48.1.1', response: new asn1js.OctetString({ valueHex: copyBytes(inner).buffer }) });
  return new Uint8Array(resp.toSchema().toBER(false));
}

beforeAll(async () => {
  const card = await defaultCard();
  const authRoot = card.certificates.authRoot;
  const signRoot = card.certificates.signRoot;
  signCert = card.certificates.sign!.slice();
  certs = [card.certificates.auth.slice(), signCert, authRoot.certificate.slice(), signRoot.certificate.slice()];
  const root = await simJpkiRoot('auth');
  const at = (s: string) => new Date(s);
  crls = [
    await mintCrl({
      issuer: root,
      signerKey: root.key,
      thisUpdate: at('2025-06-01T00:00:00Z'),
      nextUpdate: at('2025-06-02T00:00:00Z'),
      crlNumber: 42,
      issuingDistributionPoint: { uris: ['http://crl.example/auth.crl'] },
      entries: [
        { serialHex: '01', revokedAt: at('2025-01-01T00:00:00Z') },
        { serialHex: '00FF', revokedAt: at('2049-12-31T23:59:59Z'), reason: 'keyCompromise', invalidityDate: at('2024-12-31T00:00:00Z') },
        { serialHex: '7F'.repeat(20), revokedAt: at('2051-01-01T00:00:00Z'), reason: 'cessationOfOperation' },
      ],
    }),
    await mintCrl({ issuer: root, signerKey: root.key, thisUpdate: at('2025-06-01T00:00:00Z'), nextUpdate: null, entries: [] }),
  ];
  ocsp = await mintOcsp(root, card.certificates.auth);
  const f = jpkiMalformed;
  const outer = readExact(ocsp, TAG.SEQUENCE, 'OCSPResponse', f);
  // OCSPResponse → [0] → ResponseBytes → OCTET STRING → the BasicOCSPResponse DER.
  const responseBytes = children(ocsp, children(ocsp, children(ocsp, outer, 'OCSPResponse', f)[1]!, '[0]', f)[0]!, 'ResponseBytes', f);
  ocspInner = contentBytes(ocsp, responseBytes[1]!).slice();
  issuerFields = readCertificateFields(root.certificate);
  leafSerial = readCertificateFields(card.certificates.auth).serial;

  extensionValues = {};
  for (const c of certs) {
    const d = decodeCertificate(c);
    for (const e of d.extensions.values()) (extensionValues[e.oid] ??= []).push(e.value.slice());
  }
});

/** Calls every typed decoder that applies to an element's tag, recursing into constructed ones. */
function walkDer(buf: Uint8Array, d: Tlv, depth: number): number {
  const f = jpkiMalformed;
  let n = 1;
  switch (d.tag) {
    case TAG.OID:
      attempt(() => decodeOid(buf, d, f));
      break;
    case TAG.INTEGER:
      attempt(() => integerContent(buf, d, 'INTEGER', f));
      attempt(() => smallInteger(buf, d, 'INTEGER', f));
      attempt(() => positiveIntegerRange(buf, d, 'INTEGER', f));
      break;
    case TAG.BOOLEAN:
      attempt(() => readBoolean(buf, d, 'BOOLEAN', f));
      break;
    case TAG.BIT_STRING:
      attempt(() => readBitString(buf, d, 'BIT STRING', f));
      attempt(() => bitStringOctets(buf, d, 'BIT STRING', f));
      break;
    case TAG.UTC_TIME:
    case TAG.GENERALIZED_TIME:
      attempt(() => readTime(buf, d, 'Time', f));
      break;
  }
  const value = contentBytes(buf, d);
  if (depth < 10 && (d.tag & 0x20) !== 0) {
    const inner = attempt(() => children(buf, d, 'children', f)) ?? [];
    for (const c of inner) n += walkDer(buf, c, depth + 1);
  } else if (depth < 10 && (d.tag === TAG.OCTET_STRING || d.tag === TAG.BIT_STRING) && value.length > 2) {
    // Extensions and keys nest DER inside OCTET / BIT STRINGs.
    const nested = d.tag === TAG.BIT_STRING ? value.subarray(1) : value;
    const inner = attempt(() => readExact(nested, undefined, 'nested', f));
    if (inner) n += walkDer(nested, inner, depth + 1);
  }
  return n;
}

describe('strict DER', () => {
  it('readDerHeader at arbitrary offsets and limits', () => {
    fuzzSync(
      counter,
      'DER header (readDerHeader)',
      fc.tuple(anyBytes(40), fc.integer({ min: -2, max: 44 }), fc.integer({ min: -2, max: 44 })),
      ([b, off, limit]) => readDerHeader(b, off, limit),
      runs(40_000),
      (h, [, off, limit]) => {
        if (h.ok) check(h.start >= off + 2 && h.start <= h.end && h.end <= limit, 'header and content within the limit');
      },
    );
  });

  it('readTlv + every typed decoder over mutated certificates', () => {
    fuzzSync(counter, 'DER walker + decoders (verify/der)', bytesFor(certs, 300), (b) => walkDer(b, readTlv(b, 0, b.length, 'element', jpkiMalformed), 0), runs(20_000));
  });
});

describe('X.509', () => {
  it('decodeCertificate (strict structure) on mutated certificates', () => {
    fuzzSync(counter, 'X.509 structure (verify/der readCertificate, JPKI v3)', bytesFor(certs, 300), decodeCertificate, runs(40_000));
  });

  it('parseJpkiCertificate (structure + extensions + display names)', () => {
    fuzzSync(counter, 'JPKI certificate (parseJpkiCertificate)', bytesFor(certs, 300), parseJpkiCertificate, runs(8_000));
  });

  it('parseJpkiSignAttributes (SAN: name, address, birth date, sex)', () => {
    fuzzSync(counter, 'JPKI sign attributes (SAN)', bytesFor([signCert], 300), parseJpkiSignAttributes, runs(10_000));
  });

  it('parseJpkiCertificateSummary', () => {
    fuzzSync(counter, 'JPKI certificate summary', bytesFor(certs, 300), parseJpkiCertificateSummary, runs(4_000));
  });

  it('extension value decoders on mutated extension values', () => {
    const decoders: Record<string, (v: Uint8Array) => unknown> = {
      [EXT.keyUsage]: decodeKeyUsage,
      [EXT.basicConstraints]: decodeBasicConstraints,
      [EXT.certificatePolicies]: decodeCertificatePolicies,
      [EXT.subjectKeyIdentifier]: decodeSubjectKeyId,
      [EXT.authorityKeyIdentifier]: decodeAuthorityKeyId,
      [EXT.crlDistributionPoints]: decodeCrlDistributionPoints,
      [EXT.authorityInfoAccess]: decodeAiaOcspUris,
    };
    const all = Object.values(extensionValues).flat();
    const fns = Object.values(decoders);
    expect(Object.keys(decoders).filter((oid) => extensionValues[oid]).length).toBeGreaterThanOrEqual(5);
    fuzzSync(
      counter,
      'X.509 extension values (key usage, constraints, policies, key ids, CDP, AIA)',
      fc.tuple(bytesFor(all, 100), fc.nat({ max: fns.length - 1 })),
      ([v, i]) => fns[i]!(v),
      runs(50_000),
    );
  });

  it('decodeRsaPublicKey on mutated subjectPublicKey bit strings', () => {
    const keys = certs.map((c) => decodeCertificate(c).subjectPublicKey.slice());
    fuzzSync(counter, 'RSA public key (decodeRsaPublicKey)', bytesFor(keys, 300), decodeRsaPublicKey, runs(20_000));
  });

  it('readDistributionPoints on mutated CRL distribution point values', () => {
    const values = extensionValues[EXT.crlDistributionPoints] ?? [];
    expect(values.length).toBeGreaterThan(0);
    fuzzSync(
      counter,
      'CRL distribution points (verify/der readDistributionPoints)',
      bytesFor(values, 200),
      (v) => readDistributionPoints(v, revocationFailure('certificate-malformed')),
      runs(40_000),
      (points) => check(points.reduce((n, p) => n + p.fullName.length + p.crlIssuer.length, 0) <= 64, 'GeneralNames bounded'),
    );
  });

  it('readCertificateFields (revocation) and crlUrlsFromCertificate', () => {
    fuzzSync(counter, 'certificate fields (verify/revocation)', bytesFor(certs, 300), readCertificateFields, runs(40_000));
    fuzzSync(counter, 'CRL distribution point URLs (verify/der)', bytesFor(certs, 300), crlUrlsFromCertificate, runs(40_000), (urls) =>
      check(urls.length <= 8 && urls.every((u) => /^https?:\/\//i.test(u)), 'CRL URLs bounded and http(s)'),
    );
  });
});

describe('CRL', () => {
  it('walkCrl on mutated CRLs', () => {
    fuzzSync(counter, 'CRL walker (walkCrl)', bytesFor(crls, 300), (b) => walkCrl(b, { maxEntries: 1000 }), runs(40_000), (w) => {
      check(w.entries.count <= 1000, 'entry bound');
      for (let i = 0; i < w.entries.count; i++) {
        const len = w.entries.serialLength[i]!;
        check(len >= 1 && len <= 20, 'serial of 1..20 octets');
      }
    });
  });

  it('walkCrlStream on mutated CRLs split into chunks agrees with walkCrl', async () => {
    await fuzzAsync(
      counter,
      'CRL walker (walkCrlStream, chunked)',
      chunked(bytesFor(crls, 300)),
      async (chunks) => {
        const whole = concatBytes(...chunks);
        let one: number | undefined;
        try {
          one = walkCrl(whole, { maxEntries: 1000 }).entries.count;
        } catch (e) {
          attempt(() => {
            throw e;
          });
        }
        let streamed: number | undefined;
        try {
          streamed = (await walkCrlStream(chunks, { maxEntries: 1000 })).entries.count;
        } catch (e) {
          attempt(() => {
            throw e;
          });
        }
        return { one, streamed };
      },
      runs(15_000),
      ({ one, streamed }) => check(one === streamed, `walkCrl (${one}) and walkCrlStream (${streamed}) disagree`),
    );
  });
});

describe('OCSP', () => {
  const policy = { freshnessSeconds: 900, clockSkewSeconds: 60 };
  const ocspInput = () =>
    fc.oneof({ weight: 2, arbitrary: mutated([ocsp]) }, { weight: 3, arbitrary: mutated([ocspInner]).map(wrapOcsp) }, { weight: 1, arbitrary: anyBytes(200) });

  it('parse → nonce → certStatus → freshness → reported dates', () => {
    fuzzSync(
      counter,
      'OCSP response handling (sync steps)',
      ocspInput(),
      (b) => {
        const parsed = parseOcspResponse(b);
        if (!parsed.basic) return parsed.responseStatus;
        nonceEchoed(parsed.basic, new Uint8Array(NONCE_VALUE));
        for (const single of parsed.basic.tbsResponseData.responses) {
          const status = attempt(() => readCertStatus(single));
          const stale = ocspStaleness({ producedAt: parsed.basic.tbsResponseData.producedAt, thisUpdate: single.thisUpdate, nextUpdate: single.nextUpdate }, Date.parse('2025-06-01T00:05:00Z'), policy);
          // What OcspRevocationChecker reports when the answer is fresh: these must be printable instants.
          if (!stale) {
            single.thisUpdate.toISOString();
            single.nextUpdate?.toISOString();
            if (status?.kind === 'revoked') status.revokedAt?.toISOString();
          }
        }
        return 0;
      },
      runs(5_000),
    );
  });

  it('findSingleResponse (CertID match) on parsed mutated responses', async () => {
    await fuzzAsync(
      counter,
      'OCSP CertID match (findSingleResponse)',
      mutated([ocspInner]).map(wrapOcsp),
      async (b) => {
        const parsed = parseOcspResponse(b);
        if (!parsed.basic) return undefined;
        return findSingleResponse(parsed.basic, issuerFields, leafSerial);
      },
      runs(3_000),
    );
  });
});

describe('platform operator answers', () => {
  const instant = fc.oneof(fc.date({ min: new Date('1990-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString()), fc.string({ maxLength: 44 }), fc.constant('2025-06-01T00:00:00+99:99'));
  const answer = fc.dictionary(
    fc.oneof(fc.constantFrom('requestId', 'status', 'revokedAt', 'reason', 'checkedAt'), fc.string({ maxLength: 6 })),
    fc.oneof(fc.constantFrom('r1', 'good', 'revoked', 'unknown', 'keyCompromise', 'bogus'), instant, fc.anything({ maxDepth: 2 })),
    { maxKeys: 6 },
  );
  it('validatePlatformAnswer returns an answer or a reason, never throws', () => {
    fuzzSync(
      counter,
      'platform answer (validatePlatformAnswer)',
      fc.oneof({ weight: 4, arbitrary: answer }, { weight: 1, arbitrary: fc.anything() }),
      (json) => validatePlatformAnswer(json, { requestId: 'r1', nowMs: Date.parse('2025-06-01T00:00:00Z'), maxAgeSeconds: 3600 * 24 * 365 * 200, clockSkewSeconds: 60 }),
      runs(30_000),
      (a) => {
        if (typeof a !== 'string') check(!Number.isNaN(a.checkedAt.getTime()) && (a.status !== 'revoked' || !a.revokedAt || !Number.isNaN(a.revokedAt.getTime())), 'valid dates');
      },
    );
  });
});
