/**
 * What Settings shows about each configured CRL: who issued it, thisUpdate / nextUpdate, how many
 * entries, when it was fetched, and the last problem. The lists themselves (the verified indexes)
 * live in IndexedDB (IndexedDbCrlCache, written by the CRL worker); this is their summary, kept
 * in localStorage (no personal data: URLs, dates, counts, a CA name). Read back strictly.
 */
import type { CertificateKind } from './revocation-config';

export interface CrlListStatus {
  readonly kind: CertificateKind;
  readonly url: string;
  /** The pinned anchor whose key verified the list (its display name and key hash, hex). */
  readonly issuer?: string;
  readonly issuerKeyHash?: string;
  /** ISO 8601. */
  readonly thisUpdate?: string;
  readonly nextUpdate?: string;
  readonly entries?: number;
  /** When the stored list was fetched and verified. */
  readonly fetchedAt?: string;
  /** Last attempt (successful or not). */
  readonly attemptedAt: string;
  /** Why the last attempt failed (a CrlWorkerErrorCode or 'crl-no-issuer'); absent when it worked. */
  readonly problem?: string;
}

const STORAGE_KEY = 'kazasu.revocation.lists.v1';
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

function optionalIso(v: unknown): string | undefined {
  return typeof v === 'string' && ISO.test(v) ? v : undefined;
}

function parseOne(v: unknown): CrlListStatus | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  if ((o.kind !== 'sign' && o.kind !== 'auth') || typeof o.url !== 'string' || o.url.length > 2048) return undefined;
  const attemptedAt = optionalIso(o.attemptedAt);
  if (!attemptedAt) return undefined;
  const str = (x: unknown, max: number) => (typeof x === 'string' && x.length <= max ? x : undefined);
  const issuer = str(o.issuer, 256);
  const issuerKeyHash = typeof o.issuerKeyHash === 'string' && /^[0-9A-F]{64}$/.test(o.issuerKeyHash) ? o.issuerKeyHash : undefined;
  const thisUpdate = optionalIso(o.thisUpdate);
  const nextUpdate = optionalIso(o.nextUpdate);
  const fetchedAt = optionalIso(o.fetchedAt);
  const entries = typeof o.entries === 'number' && Number.isSafeInteger(o.entries) && o.entries >= 0 ? o.entries : undefined;
  const problem = typeof o.problem === 'string' && /^[a-z-]{1,40}$/.test(o.problem) ? o.problem : undefined;
  return {
    kind: o.kind,
    url: o.url,
    attemptedAt,
    ...(issuer !== undefined ? { issuer } : {}),
    ...(issuerKeyHash ? { issuerKeyHash } : {}),
    ...(thisUpdate ? { thisUpdate } : {}),
    ...(nextUpdate ? { nextUpdate } : {}),
    ...(entries !== undefined ? { entries } : {}),
    ...(fetchedAt ? { fetchedAt } : {}),
    ...(problem ? { problem } : {}),
  };
}

export function parseCrlListStatuses(raw: string | null | undefined): CrlListStatus[] {
  if (!raw) return [];
  try {
    const v = JSON.parse(raw) as unknown;
    if (!Array.isArray(v)) return [];
    return v.slice(0, 16).map(parseOne).filter((s): s is CrlListStatus => s !== undefined);
  } catch {
    return [];
  }
}

export interface CrlListStatusStore {
  load(): CrlListStatus[];
  save(statuses: readonly CrlListStatus[]): void;
}

/** The summaries in a Storage (localStorage in the kiosk); a missing or failing storage keeps nothing. */
export function storageListStatusStore(storage: () => Storage | undefined): CrlListStatusStore {
  return {
    load: () => {
      try {
        return parseCrlListStatuses(storage()?.getItem(STORAGE_KEY));
      } catch {
        return [];
      }
    },
    save: (statuses) => {
      try {
        storage()?.setItem(STORAGE_KEY, JSON.stringify(statuses));
      } catch {
        // quota or disabled storage: Settings then shows no summary; the lists still answer
      }
    },
  };
}

/** Whether a stored list is past its nextUpdate at `nowMs` (a list without nextUpdate never is fresh). */
export function isPastNextUpdate(s: Pick<CrlListStatus, 'nextUpdate'>, nowMs: number): boolean {
  return s.nextUpdate === undefined || Date.parse(s.nextUpdate) <= nowMs;
}
