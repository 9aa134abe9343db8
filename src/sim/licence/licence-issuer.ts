/**
 * The licence simulator's issuers: "Kazasu Simulator" keys and certificates standing in for the
 * 公安委員会 signing keys, which are not published (licence-facts §4). SIMULATOR ONLY: every name
 * says "Kazasu Simulator … not NPA"; the keys are published test data
 * (fixtures/licence-issuer-keys.json, minted by scripts/mint-licence-sim-keys.ts).
 *
 *   licence-ca            Kazasu Simulator Licence CA (self-signed; issues the signers)
 *   licence-issuer-1      signer for most profiles ("Tokyo")
 *   licence-issuer-2      a second signer ("Osaka"), so tests pick among several imported certificates
 *   licence-issuer-rogue  an issuer no operator imports (forgeries: signature by an unknown issuer)
 *
 * The card's DF1/EF07 names the signer's certificate by serial (B2), issuer name (B4), subject
 * name (B5) and subject key identifier (B6) [I]; their text form is [U], so the simulator writes:
 * serial as 16 upper-case hex digits, names as the certificate's CN (ASCII, space-padded to the
 * CIV widths 80/130), and B6 = the certificate's SKI extension = SHA-256 of the subjectPublicKey
 * (32 bytes, CIV's width; RFC 5280 §4.2.1.2 allows any method).
 */
import { base64UrlToBytes } from '../../bytes/base64';
import { x509 } from '../pki/x509-setup';
import fixture from './fixtures/licence-issuer-keys.json' with { type: 'json' };
import { SimLicenceError } from './sim-text';

export const LICENCE_ISSUER_KEY_IDS = ['licence-ca', 'licence-issuer-1', 'licence-issuer-2', 'licence-issuer-rogue'] as const;
export type LicenceIssuerKeyId = (typeof LICENCE_ISSUER_KEY_IDS)[number];
export type LicenceSignerId = Exclude<LicenceIssuerKeyId, 'licence-ca'>;

export type SimHash = 'SHA-256' | 'SHA-1';

const KEYS: Readonly<Record<string, Record<string, string>>> = fixture.keys;

export interface LicenceIssuerKey {
  readonly id: LicenceIssuerKeyId;
  readonly privateJwk: JsonWebKey;
  readonly publicJwk: JsonWebKey;
  readonly modulus: Uint8Array;
}

export function licenceIssuerKey(id: LicenceIssuerKeyId): LicenceIssuerKey {
  const raw = Object.prototype.hasOwnProperty.call(KEYS, id) ? KEYS[id] : undefined;
  if (!raw || raw.kty !== 'RSA' || typeof raw.n !== 'string' || typeof raw.d !== 'string') throw new SimLicenceError('sim-licence-bad-profile', `no simulator licence key "${id}"`);
  const privateJwk: JsonWebKey = { kty: 'RSA' };
  for (const m of ['n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qi'] as const) privateJwk[m] = raw[m]!;
  return { id, privateJwk, publicJwk: { kty: 'RSA', n: raw.n, e: raw.e! }, modulus: base64UrlToBytes(raw.n) };
}

const keyCache = new Map<string, Promise<CryptoKey>>();
function importKey(key: LicenceIssuerKey, kind: 'private' | 'public', hash: SimHash): Promise<CryptoKey> {
  const cacheKey = `${kind}|${hash}|${key.id}`;
  let p = keyCache.get(cacheKey);
  if (!p) {
    p = globalThis.crypto.subtle.importKey('jwk', kind === 'private' ? key.privateJwk : key.publicJwk, { name: 'RSASSA-PKCS1-v1_5', hash }, kind === 'public', [kind === 'private' ? 'sign' : 'verify']);
    keyCache.set(cacheKey, p);
  }
  return p;
}

/** RSASSA-PKCS1-v1_5 with `hash` over `data` (the simulator's own signing; deterministic). */
export async function signAsIssuer(id: LicenceIssuerKeyId, hash: SimHash, data: Uint8Array): Promise<Uint8Array> {
  const k = await importKey(licenceIssuerKey(id), 'private', hash);
  const copy = new Uint8Array(data);
  return new Uint8Array(await globalThis.crypto.subtle.sign('RSASSA-PKCS1-v1_5', k, copy));
}

interface SignerSpec {
  readonly commonName: string;
  readonly serialHex: string;
}

