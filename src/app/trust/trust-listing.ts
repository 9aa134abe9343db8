/**
 * What Settings → 信頼の起点 lists per document, from the stored imports (pure: no storage, no DOM).
 * Each entry has the subject in plain words (the certificate's common name or organisation and
 * country), the fingerprint and technical subject for the 詳細 fold, the validity period, where it
 * came from and whether the operator may remove it (built-in anchors cannot be removed).
 */
import { base64ToBytes } from '../../bytes/base64';
import { japanCscaAnchors } from '../../verify/passport/trust/japan-cscas';
import type { CscaAnchor, CscaCrl, MasterListRecord } from '../../verify/passport/trust/passport-trust';
import type { ImportedAnchorRecord } from '../../verify/trust/anchor-import';
import { x509 } from '../../verify/x509-setup';
import type { PassportImports } from './passport-trust-repository';

export interface CertificateSummary {
  /** Plain name: CN, else O, else the whole subject. */
  readonly name: string;
  readonly organisation: string | undefined;
  readonly country: string | undefined;
  /** The full subject DN (for the fold). */
  readonly subject: string;
  readonly notBefore: string | undefined;
  readonly notAfter: string | undefined;
}

export interface TrustEntry {
  /** Stable id for removal and tests: the fingerprint, upper-case hex without separators. */
  readonly id: string;
  readonly name: string;
  readonly subject: string;
  readonly fingerprint: string;
  readonly notBefore: string | undefined;
  readonly notAfter: string | undefined;
  readonly source: 'built-in' | 'imported' | 'master-list';
  /** The MOJ test CA and other test-mode anchors are marked, as the result's TEST banner is. */
  readonly test: boolean;
  readonly importedAt: string | undefined;
  readonly removable: boolean;
}

/** Subject, country and validity of a certificate; placeholders when the bytes do not decode (never throws). */
export function summariseCertificate(der: Uint8Array): CertificateSummary {
  try {
    const cert = new x509.X509Certificate(der.slice());
    const field = (f: string) => cert.subjectName.getField(f)[0];
    const cn = field('CN');
    const o = field('O');
    return { name: cn ?? o ?? cert.subject, organisation: o, country: field('C'), subject: cert.subject, notBefore: cert.notBefore.toISOString(), notAfter: cert.notAfter.toISOString() };
  } catch {
    return { name: '?', organisation: undefined, country: undefined, subject: '?', notBefore: undefined, notAfter: undefined };
  }
}

const plainHex = (s: string) => s.replace(/:/g, '').toUpperCase();

/** The fingerprint grouped in pairs (AB:CD:…), as the publishing pages print it. */
export function formatFingerprint(hex: string): string {
  return (plainHex(hex).match(/.{1,2}/g) ?? []).join(':');
}

function entryOf(der: Uint8Array, sha256: string, source: TrustEntry['source'], extra: { test?: boolean; importedAt?: string; name?: string }): TrustEntry {
  const s = summariseCertificate(der);
  const organisation = s.organisation && s.organisation !== s.name ? `, ${s.organisation}` : '';
  const country = s.country ? ` (${s.country})` : '';
  return {
    id: plainHex(sha256),
    name: extra.name ?? `${s.name}${organisation}${country}`,
    subject: s.subject,
    fingerprint: formatFingerprint(sha256),
    notBefore: s.notBefore,
    notAfter: s.notAfter,
    source,
    test: extra.test ?? false,
    importedAt: extra.importedAt,
    removable: source !== 'built-in',
  };
}

/** The MOJ residence-card CAs the operator imported (pinned name; test mode marked). */
export function residenceEntries(records: readonly ImportedAnchorRecord[]): TrustEntry[] {
  return records.flatMap((r) => (r.kind === 'document-anchor' && r.document === 'residence-card' ? [entryOf(safeBytes(r.derBase64), r.sha256, 'imported', { test: r.mode === 'jpki-test', importedAt: r.importedAt, name: r.name })] : []));
}

/** The licence issuer certificates the operator imported. */
export function licenceEntries(records: readonly ImportedAnchorRecord[]): TrustEntry[] {
  return records.flatMap((r) => (r.kind === 'licence-issuer' ? [entryOf(safeBytes(r.derBase64), r.sha256, 'imported', { test: r.mode === 'jpki-test', importedAt: r.importedAt })] : []));
}

/** Japan's CSCAs, shipped with the kiosk (not removable). */
export function builtInPassportEntries(): TrustEntry[] {
  return japanCscaAnchors().map((a) => entryOf(a.der, a.sha256, 'built-in', {}));
}

/** Single CSCAs the operator imported (not those of a master list: the list stands for them). */
export function importedCscaEntries(imports: PassportImports): TrustEntry[] {
  return imports.imported.filter((a: CscaAnchor) => a.source === 'imported').map((a) => entryOf(a.der, a.sha256, 'imported', { test: a.hierarchy === 'test', importedAt: importedAtOf(a.provenance) }));
}

export interface MasterListEntry {
  readonly id: string;
  readonly publisher: string;
  readonly signer: string;
  readonly pinnedCsca: string;
  readonly signingTime: string | undefined;
  readonly importedAt: string;
  readonly cscaCount: number;
  /** Alpha-2 codes with the number of CSCAs, sorted by code. */
  readonly countries: readonly { readonly country: string; readonly count: number }[];
  readonly fingerprint: string;
}

export function masterListEntries(imports: PassportImports): MasterListEntry[] {
  return imports.masterLists.map((m: MasterListRecord) => {
    const mark = `[master list ${m.sha256}]`;
    const counts = new Map<string, number>();
    for (const a of imports.imported) if (a.source === 'master-list' && a.provenance.includes(mark)) counts.set(a.country, (counts.get(a.country) ?? 0) + 1);
    return {
      id: m.sha256,
      publisher: m.publisher,
      signer: m.signer,
      pinnedCsca: m.signerCsca.name,
      signingTime: m.signingTime,
      importedAt: m.importedAt,
      cscaCount: m.cscaCount,
      countries: [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([country, count]) => ({ country, count })),
      fingerprint: formatFingerprint(m.sha256),
    };
  });
}

export interface CrlEntry {
  readonly id: string;
  readonly issuer: string;
  readonly country: string;
  readonly thisUpdate: string;
  readonly nextUpdate: string | undefined;
  readonly revoked: number;
  readonly importedAt: string;
  readonly fingerprint: string;
}

export function crlEntries(imports: PassportImports): CrlEntry[] {
  return imports.crls.map((c: CscaCrl) => ({
    id: c.sha256,
    issuer: c.issuerName,
    country: c.issuerCountry,
    thisUpdate: c.thisUpdate,
    nextUpdate: c.nextUpdate,
    revoked: c.revokedSerials.length,
    importedAt: c.importedAt,
    fingerprint: formatFingerprint(c.sha256),
  }));
}

/** The import time kiosk-trust writes at the end of a single CSCA's provenance. */
function importedAtOf(provenance: string): string | undefined {
  return /(\d{4}-\d{2}-\d{2}T[\d:.]+Z)/.exec(provenance)?.[1];
}

function safeBytes(b64: string): Uint8Array {
  try {
    return base64ToBytes(b64);
  } catch {
    return new Uint8Array(0);
  }
}
