/**
 * The kiosk's trust anchors that an operator imports in Settings → 信頼の起点 / Trust anchors,
 * and what the verification environment of a real reader takes from them:
 *  - residence card: MOJ's CA certificates, accepted only when the SHA-256 matches a pinned
 *    fingerprint (verify/residence-card/moj-anchors.ts); the pin decides the mode (MOJ's test CA →
 *    test mode);
 *  - driver's licence: issuer certificates (none is published; verify/licence/issuer-certificates.ts);
 *  - passport: CSCAs from a master list whose signature chains to a CSCA the operator pins, single
 *    CSCA certificates, CSCA CRLs (verify/passport/trust); Japan's CSCAs are built in.
 * The checks are the verifier's pure functions; this module only reads files' bytes, keeps the
 * results in IndexedDB (J-LIS, MOJ and licence records in `kazasu-trust` with the J-LIS imports,
 * passport imports in `kazasu-passport-trust`) and tells listeners when something changed.
 * Every stored record is checked again when loaded, so an edited entry adds nothing.
 */
import { isKazasuError } from '../../errors/kazasu-error';
import { importLicenceIssuerCertificate, licenceAnchorsFromRecords } from '../../verify/licence/issuer-certificates';
import { importCscaCrl } from '../../verify/passport/trust/csca-crl';
import { importCscaCertificate } from '../../verify/passport/trust/csca-import';
import { importMasterList } from '../../verify/passport/trust/master-list';
import { createPassportTrustStore, type CscaAnchor, type PassportTrustStore } from '../../verify/passport/trust/passport-trust';
import type { TrustMode } from '../../verify/report';
import { importMojAnchor, MOJ_ANCHOR_PINS, residenceAnchorsFromRecords, type MojAnchorPin } from '../../verify/residence-card';
import type { AnchorRepository, ImportedAnchorRecord } from '../../verify/trust/anchor-import';
import { certificateBytes } from '../../verify/trust/pem';
import type { DocumentAnchor } from '../../verify/trust/trust-anchors';
import { NO_PASSPORT_IMPORTS, type PassportImports } from './passport-trust-repository';
import { summariseCertificate } from './trust-listing';

/** The largest file Settings reads (a master list of every state is about 1 MB; a CA certificate a few KB). */
export const MAX_TRUST_FILE_BYTES = 8 * 1024 * 1024;

/** Why an import was refused: the Settings screen gives each a plain sentence and a next step. */
export type TrustRefusal =
  | 'file-unreadable'
  | 'file-too-large'
  | 'storage-failed'
  | 'rc-anchor-not-a-certificate'
  | 'rc-anchor-unknown-fingerprint'
  | 'rc-anchor-simulator'
  | 'licence-issuer-not-x509'
  | 'licence-issuer-not-rsa'
  | 'licence-issuer-simulator-in-production'
  | 'signer-not-a-certificate'
  | 'pp-ml-malformed'
  | 'pp-ml-signature-invalid'
  | 'pp-ml-signer-unknown'
  | 'pp-ml-signer-invalid'
  | 'csca-not-a-certificate'
  | 'csca-not-a-ca'
  | 'csca-not-valid-now'
  | 'csca-simulator'
  | 'pp-crl-malformed'
  | 'pp-crl-signature-invalid'
  | 'pp-crl-issuer-unknown';

const REFUSALS: ReadonlySet<string> = new Set<TrustRefusal>([
  'file-unreadable', 'file-too-large', 'storage-failed', 'rc-anchor-not-a-certificate', 'rc-anchor-unknown-fingerprint', 'rc-anchor-simulator',
  'licence-issuer-not-x509', 'licence-issuer-not-rsa', 'licence-issuer-simulator-in-production', 'signer-not-a-certificate', 'pp-ml-malformed',
  'pp-ml-signature-invalid', 'pp-ml-signer-unknown', 'pp-ml-signer-invalid', 'csca-not-a-certificate', 'csca-not-a-ca', 'csca-not-valid-now',
  'csca-simulator', 'pp-crl-malformed', 'pp-crl-signature-invalid', 'pp-crl-issuer-unknown',
]);

