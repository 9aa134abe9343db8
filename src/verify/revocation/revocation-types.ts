/**
 * The types of the revocation boundary (revocation-checker.ts explains it). A module of its own
 * so the report, the checkers and the pending-record code share them without importing each
 * other (no import cycles).
 */
import type { ReasonCode } from '../check-catalogue';

export type RevocationPurpose = 'sign' | 'auth';

export interface RevocationRequest {
  /** Leaf certificate DER. */
  readonly certificate: Uint8Array;
  /** The issuing root's DER, already chosen by signature from the pinned anchors. */
  readonly issuer: Uint8Array;
  readonly purpose: RevocationPurpose;
  readonly now: Date;
}

export type RevocationSource = 'crl' | 'ocsp' | 'platform' | 'offline';

/**
 * A question that could not be answered yet, in a form the evidence store can keep and hand
 * back later. It holds no personal data: the issuer is named by hashes of its public Name and
 * key, the certificate by its serial (the 発行番号, not the My Number). `crlUrl` is the CRL
 * partition URL the CRL checker would fetch (at most names a municipality).
 */
export interface PendingRevocation {
  readonly kind: 'kazasu.pending-revocation';
  readonly version: 1;
  readonly purpose: RevocationPurpose;
  /** Serial magnitude, uppercase hex without a 00 sign octet. */
  readonly serialHex: string;
  /** SHA-256 of the issuer certificate's subject Name DER, uppercase hex. */
  readonly issuerNameHash: string;
  /** SHA-256 of the issuer's subjectPublicKey BIT STRING octets (as OCSP hashes it), uppercase hex. */
  readonly issuerKeyHash: string;
  /** When the question was first asked (ISO 8601); kept across retries. */
  readonly queuedAt: string;
  /** The checker that could not answer. */
  readonly source: RevocationSource;
  readonly crlUrl?: string;
}

export type RevocationResult =
  | {
      readonly status: 'good';
      readonly source: RevocationSource;
      readonly checkedAt: string;
      readonly thisUpdate?: string;
      readonly nextUpdate?: string;
    }
  | {
      readonly status: 'revoked';
      readonly source: RevocationSource;
      readonly checkedAt: string;
      readonly revokedAt?: string;
      /** RFC 5280 reason name, e.g. 'affiliationChanged'. */
      readonly reason?: string;
    }
  | {
      readonly status: 'pending';
      readonly source: RevocationSource;
      readonly reason: 'offline' | 'no-answer';
      readonly queuedAt: string;
      readonly pending: PendingRevocation;
    }
  | {
      readonly status: 'failed';
      readonly source: RevocationSource;
      readonly code: ReasonCode;
      readonly detail: string;
    };

/**
 * What every checker works from: the issuer and serial, plus the certificate when it is still
 * held. `check(req)` builds one from a request; `resolvePending` builds one from a record.
 */
export interface RevocationTarget {
  readonly purpose: RevocationPurpose;
  /** Serial magnitude (no sign octet). */
  readonly serial: Uint8Array;
  readonly issuerNameHash: Uint8Array;
  readonly issuerKeyHash: Uint8Array;
  /** Trusted issuer certificate DER; CRL and OCSP answers cannot be verified without it. */
  readonly issuer: Uint8Array | undefined;
  /** Leaf DER, when still held (CRL DP names, platform requests). */
  readonly certificate: Uint8Array | undefined;
  /** CRL URL remembered by a pending record. */
  readonly crlUrl: string | undefined;
  readonly now: Date;
  /** Set when resolving a pending record, so a retry keeps the original time. */
  readonly queuedAt: string | undefined;
}

export interface RevocationChecker {
  readonly source: RevocationSource;
  check(req: RevocationRequest): Promise<RevocationResult>;
  /** The same check from issuer + serial only (how pending records are resolved). */
  checkTarget(target: RevocationTarget): Promise<RevocationResult>;
}
