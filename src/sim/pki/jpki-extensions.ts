/**
 * X.509 extension builders for the simulated JPKI hierarchy (spec §4.4, §6.3). Where
 * @peculiar/x509 has a class we use it; directoryName GeneralNames, otherNames, policies, CRL DP
 * and AIA are built with @peculiar/asn1-x509 and wrapped as raw `x509.Extension`s.
 */
import { AsnConvert } from '@peculiar/asn1-schema';
import {
  AccessDescription,
  AuthorityInfoAccessSyntax,
  CertificatePolicies,
  CRLDistributionPoints,
  DistributionPoint,
  DistributionPointName,
  GeneralName,
  GeneralNames,
  OtherName,
  PolicyInformation,
  PolicyQualifierInfo,
  id_ad_ocsp,
  id_kp_OCSPSigning,
  id_pe_authorityInfoAccess,
  id_pkix,
} from '@peculiar/asn1-x509';
import { SimPkiError } from './errors';
import { buildName, type DnSpec } from './sim-names';
import { tlv } from './cv-tlv';
import { x509 } from './x509-setup';

/** Extension OIDs used here (RFC 5280 §4.2, RFC 6960 §4.2.2.2.1). */
export const EXT_OID = {
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  issuerAltName: '2.5.29.18',
  basicConstraints: '2.5.29.19',
  crlDistributionPoints: '2.5.29.31',
  certificatePolicies: '2.5.29.32',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  authorityInfoAccess: id_pe_authorityInfoAccess,
  ocspNoCheck: '1.3.6.1.5.5.7.48.1.5',
} as const;

/** JPKI certificate policy OIDs (spec §4.4). */
export const JPKI_POLICY_OID = {
  sign: '1.2.392.200149.8.5.1.1.20',
  auth: '1.2.392.200149.8.5.1.3.30',
} as const;

export const ID_KP_OCSP_SIGNING = id_kp_OCSPSigning;
const ID_QT_CPS = `${id_pkix}.2.1`;

export type KeyUsageName =
  | 'digitalSignature'
  | 'nonRepudiation'
  | 'keyEncipherment'
  | 'dataEncipherment'
  | 'keyAgreement'
  | 'keyCertSign'
  | 'cRLSign'
  | 'encipherOnly'
  | 'decipherOnly';

function raw(oid: string, critical: boolean, value: ArrayBuffer | Uint8Array): x509.Extension {
  const bytes = value instanceof Uint8Array ? value : new Uint8Array(value);
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return new x509.Extension(oid, critical, copy);
}

/** keyUsage; critical by default as in every JPKI cert (spec §4.4, §6.3). */
export function keyUsageExtension(usages: readonly KeyUsageName[], critical = true): x509.Extension {
  let flags = 0;
  for (const u of usages) flags |= x509.KeyUsageFlags[u];
  return new x509.KeyUsagesExtension(flags, critical);
}

/** basicConstraints CA:TRUE (no pathLen), critical (spec §6.3). */
export function caBasicConstraintsExtension(): x509.Extension {
  return new x509.BasicConstraintsExtension(true, undefined, true);
}

/** SKI = SHA-1 of the subjectPublicKey BIT STRING (RFC 5280 §4.2.1.2 method 1). */
export async function subjectKeyIdentifierExtension(
  publicKey: CryptoKey,
): Promise<x509.SubjectKeyIdentifierExtension> {
  return x509.SubjectKeyIdentifierExtension.create(publicKey, false, globalThis.crypto);
}

/** AKI carrying only keyIdentifier (hex of the issuer's SKI). */
export function authorityKeyIdentifierExtension(keyIdHex: string): x509.Extension {
  return new x509.AuthorityKeyIdentifierExtension(keyIdHex, false);
}

function directoryName(dn: DnSpec): GeneralName {
  return new GeneralName({ directoryName: buildName(dn) });
}

/** subjectAltName with one directoryName (roots: `C=JP, O=公的個人認証サービス…`, spec §6.3). */
export function subjectAltNameDirectoryExtension(dn: DnSpec): x509.Extension {
  return raw(EXT_OID.subjectAltName, false, AsnConvert.serialize(new GeneralNames([directoryName(dn)])));
}

/** issuerAltName with one directoryName (leaves, spec §4.4). */
export function issuerAltNameDirectoryExtension(dn: DnSpec): x509.Extension {
  return raw(EXT_OID.issuerAltName, false, AsnConvert.serialize(new GeneralNames([directoryName(dn)])));
}