/** What Settings says after an import: done (with what was added) or refused (with the reason and the technical detail for the fold). */
export type TrustImportOutcome =
  | { readonly ok: true; readonly what: 'residence-card'; readonly name: string; readonly test: boolean; readonly already: boolean }
  | { readonly ok: true; readonly what: 'licence-issuer'; readonly name: string; readonly already: boolean }
  | { readonly ok: true; readonly what: 'master-list'; readonly publisher: string; readonly cscas: number; readonly countries: number; readonly rejected: number }
  | { readonly ok: true; readonly what: 'csca'; readonly name: string; readonly already: boolean }
  | { readonly ok: true; readonly what: 'csca-crl'; readonly issuer: string; readonly revoked: number; readonly stale: boolean }
  | { readonly ok: false; readonly code: TrustRefusal; readonly detail?: string };

/** What was removed: a stored anchor record by its fingerprint, a master list (with its CSCAs), a single CSCA, a CRL. */
export type TrustRemoval =
  | { readonly kind: 'anchor-record'; readonly sha256: string }
  | { readonly kind: 'master-list'; readonly sha256: string }
  | { readonly kind: 'csca'; readonly sha256: string }
  | { readonly kind: 'csca-crl'; readonly sha256: string };

export interface PassportTrustRepository {
  load(): Promise<PassportImports>;
  save(imports: PassportImports): Promise<void>;
}

export interface KioskTrustOptions {
  readonly anchors: AnchorRepository;
  readonly passport: PassportTrustRepository;
  /** The pinned MOJ CAs (default: verify/residence-card/data/moj-anchors.json; tests pin a fixture). */
  readonly mojPins?: readonly MojAnchorPin[];
  /** The simulator's document anchors (demo world): they are refused with a plain reason, never imported. */
  readonly simulatorDocumentAnchors?: () => readonly DocumentAnchor[];
  readonly now?: () => Date;
}

export interface KioskTrust {
  /** Reads what is stored (again); a record that fails its re-check is left out and counted in `problems`. */
  load(): Promise<void>;
  records(): readonly ImportedAnchorRecord[];
  passportImports(): PassportImports;
  /** Residence-card and licence anchors of every mode, re-checked (the drivers keep their mode's). */
  documentAnchors(): readonly DocumentAnchor[];
  /** The passport trust store in force for `mode` (Japan's CSCAs + imports in production). */
  passportTrust(mode: TrustMode): PassportTrustStore;
  /** Stored entries that were left out because they no longer pass their check, and whether storage could be read. */
  problems(): { readonly refused: number; readonly storage: boolean };
  importResidenceCa(file: Uint8Array): Promise<TrustImportOutcome>;
  importLicenceIssuer(file: Uint8Array, mode: 'production' | 'jpki-test'): Promise<TrustImportOutcome>;
  importMasterList(file: Uint8Array, signer: Uint8Array): Promise<TrustImportOutcome>;
  importCsca(file: Uint8Array): Promise<TrustImportOutcome>;
  importCscaCrl(file: Uint8Array): Promise<TrustImportOutcome>;
  remove(what: TrustRemoval): Promise<boolean>;
  subscribe(listener: () => void): () => void;
}

const sha256Hex = async (der: Uint8Array) => {
  const d = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', der.slice()));
  return Array.from(d, (b) => b.toString(16).padStart(2, '0')).join('').toUpperCase();
};

function refusal(e: unknown, fallback: TrustRefusal): TrustImportOutcome {
  const code = isKazasuError(e) && REFUSALS.has(e.code) ? (e.code as TrustRefusal) : fallback;
  return { ok: false, code, detail: e instanceof Error ? e.message : String(e) };
}

/** The master list a CSCA came from, written into its provenance so the list's removal takes its CSCAs. */
const listMark = (sha256: string) => `[master list ${sha256}]`;

