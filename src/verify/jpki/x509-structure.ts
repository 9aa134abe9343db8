/**
 * Strict structural decoding of an X.509 v3 certificate (RFC 5280 §4.1) with our own DER
 * reader, so the security checks run on bytes we walked ourselves; pkijs runs afterwards as a
 * second opinion (jpki-pkijs-engine.ts). Throws JpkiVerifyError('jpki-malformed').
 */
import { bytesEqual } from '../../bytes/byte-ops';
import {
  TAG,
  ctx,
  decodeBitString,
  decodeBoolean,
  decodeIntegerHex,
  decodeOid,
  decodeSmallInteger,
  decodeTime,
  derChildren,
  expectTag,
  readDerExact,
  type Der,
} from './der';
import { JpkiVerifyError } from './jpki-errors';

export interface RawExtension {
  readonly oid: string;
  readonly critical: boolean;
  /** Contents of extnValue (the DER of the extension's own structure). */
  readonly value: Uint8Array;
}

export interface DecodedCertificate {
  readonly raw: Uint8Array;
  /** tbsCertificate exactly as encoded: the signed bytes. */
  readonly tbs: Uint8Array;
  readonly signatureAlgorithmOid: string;
  readonly signature: Uint8Array;
  /** Serial as hex of the positive integer (a DER sign byte 00 is dropped). */
  readonly serialHex: string;
  /** DER of the issuer / subject Name. */
  readonly issuer: Uint8Array;
  readonly subject: Uint8Array;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** DER SubjectPublicKeyInfo. */
  readonly spki: Uint8Array;
  readonly spkiAlgorithmOid: string;
  /** Public key BIT STRING contents (for RFC 5280 §4.2.1.2 key ids). */
  readonly subjectPublicKey: Uint8Array;
  readonly extensions: readonly RawExtension[];
}

function fail(what: string): never {
  throw new JpkiVerifyError('jpki-malformed', `X.509: ${what}`);
}

function algorithmOid(d: Der | undefined, what: string): string {
  const parts = derChildren(expectTag(d, TAG.sequence, what));
  if (parts.length < 1 || parts.length > 2) fail(`${what}: AlgorithmIdentifier shape`);
  return decodeOid(parts[0]!);
}

function decodeExtensions(wrapper: Der): RawExtension[] {
  const inner = derChildren(wrapper);
  if (inner.length !== 1) fail('extensions wrapper');
  const list = derChildren(expectTag(inner[0], TAG.sequence, 'Extensions'));
  if (list.length === 0) fail('empty Extensions');
  const seen = new Set<string>();
  return list.map((ext) => {
    const parts = derChildren(expectTag(ext, TAG.sequence, 'Extension'));
    const oid = decodeOid(parts[0]!);
    // RFC 5280 §4.2: "A certificate MUST NOT include more than one instance of a particular
    // extension" — two parsers could otherwise each read a different copy.
    if (seen.has(oid)) fail(`duplicate extension ${oid}`);
    seen.add(oid);
    let i = 1;
    let critical = false;
    if (parts[i]?.tag === TAG.boolean) critical = decodeBoolean(parts[i++]!);
    const value = expectTag(parts[i++], TAG.octetString, `extnValue of ${oid}`).value;
    if (i !== parts.length) fail(`extension ${oid} has extra fields`);
    return { oid, critical, value };
  });
}

/** Decode `der` (exactly one Certificate, nothing after it). */
export function decodeCertificate(der: Uint8Array): DecodedCertificate {
  const top = derChildren(readDerExact(der, TAG.sequence));
  if (top.length !== 3) fail('Certificate must have 3 fields');
  const [tbsDer, outerAlg, sigDer] = top as [Der, Der, Der];
  const tbsFields = derChildren(expectTag(tbsDer, TAG.sequence, 'tbsCertificate'));
  let i = 0;
  const versionWrapper = expectTag(tbsFields[i++], ctx(0, true), 'version (JPKI certificates are v3)');
  const versionParts = derChildren(versionWrapper);
  if (versionParts.length !== 1 || decodeSmallInteger(versionParts[0]!) !== 2) fail('not an X.509 v3 certificate');
  const serialRaw = decodeIntegerHex(expectTag(tbsFields[i++], TAG.integer, 'serialNumber'));
  if ((parseInt(serialRaw.slice(0, 2), 16) & 0x80) !== 0 || /^0*$/.test(serialRaw)) fail('serial must be positive');
  const innerAlg = expectTag(tbsFields[i++], TAG.sequence, 'signature');
  // RFC 5280 §4.1.1.2: the outer signatureAlgorithm MUST equal tbsCertificate.signature.
  if (!bytesEqual(innerAlg.raw, outerAlg.raw)) fail('signature algorithm differs inside and outside the signed part');
  const issuer = expectTag(tbsFields[i++], TAG.sequence, 'issuer');
  const validity = derChildren(expectTag(tbsFields[i++], TAG.sequence, 'validity'));
  if (validity.length !== 2) fail('validity shape');
  const subject = expectTag(tbsFields[i++], TAG.sequence, 'subject');
  const spki = expectTag(tbsFields[i++], TAG.sequence, 'subjectPublicKeyInfo');
  const spkiParts = derChildren(spki);
  if (spkiParts.length !== 2) fail('subjectPublicKeyInfo shape');
  const publicKey = decodeBitString(spkiParts[1]!);
  if (publicKey.unusedBits !== 0) fail('public key BIT STRING has unused bits');
  if (tbsFields[i]?.tag === ctx(1, false)) i++; // issuerUniqueID (ignored)
  if (tbsFields[i]?.tag === ctx(2, false)) i++; // subjectUniqueID (ignored)
  const extensions = tbsFields[i]?.tag === ctx(3, true) ? decodeExtensions(tbsFields[i++]!) : [];
  if (i !== tbsFields.length) fail('unexpected fields at the end of tbsCertificate');
  const signature = decodeBitString(sigDer);
  if (signature.unusedBits !== 0) fail('signature BIT STRING has unused bits');
  return {
    raw: der,
    tbs: tbsDer.raw,
    signatureAlgorithmOid: algorithmOid(outerAlg, 'signatureAlgorithm'),
    signature: signature.bytes,
    serialHex: serialRaw.startsWith('00') && serialRaw.length > 2 ? serialRaw.slice(2) : serialRaw,
    issuer: issuer.raw,
    subject: subject.raw,
    notBefore: decodeTime(validity[0]!),
    notAfter: decodeTime(validity[1]!),
    spki: spki.raw,
    spkiAlgorithmOid: algorithmOid(spkiParts[0], 'subjectPublicKeyInfo.algorithm'),
    subjectPublicKey: publicKey.bytes,
    extensions,
  };
}

export function findExtension(c: DecodedCertificate, oid: string): RawExtension | undefined {
  return c.extensions.find((e) => e.oid === oid);
}
