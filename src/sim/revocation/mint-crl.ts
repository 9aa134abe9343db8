/**
 * Mint simulator CRLs (RFC 5280 §5) with our own DER writer and WebCrypto RSA signatures.
 * Everything is a parameter: issuer certificate (its subject becomes the CRL issuer), signing
 * key (the issuer's, or a rogue one for wrong-signer tests), entries with reason codes, times,
 * CRL number and an optional IssuingDistributionPoint. SIMULATOR ONLY.
 */
import { copyBytes } from '../../bytes/byte-ops';
import type { SimKeyPair } from '../pki/sim-keys';
import { simCertParts } from './cert-parts';
import {
  enumerated,
  explicit,
  extension,
  generalizedTime,
  integerFromHex,
  integerSmall,
  NULL,
  oid,
  seq,
  tlv,
  tlvOf,
  time,
  bitString,
} from './der-writer';
import { SimRevocationError } from './sim-revocation-error';

/** RFC 5280 §5.3.1 CRLReason names. */
export const SIM_CRL_REASONS = {
  unspecified: 0,
  keyCompromise: 1,
  cACompromise: 2,
  affiliationChanged: 3,
  superseded: 4,
  cessationOfOperation: 5,
  certificateHold: 6,
  removeFromCRL: 8,
  privilegeWithdrawn: 9,
  aACompromise: 10,
} as const;
export type SimCrlReason = keyof typeof SIM_CRL_REASONS;

export interface CrlEntrySpec {
  /** Positive serial as hex (the minted INTEGER gets a 00 sign octet when needed). */
  readonly serialHex: string;
  readonly revokedAt: Date;
  readonly reason?: SimCrlReason;
  readonly invalidityDate?: Date;
  /** Extra entry extensions (e.g. an unknown critical one for robustness tests). */
  readonly extensions?: readonly { oid: string; critical: boolean; value: Uint8Array }[];
}

export type CrlSignatureHash = 'SHA-256' | 'SHA-384' | 'SHA-512';

export interface MintCrlParams {
  /** The CA the CRL claims to be from: its subject Name becomes the CRL issuer. */
  readonly issuer: { readonly certificate: Uint8Array };
  /** The key that signs (normally the issuer's own; another key for wrong-signer variants). */
  readonly signerKey: SimKeyPair;
  readonly thisUpdate: Date;
  /** null omits nextUpdate. */
  readonly nextUpdate: Date | null;
  readonly entries: readonly CrlEntrySpec[];
  readonly crlNumber?: number | bigint;
  readonly hash?: CrlSignatureHash;
  /** Add an IssuingDistributionPoint naming these URIs / directory names (Name DER). */
  readonly issuingDistributionPoint?: { readonly uris?: readonly string[]; readonly directoryNames?: readonly Uint8Array[] };
  /** Extra CRL extensions (e.g. deltaCRLIndicator or an unknown critical one). */
  readonly extraExtensions?: readonly { oid: string; critical: boolean; value: Uint8Array }[];
  /** Replace the issuer Name bytes (wrong-issuer tests). */
  readonly issuerNameOverride?: Uint8Array;
}

const SIGNATURE_OIDS: Readonly<Record<CrlSignatureHash, string>> = {
  'SHA-256': '1.2.840.113549.1.1.11',
  'SHA-384': '1.2.840.113549.1.1.12',
  'SHA-512': '1.2.840.113549.1.1.13',
};

const OID = {
  crlNumber: '2.5.29.20',
  issuingDistributionPoint: '2.5.29.28',
  reasonCode: '2.5.29.21',
  invalidityDate: '2.5.29.24',
} as const;

function entryDer(e: CrlEntrySpec): Uint8Array {
  const exts: Uint8Array[] = [];
  if (e.reason !== undefined) {
    const code = SIM_CRL_REASONS[e.reason];
    if (code === undefined) throw new SimRevocationError('sim-crl-bad-params', `unknown reason ${String(e.reason)}`);
    exts.push(extension(OID.reasonCode, false, enumerated(code)));
  }
  if (e.invalidityDate) exts.push(extension(OID.invalidityDate, false, generalizedTime(e.invalidityDate)));
  for (const x of e.extensions ?? []) exts.push(extension(x.oid, x.critical, x.value));
  const parts = [integerFromHex(e.serialHex), time(e.revokedAt)];
  if (exts.length) parts.push(tlvOf(0x30, exts));
  return tlvOf(0x30, parts);
}

function idpDer(idp: NonNullable<MintCrlParams['issuingDistributionPoint']>): Uint8Array {
  const names: Uint8Array[] = [];
  for (const dn of idp.directoryNames ?? []) names.push(tlv(0xa4, dn)); // directoryName [4] EXPLICIT Name
  for (const uri of idp.uris ?? []) names.push(tlv(0x86, new TextEncoder().encode(uri))); // URI [6] IA5String
  // distributionPoint [0] { fullName [0] GeneralNames }
  return seq(explicit(0, tlvOf(0xa0, names)));
}

async function signingKey(key: SimKeyPair, hash: CrlSignatureHash): Promise<CryptoKey> {
  return globalThis.crypto.subtle.importKey('jwk', key.privateJwk, { name: 'RSASSA-PKCS1-v1_5', hash }, false, ['sign']);
}

/** The DER tbsCertList (exported so tests can re-sign or tamper with it). */
export function crlTbsDer(p: MintCrlParams): Uint8Array {
  const hash = p.hash ?? 'SHA-256';
  const algId = seq(oid(SIGNATURE_OIDS[hash]), NULL);
  const issuerName = p.issuerNameOverride ?? simCertParts(p.issuer.certificate).subjectName;
  const exts: Uint8Array[] = [];
  if (p.crlNumber !== undefined) exts.push(extension(OID.crlNumber, false, integerSmall(p.crlNumber)));
  if (p.issuingDistributionPoint) exts.push(extension(OID.issuingDistributionPoint, true, idpDer(p.issuingDistributionPoint)));
  for (const x of p.extraExtensions ?? []) exts.push(extension(x.oid, x.critical, x.value));
  const fields: Uint8Array[] = [integerSmall(1), algId, issuerName, time(p.thisUpdate)];
  if (p.nextUpdate) fields.push(time(p.nextUpdate));
  if (p.entries.length) fields.push(tlvOf(0x30, p.entries.map(entryDer)));
  if (exts.length) fields.push(explicit(0, tlvOf(0x30, exts)));
  return tlvOf(0x30, fields);
}

/** Sign `tbs` and wrap it as a CertificateList. */
export async function signCrl(tbs: Uint8Array, signerKey: SimKeyPair, hash: CrlSignatureHash = 'SHA-256'): Promise<Uint8Array> {
  const key = await signingKey(signerKey, hash);
  const sig = new Uint8Array(await globalThis.crypto.subtle.sign('RSASSA-PKCS1-v1_5', key, copyBytes(tbs)));
  return seq(tbs, seq(oid(SIGNATURE_OIDS[hash]), NULL), bitString(sig));
}

export async function mintCrl(p: MintCrlParams): Promise<Uint8Array> {
  for (const [what, d] of [['thisUpdate', p.thisUpdate], ['nextUpdate', p.nextUpdate]] as const) {
    if (d !== null && (!(d instanceof Date) || Number.isNaN(d.getTime()))) {
      throw new SimRevocationError('sim-crl-bad-params', `${what} is not a valid Date`);
    }
  }
  return signCrl(crlTbsDer(p), p.signerKey, p.hash ?? 'SHA-256');
}
