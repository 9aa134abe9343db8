/**
 * X.509 certificates of the eMRTD PKI (9303-12 §7: CSCA, document signer, master-list signer),
 * decoded with pkijs for their fields and with the LDS BER reader for the exact signed byte
 * ranges (tbsCertificate, SubjectPublicKeyInfo) — a signature is only ever checked over the bytes
 * as received.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { pkijs } from '../x509-setup';
import { toHex } from '../../bytes/hex';
import { childrenOf, readWhole, UNIVERSAL } from '../../cards/passport/lds/ber';
import { parseAlgorithmId, type AlgorithmId } from '../../cards/passport/lds/cms-signed-data';
import { LdsError } from '../../cards/passport/lds/lds-error';
import { parsePublicKeyInfo, type PublicKeyInfo } from '../../cards/passport/lds/public-key';
import { nameKey } from './name-key';
import { PassportVerifyError } from './passport-verify-error';

export interface NameAttribute {
  readonly type: string;
  readonly value: string;
}

export interface CertName {
  /** The Name as encoded. */
  readonly der: Uint8Array;
  readonly attributes: readonly NameAttribute[];
  /** ISO 3166 alpha-2 from the countryName attribute, upper case. */
  readonly country?: string;
  /** Order- and case-insensitive form for matching (9303-12 §7.1.1 leaves RDN order to states; MY differs). */
  readonly key: string;
  /** For people: "CN=…, O=…, C=…". */
  readonly display: string;
}

export type KeyUsageBit =
  | 'digitalSignature'
  | 'nonRepudiation'
  | 'keyEncipherment'
  | 'dataEncipherment'
  | 'keyAgreement'
  | 'keyCertSign'
  | 'cRLSign'
  | 'encipherOnly'
  | 'decipherOnly';
const KEY_USAGE_BITS: readonly KeyUsageBit[] = ['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement', 'keyCertSign', 'cRLSign', 'encipherOnly', 'decipherOnly'];

export interface PassportCertificate {
  readonly der: Uint8Array;
  readonly tbs: Uint8Array;
  readonly signatureAlgorithm: AlgorithmId;
  readonly signature: Uint8Array;
  readonly serial: Uint8Array;
  readonly serialHex: string;
  readonly issuer: CertName;
  readonly subject: CertName;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly publicKey: PublicKeyInfo;
  readonly keyUsage?: ReadonlySet<KeyUsageBit>;
  readonly basicConstraints?: { readonly ca: boolean; readonly pathLength?: number };
  readonly subjectKeyId?: Uint8Array;
  readonly authorityKeyId?: Uint8Array;
  /** Extended key usage OIDs, when present. */
  readonly extendedKeyUsage?: readonly string[];
  /** SHA-256 of the DER, lower-case hex. */
  readonly sha256: string;
  readonly selfIssued: boolean;
}

const SHORT: Readonly<Record<string, string>> = {
  '2.5.4.3': 'CN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '1.2.840.113549.1.9.1': 'emailAddress',
};

function attributeText(v: unknown): string {
  const block = (v as { valueBlock?: { value?: unknown; valueHexView?: Uint8Array } }).valueBlock;
  if (block && typeof block.value === 'string') return block.value;
  if (block?.valueHexView) return `#${toHex(block.valueHexView)}`;
  return '?';
}

export function nameOf(n: pkijs.RelativeDistinguishedNames, der: Uint8Array): CertName {
  const attributes = n.typesAndValues.map((t) => ({ type: t.type, value: attributeText(t.value) }));
  const { key, country } = nameKey(der);
  const display = attributes.map((a) => `${SHORT[a.type] ?? a.type}=${a.value}`).join(', ');
  return { der, attributes, ...(country ? { country } : {}), key, display };
}

/** Exact byte ranges of a certificate: tbsCertificate, issuer, subject, subjectPublicKeyInfo. */
function rawParts(der: Uint8Array): { tbs: Uint8Array; issuer: Uint8Array; subject: Uint8Array; spki: Uint8Array; sigAlg: AlgorithmId; signature: Uint8Array } {
  const top = readWhole(der, { what: 'certificate' });
  const [tbsT, algT, sigT, extra] = childrenOf(der, top, { what: 'certificate' });
  if (!tbsT || !algT || !sigT || extra || tbsT.tag !== UNIVERSAL.SEQUENCE || sigT.tag !== UNIVERSAL.BIT_STRING) {
    throw new LdsError('lds-bad-value', 'certificate: expected { tbsCertificate, signatureAlgorithm, signatureValue }', top.offset);
  }
  const f = childrenOf(der, tbsT, { what: 'tbsCertificate' });
  const i = f[0]?.tag === 0xa0 ? 1 : 0; // [0] version
  const [, , issuer, , subject, spki] = f.slice(i);
  if (!issuer || !subject || !spki) throw new LdsError('lds-missing-field', 'tbsCertificate: fields missing', tbsT.start);
  if (der[sigT.start] !== 0) throw new LdsError('lds-bad-value', 'certificate: signature BIT STRING has unused bits', sigT.start);
  return {
    tbs: der.subarray(tbsT.offset, tbsT.next),
    issuer: der.subarray(issuer.offset, issuer.next),
    subject: der.subarray(subject.offset, subject.next),
    spki: der.subarray(spki.offset, spki.next),
    sigAlg: parseAlgorithmId(der, algT, 'certificate signatureAlgorithm', {}),
    signature: der.subarray(sigT.start + 1, sigT.end),
  };
}

