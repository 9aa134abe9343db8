/**
 * X.509 certificates of the simulated passport PKI (profiles of 9303-12 §7.1): CSCA (self-signed,
 * CA, keyCertSign|cRLSign), document signer (digitalSignature, AKI), master-list signer
 * (digitalSignature, extendedKeyUsage id-icao-cscaMasterListSigningKey). Written with the
 * simulator's own DER writer; signatures by sim-passport-keys.ts. Deterministic: same inputs,
 * same bytes (ECDSA nonces per RFC 6979, RSA-PSS with a derived salt).
 */
import { sha1 } from '@noble/hashes/legacy.js';
import { concatBytes } from '../../../bytes/byte-ops';
import {
  BOOLEAN_TRUE,
  NULL,
  bitString,
  explicit,
  extension,
  integerBig,
  integerBytes,
  integerSmall,
  octetString,
  oid,
  printable,
  seq,
  set,
  time,
  tlvT,
  utf8,
} from './der';
import { ecdsaSign, rsaSign, SIM_CURVES, type SimEcKey, type SimHash, type SimKey } from './sim-passport-keys';
import { SimPassportError } from './sim-passport-error';

const HASH_OID: Readonly<Record<SimHash, string>> = {
  'SHA-1': '1.3.14.3.2.26',
  'SHA-224': '2.16.840.1.101.3.4.2.4',
  'SHA-256': '2.16.840.1.101.3.4.2.1',
  'SHA-384': '2.16.840.1.101.3.4.2.2',
  'SHA-512': '2.16.840.1.101.3.4.2.3',
};
const ECDSA_OID: Readonly<Record<SimHash, string>> = {
  'SHA-1': '1.2.840.10045.4.1',
  'SHA-224': '1.2.840.10045.4.3.1',
  'SHA-256': '1.2.840.10045.4.3.2',
  'SHA-384': '1.2.840.10045.4.3.3',
  'SHA-512': '1.2.840.10045.4.3.4',
};
const RSA_PKCS1_OID: Readonly<Record<SimHash, string>> = {
  'SHA-1': '1.2.840.113549.1.1.5',
  'SHA-224': '1.2.840.113549.1.1.14',
  'SHA-256': '1.2.840.113549.1.1.11',
  'SHA-384': '1.2.840.113549.1.1.12',
  'SHA-512': '1.2.840.113549.1.1.13',
};

export type SimSignatureAlgorithm =
  | { readonly kind: 'ecdsa'; readonly hash: SimHash }
  | { readonly kind: 'rsa-pkcs1'; readonly hash: Exclude<SimHash, 'SHA-224'> }
  | { readonly kind: 'rsa-pss'; readonly hash: Exclude<SimHash, 'SHA-224'> };

export function hashAlgorithmId(hash: SimHash): Uint8Array {
  return seq(oid(HASH_OID[hash]), NULL);
}

export function signatureAlgorithmId(alg: SimSignatureAlgorithm): Uint8Array {
  if (alg.kind === 'ecdsa') return seq(oid(ECDSA_OID[alg.hash]));
  if (alg.kind === 'rsa-pkcs1') return seq(oid(RSA_PKCS1_OID[alg.hash]), NULL);
  const salt = { 'SHA-1': 20, 'SHA-256': 32, 'SHA-384': 48, 'SHA-512': 64 }[alg.hash];
  return seq(
    oid('1.2.840.113549.1.1.10'),
    seq(explicit(0, hashAlgorithmId(alg.hash)), explicit(1, seq(oid('1.2.840.113549.1.1.8'), hashAlgorithmId(alg.hash))), explicit(2, integerSmall(salt))),
  );
}

/** The signature value: ECDSA as DER Ecdsa-Sig-Value (X9.62), RSA as the raw octets. */
export async function simSign(key: SimKey, alg: SimSignatureAlgorithm, data: Uint8Array): Promise<Uint8Array> {
  if (alg.kind === 'ecdsa') {
    if (key.kind !== 'ec') throw new SimPassportError('sim-pp-bad-params', 'ECDSA needs an EC key');
    const { r, s } = ecdsaSign(key, alg.hash, data);
    return seq(integerBig(r), integerBig(s));
  }
  if (key.kind !== 'rsa') throw new SimPassportError('sim-pp-bad-params', 'RSA signing needs an RSA key');
  return rsaSign(key, alg.kind === 'rsa-pss' ? 'pss' : 'pkcs1', alg.hash, data);
}

export interface SimDn {
  readonly C: string;
  readonly O?: string;
  readonly OU?: string;
  readonly CN: string;
  readonly serialNumber?: string;
}

/** Name: C as PrintableString, the rest UTF8String, in the order C, O, OU, CN, serialNumber. */
export function simName(dn: SimDn): Uint8Array {
  const rdn = (type: string, value: Uint8Array) => set(seq(oid(type), value));
  return seq(
    rdn('2.5.4.6', printable(dn.C)),
    ...(dn.O ? [rdn('2.5.4.10', utf8(dn.O))] : []),
    ...(dn.OU ? [rdn('2.5.4.11', utf8(dn.OU))] : []),
    rdn('2.5.4.3', utf8(dn.CN)),
    ...(dn.serialNumber ? [rdn('2.5.4.5', printable(dn.serialNumber))] : []),
  );
}

function toBytes(v: bigint, len: number): Uint8Array {
  const out = new Uint8Array(len);
  for (let i = len - 1; i >= 0; i--, v >>= 8n) out[i] = Number(v & 0xffn);
  return out;
}

