/**
 * The Kazasu platform-operator revocation protocol, version 1. In Japan only verifiers registered
 * with J-LIS (platform operators, PF事業者) may fetch JPKI CRLs or ask its OCSP responder
 * (reference pki-and-perf.md §2.2), so a kiosk asks its operator over this small JSON API.
 *
 *   POST <endpoint>
 *   Content-Type: application/json; Accept: application/json
 *   X-API-Key: <key>            — or —   Authorization: Bearer <token>
 *
 *   Request, exactly one way of naming the certificate:
 *     { "requestId": "<uuid>", "purpose": "sign" | "auth", "certificate": "<base64 DER>" }
 *     { "requestId": "<uuid>", "purpose": "sign" | "auth", "serialNumber": "<HEX>",
 *       "issuerNameHash": "<SHA-256 HEX of issuer Name DER>",
 *       "issuerKeyHash": "<SHA-256 HEX of issuer subjectPublicKey>" }
 *   The second form carries no personal data at all; it is used to resolve pending records and
 *   when the operator option `identify: 'serial'` is set. Nothing else is ever sent.
 *
 *   200 Response (no other members allowed):
 *     { "requestId": "<echo>", "status": "good" | "revoked" | "unknown",
 *       "revokedAt"?: "<ISO 8601>", "reason"?: "<RFC 5280 CRLReason name>",  — only with "revoked"
 *       "checkedAt": "<ISO 8601: when the operator consulted J-LIS data>" }
 *   401/403: credentials refused. 408/429/5xx: try again later. Anything else: error.
 */
import { crlReasonCode } from './crl-reasons';

export type PlatformRequestBody =
  | { readonly requestId: string; readonly purpose: 'sign' | 'auth'; readonly certificate: string }
  | {
      readonly requestId: string;
      readonly purpose: 'sign' | 'auth';
      readonly serialNumber: string;
      readonly issuerNameHash: string;
      readonly issuerKeyHash: string;
    };

export type PlatformAnswer =
  | { readonly status: 'good'; readonly checkedAt: Date }
  | { readonly status: 'revoked'; readonly checkedAt: Date; readonly revokedAt?: Date; readonly reason?: string }
  | { readonly status: 'unknown'; readonly checkedAt: Date };

const RESPONSE_KEYS = new Set(['requestId', 'status', 'revokedAt', 'reason', 'checkedAt']);
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/;

function instant(v: unknown, what: string): Date | string {
  if (typeof v !== 'string' || v.length > 40 || !ISO_INSTANT.test(v)) return `${what} is not an ISO 8601 instant`;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? `${what} is not a valid time` : d;
}

export interface AnswerPolicy {
  readonly requestId: string;
  readonly nowMs: number;
  /** Oldest acceptable checkedAt, seconds. */
  readonly maxAgeSeconds: number;
  readonly clockSkewSeconds: number;
}

/** Validate a parsed JSON response strictly. Returns the answer or why it is unacceptable. */
export function validatePlatformAnswer(json: unknown, policy: AnswerPolicy): PlatformAnswer | string {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return 'response is not a JSON object';
  const o = json as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!RESPONSE_KEYS.has(k)) return `unexpected member "${k.slice(0, 40)}"`;
  if (o.requestId !== policy.requestId) return 'requestId does not echo this request';
  const checkedAt = instant(o.checkedAt, 'checkedAt');
  if (typeof checkedAt === 'string') return checkedAt;
  if (checkedAt.getTime() > policy.nowMs + policy.clockSkewSeconds * 1000) return 'checkedAt is in the future';
  if (policy.nowMs - checkedAt.getTime() > (policy.maxAgeSeconds + policy.clockSkewSeconds) * 1000) {
    return `checkedAt is older than ${policy.maxAgeSeconds} s`;
  }
  if (o.status !== 'revoked' && (o.revokedAt !== undefined || o.reason !== undefined)) {
    return 'revokedAt/reason are only allowed with status "revoked"';
  }
  switch (o.status) {
    case 'good':
      return { status: 'good', checkedAt };
    case 'unknown':
      return { status: 'unknown', checkedAt };
    case 'revoked': {
      let revokedAt: Date | undefined;
      if (o.revokedAt !== undefined) {
        const r = instant(o.revokedAt, 'revokedAt');
        if (typeof r === 'string') return r;
        revokedAt = r;
      }
      if (o.reason !== undefined && (typeof o.reason !== 'string' || crlReasonCode(o.reason) === undefined)) {
        return 'reason is not an RFC 5280 CRLReason name';
      }
      return {
        status: 'revoked',
        checkedAt,
        ...(revokedAt ? { revokedAt } : {}),
        ...(typeof o.reason === 'string' ? { reason: o.reason } : {}),
      };
    }
    default:
      return 'status must be "good", "revoked" or "unknown"';
  }
}
