/**
 * Revocation in the kiosk (issue 13), put together for the runtime: the checker real readers use
 * (kiosk-revocation-checker.ts, from the Settings configuration), the CRL worker that fetches and
 * stores the lists (IndexedDB), their summaries for Settings, the schedule, and the resolution of
 * pending questions into the evidence store. Browser globals come in through `env`.
 */
import { IndexedDbCrlCache } from '../../verify/revocation/crl-index-store';
import type { RevocationChecker } from '../../verify/revocation/revocation-checker';
import { CrlIngestWorker } from './crl-ingest-client';
import { storageListStatusStore, type CrlListStatus } from './crl-list-status';
import { refreshCrlLists, type CrlIssuerCandidate } from './crl-refresh';
import { kioskRevocationChecker } from './kiosk-revocation-checker';
import { resolveOpenRevocations, type PendingEvidence } from './pending-resolution';
import { endpointProblem, type CertificateKind, type RevocationConfig } from './revocation-config';
import { RevocationScheduler } from './revocation-scheduler';
import { workerCrlDownloader } from './worker-crl-downloader';

/** The IndexedDB database of verified CRL indexes (worker writes, checker reads). */
export const KIOSK_CRL_DATABASE = 'kazasu-crl';

export interface RevocationActivity {
  readonly refreshing: boolean;
  /** Last refresh finished (ISO 8601). */
  readonly refreshedAt?: string;
  /** Questions still open after the last try. */
  readonly open: number;
  /** Answers appended to the evidence since start. */
  readonly resolved: number;
}

export interface KioskRevocation {
  /** The checker for a verification on a real reader, from the current configuration. */
  checker(): RevocationChecker;
  lists(): readonly CrlListStatus[];
  activity(): RevocationActivity;
  /** Settings → 今すぐ更新 / Refresh now. */
  refreshNow(): Promise<void>;
  /** A check was recorded with `pending` open questions. */
  recorded(pending: number): void;
  subscribe(listener: () => void): () => void;
  stop(): void;
}

export interface KioskRevocationEnv {
  readonly config: () => RevocationConfig;
  readonly operatorId: () => string;
  /** Origins the build's CSP allows (REVOCATION_DEPLOYMENT.connectOrigins). */
  readonly connectOrigins: readonly string[];
  /** Pinned anchors per kind, in the trust mode real readers use. */
  readonly issuers: (kind: CertificateKind) => readonly CrlIssuerCandidate[];
  readonly evidence: PendingEvidence | undefined;
  readonly global: {
    readonly navigator?: { readonly onLine?: boolean };
    readonly indexedDB?: IDBFactory;
    readonly localStorage?: Storage;
    fetch(input: string, init?: RequestInit): Promise<Response>;
    addEventListener?(type: 'online', fn: () => void): void;
    removeEventListener?(type: 'online', fn: () => void): void;
  };
  /** Start the schedule (default true; tests drive it). */
  readonly autoStart?: boolean;
}

export function createKioskRevocation(env: KioskRevocationEnv): KioskRevocation {
  const g = env.global;
  const isOnline = () => g.navigator?.onLine !== false;
  const statuses = storageListStatusStore(() => {
    try {
      return g.localStorage;
    } catch {
      return undefined;
    }
  });
  const worker = new CrlIngestWorker();
  const cache = g.indexedDB ? new IndexedDbCrlCache({ indexedDB: g.indexedDB, databaseName: KIOSK_CRL_DATABASE }) : undefined;
  const listeners = new Set<() => void>();
  let lists = statuses.load();
  let activity: RevocationActivity = { refreshing: false, open: 0, resolved: 0 };
  const changed = () => listeners.forEach((l) => l());
  const usable = (url: string) => endpointProblem(url, env.connectOrigins) === undefined;

  let built: { key: string; checker: RevocationChecker } | undefined;
  const checker = (): RevocationChecker => {
    const config = env.config();
    const key = JSON.stringify(config);
    if (built?.key === key) return built.checker;
    const made = kioskRevocationChecker({
      config,
      usable,
      fetch: (url, init) => g.fetch(url, init),
      cache: cache ?? { get: async () => undefined, put: async () => undefined, delete: async () => undefined },
      download: workerCrlDownloader(worker),
      isOnline,
    });
    built = { key, checker: made };
    return made;
  };

  const allIssuers = (): Uint8Array[] => [...env.issuers('sign'), ...env.issuers('auth')].map((c) => c.der);

  const scheduler = new RevocationScheduler({
    now: () => Date.now(),
    isOnline,
    refreshHours: () => env.config().refreshHours,
    refresh: async () => {
      const config = env.config();
      const usableConfig: RevocationConfig = {
        ...config,
        crlUrls: { sign: usable(config.crlUrls.sign) ? config.crlUrls.sign : '', auth: usable(config.crlUrls.auth) ? config.crlUrls.auth : '' },
      };
      activity = { ...activity, refreshing: true };
      changed();
      try {
        if (!g.indexedDB) return false;
        const fresh = await refreshCrlLists({
          config: usableConfig,
          issuers: env.issuers,
          ingest: (o) => worker.ingest(o),
          databaseName: KIOSK_CRL_DATABASE,
          previous: lists,
          now: () => new Date(),
        });
        lists = fresh;
        statuses.save(lists);
        return fresh.every((s) => s.problem === undefined);
      } finally {
        activity = { ...activity, refreshing: false, refreshedAt: new Date().toISOString() };
        changed();
      }
    },
    resolve: async () => {
      if (!env.evidence) return { open: 0 };
      const run = await resolveOpenRevocations({ store: env.evidence, checker: checker(), issuers: allIssuers(), operatorId: env.operatorId(), now: () => new Date() });
      activity = { ...activity, open: run.open, resolved: activity.resolved + run.resolved };
      changed();
      return run;
    },
    setInterval: (fn, ms) => setInterval(fn, ms),
    clearInterval: (h) => clearInterval(h as ReturnType<typeof setInterval>),
    onOnline: (fn) => {
      g.addEventListener?.('online', fn);
      return () => g.removeEventListener?.('online', fn);
    },
  });
  if (env.autoStart ?? true) void scheduler.start();

  return {
    checker,
    lists: () => lists.filter((s) => env.config().crlUrls[s.kind] === s.url),
    activity: () => activity,
    refreshNow: () => scheduler.refreshNow(),
    recorded(pending) {
      if (pending <= 0) return;
      activity = { ...activity, open: activity.open + pending };
      changed();
      if (isOnline()) void scheduler.resolveNow();
      else for (let i = 0; i < pending; i++) scheduler.noteOpenQuestion();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop() {
      scheduler.stop();
      worker.dispose();
    },
  };
}
