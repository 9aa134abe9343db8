import { version as packageVersion } from '../../../package.json';
import { KazasuError, isKazasuError } from '../../errors/kazasu-error';
import { evidencePolicyFor } from '../../evidence/evidence-policy';
import { buildEvidenceRecord, documentEvidenceContext } from '../../evidence/evidence-record';
import { supplementaryContext } from './supplementary-evidence';
import { EvidenceStore } from '../../evidence/evidence-store';
import { openOperatorPinStore, type OperatorPinStore } from '../../evidence/operator-pin';
import { documentDriver, forbiddenDataRules } from '../../documents/registry';
import { KioskSession, type CompletedCheck } from '../../session/kiosk-session';
import type { PurposeId } from '../../session/purposes';
import type { VerificationEnvironment } from '../../session/verification-environment';
import { SwitchableTransport } from '../../transport/switchable-transport';
import type { TrustMode } from '../../verify/report';
import type { RevocationChecker } from '../../verify/revocation/revocation-checker';
import { anchorSetFromRecords, type ImportedAnchorRecord } from '../../verify/trust/anchor-import';
import { IndexedDbAnchorRepository } from '../../verify/trust/indexeddb-anchor-repository';
import { allKnownAnchors, createTrustStore } from '../../verify/trust/trust-store';
import type { DemoWorld } from '../demo/demo-world';
import { isRealReader, type ReaderPathId } from '../readers/reader-path-ids';
import { detectReaderPaths, openReaderPath, webNfcPresence, type OpenedReader, type ReaderPathStatus } from '../readers/reader-paths';
import type { KioskSettings } from './settings';
import { createKioskRevocation, type KioskRevocation } from '../revocation/kiosk-revocation';
import { REVOCATION_DEPLOYMENT } from '../revocation/revocation-deployment';
import { message } from '../i18n/catalogue';
import { createKioskTrust, type KioskTrust } from '../trust/kiosk-trust';
import { IndexedDbPassportTrustRepository, NO_PASSPORT_IMPORTS, type PassportImports } from '../trust/passport-trust-repository';

/**
 * Everything the kiosk needs besides React: the session engine, the reader, trust, and the
 * evidence store. Loaded by dynamic import after the first screen is up (this module pulls in
 * the card library, the verifier and, in demo mode, the simulator).
 */
export interface KioskRuntime {
  readonly session: KioskSession;
  /** Demo mode: the simulated reader and cards. */
  readonly demo: DemoWorld;
  readonly readers: ReaderControl;
  readonly evidence: EvidenceAccess;
  /** Revocation for real readers: checker, CRL lists, schedule, pending answers (Settings → 失効確認). */
  readonly revocation: KioskRevocation;
  /** Operator-imported trust anchors (Settings → 信頼の起点): MOJ CAs, licence issuers, passport CSCAs. */
  readonly trust: KioskTrust;
}

/** The reader in use and the choice of paths (Settings → reader). */
export interface ReaderControl {
  /** The session's transport: always this object, pointing at the chosen path. */
  readonly transport: SwitchableTransport;
  /** The open path and its label, if one is open. */
  current(): { readonly path: ReaderPathId; readonly label: string | undefined } | undefined;
  /** What this browser can use, with reasons for the rest (never prompts). */
  detect(): ReaderPathStatus[];
  /**
   * Open `path` and, once it is open, switch to it and close the one in use. `interactive`:
   * called from a click, so a device chooser may be shown. Rejects with a TransportError (with
   * `reason` where the path has one); on failure the reader in use stays in use (a cancelled
   * chooser changes nothing). Re-opening the path already in use closes it first (a bridge or a
   * USB device cannot be opened twice); if that fails, no path is open — the kiosk never falls
   * back to the simulator on its own.
   */
  select(path: ReaderPathId, interactive: boolean): Promise<void>;
  /** Trust mode the next verification will use. */
  trustMode(): TrustMode;
  /** Whether this browser has Web NFC (which cannot read the card; Settings explains). */
  webNfc(): 'present' | 'absent';
}

/** The evidence store and the operator PIN, or why they could not be opened. */
export type EvidenceAccess =
  | { readonly ok: true; readonly store: EvidenceStore; readonly pins: OperatorPinStore }
  | { readonly ok: false; readonly code: string };

export interface EvidenceContextSource {
  readonly kioskId: string;
  /** When the card was seen on the reader. */
  readonly presentedAt: Date | undefined;
}