export function createKioskTrust(options: KioskTrustOptions): KioskTrust {
  const pins = options.mojPins ?? MOJ_ANCHOR_PINS;
  const now = options.now ?? (() => new Date());
  let records: ImportedAnchorRecord[] = [];
  let passport: PassportImports = NO_PASSPORT_IMPORTS;
  let anchors: DocumentAnchor[] = [];
  let refused = 0;
  let storageProblem = false;
  const listeners = new Set<() => void>();
  const changed = () => listeners.forEach((l) => l());

  async function derive(): Promise<void> {
    const [rc, dl] = await Promise.all([residenceAnchorsFromRecords(records, pins), licenceAnchorsFromRecords(records)]);
    anchors = [...rc.anchors, ...dl.anchors];
    refused = rc.refused.length + dl.refused.length;
  }

  async function saveRecords(next: ImportedAnchorRecord[]): Promise<boolean> {
    try {
      await options.anchors.save(next);
    } catch {
      return false;
    }
    records = next;
    await derive();
    changed();
    return true;
  }

  async function savePassport(next: PassportImports): Promise<boolean> {
    try {
      await options.passport.save(next);
    } catch {
      return false;
    }
    passport = next;
    changed();
    return true;
  }

  const isSimulator = (sha256: string) => (options.simulatorDocumentAnchors?.() ?? []).some((a) => a.sha256 === sha256);

  const trust: KioskTrust = {
    async load() {
      storageProblem = false;
      try {
        records = await options.anchors.load();
      } catch {
        records = [];
        storageProblem = true;
      }
      try {
        passport = await options.passport.load();
      } catch {
        // An edited or damaged entry: nothing of it is trusted; Settings says so (a new import replaces it).
        passport = NO_PASSPORT_IMPORTS;
        storageProblem = true;
      }
      await derive();
      changed();
    },
    records: () => records,
    passportImports: () => passport,
    documentAnchors: () => anchors,
    passportTrust: (mode) => createPassportTrustStore(mode, passport),
    problems: () => ({ refused, storage: storageProblem }),

    async importResidenceCa(file) {
      if (file.length > MAX_TRUST_FILE_BYTES) return { ok: false, code: 'file-too-large' };
      let record;
      try {
        record = await importMojAnchor(file, { pins, now: now() });
      } catch (e) {
        // The simulator's CAs: simulator mode trusts them already (never imported), as the CLI says.
        if (isKazasuError(e) && e.code === 'rc-anchor-unknown-fingerprint') {
          try {
            if (isSimulator(await sha256Hex(certificateBytes(file)))) return { ok: false, code: 'rc-anchor-simulator' };
          } catch {
            // not a certificate: the refusal below stands
          }
        }
        return refusal(e, 'rc-anchor-not-a-certificate');
      }
      const test = record.mode === 'jpki-test';
      if (records.some((r) => r.kind === 'document-anchor' && r.sha256 === record.sha256 && r.mode === record.mode)) return { ok: true, what: 'residence-card', name: record.name, test, already: true };
      if (!(await saveRecords([...records, record]))) return { ok: false, code: 'storage-failed' };
      return { ok: true, what: 'residence-card', name: record.name, test, already: false };
    },

    async importLicenceIssuer(file, mode) {
      if (file.length > MAX_TRUST_FILE_BYTES) return { ok: false, code: 'file-too-large' };
      let record;
      try {
        record = await importLicenceIssuerCertificate(file, mode, now());
      } catch (e) {
        return refusal(e, 'licence-issuer-not-x509');
      }
      if (records.some((r) => r.kind === 'licence-issuer' && r.sha256 === record.sha256 && r.mode === mode)) return { ok: true, what: 'licence-issuer', name: record.name, already: true };
      if (!(await saveRecords([...records, record]))) return { ok: false, code: 'storage-failed' };
      return { ok: true, what: 'licence-issuer', name: record.name, already: false };
    },

    async importMasterList(file, signer) {
      if (file.length > MAX_TRUST_FILE_BYTES || signer.length > MAX_TRUST_FILE_BYTES) return { ok: false, code: 'file-too-large' };
      let result;
      try {
        result = await importMasterList(file, [signer], now(), { hierarchy: 'operator', provenance: 'master list imported in Settings' });
      } catch (e) {
        // The pinned signer file itself could not be read as a certificate.
        return refusal(e, 'signer-not-a-certificate');
      }
      if (result.check.status !== 'pass' || !result.record) {
        const code = REFUSALS.has(result.check.code) ? (result.check.code as TrustRefusal) : 'pp-ml-malformed';
        return { ok: false, code, ...(result.check.detail ? { detail: result.check.detail } : {}) };
      }
      const record = result.record;
      const mark = listMark(record.sha256);
      // Importing the same list again replaces it; each list keeps its own copy of the CSCAs it
      // holds, so removing one list never takes another list's CSCAs away (the store dedupes).
      const others = passport.imported.filter((a) => !a.provenance.includes(mark));
      const cscas = result.cscas.map((a) => ({ ...a, provenance: `${a.provenance} ${mark}` }));
      const lists = [...passport.masterLists.filter((m) => m.sha256 !== record.sha256), record];
      if (!(await savePassport({ ...passport, imported: [...others, ...cscas], masterLists: lists }))) return { ok: false, code: 'storage-failed' };
      return { ok: true, what: 'master-list', publisher: record.publisher, cscas: result.cscas.length, countries: Object.keys(result.countries).length, rejected: result.rejected.length };
    },

    async importCsca(file) {
      if (file.length > MAX_TRUST_FILE_BYTES) return { ok: false, code: 'file-too-large' };
      let anchor: CscaAnchor;
      try {
        anchor = importCscaCertificate(file, 'operator', now(), 'CSCA certificate imported in Settings');
      } catch (e) {
        return refusal(e, 'csca-not-a-certificate');
      }
      const name = summariseCertificate(anchor.der).name;
      if (passport.imported.some((a) => a.source === 'imported' && a.sha256 === anchor.sha256)) return { ok: true, what: 'csca', name, already: true };
      if (!(await savePassport({ ...passport, imported: [...passport.imported, anchor] }))) return { ok: false, code: 'storage-failed' };
      return { ok: true, what: 'csca', name, already: false };
    },

    async importCscaCrl(file) {
      if (file.length > MAX_TRUST_FILE_BYTES) return { ok: false, code: 'file-too-large' };
      const at = now();
      let result;
      try {
        result = await importCscaCrl(file, createPassportTrustStore('production', passport), at, 'CSCA CRL imported in Settings');
      } catch (e) {
        return refusal(e, 'pp-crl-malformed');
      }
      const crl = result.crl;
      if (!crl) {
        const code = REFUSALS.has(result.check.code) ? (result.check.code as TrustRefusal) : 'pp-crl-malformed';
        return { ok: false, code, ...(result.check.detail ? { detail: result.check.detail } : {}) };
      }
      if (!(await savePassport({ ...passport, crls: [...passport.crls.filter((c) => c.sha256 !== crl.sha256), crl] }))) return { ok: false, code: 'storage-failed' };
      return { ok: true, what: 'csca-crl', issuer: crl.issuerName, revoked: crl.revokedSerials.length, stale: result.check.status === 'warn' };
    },

    async remove(what) {
      if (what.kind === 'anchor-record') {
        const norm = (s: string) => s.replace(/:/g, '').toUpperCase();
        const keep = records.filter((r) => r.kind === 'cv-ca-key' || norm(r.sha256) !== norm(what.sha256));
        return keep.length !== records.length && saveRecords(keep);
      }
      if (what.kind === 'master-list') {
        const mark = listMark(what.sha256);
        if (!passport.masterLists.some((m) => m.sha256 === what.sha256)) return false;
        return savePassport({ ...passport, masterLists: passport.masterLists.filter((m) => m.sha256 !== what.sha256), imported: passport.imported.filter((a) => !a.provenance.includes(mark)) });
      }
      if (what.kind === 'csca') {
        const keep = passport.imported.filter((a) => !(a.source === 'imported' && a.sha256 === what.sha256));
        return keep.length !== passport.imported.length && savePassport({ ...passport, imported: keep });
      }
      const keep = passport.crls.filter((c) => c.sha256 !== what.sha256);
      return keep.length !== passport.crls.length && savePassport({ ...passport, crls: keep });
    },

    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return trust;
}
