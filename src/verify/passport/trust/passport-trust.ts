/**
 * The passport trust store: pure data the CLI and Settings persist, and functions over it.
 *
 *  - CSCAs by country: Japan's shipped with their provenance (japan-cscas.ts); every other
 *    country's from a master list the operator imports (master-list.ts), after its CMS signature
 *    has been checked against the publishing state's CSCA the operator pins; or a single CSCA the
 *    operator imports on purpose.
 *  - The master lists imported (who signed them, when, what they held).
 *  - CSCA CRLs the operator imports (csca-crl.ts), checked when imported.
 *
 * Trust modes (docs/ARCHITECTURE.md) map as follows, and never mix:
 *  - production: Japan's shipped CSCAs + operator imports of hierarchy 'operator';
 *  - jpki-test: only operator imports marked 'test' (e.g. a BSI or ICAO test PKI), no real CSCA;
 *  - simulator: only the simulator's CSCAs (sim/passport/pki supplies them, so verify/ never
 *    imports the simulator), so a simulated passport can never verify elsewhere, and a real one
 *    never verifies in simulator mode.
 */
import type { AnchorHierarchy } from '../../trust/trust-anchors';
import type { TrustMode } from '../../report';
import { parsePassportCertificate, type PassportCertificate } from '../certificate';
import { certificateIndexEntry, type CertificateIndexEntry } from '../name-key';
import { japanCscaAnchors } from './japan-cscas';

/** Where a CSCA came from. */
export type { CscaAnchor, CscaSource } from './csca-anchor';
import type { CscaAnchor, CscaSource } from './csca-anchor';

export interface MasterListRecord {
  /** Country of the master-list signer, alpha-2. */
  readonly publisher: string;
  readonly signer: string;
  /** The pinned CSCA the signer chained to: its subject and SHA-256. */
  readonly signerCsca: { readonly name: string; readonly sha256: string };
  /** signingTime attribute, ISO, when present. */
  readonly signingTime?: string;
  /** SHA-256 of the master-list file. */
  readonly sha256: string;
  readonly cscaCount: number;
  readonly importedAt: string;
  readonly hierarchy: AnchorHierarchy;
  readonly provenance: string;
}

export interface CscaCrl {
  readonly der: Uint8Array;
  readonly issuerCountry: string;
  readonly issuerName: string;
  /** SHA-256 of the CSCA certificate whose key verified the CRL's signature. */
  readonly verifiedWithCsca: string;
  /** Subject key (SPKI) SHA-256 of that CSCA, so a DSC issued under the same key matches. */
  readonly issuerKeySha256: string;
  readonly thisUpdate: string;
  readonly nextUpdate?: string;
  /** Revoked serial numbers, lower-case hex without leading zero octets. */
  readonly revokedSerials: readonly string[];
  readonly sha256: string;
  readonly importedAt: string;
  readonly provenance: string;
}

export interface PassportTrustStore {
  readonly mode: TrustMode;
  readonly cscas: readonly CscaAnchor[];
  readonly masterLists: readonly MasterListRecord[];
  readonly crls: readonly CscaCrl[];
}

export interface PassportTrustInputs {
  /** The simulator's CSCAs (sim/passport/pki); used only in simulator mode. */
  readonly simulator?: readonly CscaAnchor[];
  /** Operator imports (from master lists or single CSCAs); each keeps its own hierarchy. */
  readonly imported?: readonly CscaAnchor[];
  readonly masterLists?: readonly MasterListRecord[];
  readonly crls?: readonly CscaCrl[];
}

function dedupe(list: readonly CscaAnchor[]): CscaAnchor[] {
  const seen = new Set<string>();
  return list.filter((a) => (seen.has(a.sha256) ? false : (seen.add(a.sha256), true)));
}

/** The CSCAs, master lists and CRLs in force for one mode (see the module comment). */
export function createPassportTrustStore(mode: TrustMode, inputs: PassportTrustInputs = {}): PassportTrustStore {
  const imported = inputs.imported ?? [];
  let cscas: CscaAnchor[];
  if (mode === 'production') cscas = [...japanCscaAnchors(), ...imported.filter((a) => a.hierarchy === 'operator' || a.hierarchy === 'production')];
  else if (mode === 'jpki-test') cscas = imported.filter((a) => a.hierarchy === 'test');
  else cscas = [...(inputs.simulator ?? [])];
  const keep = new Set(cscas.map((a) => a.sha256));
  return {
    mode,
    cscas: dedupe(cscas),
    masterLists: (inputs.masterLists ?? []).filter((m) => (mode === 'simulator' ? m.hierarchy === 'simulator' : mode === 'jpki-test' ? m.hierarchy === 'test' : m.hierarchy === 'operator')),
    crls: (inputs.crls ?? []).filter((c) => keep.has(c.verifiedWithCsca) || cscas.some((a) => a.country === c.issuerCountry)),
  };
}

/** Every CSCA of every mode, so a failure can say "known, but only in another mode". */
export function allKnownCscas(inputs: PassportTrustInputs = {}): CscaAnchor[] {
  return dedupe([...japanCscaAnchors(), ...(inputs.imported ?? []), ...(inputs.simulator ?? [])]);
}

/** An anchor record for a CSCA certificate (its country and name read from the certificate). */
export function cscaAnchorFrom(der: Uint8Array, hierarchy: AnchorHierarchy, source: CscaSource, provenance: string): CscaAnchor {
  const cert = parsePassportCertificate(der);
  return anchorOf(cert, hierarchy, source, provenance);
}

export function anchorOf(cert: PassportCertificate, hierarchy: AnchorHierarchy, source: CscaSource, provenance: string): CscaAnchor {
  return {
    der: cert.der,
    country: cert.subject.country ?? '??',
    name: cert.subject.display,
    hierarchy,
    source,
    provenance,
    sha256: cert.sha256,
  };
}

const parsed = new Map<string, PassportCertificate | null>();

/** The anchor's certificate, decoded once per process (null when it cannot be decoded). */
export function anchorCertificate(a: CscaAnchor): PassportCertificate | null {
  if (!parsed.has(a.sha256)) {
    try {
      parsed.set(a.sha256, parsePassportCertificate(a.der));
    } catch {
      parsed.set(a.sha256, null);
    }
    if (parsed.size > 10_000) parsed.clear();
  }
  return parsed.get(a.sha256) ?? null;
}

const index = new Map<string, CertificateIndexEntry | null>();

/**
 * The anchor's subject name key, country and subject key id, read from its bytes without a full
 * decode (cheap enough to scan a trust store of a thousand CSCAs per passport).
 */
export function anchorIndexEntry(a: CscaAnchor): CertificateIndexEntry | null {
  if (!index.has(a.sha256)) {
    try {
      index.set(a.sha256, certificateIndexEntry(a.der));
    } catch {
      index.set(a.sha256, null);
    }
    if (index.size > 20_000) index.clear();
  }
  return index.get(a.sha256) ?? null;
}
