/**
 * Mint the simulator's JPKI X.509 v3 certificates with @peculiar/x509 (spec §4.3–§4.5, §6.3):
 * self-signed roots (sign/auth, any generation — all generations share one DN, §4.3), 署名用 and
 * 利用者証明用 end-entity certificates, and delegated OCSP responder certificates.
 *
 * Everything is a parameter (serial, dates, keys, issuer), and RSASSA-PKCS1-v1_5 is
 * deterministic, so the same inputs always give the same DER. The names are simulator names
 * (sim-names.ts) and can never chain to J-LIS roots.
 */
import { AsnConvert } from '@peculiar/asn1-schema';
import { copyBytes } from '../../bytes/byte-ops';
import { SimPkiError } from './errors';
import {
  EXT_OID,
  JPKI_POLICY_OID,
  authorityKeyIdentifierExtension,
  caBasicConstraintsExtension,
  certificatePoliciesExtension,
  crlDistributionPointsExtension,
  issuerAltNameDirectoryExtension,
  keyUsageExtension,
  ocspAiaExtension,
  ocspNoCheckExtension,
  ocspSigningEkuExtension,
  subjectAltNameDirectoryExtension,
  subjectKeyIdentifierExtension,
  type KeyUsageName,
} from './jpki-extensions';
import { jpkiPersonalSubjectAltName, type JpkiPersonalAttributes } from './jpki-san';
import {
  buildName,
  simAuthSubjectDn,
  simCrlDpDn,
  simOcspResponderDn,
  simRootDn,
  simServiceNameDn,
  simSignSubjectDn,
  type DnSpec,
  type JpkiPurpose,
  type Municipality,
} from './sim-names';
import { importPrivateKey, importPublicKey, type SimKeyPair } from './sim-keys';
import { x509 } from './x509-setup';

export { toPem } from './pem';

/** Simulator CPS URI for the certificatePolicies qualifier (".invalid" never resolves). */
export const SIM_CPS_URI = 'https://kazasu.invalid/sim/jpki/cps';

/** Serial and validity: always explicit, so output is deterministic. */
export interface CertValidityParams {
  /** Positive serial as 1–40 hex digits, not all zero, e.g. "9A0001" (DER adds 00 if the top bit is set). */
  serialHex: string;
  notBefore: Date;
  notAfter: Date;
}

/** Knobs for forgery / robustness tests. Applied after the profile's defaults. */
export interface ExtensionOverrides {
  /** Replace the profile's keyUsage bits (still critical). */
  keyUsage?: readonly KeyUsageName[];
  /** Replace the profile's policy OIDs; [] drops certificatePolicies. */
  policies?: readonly string[];
  /** Extension OIDs to drop (see EXT_OID). */
  omitExtensions?: readonly string[];
  /** Added at the end; one whose OID is already present replaces that extension in place. */
  extraExtensions?: readonly x509.Extension[];
}

/** The CA that signs: its private key and its certificate (for issuer DN and AKI). */
export interface IssuerRef {
  key: SimKeyPair;
  certificate: Uint8Array;
}

interface SignParams extends CertValidityParams {
  subject: DnSpec;
  /** Issuer Name; for self-signed roots the subject. */
  issuerName: x509.Name;
  subjectKey: SimKeyPair;
  signerKey: SimKeyPair;
  extensions: x509.Extension[];
}

function checkValidity(p: CertValidityParams): void {
  if (!/^[0-9a-fA-F]{1,40}$/.test(p.serialHex) || /^0+$/.test(p.serialHex)) {
    throw new SimPkiError('sim-cert-bad-params', `serial must be 1–40 hex digits, not all zero, got "${p.serialHex}"`);
  }
  for (const [name, d] of [['notBefore', p.notBefore], ['notAfter', p.notAfter]] as const) {
    if (!(d instanceof Date) || Number.isNaN(d.getTime())) {
      throw new SimPkiError('sim-cert-bad-params', `${name} is not a valid Date`);
    }
  }
}

function applyOverrides(exts: x509.Extension[], o: ExtensionOverrides): x509.Extension[] {
  const omit = new Set(o.omitExtensions ?? []);
  const out = exts.filter((e) => !omit.has(e.type));
  for (const extra of o.extraExtensions ?? []) {
    const i = out.findIndex((e) => e.type === extra.type);
    if (i >= 0) out[i] = extra;
    else out.push(extra);
  }
  return out;
}