export interface RuntimeOptions {
  readonly apduDelayMs: () => number;
  readonly settings: () => KioskSettings;
  readonly evidenceContext: () => EvidenceContextSource;
  readonly onEvidenceError: (code: string) => void;
}

export const APP_VERSION = `kazasu-${packageVersion}`;

/** The evidence could not be written; carries the underlying code so the done screen can show it. */
class EvidenceNotSavedError extends KazasuError {
  constructor(readonly code: string, options?: { cause?: unknown }) {
    super(`evidence not saved: ${code}`, options);
  }
}

async function openEvidence(): Promise<EvidenceAccess> {
  if (typeof indexedDB === 'undefined') return { ok: false, code: 'evidence-storage-failed' };
  try {
    const [store, pins] = await Promise.all([EvidenceStore.open({ indexedDB, forbiddenDataRules }), openOperatorPinStore({ indexedDB })]);
    return { ok: true, store, pins };
  } catch (e) {
    return { ok: false, code: isKazasuError(e) ? e.code : 'evidence-storage-failed' };
  }
}

export async function createKioskRuntime(options: RuntimeOptions): Promise<KioskRuntime> {
  // The simulator is its own chunk: only demo mode loads it.
  const [demo, evidence] = await Promise.all([import('../demo/demo-world').then((m) => m.loadDemoWorld(options.apduDelayMs)), openEvidence()]);
  let purpose: CompletedCheck['purpose']['id'] | undefined;

  const recordEvidence = async (check: CompletedCheck): Promise<void> => {
    try {
      if (!evidence.ok) throw new EvidenceNotSavedError(evidence.code);
      const context = options.evidenceContext();
      const readAt = new Date(check.report.startedAt);
      const presentedAt = context.presentedAt && context.presentedAt <= readAt ? context.presentedAt : readAt;
      // The document's identifier (記号番号) and other identifiers, derived by its driver from
      // the card material the report carries in memory (never the My Number; certificates are
      // never stored whole).
      const driver = documentDriver(check.report.document);
      if (!driver) throw new EvidenceNotSavedError('evidence-invalid-input');
      const described = await driver.evidence.describe(check.report);
      const material = check.report.material;
      const draft = buildEvidenceRecord(check.report, {
        purpose: check.purpose,
        policy: evidencePolicyFor(check.purpose.id),
        kioskId: context.kioskId,
        // The clerk picked on the counter screen, who also gave the staff answers.
        operatorId: check.operator,
        appVersion: APP_VERSION,
        staffConfirmations: { ...check.staff, confirmedAt: check.confirmedAt },
        credentialEntry: check.credentialEntry,
        // Identifier, variant, the purpose's fields and the images standing in for a photocopy.
        ...documentEvidenceContext(described),
        // A passport without an address: the 補完書類 staff checked it on (app/store/supplementary-evidence.ts).
        ...supplementaryContext(check, described),
        forbiddenData: driver.evidence.forbidden,
        pendingRevocations: material.pendingRevocations,
        presentedAt,
      });
      await evidence.store.append(draft);
      revocation.recorded(draft.pendingRevocations.length);
    } catch (e) {
      const code = isKazasuError(e) ? e.code : 'evidence-storage-failed';
      options.onEvidenceError(code);
      throw e instanceof EvidenceNotSavedError ? e : new EvidenceNotSavedError(code, { cause: e });
    }
  };

  const readers = await createReaderControl(demo, options.settings, () => revocation.checker());
  const revocation = createKioskRevocation({
    config: () => options.settings().revocation,
    // Answers found later are appended by the device itself, not by a clerk.
    operatorId: () => `auto:${options.settings().kioskId}`.slice(0, 64),
    connectOrigins: REVOCATION_DEPLOYMENT.connectOrigins,
    issuers: (kind) => readers.issuers(kind),
    evidence: evidence.ok ? evidence.store : undefined,
    global: globalThis,
  });
  const session = new KioskSession({
    transport: readers.transport,
    environment: () => readers.environment(purpose ?? 'counter'),
    recordEvidence,
  });
  session.subscribe((s) => {
    if (s.step === 'choose-purpose') purpose = undefined;
    else if ('purpose' in s) purpose = s.purpose;
  });

  return { session, demo, readers, evidence, revocation, trust: readers.trust };
}

