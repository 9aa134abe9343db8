/**
 * Resolving a PendingRevocation later (e.g. when the kiosk is back online). The record is read
 * back from storage, so it is validated like any untrusted input; the issuer certificate comes
 * from the caller's pinned anchors (matched by hash), never from the record.
 */
import { fromHex, toHex } from '../../bytes/hex';
import { isKazasuError } from '../../errors/kazasu-error';
import { readCertificateFields } from './certificate-fields';
import { RevocationError } from './revocation-error';
import type {
  PendingRevocation,
  RevocationChecker,
  RevocationResult,
  RevocationSource,
  RevocationTarget,
} from './revocation-types';
import { failed, issuerIdentity, targetFromRequest, type IssuerIdentity } from './revocation-target';

const KEYS = new Set(['kind', 'version', 'purpose', 'serialHex', 'issuerNameHash', 'issuerKeyHash', 'queuedAt', 'source', 'crlUrl']);
const SOURCES: readonly RevocationSource[] = ['crl', 'ocsp', 'platform', 'offline'];
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

function bad(message: string): never {
  throw new RevocationError('pending-malformed', message);
}

/** Validate a stored record (e.g. JSON.parse output). Throws RevocationError('pending-malformed'). */
export function parsePendingRevocation(value: unknown): PendingRevocation {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) bad('not an object');
  const o = value as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!KEYS.has(k)) bad(`unexpected member "${k}"`);
  if (o.kind !== 'kazasu.pending-revocation') bad('kind');
  if (o.version !== 1) bad('version');
  if (o.purpose !== 'sign' && o.purpose !== 'auth') bad('purpose');
  if (typeof o.serialHex !== 'string' || !/^(?:[0-9A-F]{2}){1,20}$/.test(o.serialHex) || o.serialHex.startsWith('00')) {
    bad('serialHex must be 1–20 octets of uppercase hex without a leading 00');
  }
  for (const k of ['issuerNameHash', 'issuerKeyHash'] as const) {
    if (typeof o[k] !== 'string' || !/^[0-9A-F]{64}$/.test(o[k] as string)) bad(`${k} must be 64 uppercase hex digits`);
  }
  if (typeof o.queuedAt !== 'string' || !ISO_INSTANT.test(o.queuedAt) || Number.isNaN(Date.parse(o.queuedAt))) bad('queuedAt');
  if (typeof o.source !== 'string' || !SOURCES.includes(o.source as RevocationSource)) bad('source');
  if (o.crlUrl !== undefined && (typeof o.crlUrl !== 'string' || o.crlUrl.length > 2048 || !/^https?:\/\//.test(o.crlUrl))) {
    bad('crlUrl');
  }
  return {
    kind: 'kazasu.pending-revocation',
    version: 1,
    purpose: o.purpose,
    serialHex: o.serialHex as string,
    issuerNameHash: o.issuerNameHash as string,
    issuerKeyHash: o.issuerKeyHash as string,
    queuedAt: o.queuedAt as string,
    source: o.source as RevocationSource,
    ...(o.crlUrl !== undefined ? { crlUrl: o.crlUrl as string } : {}),
  };
}

export interface PendingResolutionCerts {
  /** Pinned issuer certificates (DER); the one matching the record's hashes is used. */
  readonly issuers?: readonly Uint8Array[];
  /** The leaf, if it was kept (not needed: serial + issuer suffice for every checker). */
  readonly certificate?: Uint8Array;
}

async function matchIssuer(p: PendingRevocation, issuers: readonly Uint8Array[]): Promise<Uint8Array | undefined> {
  for (const der of issuers.slice(0, 64)) {
    let id: IssuerIdentity;
    try {
      id = await issuerIdentity(der);
    } catch {
      continue;
    }
    if (toHex(id.nameHash) === p.issuerNameHash && toHex(id.keyHash) === p.issuerKeyHash) return der;
  }
  return undefined;
}

/**
 * Ask `checker` again. The answer has the same shape as a live check; a `pending` answer keeps
 * the record's original `queuedAt`. A revocation dated after `queuedAt` is still reported as
 * revoked (fail-closed); compare `revokedAt` with `queuedAt` if the policy needs the status at
 * the time of the transaction. Throws RevocationError('pending-malformed') for an invalid record.
 */
export async function resolvePending(
  record: PendingRevocation,
  checker: RevocationChecker,
  certs: PendingResolutionCerts = {},
  now: Date = new Date(),
): Promise<RevocationResult> {
  const p = parsePendingRevocation(record); // a tampered or corrupt record throws 'pending-malformed'
  const issuer = await matchIssuer(p, certs.issuers ?? []);

  if (certs.certificate && issuer) {
    let serialHex: string;
    try {
      serialHex = toHex(readCertificateFields(certs.certificate).serial);
    } catch (e) {
      if (isKazasuError(e)) return failed(checker.source, 'jpki-malformed', e.message);
      throw e;
    }
    if (serialHex !== p.serialHex) {
      return failed(checker.source, 'jpki-malformed', 'the certificate given is not the one the pending record names');
    }
    const t = await targetFromRequest({ certificate: certs.certificate, issuer, purpose: p.purpose, now }, checker.source, p.queuedAt);
    if ('status' in t) return t;
    return checker.checkTarget({ ...t, crlUrl: p.crlUrl });
  }

  const target: RevocationTarget = {
    purpose: p.purpose,
    serial: fromHex(p.serialHex),
    issuerNameHash: fromHex(p.issuerNameHash),
    issuerKeyHash: fromHex(p.issuerKeyHash),
    issuer,
    certificate: undefined,
    crlUrl: p.crlUrl,
    now,
    queuedAt: p.queuedAt,
  };
  return checker.checkTarget(target);
}