export interface OtherNameEntry {
  oid: string;
  /** Encoded as `[0] EXPLICIT UTF8String` (spec §4.5). */
  value: string;
}

/** subjectAltName made of otherNames `[0] { OID, [0] EXPLICIT UTF8String }` (spec §4.5). */
export function otherNamesSubjectAltNameExtension(
  entries: readonly OtherNameEntry[],
  critical = false,
): x509.Extension {
  const names = entries.map((e) => {
    const utf8 = tlv([0x0c], new TextEncoder().encode(e.value));
    const inner = new Uint8Array(utf8.length);
    inner.set(utf8);
    return new GeneralName({ otherName: new OtherName({ typeId: e.oid, value: inner.buffer }) });
  });
  return raw(EXT_OID.subjectAltName, critical, AsnConvert.serialize(new GeneralNames(names)));
}

export interface CrlDistributionPointSpec {
  /** directoryName form: the CA's own DN for roots, a per-municipality name for leaves (§4.4). */
  directoryName?: DnSpec;
  /** Extra fullName URIs for the same CRL (e.g. an http URL the verifier's CRL client fetches). */
  uris?: readonly string[];
}

/**
 * One DistributionPoint whose fullName lists every given name: RFC 5280 §4.2.1.13 says several
 * names in one fullName are alternative ways to reach the same CRL.
 */
export function crlDistributionPointsExtension(spec: CrlDistributionPointSpec): x509.Extension {
  const fullName: GeneralName[] = [];
  if (spec.directoryName) fullName.push(directoryName(spec.directoryName));
  for (const uri of spec.uris ?? []) fullName.push(new GeneralName({ uniformResourceIdentifier: uri }));
  if (fullName.length === 0) {
    throw new SimPkiError('sim-cert-bad-params', 'CRL distribution point needs at least one name');
  }
  const dp = new DistributionPoint({ distributionPoint: new DistributionPointName({ fullName }) });
  return raw(EXT_OID.crlDistributionPoints, false, AsnConvert.serialize(new CRLDistributionPoints([dp])));
}

/**
 * certificatePolicies. J-LIS marks it critical and adds a CPS qualifier (J-LIS profile v3.2 as
 * cited by susumutomita/ZeroKeyMate; not in our spec table) — the simulator does the same, with
 * a simulator CPS URI instead of jpki.go.jp.
 */
export function certificatePoliciesExtension(
  policyOids: readonly string[],
  options: { critical?: boolean; cpsUri?: string } = {},
): x509.Extension {
  const infos = policyOids.map((oid) => {
    const info = new PolicyInformation({ policyIdentifier: oid });
    if (options.cpsUri) {
      const ia5 = tlv([0x16], new TextEncoder().encode(options.cpsUri));
      const q = new Uint8Array(ia5.length);
      q.set(ia5);
      info.policyQualifiers = [new PolicyQualifierInfo({ policyQualifierId: ID_QT_CPS, qualifier: q.buffer })];
    }
    return info;
  });
  return raw(
    EXT_OID.certificatePolicies,
    options.critical ?? true,
    AsnConvert.serialize(new CertificatePolicies(infos)),
  );
}

/** authorityInfoAccess with one id-ad-ocsp URI (presence in real certs UNCONFIRMED, §4.4). */
export function ocspAiaExtension(url: string): x509.Extension {
  const aia = new AuthorityInfoAccessSyntax([
    new AccessDescription({
      accessMethod: id_ad_ocsp,
      accessLocation: new GeneralName({ uniformResourceIdentifier: url }),
    }),
  ]);
  return raw(EXT_OID.authorityInfoAccess, false, AsnConvert.serialize(aia));
}

/** extKeyUsage id-kp-OCSPSigning (RFC 6960 §4.2.2.2). */
export function ocspSigningEkuExtension(critical = false): x509.Extension {
  return new x509.ExtendedKeyUsageExtension([ID_KP_OCSP_SIGNING], critical);
}

/** id-pkix-ocsp-nocheck, value NULL (RFC 6960 §4.2.2.2.1). */
export function ocspNoCheckExtension(): x509.Extension {
  return raw(EXT_OID.ocspNoCheck, false, Uint8Array.of(0x05, 0x00));
}