function policiesOrNone(defaults: readonly string[], o: ExtensionOverrides): x509.Extension[] {
  const oids = o.policies ?? defaults;
  return oids.length ? [certificatePoliciesExtension(oids, { cpsUri: SIM_CPS_URI })] : [];
}

async function signCertificate(p: SignParams): Promise<Uint8Array<ArrayBuffer>> {
  checkValidity(p);
  const serialHex = p.serialHex.length % 2 ? `0${p.serialHex}` : p.serialHex;
  const cert = await x509.X509CertificateGenerator.create(
    {
      serialNumber: serialHex,
      subject: new x509.Name(AsnConvert.serialize(buildName(p.subject))),
      issuer: p.issuerName,
      notBefore: p.notBefore,
      notAfter: p.notAfter,
      publicKey: await importPublicKey(p.subjectKey),
      signingKey: await importPrivateKey(p.signerKey),
      extensions: p.extensions,
    },
    globalThis.crypto,
  );
  return new Uint8Array(cert.rawData);
}

interface ParsedIssuer {
  name: x509.Name;
  keyIdHex: string;
}

async function parseIssuer(issuer: IssuerRef): Promise<ParsedIssuer> {
  let cert: x509.X509Certificate;
  try {
    cert = new x509.X509Certificate(copyBytes(issuer.certificate));
  } catch (cause) {
    throw new SimPkiError('sim-cert-bad-params', 'issuer certificate is not DER X.509', { cause });
  }
  const ski = cert.getExtension(x509.SubjectKeyIdentifierExtension);
  // An issuer without SKI (forgery tests): derive the id from its key (RFC 5280 §4.2.1.2 method 1).
  const keyIdHex = ski?.keyId ?? (await subjectKeyIdentifierExtension(await importPublicKey(issuer.key))).keyId;
  return { name: new x509.Name(cert.subjectName.toArrayBuffer()), keyIdHex };
}

// ---------------------------------------------------------------------------------------------
// Roots (spec §6.2/§6.3)

export interface MintJpkiRootParams extends CertValidityParams, ExtensionOverrides {
  purpose: JpkiPurpose;
  /** e.g. simKey('jpki-sign-root') or simKey('jpki-sign-root-gen2') — same DN either way. */
  key: SimKeyPair;
}

/**
 * Self-signed root: subject = issuer = simRootDn(purpose); basicConstraints critical CA:TRUE;
 * keyUsage critical keyCertSign+cRLSign; SKI; subjectAltName directoryName
 * `C=JP, O=公的個人認証サービス（シミュレータ）`; CRL DP directoryName = own DN (ARL).
 */
export async function mintJpkiRootCertificate(p: MintJpkiRootParams): Promise<Uint8Array<ArrayBuffer>> {
  const dn = simRootDn(p.purpose);
  const name = new x509.Name(AsnConvert.serialize(buildName(dn)));
  const exts = [
    caBasicConstraintsExtension(),
    keyUsageExtension(p.keyUsage ?? ['keyCertSign', 'cRLSign']),
    await subjectKeyIdentifierExtension(await importPublicKey(p.key)),
    subjectAltNameDirectoryExtension(simServiceNameDn()),
    crlDistributionPointsExtension({ directoryName: dn }),
    ...policiesOrNone([], p),
  ];
  return signCertificate({
    ...p,
    subject: dn,
    issuerName: name,
    subjectKey: p.key,
    signerKey: p.key,
    extensions: applyOverrides(exts, p),
  });
}

// ---------------------------------------------------------------------------------------------
// End entities (spec §4.4)

interface LeafCommonParams extends CertValidityParams, ExtensionOverrides {
  issuer: IssuerRef;
  /** The card's key, e.g. cardKeyFor(seed, 'jpki-sign'). */
  subjectKey: SimKeyPair;
  /** Romanised prefecture and city: 署名用 subject L=…, and the CRL DP partition name. */
  municipality: Municipality;
  /** Opaque serial-like CN, e.g. "9SIM0001SIGN13221003A". */
  commonName: string;
  /** Optional http(s) URL added to the CRL DP's fullName (the verifier's CRL client fetches it). */
  crlUrl?: string;
  /** Optional AIA OCSP URL. */
  ocspUrl?: string;
}

