/**
 * Shared plumbing of the checkers: request → target, issuer identity hashes, and the result
 * constructors (so every `pending` carries a well-formed PendingRevocation).
 */
import { bytesEqual, copyBytes } from '../../bytes/byte-ops';
import { toHex } from '../../bytes/hex';
import type { ReasonCode } from '../check-catalogue';
import { readCertificateFields, type CertificateFields } from './certificate-fields';
import { isKazasuError } from '../../errors/kazasu-error';
import type {
  PendingRevocation,
  RevocationChecker,
  RevocationRequest,
  RevocationResult,
  RevocationSource,
  RevocationTarget,
} from './revocation-types';

export type FailedResult = Extract<RevocationResult, { status: 'failed' }>;
export type PendingResult = Extract<RevocationResult, { status: 'pending' }>;

export function failed(source: RevocationSource, code: ReasonCode, detail: string): FailedResult {
  return { status: 'failed', source, code, detail };
}

export function pending(
  target: RevocationTarget,
  source: RevocationSource,
  reason: 'offline' | 'no-answer',
  crlUrl?: string,
): PendingResult {
  const queuedAt = target.queuedAt ?? target.now.toISOString();
  const url = crlUrl ?? target.crlUrl;
  const record: PendingRevocation = {
    kind: 'kazasu.pending-revocation',
    version: 1,
    purpose: target.purpose,
    serialHex: toHex(target.serial),
    issuerNameHash: toHex(target.issuerNameHash),
    issuerKeyHash: toHex(target.issuerKeyHash),
    queuedAt,
    source,
    ...(url !== undefined ? { crlUrl: url } : {}),
  };
  return { status: 'pending', source, reason, queuedAt, pending: record };
}

export async function sha256(bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', copyBytes(bytes)));
}

export interface IssuerIdentity {
  readonly fields: CertificateFields;
  readonly nameHash: Uint8Array;
  readonly keyHash: Uint8Array;
}

/** SHA-256 hashes naming an issuer (the same inputs OCSP's CertID hashes, RFC 6960 §4.1.1). */
export async function issuerIdentity(issuerDer: Uint8Array): Promise<IssuerIdentity> {
  const fields = readCertificateFields(issuerDer);
  return { fields, nameHash: await sha256(fields.subjectName), keyHash: await sha256(fields.subjectPublicKey) };
}

/**
 * Parse the request's certificates. A malformed certificate is 'jpki-malformed'; a leaf whose
 * issuer Name is not the given issuer's subject is 'jpki-no-anchor' (the caller picked the wrong
 * root — revocation data of another CA says nothing about this certificate).
 */
export async function targetFromRequest(
  req: RevocationRequest,
  source: RevocationSource,
  queuedAt?: string,
): Promise<RevocationTarget | FailedResult> {
  let leaf: CertificateFields;
  let issuer: IssuerIdentity;
  try {
    leaf = readCertificateFields(req.certificate);
    issuer = await issuerIdentity(req.issuer);
  } catch (e) {
    if (isKazasuError(e)) return failed(source, 'jpki-malformed', e.message);
    throw e;
  }
  if (!bytesEqual(leaf.issuerName, issuer.fields.subjectName)) {
    return failed(source, 'jpki-no-anchor', "the certificate's issuer Name is not the given issuer's subject");
  }
  return {
    purpose: req.purpose,
    serial: leaf.serial,
    issuerNameHash: issuer.nameHash,
    issuerKeyHash: issuer.keyHash,
    issuer: req.issuer,
    certificate: req.certificate,
    crlUrl: undefined,
    now: req.now,
    queuedAt,
  };
}

/** `check(req)` for every checker: build the target, then ask the checker. */
export async function checkRequest(checker: RevocationChecker, req: RevocationRequest): Promise<RevocationResult> {
  const target = await targetFromRequest(req, checker.source);
  return 'status' in target ? target : checker.checkTarget(target);
}

export function isoOrUndefined(ms: number | undefined): string | undefined {
  return ms === undefined ? undefined : new Date(ms).toISOString();
}