export const SIM_LICENCE_CA_CN = 'Kazasu Simulator Licence CA';
const SIGNERS: Readonly<Record<LicenceSignerId, SignerSpec>> = {
  'licence-issuer-1': { commonName: 'Kazasu Simulator Tokyo PSC Licence Signer 1', serialHex: '4B5A0000000000A1' },
  'licence-issuer-2': { commonName: 'Kazasu Simulator Osaka PSC Licence Signer 2', serialHex: '4B5A0000000000B2' },
  'licence-issuer-rogue': { commonName: 'Kazasu Simulator Rogue Licence Signer', serialHex: '4B5A00000000DEAD' },
};
const CA_SERIAL = '4B5A000000000001';
const NOT_BEFORE = new Date('2015-01-01T00:00:00Z');
const NOT_AFTER = new Date('2045-12-31T23:59:59Z');

function dn(cn: string): string {
  return `C=JP, O=Kazasu Simulator, OU=Driver licence issuer (SIMULATED) - not NPA, CN=${cn}`;
}

async function skiOf(key: LicenceIssuerKey): Promise<Uint8Array> {
  const pub = await importKey(key, 'public', 'SHA-256');
  const spki = new Uint8Array(await globalThis.crypto.subtle.exportKey('spki', pub));
  // subjectPublicKey BIT STRING contents = the RSAPublicKey DER at the end of the SPKI: hash the
  // SPKI's tail after the AlgorithmIdentifier (a fixed 24-byte prefix for RSA-2048: 30 82 01 22
  // 30 0D … 03 82 01 0F 00).
  const subjectPublicKey = spki.subarray(24);
  return new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', subjectPublicKey));
}

export interface IssuedSigner {
  readonly id: LicenceSignerId;
  /** DER of the signer's certificate (what an operator imports). */
  readonly certificate: Uint8Array;
  readonly serialHex: string;
  readonly issuerCn: string;
  readonly subjectCn: string;
  /** SHA-256 of the subjectPublicKey (= the SKI extension). */
  readonly subjectKeyId: Uint8Array;
}

let caPromise: Promise<Uint8Array> | undefined;
const signerCache = new Map<LicenceSignerId, Promise<IssuedSigner>>();

/** The simulator's licence CA certificate (self-signed), minted once per process. */
export function simLicenceCaCertificate(): Promise<Uint8Array> {
  caPromise ??= (async () => {
    const key = licenceIssuerKey('licence-ca');
    const ski = await skiOf(key);
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: CA_SERIAL,
      subject: dn(SIM_LICENCE_CA_CN),
      issuer: dn(SIM_LICENCE_CA_CN),
      notBefore: NOT_BEFORE,
      notAfter: NOT_AFTER,
      publicKey: await importKey(key, 'public', 'SHA-256'),
      signingKey: await importKey(key, 'private', 'SHA-256'),
      extensions: [
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        new x509.SubjectKeyIdentifierExtension(toHex(ski)),
      ],
    });
    return new Uint8Array(cert.rawData);
  })();
  return caPromise;
}

/** A signer's certificate, issued by the simulator CA (the rogue one too: it is simply never imported). */
export function simLicenceSigner(id: LicenceSignerId): Promise<IssuedSigner> {
  let p = signerCache.get(id);
  if (!p) {
    p = (async () => {
      const spec = SIGNERS[id];
      const key = licenceIssuerKey(id);
      const ca = licenceIssuerKey('licence-ca');
      const ski = await skiOf(key);
      const caSki = await skiOf(ca);
      const cert = await x509.X509CertificateGenerator.create({
        serialNumber: spec.serialHex,
        subject: dn(spec.commonName),
        issuer: dn(SIM_LICENCE_CA_CN),
        notBefore: NOT_BEFORE,
        notAfter: NOT_AFTER,
        publicKey: await importKey(key, 'public', 'SHA-256'),
        signingKey: await importKey(ca, 'private', 'SHA-256'),
        extensions: [
          new x509.BasicConstraintsExtension(false, undefined, true),
          new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true),
          new x509.SubjectKeyIdentifierExtension(toHex(ski)),
          new x509.AuthorityKeyIdentifierExtension(toHex(caSki)),
        ],
      });
      await simLicenceCaCertificate();
      return { id, certificate: new Uint8Array(cert.rawData), serialHex: spec.serialHex, issuerCn: SIM_LICENCE_CA_CN, subjectCn: spec.commonName, subjectKeyId: ski };
    })();
    signerCache.set(id, p);
  }
  return p;
}

function toHex(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += x.toString(16).padStart(2, '0');
  return s;
}

/**
 * The certificates an operator would import in simulator trust mode: both genuine signers (not the
 * rogue). Supplied to the verifier by the caller, so verify/ never imports the simulator.
 */
export async function simulatorLicenceIssuerCertificates(): Promise<Uint8Array[]> {
  return Promise.all([simLicenceSigner('licence-issuer-1'), simLicenceSigner('licence-issuer-2')]).then((s) => s.map((x) => x.certificate));
}