/** ECParameters in explicit form (TR-03111 §4.1.1), as most real eMRTD certificates carry them. */
export function explicitEcParameters(key: SimEcKey): Uint8Array {
  const c = SIM_CURVES[key.curve].curve.Point.CURVE();
  const len = Math.ceil(c.p.toString(2).length / 8);
  return seq(
    integerSmall(1),
    seq(oid('1.2.840.10045.1.1'), integerBig(c.p)),
    seq(octetString(toBytes(c.a, len)), octetString(toBytes(c.b, len))),
    octetString(concatBytes(Uint8Array.of(4), toBytes(c.Gx, len), toBytes(c.Gy, len))),
    integerBig(c.n),
    integerBig(c.h),
  );
}

/** Standardized domain parameter ids (9303-11 §9.5.1) of the simulator's curves. */
export const SIM_STANDARDIZED_ID: Readonly<Record<string, number>> = { 'P-256': 12, brainpoolP256r1: 13, 'P-384': 15, brainpoolP384r1: 16, brainpoolP512r1: 17, 'P-521': 18 };

/**
 * SubjectPublicKeyInfo. EC keys: a named curve (X9.62 OID) by default; `explicitParameters` for
 * the explicit ECParameters most real DSCs carry; `standardized` for the TR-03110-3 A.2.1.1 form
 * (algorithm 0.4.0.127.0.7.1.2, parameters = the domain parameter id) that chip-authentication
 * keys use in EF.CardSecurity and DG14.
 */
export function simSpki(key: SimKey, opts: { explicitParameters?: boolean; standardized?: boolean } = {}): Uint8Array {
  if (key.kind === 'rsa') {
    return seq(seq(oid('1.2.840.113549.1.1.1'), NULL), bitString(seq(integerBytes(key.modulus), integerBytes(key.exponent))));
  }
  if (opts.standardized) return seq(seq(oid('0.4.0.127.0.7.1.2'), integerSmall(SIM_STANDARDIZED_ID[key.curve]!)), bitString(key.publicPoint));
  const params = opts.explicitParameters ? explicitEcParameters(key) : oid(SIM_CURVES[key.curve].oid);
  return seq(seq(oid('1.2.840.10045.2.1'), params), bitString(key.publicPoint));
}

/** subjectPublicKey BIT STRING contents (key identifiers are SHA-1 of these, RFC 5280 §4.2.1.2). */
function publicKeyBits(key: SimKey): Uint8Array {
  return key.kind === 'rsa' ? seq(integerBytes(key.modulus), integerBytes(key.exponent)) : key.publicPoint;
}

export function simKeyId(key: SimKey): Uint8Array {
  return sha1(publicKeyBits(key));
}

export type SimCertRole = 'csca' | 'dsc' | 'ml-signer' | 'link';

export interface MintCertParams {
  readonly role: SimCertRole;
  readonly serialHex: string;
  readonly subject: SimDn;
  readonly subjectKey: SimKey;
  readonly issuer: SimDn;
  readonly issuerKey: SimKey;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly algorithm: SimSignatureAlgorithm;
  /** EC keys: explicit domain parameters in the SPKI (like most real DSCs). */
  readonly explicitParameters?: boolean;
  /** Forgery knob: a DSC keyUsage other than digitalSignature. */
  readonly keyUsageBits?: Uint8Array;
}

/** keyUsage BIT STRINGs (RFC 5280 §4.2.1.3). */
const KU_DIGITAL_SIGNATURE = Uint8Array.of(0x03, 0x02, 0x07, 0x80);
const KU_CERT_AND_CRL_SIGN = Uint8Array.of(0x03, 0x02, 0x01, 0x06);

export async function mintCertificate(p: MintCertParams): Promise<Uint8Array> {
  if (!/^[0-9A-Fa-f]{1,40}$/.test(p.serialHex)) throw new SimPassportError('sim-pp-bad-params', `bad serial ${p.serialHex}`);
  const serial = integerBytes(Uint8Array.from((p.serialHex.length % 2 ? `0${p.serialHex}` : p.serialHex).match(/../g)!.map((h) => parseInt(h, 16))));
  const exts: Uint8Array[] = [];
  const ski = simKeyId(p.subjectKey);
  const aki = simKeyId(p.issuerKey);
  if (p.role === 'csca' || p.role === 'link') {
    exts.push(extension('2.5.29.19', true, seq(BOOLEAN_TRUE, integerSmall(0))));
    exts.push(extension('2.5.29.15', true, KU_CERT_AND_CRL_SIGN));
    exts.push(extension('2.5.29.14', false, octetString(ski)));
    if (p.role === 'link') exts.push(extension('2.5.29.35', false, seq(tlvT(0x80, aki))));
  } else {
    exts.push(extension('2.5.29.15', true, p.keyUsageBits ?? KU_DIGITAL_SIGNATURE));
    exts.push(extension('2.5.29.35', false, seq(tlvT(0x80, aki))));
    exts.push(extension('2.5.29.14', false, octetString(ski)));
    if (p.role === 'ml-signer') exts.push(extension('2.5.29.37', false, seq(oid('2.23.136.1.1.3'))));
  }
  const algId = signatureAlgorithmId(p.algorithm);
  const tbs = seq(
    explicit(0, integerSmall(2)),
    serial,
    algId,
    simName(p.issuer),
    seq(time(p.notBefore), time(p.notAfter)),
    simName(p.subject),
    simSpki(p.subjectKey, { ...(p.explicitParameters ? { explicitParameters: true } : {}) }),
    explicit(3, seq(...exts)),
  );
  const signature = await simSign(p.issuerKey, p.algorithm, tbs);
  return seq(tbs, algId, bitString(signature));
}
