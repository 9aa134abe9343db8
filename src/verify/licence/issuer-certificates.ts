/**
 * Issuer certificates for the licence signature: X.509 certificates of the keys that sign
 * licences, imported by an operator (none are shipped — none is published: licence-facts §4; the
 * commercial libjeid embeds them, so they exist). The card names the certificate it needs in
 * DF1/EF07 by serial (B2), issuer name (B4), subject name (B5) and subject key identifier (B6)
 * [I]; how each is written is [U], so matching is tolerant in form and strict in substance:
 *  1. subject key identifier: B6 equals the certificate's SKI extension, or SHA-256 / SHA-1 of its
 *     subjectPublicKey (RFC 5280 §4.2.1.2 leaves the method open);
 *  2. otherwise issuer + serial: B2 equals the serial (hex, or decimal, leading zeros ignored) and
 *     B4 equals the issuer's CN, its attribute values, or its DN string (letters and digits only,
 *     case ignored).
 * One certificate must match; two or more is ambiguous, never "pick one".
 */
import { bytesToBase64 as b64, base64ToBytes } from '../../bytes/base64';
import { bytesEqual } from '../../bytes/byte-ops';
import { toHex } from '../../bytes/hex';
import { KazasuError } from '../../errors/kazasu-error';
import type { LicenceSignatureFile } from '../../cards/licence/signature-file';
import type { TrustMode } from '../report';
import type { ImportedAnchorRecord, ImportedLicenceIssuerRecord } from '../trust/anchor-import';
import { AnchorFormatError, certificateBytes } from '../trust/pem';
import type { DocumentAnchor } from '../trust/trust-anchors';
import { x509 } from '../x509-setup';

export type LicenceIssuerCertificateErrorCode = 'licence-issuer-not-x509' | 'licence-issuer-not-rsa' | 'licence-issuer-simulator-in-production';