function keyUsageOf(ext: pkijs.Extension): Set<KeyUsageBit> {
  const bits = ext.parsedValue as { valueBlock?: { valueHexView?: Uint8Array; unusedBits?: number } } | undefined;
  const bytes = bits?.valueBlock?.valueHexView ?? new Uint8Array(0);
  const out = new Set<KeyUsageBit>();
  KEY_USAGE_BITS.forEach((name, i) => {
    const byte = bytes[i >> 3];
    if (byte !== undefined && (byte & (0x80 >> (i & 7))) !== 0) out.add(name);
  });
  return out;
}

/** Decodes a certificate. Throws PassportVerifyError('pp-cert-malformed') for anything unusable. */
export function parsePassportCertificate(der: Uint8Array): PassportCertificate {
  let raw: ReturnType<typeof rawParts>;
  let cert: pkijs.Certificate;
  let publicKey: PublicKeyInfo;
  try {
    raw = rawParts(der);
    publicKey = parsePublicKeyInfo(raw.spki, { what: 'certificate public key' });
  } catch (e) {
    throw new PassportVerifyError('pp-cert-malformed', `certificate: ${(e as Error).message}`, { cause: e });
  }
  try {
    cert = pkijs.Certificate.fromBER(der.slice());
  } catch (e) {
    throw new PassportVerifyError('pp-cert-malformed', `certificate could not be decoded: ${(e as Error).message}`, { cause: e });
  }
  const serial = cert.serialNumber.valueBlock.valueHexView.slice();
  let keyUsage: Set<KeyUsageBit> | undefined;
  let basicConstraints: PassportCertificate['basicConstraints'];
  let subjectKeyId: Uint8Array | undefined;
  let authorityKeyId: Uint8Array | undefined;
  let extendedKeyUsage: string[] | undefined;
  for (const ext of cert.extensions ?? []) {
    try {
      if (ext.extnID === '2.5.29.15') keyUsage = keyUsageOf(ext);
      else if (ext.extnID === '2.5.29.19') {
        const bc = ext.parsedValue as pkijs.BasicConstraints;
        const pathLength = typeof bc.pathLenConstraint === 'number' ? bc.pathLenConstraint : bc.pathLenConstraint?.valueBlock.valueDec;
        basicConstraints = { ca: bc.cA === true, ...(pathLength !== undefined ? { pathLength } : {}) };
      } else if (ext.extnID === '2.5.29.14') subjectKeyId = (ext.parsedValue as { valueBlock: { valueHexView: Uint8Array } }).valueBlock.valueHexView.slice();
      else if (ext.extnID === '2.5.29.35') {
        const aki = ext.parsedValue as pkijs.AuthorityKeyIdentifier;
        if (aki.keyIdentifier) authorityKeyId = aki.keyIdentifier.valueBlock.valueHexView.slice();
      } else if (ext.extnID === '2.5.29.37') extendedKeyUsage = (ext.parsedValue as pkijs.ExtKeyUsage).keyPurposes.slice();
    } catch (e) {
      throw new PassportVerifyError('pp-cert-malformed', `certificate extension ${ext.extnID} could not be decoded`, { cause: e });
    }
  }
  let issuer: CertName;
  let subject: CertName;
  try {
    issuer = nameOf(cert.issuer, raw.issuer);
    subject = nameOf(cert.subject, raw.subject);
  } catch (e) {
    throw new PassportVerifyError('pp-cert-malformed', `certificate name could not be decoded: ${(e as Error).message}`, { cause: e });
  }
  const notBefore = cert.notBefore.value;
  const notAfter = cert.notAfter.value;
  if (Number.isNaN(notBefore.getTime()) || Number.isNaN(notAfter.getTime())) throw new PassportVerifyError('pp-cert-malformed', 'certificate validity dates are not valid times');
  return {
    der,
    tbs: raw.tbs,
    signatureAlgorithm: raw.sigAlg,
    signature: raw.signature,
    serial,
    serialHex: toHex(serial),
    issuer,
    subject,
    notBefore,
    notAfter,
    publicKey,
    ...(keyUsage ? { keyUsage } : {}),
    ...(basicConstraints ? { basicConstraints } : {}),
    ...(subjectKeyId ? { subjectKeyId } : {}),
    ...(authorityKeyId ? { authorityKeyId } : {}),
    ...(extendedKeyUsage ? { extendedKeyUsage } : {}),
    sha256: toHex(sha256(der)).toLowerCase(),
    selfIssued: issuer.key === subject.key,
  };
}

/** Same INTEGER value (ignoring a leading 00 sign octet). */
export function sameSerial(a: Uint8Array, b: Uint8Array): boolean {
  const s = (x: Uint8Array) => {
    let i = 0;
    while (i < x.length - 1 && x[i] === 0) i++;
    return x.subarray(i);
  };
  const x = s(a);
  const y = s(b);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}
