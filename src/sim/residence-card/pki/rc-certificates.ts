/**
 * The residence-card simulator's X.509 certificates: a self-signed CA per generation (the role of
 * MOJ's "ZairyuCard CA" / "ZairyuCard CA2") and the card certificate (DB / DD) it issues.
 * Generation 1: RSA-2048, sha256WithRSAEncryption (both keys RSA like the MOJ CA and 在留カード等
 * 仕様書 §3.4.3.1). Generation 2: P-384, ecdsa-with-SHA256 (the published CA2 is ecdsa-with-SHA256
 * on P-384, updates-2026-12.md §1.3).
 *
 * Built with @peculiar/asn1-x509 and signed here (WebCrypto RSASSA-PKCS1-v1_5, which is
 * deterministic; @noble/curves P-384 with RFC 6979 nonces), so the same inputs always give the
 * same DER. Every name says "Kazasu Simulator … not MOJ": nothing here can chain to a MOJ CA.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { p384 } from '@noble/curves/nist.js';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier,
  AuthorityKeyIdentifier,
  BasicConstraints,
  Certificate,
  Extension,
  Extensions,
  KeyIdentifier,
  KeyUsage,
  KeyUsageFlags,
  SubjectKeyIdentifier,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Validity,
  Version,
  id_ce_authorityKeyIdentifier,
  id_ce_basicConstraints,
  id_ce_keyUsage,
  id_ce_subjectKeyIdentifier,
} from '@peculiar/asn1-x509';
import { sha1 } from '@noble/hashes/legacy.js';
import { SimPkiError } from '../../pki/errors';
import { buildName, type DnSpec } from '../../pki/sim-names';
import { spkiOf, type RcKey } from './rc-sim-keys';

export type RcGeneration = 1 | 2;

const SHA256_WITH_RSA = '1.2.840.113549.1.1.11';
const ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';

/**
 * Kept short on purpose: a generation-2 card certificate must fit DD's 602 bytes (real ones are
 * 598–599, eringoio docs/specs/moj), and both names end up in it.
 */
export const RC_SIM_ORGANIZATION = 'Kazasu Simulator (not MOJ)';

export function rcSimCaDn(generation: RcGeneration, commonName?: string): DnSpec {
  return [
    ['C', 'JP'],
    ['O', RC_SIM_ORGANIZATION],
    ['CN', commonName ?? `Kazasu Simulator ZairyuCard CA gen ${generation}`],
  ];
}

export function rcSimSignerDn(generation: RcGeneration, serialHex: string): DnSpec {
  return [
    ['C', 'JP'],
    ['O', RC_SIM_ORGANIZATION],
    ['CN', `Kazasu Simulator card gen ${generation} ${serialHex}`],
  ];
}

export interface MintParams {
  readonly subject: DnSpec;
  readonly issuer: DnSpec;
  readonly subjectKey: RcKey;
  readonly issuerKey: RcKey;
  readonly serialHex: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly ca: boolean;
  /** Subject key id of the issuer, for the AKI (leaf certificates). */
  readonly authorityKeyId?: Uint8Array;
}

function extension(oid: string, critical: boolean, value: unknown): Extension {
  return new Extension({ extnID: oid, critical, extnValue: new OctetString(AsnConvert.serialize(value)) });
}

/** SKI = SHA-1 of the subjectPublicKey BIT STRING (RFC 5280 §4.2.1.2 method 1). */
export function keyIdOfSpki(spkiDer: Uint8Array): Uint8Array {
  const spki = AsnConvert.parse(spkiDer, SubjectPublicKeyInfo);
  return sha1(new Uint8Array(spki.subjectPublicKey));
}

function serialBytes(hex: string): ArrayBuffer {
  if (!/^[0-9a-fA-F]{1,40}$/.test(hex) || /^0+$/.test(hex)) throw new SimPkiError('sim-cert-bad-params', `bad serial "${hex}"`);
  const even = hex.length % 2 ? `0${hex}` : hex;
  const bytes = Uint8Array.from(even.match(/../g)!.map((h) => parseInt(h, 16)));
  const out = (bytes[0]! & 0x80) !== 0 ? Uint8Array.of(0, ...bytes) : bytes;
  return out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength) as ArrayBuffer;
}

/** Sign `tbs` with the issuer's key the way the generation does. */
async function signTbs(issuerKey: RcKey, tbs: Uint8Array): Promise<Uint8Array> {
  if (issuerKey.kind === 'rsa') {
    const k = await globalThis.crypto.subtle.importKey('jwk', issuerKey.privateJwk, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']);
    return new Uint8Array(await globalThis.crypto.subtle.sign('RSASSA-PKCS1-v1_5', k, tbs.slice()));
  }
  // X.509 ECDSA signatures are DER (RFC 5480 §3 / RFC 3279 Ecdsa-Sig-Value).
  const compact = p384.sign(sha256(tbs), issuerKey.d, { prehash: false, lowS: false });
  return p384.Signature.fromBytes(compact, 'compact').toBytes('der');
}

export async function mintRcCertificate(p: MintParams): Promise<Uint8Array<ArrayBuffer>> {
  if (!(p.notBefore instanceof Date) || !(p.notAfter instanceof Date) || Number.isNaN(p.notBefore.getTime()) || Number.isNaN(p.notAfter.getTime())) {
    throw new SimPkiError('sim-cert-bad-params', 'validity dates must be valid Dates');
  }
  const spkiDer = await spkiOf(p.subjectKey);
  const spki = AsnConvert.parse(spkiDer, SubjectPublicKeyInfo);
  const ski = keyIdOfSpki(spkiDer);
  const sigAlg =
    p.issuerKey.kind === 'rsa'
      ? new AlgorithmIdentifier({ algorithm: SHA256_WITH_RSA, parameters: null })
      : new AlgorithmIdentifier({ algorithm: ECDSA_WITH_SHA256 });
  const extensions: Extension[] = [];
  if (p.ca) {
    extensions.push(extension(id_ce_basicConstraints, true, new BasicConstraints({ cA: true, pathLenConstraint: 0 })));
    extensions.push(extension(id_ce_keyUsage, true, new KeyUsage(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign)));
  } else {
    extensions.push(extension(id_ce_keyUsage, true, new KeyUsage(KeyUsageFlags.digitalSignature)));
    if (p.authorityKeyId) extensions.push(extension(id_ce_authorityKeyIdentifier, false, new AuthorityKeyIdentifier({ keyIdentifier: new KeyIdentifier(p.authorityKeyId.slice().buffer) })));
  }
  if (p.ca) extensions.push(extension(id_ce_subjectKeyIdentifier, false, new SubjectKeyIdentifier(ski.slice().buffer)));
  const tbs = new TBSCertificate({
    version: Version.v3,
    serialNumber: serialBytes(p.serialHex),
    signature: sigAlg,
    issuer: buildName(p.issuer),
    validity: new Validity({ notBefore: p.notBefore, notAfter: p.notAfter }),
    subject: buildName(p.subject),
    subjectPublicKeyInfo: spki,
    extensions: new Extensions(extensions),
  });
  const tbsDer = new Uint8Array(AsnConvert.serialize(tbs));
  const signature = await signTbs(p.issuerKey, tbsDer);
  const cert = new Certificate({ tbsCertificate: tbs, signatureAlgorithm: sigAlg, signatureValue: signature.slice().buffer });
  return new Uint8Array(AsnConvert.serialize(cert));
}