/**
 * The operator's imports, kept in IndexedDB (none without it: the built-in anchors still apply
 * and Settings says the store could not be read). Loaded once here; Settings' imports and
 * removals update the same object, which the next verification reads.
 */
async function openKioskTrust(demo: DemoWorld): Promise<KioskTrust> {
  let passportMemory: PassportImports = NO_PASSPORT_IMPORTS;
  let anchorMemory: readonly ImportedAnchorRecord[] = [];
  const hasIdb = typeof indexedDB !== 'undefined';
  const trust = createKioskTrust({
    anchors: hasIdb ? new IndexedDbAnchorRepository(indexedDB) : { load: async () => [...anchorMemory], save: async (r) => void (anchorMemory = r) },
    passport: hasIdb ? new IndexedDbPassportTrustRepository(indexedDB) : { load: async () => passportMemory, save: async (p) => void (passportMemory = p) },
    simulatorDocumentAnchors: () => demo.simulatorDocumentAnchors,
  });
  await trust.load();
  return trust;
}

async function createReaderControl(
  demo: DemoWorld,
  settings: () => KioskSettings,
  revocation: () => RevocationChecker,
): Promise<ReaderControl & { trust: KioskTrust; environment(purpose: PurposeId): VerificationEnvironment; issuers(kind: 'sign' | 'auth'): { der: Uint8Array; name: string }[] }> {
  const transport = new SwitchableTransport();
  const trust = await openKioskTrust(demo);
  // Documents chaining to their own issuer CA (MOJ for the residence card, the licence issuers):
  // operator imports, re-checked on load, and the simulator's CAs (so another mode is named as such).
  const documentAnchors = () => [...trust.documentAnchors(), ...demo.simulatorDocumentAnchors];
  let opened: OpenedReader | undefined;

  const trustMode = (): TrustMode => {
    if (!opened || !isRealReader(opened.path)) return 'simulator';
    const chosen = settings().realReaderTrust;
    return chosen === 'follow-reader' ? 'production' : chosen;
  };

  const control = {
    transport,
    trust,
    /** Pinned X.509 anchors a CRL of this kind may be signed by (the real readers' mode, with imports). */
    issuers(kind: 'sign' | 'auth') {
      const mode = settings().realReaderTrust === 'jpki-test' ? 'jpki-test' : 'production';
      const store = createTrustStore(mode, { imported: anchorSetFromRecords(trust.records(), mode) });
      return store.x509Anchors.filter((a) => a.purpose === kind || a.purpose === 'any').map((a) => ({ der: a.der, name: a.name }));
    },
    current: () => (opened ? { path: opened.path, label: opened.label } : undefined),
    detect: () => detectReaderPaths({ settings: settings(), demo, global: globalThis }),
    trustMode,
    webNfc: () => webNfcPresence(globalThis),
    async select(path: ReaderPathId, interactive: boolean) {
      const previous = opened;
      if (previous && previous.path === path) {
        opened = undefined;
        transport.use(undefined);
        await previous.close().catch(() => undefined);
      }
      const next = await openReaderPath(path, { settings: settings(), demo, interactive, global: globalThis, nfcPrompt: message(settings().defaultLanguage, 'reader.native.prompt') });
      const replaced = opened;
      opened = next;
      transport.use(next.transport);
      if (replaced && replaced !== next) await replaced.close().catch(() => undefined);
    },
    /**
     * The simulated reader verifies against the simulator's keys (demo mode). A real reader
     * verifies against production J-LIS anchors (plus imported ones) unless staff chose the
     * test or simulator hierarchy in Settings. Revocation for real readers follows Settings →
     * 失効確認 (src/app/revocation): OCSP and/or stored CRLs; pending when nothing answers.
     */
    environment(purpose: PurposeId): VerificationEnvironment {
      const mode = trustMode();
      if (mode === 'simulator') return demo.environment(purpose);
      const importedSet = anchorSetFromRecords(trust.records(), mode);
      return {
        trust: createTrustStore(mode, { imported: importedSet }),
        allAnchors: allKnownAnchors({ imported: importedSet, simulator: demo.simulatorAnchors }),
        documentAnchors: documentAnchors(),
        // Japan's CSCAs + the operator's master lists, CSCAs and CRLs (production), test imports (test).
        passportTrust: trust.passportTrust(mode),
        revocation: revocation(),
        now: () => new Date(),
      };
    },
  };
  return control;
}
