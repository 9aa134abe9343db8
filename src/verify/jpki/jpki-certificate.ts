/**
 * A JPKI certificate (leaf or root) decoded once, with the extensions the checks need already
 * interpreted. Pure and synchronous; throws JpkiVerifyError('jpki-malformed'). The structure is
 * the verifier's one certificate reading (../der/certificate.ts), so the security checks run on
 * bytes we walked ourselves; pkijs runs afterwards as a second opinion (jpki-pkijs-engine.ts).
 */
import { copyBytes } from '../../bytes/byte-ops';
import { toHex } from '../../bytes/hex';
import { x509 } from '../x509-setup';
import {
  decodeAuthorityKeyId,
  decodeBasicConstraints,
  decodeCertificatePolicies,
  decodeKeyUsage,
  decodeSubjectKeyId,
  type KeyUsageName,
} from './extension-values';
import type { Certificate, CertificateExtension } from '../der/certificate';
import { JpkiVerifyError } from './jpki-errors';
import { decodeCertificate } from './x509-v3';

export { decodeCertificate };
import { EXT, RSA_PKCS1_SIGNATURE_HASH } from './jpki-oids';
import { displaySafe } from './safe-text';

export interface ParsedJpkiCertificate {
  /** The DER as given (a private copy). */
  readonly raw: Uint8Array;
  readonly serialHex: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** RFC 4514-style strings for people (unsafe characters replaced). */
  readonly subject: string;
  readonly issuer: string;
  /** DER SubjectPublicKeyInfo. */
  readonly spki: Uint8Array;
  readonly signatureAlgorithmOid: string;
  readonly subjectKeyIdHex?: string;
  readonly authorityKeyIdHex?: string;
  readonly keyUsage?: { readonly critical: boolean; readonly usages: readonly KeyUsageName[] };
  readonly basicConstraints?: { readonly critical: boolean; readonly ca: boolean; readonly pathLen?: number };
  readonly policies?: { readonly critical: boolean; readonly oids: readonly string[] };
  readonly extensions: readonly { readonly oid: string; readonly critical: boolean }[];
  /** Structural decoding (signed bytes, signature, raw names) for the chain checks. */
  readonly decoded: Certificate;
}


/** DN → string for display only; never compared. */
export function nameToString(der: Uint8Array): string {
  try {
    return displaySafe(new x509.Name(copyBytes(der)).toString(), 400);
  } catch {
    return `(unreadable name ${toHex(der.subarray(0, 16))}…)`;
  }
}

function decodeWith<T>(ext: CertificateExtension | undefined, f: (v: Uint8Array) => T): (T & { critical: boolean }) | undefined {
  if (!ext) return undefined;
  return { ...f(ext.value), critical: ext.critical };
}

export function parseJpkiCertificate(der: Uint8Array): ParsedJpkiCertificate {
  if (!(der instanceof Uint8Array) || der.length === 0) {
    throw new JpkiVerifyError('jpki-malformed', 'certificate: no bytes');
  }
  const d = decodeCertificate(copyBytes(der));
  const signatureAlgorithmOid = d.signatureAlgorithm.oid;
  if (!RSA_PKCS1_SIGNATURE_HASH[signatureAlgorithmOid]) {
    // JPKI certificates are sha256WithRSAEncryption (spec §4.4); we verify nothing else.
    throw new JpkiVerifyError('jpki-malformed', `certificate: unsupported signature algorithm ${signatureAlgorithmOid}`);
  }
  const ski = d.extensions.get(EXT.subjectKeyIdentifier);
  const aki = d.extensions.get(EXT.authorityKeyIdentifier);
  const subjectKeyIdHex = ski ? decodeSubjectKeyId(ski.value) : undefined;
  const authorityKeyIdHex = aki ? decodeAuthorityKeyId(aki.value) : undefined;
  const keyUsage = decodeWith(d.extensions.get(EXT.keyUsage), (v) => ({ usages: decodeKeyUsage(v) }));
  const basicConstraints = decodeWith(d.extensions.get(EXT.basicConstraints), decodeBasicConstraints);
  const policies = decodeWith(d.extensions.get(EXT.certificatePolicies), (v) => ({ oids: decodeCertificatePolicies(v) }));
  return {
    raw: d.raw,
    serialHex: toHex(d.serial),
    notBefore: new Date(d.notBefore),
    notAfter: new Date(d.notAfter),
    subject: nameToString(d.subjectName),
    issuer: nameToString(d.issuerName),
    spki: d.spki,
    signatureAlgorithmOid,
    ...(subjectKeyIdHex ? { subjectKeyIdHex } : {}),
    ...(authorityKeyIdHex ? { authorityKeyIdHex } : {}),
    ...(keyUsage ? { keyUsage } : {}),
    ...(basicConstraints ? { basicConstraints } : {}),
    ...(policies ? { policies } : {}),
    extensions: [...d.extensions.values()].map((e) => ({ oid: e.oid, critical: e.critical })),
    decoded: d,
  };
}