export type MintJpkiSignParams = LeafCommonParams & {
  personal: JpkiPersonalAttributes;
};
export type MintJpkiAuthParams = LeafCommonParams;

function leafExtensions(
  purpose: JpkiPurpose,
  p: LeafCommonParams,
  issuer: ParsedIssuer,
  keyUsage: readonly KeyUsageName[],
  subjectAltName: x509.Extension[],
): x509.Extension[] {
  const exts = [
    keyUsageExtension(p.keyUsage ?? keyUsage),
    ...policiesOrNone([JPKI_POLICY_OID[purpose]], p),
    ...subjectAltName,
    issuerAltNameDirectoryExtension(simServiceNameDn()),
    crlDistributionPointsExtension({
      directoryName: simCrlDpDn(purpose, p.municipality),
      uris: p.crlUrl ? [p.crlUrl] : [],
    }),
    ...(p.ocspUrl ? [ocspAiaExtension(p.ocspUrl)] : []),
    authorityKeyIdentifierExtension(issuer.keyIdHex),
  ];
  return applyOverrides(exts, p);
}

/**
 * 署名用 certificate: subject `C=JP, L=<pref>, L=<city>, CN=<id>`; keyUsage critical
 * digitalSignature+nonRepudiation; policy 1.2.392.200149.8.5.1.1.20 (critical, CPS qualifier);
 * SAN otherNames .5.5.1–.6 (§4.5); issuerAltName; CRL DP; optional AIA; AKI = issuer SKI.
 */
export async function mintJpkiSignCertificate(p: MintJpkiSignParams): Promise<Uint8Array<ArrayBuffer>> {
  const issuer = await parseIssuer(p.issuer);
  const exts = leafExtensions('sign', p, issuer, ['digitalSignature', 'nonRepudiation'], [
    jpkiPersonalSubjectAltName(p.personal),
  ]);
  return signCertificate({
    ...p,
    subject: simSignSubjectDn(p.municipality, p.commonName),
    issuerName: issuer.name,
    signerKey: p.issuer.key,
    extensions: exts,
  });
}

/**
 * 利用者証明用 certificate: subject `C=JP, CN=<id>`; keyUsage critical digitalSignature; policy
 * 1.2.392.200149.8.5.1.3.30; no personal SAN; issuerAltName; CRL DP; optional AIA; AKI.
 */
export async function mintJpkiAuthCertificate(p: MintJpkiAuthParams): Promise<Uint8Array<ArrayBuffer>> {
  const issuer = await parseIssuer(p.issuer);
  const exts = leafExtensions('auth', p, issuer, ['digitalSignature'], []);
  return signCertificate({
    ...p,
    subject: simAuthSubjectDn(p.commonName),
    issuerName: issuer.name,
    signerKey: p.issuer.key,
    extensions: exts,
  });
}

// ---------------------------------------------------------------------------------------------
// Delegated OCSP responder (RFC 6960 §4.2.2.2)

export interface MintOcspResponderParams extends CertValidityParams, ExtensionOverrides {
  issuer: IssuerRef;
  /** e.g. simKey('ocsp-responder'). */
  subjectKey: SimKeyPair;
  /** Selects the OU of the responder's DN. */
  purpose: JpkiPurpose;
  commonName?: string;
  /** Add id-pkix-ocsp-nocheck (default true). */
  noCheck?: boolean;
}

/** keyUsage critical digitalSignature; EKU id-kp-OCSPSigning; optional ocsp-nocheck; AKI. */
export async function mintOcspResponderCertificate(
  p: MintOcspResponderParams,
): Promise<Uint8Array<ArrayBuffer>> {
  const issuer = await parseIssuer(p.issuer);
  const exts = [
    keyUsageExtension(p.keyUsage ?? ['digitalSignature']),
    ocspSigningEkuExtension(),
    ...(p.noCheck ?? true ? [ocspNoCheckExtension()] : []),
    ...policiesOrNone([], p),
    authorityKeyIdentifierExtension(issuer.keyIdHex),
  ];
  return signCertificate({
    ...p,
    subject: simOcspResponderDn(p.purpose, p.commonName ?? 'Kazasu Simulator OCSP Responder'),
    issuerName: issuer.name,
    signerKey: p.issuer.key,
    extensions: applyOverrides(exts, p),
  });
}

export { EXT_OID };