export class LicenceIssuerCertificateError extends KazasuError {
  constructor(
    readonly code: LicenceIssuerCertificateErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface LicenceIssuerCertificate {
  readonly der: Uint8Array;
  /** Serial magnitude, upper-case hex without leading zeros. */
  readonly serialHex: string;
  readonly subject: string;
  readonly issuer: string;
  readonly subjectCn: string | undefined;
  readonly issuerCn: string | undefined;
  /** All attribute values of the issuer / subject DN, in order. */
  readonly issuerValues: readonly string[];
  readonly subjectValues: readonly string[];
  /** The SKI extension's value, when present. */
  readonly subjectKeyIdExtension: Uint8Array | undefined;
  /** SHA-256 and SHA-1 of the subjectPublicKey BIT STRING contents. */
  readonly keyHashes: readonly Uint8Array[];
  /** SubjectPublicKeyInfo DER. */
  readonly spki: Uint8Array;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** Where it came from, for the report: operator import or the simulator (simulator trust mode). */
  readonly hierarchy: 'operator' | 'simulator';
  readonly provenance: string;
}

/** What the verifier trusts for licence signatures in one trust mode. */
export interface LicenceIssuerTrust {
  readonly mode: TrustMode;
  readonly certificates: readonly LicenceIssuerCertificate[];
  /**
   * The operator declares the set complete (every issuer of the licences this kiosk accepts is
   * installed; always true in simulator mode): a card naming any other issuer then FAILS. Otherwise
   * an unknown issuer is a warning (its 公安委員会's certificate may simply not be installed).
   */
  readonly complete: boolean;
}

export const NO_LICENCE_ISSUERS: LicenceIssuerTrust = { mode: 'production', certificates: [], complete: false };

function rdnValues(name: x509.Name): string[] {
  const out: string[] = [];
  for (const rdn of name.toJSON()) for (const [, values] of Object.entries(rdn)) for (const v of values) out.push(v);
  return out;
}

function stripLeadingZeros(hex: string): string {
  const s = hex.toUpperCase().replace(/^0+/, '');
  return s === '' ? '0' : s;
}

/** Parse a certificate (PEM or DER). Throws LicenceIssuerCertificateError for anything but an RSA X.509 certificate. */
export async function parseLicenceIssuerCertificate(input: Uint8Array, source: { hierarchy: 'operator' | 'simulator'; provenance: string }): Promise<LicenceIssuerCertificate> {
  let der: Uint8Array;
  let cert: x509.X509Certificate;
  try {
    der = certificateBytes(input);
    cert = new x509.X509Certificate(der.slice());
  } catch (e) {
    if (e instanceof AnchorFormatError || e instanceof Error) throw new LicenceIssuerCertificateError('licence-issuer-not-x509', 'not an X.509 certificate (PEM or DER)');
    throw e;
  }
  const spki = new Uint8Array(cert.publicKey.rawData);
  try {
    await globalThis.crypto.subtle.importKey('spki', spki.slice(), { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['verify']);
  } catch {
    throw new LicenceIssuerCertificateError('licence-issuer-not-rsa', 'the certificate key is not an RSA key');
  }
  const spk = subjectPublicKeyBits(spki);
  const keyHashes = spk
    ? [new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', spk.slice())), new Uint8Array(await globalThis.crypto.subtle.digest('SHA-1', spk.slice()))]
    : [];
  const ski = cert.getExtension(x509.SubjectKeyIdentifierExtension);
  const cn = (n: x509.Name): string | undefined => n.getField('CN')[0];
  return {
    der: der.slice(),
    serialHex: stripLeadingZeros(cert.serialNumber),
    subject: cert.subject,
    issuer: cert.issuer,
    subjectCn: cn(cert.subjectName),
    issuerCn: cn(cert.issuerName),
    issuerValues: rdnValues(cert.issuerName),
    subjectValues: rdnValues(cert.subjectName),
    subjectKeyIdExtension: ski ? hexBytes(ski.keyId) : undefined,
    keyHashes,
    spki,
    notBefore: cert.notBefore,
    notAfter: cert.notAfter,
    hierarchy: source.hierarchy,
    provenance: source.provenance,
  };
}

function hexBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** The subjectPublicKey BIT STRING contents of an SPKI (minimal DER walk; undefined if unexpected). */
function subjectPublicKeyBits(spki: Uint8Array): Uint8Array | undefined {
  const header = (at: number): { len: number; start: number } | undefined => {
    if (at + 2 > spki.length) return undefined;
    const l0 = spki[at + 1]!;
    if (l0 < 0x80) return { len: l0, start: at + 2 };
    const n = l0 & 0x7f;
    if (n < 1 || n > 3 || at + 2 + n > spki.length) return undefined;
    let len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + spki[at + 2 + i]!;
    return { len, start: at + 2 + n };
  };
  const outer = header(0);
  if (!outer || spki[0] !== 0x30) return undefined;
  const alg = header(outer.start);
  if (!alg || spki[outer.start] !== 0x30) return undefined;
  const bitsAt = alg.start + alg.len;
  const bits = header(bitsAt);
  if (!bits || spki[bitsAt] !== 0x03 || bits.len < 1 || bits.start + bits.len > spki.length) return undefined;
  return spki.subarray(bits.start + 1, bits.start + bits.len);
}

function alnum(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function nameMatches(cardText: string, dnString: string, cn: string | undefined, values: readonly string[]): boolean {
  const t = alnum(cardText);
  if (t === '') return false;
  return [cn ?? '', values.join(' '), dnString].some((c) => alnum(c) === t);
}

function serialMatches(cardSerial: string, certSerialHex: string): boolean {
  const s = cardSerial.trim();
  if (/^[0-9A-Fa-f]+$/.test(s) && stripLeadingZeros(s) === certSerialHex) return true;
  if (/^[0-9]+$/.test(s)) {
    try {
      return stripLeadingZeros(BigInt(s).toString(16)) === certSerialHex;
    } catch {
      return false;
    }
  }
  return false;
}

function trimPadding(b: Uint8Array): Uint8Array {
  let end = b.length;
  while (end > 0 && (b[end - 1] === 0x00 || b[end - 1] === 0xff || b[end - 1] === 0x20)) end--;
  return b.subarray(0, end);
}

export type IssuerMatch =
  | { readonly kind: 'none-installed' }
  | { readonly kind: 'unknown' }
  | { readonly kind: 'ambiguous'; readonly count: number }
  | { readonly kind: 'matched'; readonly certificate: LicenceIssuerCertificate; readonly by: 'subject-key-id' | 'issuer-serial' };

export function matchIssuerCertificate(file: Pick<LicenceSignatureFile, 'serial' | 'issuerName' | 'subjectKeyId'>, certificates: readonly LicenceIssuerCertificate[]): IssuerMatch {
  if (certificates.length === 0) return { kind: 'none-installed' };
  const ski = file.subjectKeyId;
  const skiTrimmed = trimPadding(ski);
  const byKey = certificates.filter((c) => [c.subjectKeyIdExtension, ...c.keyHashes].some((k) => k !== undefined && k.length > 0 && (bytesEqual(k, ski) || bytesEqual(k, skiTrimmed))));
  const byIssuerSerial = certificates.filter((c) => serialMatches(file.serial, c.serialHex) && nameMatches(file.issuerName, c.issuer, c.issuerCn, c.issuerValues));
  if (byKey.length === 1) return { kind: 'matched', certificate: byKey[0]!, by: 'subject-key-id' };
  if (byKey.length > 1) {
    const narrowed = byKey.filter((c) => byIssuerSerial.includes(c));
    return narrowed.length === 1 ? { kind: 'matched', certificate: narrowed[0]!, by: 'subject-key-id' } : { kind: 'ambiguous', count: byKey.length };
  }
  if (byIssuerSerial.length === 1) return { kind: 'matched', certificate: byIssuerSerial[0]!, by: 'issuer-serial' };
  if (byIssuerSerial.length > 1) return { kind: 'ambiguous', count: byIssuerSerial.length };
  return { kind: 'unknown' };
}

// ------------------------------------------------------------------------------ operator import

/** A persisted, operator-imported licence issuer certificate (the type lives with the other stored anchors). */
export type { ImportedLicenceIssuerRecord } from '../trust/anchor-import';

const SIMULATOR_MARK = /kazasu simulator/i;

/**
 * Check a certificate an operator wants to trust for licence signatures. A simulator certificate
 * ("Kazasu Simulator" in its names) is refused outside simulator mode: modes never mix.
 */
export async function importLicenceIssuerCertificate(input: Uint8Array, mode: 'production' | 'jpki-test', now: Date = new Date()): Promise<ImportedLicenceIssuerRecord> {
  const cert = await parseLicenceIssuerCertificate(input, { hierarchy: 'operator', provenance: 'operator-import' });
  if (SIMULATOR_MARK.test(cert.subject) || SIMULATOR_MARK.test(cert.issuer)) {
    throw new LicenceIssuerCertificateError('licence-issuer-simulator-in-production', 'a Kazasu Simulator certificate cannot be trusted outside simulator mode');
  }
  const sha256 = toHex(new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', cert.der.slice())), ':');
  return { kind: 'licence-issuer', mode, name: cert.subjectCn ?? cert.subject, sha256, derBase64: b64(cert.der), importedAt: now.toISOString() };
}

/** The trust for `mode` from imported records (`complete` as the operator declared it). */
export async function licenceIssuersFromRecords(records: readonly ImportedLicenceIssuerRecord[], mode: 'production' | 'jpki-test', complete = false): Promise<LicenceIssuerTrust> {
  const certificates: LicenceIssuerCertificate[] = [];
  for (const r of records) {
    if (r.kind !== 'licence-issuer' || r.mode !== mode) continue;
    certificates.push(await parseLicenceIssuerCertificate(base64ToBytes(r.derBase64), { hierarchy: 'operator', provenance: `operator-imported ${r.importedAt} (${r.sha256})` }));
  }
  return { mode, certificates, complete };
}

/** Simulator trust from the simulator's certificates (given by the caller: verify/ never imports sim/). */
export async function simulatorLicenceIssuerTrust(certificates: readonly Uint8Array[]): Promise<LicenceIssuerTrust> {
  const parsed = await Promise.all(certificates.map((der) => parseLicenceIssuerCertificate(der, { hierarchy: 'simulator', provenance: 'kazasu-simulator' })));
  return { mode: 'simulator', certificates: parsed, complete: true };
}

/**
 * The licence issuer certificates among stored records as document anchors (document
 * 'drivers-licence', every import mode: documents/licence/licence-issuers.ts keeps the mode in
 * force). Each is parsed again and its SHA-256 re-derived from the bytes; a record that no longer
 * parses, is a simulator certificate, or whose fingerprint differs from the recorded one is left
 * out and named in `refused` (so an edited file or IndexedDB entry adds nothing).
 */
export async function licenceAnchorsFromRecords(records: readonly ImportedAnchorRecord[]): Promise<{ anchors: DocumentAnchor[]; refused: string[] }> {
  const anchors: DocumentAnchor[] = [];
  const refused: string[] = [];
  for (const r of records) {
    if (r.kind !== 'licence-issuer') continue;
    try {
      const again = await importLicenceIssuerCertificate(base64ToBytes(r.derBase64), r.mode, new Date(r.importedAt));
      if (again.sha256 !== r.sha256 || (r.mode !== 'production' && r.mode !== 'jpki-test')) throw new Error('record does not match its certificate');
      anchors.push({
        document: 'drivers-licence',
        der: base64ToBytes(again.derBase64),
        name: again.name,
        hierarchy: r.mode === 'jpki-test' ? 'test' : 'production',
        provenance: `operator-imported ${r.importedAt} (${r.sha256})`,
        sha256: r.sha256.replace(/:/g, ''),
      });
    } catch {
      refused.push(r.sha256);
    }
  }
  return { anchors, refused };
}
