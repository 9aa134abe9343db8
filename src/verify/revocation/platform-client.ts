/**
 * Revocation through a platform operator (PF事業者) speaking the JSON protocol documented in
 * platform-protocol.ts. Credentials go only to https endpoints (plain http only on loopback),
 * redirects are refused, and the only data sent is the certificate (or just its serial and
 * issuer hashes). "unknown" fails closed; 401/403 is an operator error; no answer is `pending`.
 */
import { toHex } from '../../bytes/hex';
import { bytesToBase64 } from '../../bytes/base64';
import { httpExchange, isHttpUrl, isLoopbackUrl, type FetchLike } from './http-exchange';
import { validatePlatformAnswer, type PlatformRequestBody } from './platform-protocol';
import type { RevocationChecker, RevocationRequest, RevocationResult, RevocationTarget } from './revocation-checker';
import { checkRequest, failed, pending } from './revocation-target';

export type PlatformCredentials = { readonly apiKey: string } | { readonly bearerToken: string };

export interface PlatformCheckerOptions {
  readonly endpoint: string;
  readonly credentials: PlatformCredentials;
  readonly fetch: FetchLike;
  /** Default 10 s. */
  readonly timeoutMs?: number;
  /** How to name the certificate when it is held (default 'certificate', the whole DER). */
  readonly identify?: 'certificate' | 'serial';
  /** Oldest acceptable checkedAt (default 300 s). */
  readonly maxAgeSeconds?: number;
  /** Default 120 s. */
  readonly clockSkewSeconds?: number;
  readonly isOnline?: () => boolean;
}

const MAX_RESPONSE_BYTES = 16 * 1024;
const TOKEN = /^[\x21-\x7e]{1,4096}$/; // visible ASCII: no spaces, no CR/LF header injection

function authHeader(c: PlatformCredentials): [string, string] | undefined {
  if ('apiKey' in c) return TOKEN.test(c.apiKey) ? ['x-api-key', c.apiKey] : undefined;
  return TOKEN.test(c.bearerToken) ? ['authorization', `Bearer ${c.bearerToken}`] : undefined;
}

export class PlatformRevocationChecker implements RevocationChecker {
  readonly source = 'platform' as const;

  constructor(private readonly options: PlatformCheckerOptions) {}

  check(req: RevocationRequest): Promise<RevocationResult> {
    return checkRequest(this, req);
  }

  async checkTarget(t: RevocationTarget): Promise<RevocationResult> {
    const { endpoint } = this.options;
    if (!isHttpUrl(endpoint) || (!endpoint.startsWith('https://') && !isLoopbackUrl(endpoint))) {
      return failed('platform', 'revocation-not-configured', 'the platform endpoint must be https (plain http only on loopback)');
    }
    const auth = authHeader(this.options.credentials);
    if (!auth) return failed('platform', 'revocation-not-configured', 'the platform credentials are not a valid token');
    if (this.options.isOnline && !this.options.isOnline()) return pending(t, 'platform', 'offline');

    const requestId = globalThis.crypto.randomUUID();
    const body: PlatformRequestBody =
      t.certificate && (this.options.identify ?? 'certificate') === 'certificate'
        ? { requestId, purpose: t.purpose, certificate: bytesToBase64(t.certificate) }
        : {
            requestId,
            purpose: t.purpose,
            serialNumber: toHex(t.serial),
            issuerNameHash: toHex(t.issuerNameHash),
            issuerKeyHash: toHex(t.issuerKeyHash),
          };
    const outcome = await httpExchange(
      this.options.fetch,
      endpoint,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', [auth[0]]: auth[1] },
        body: JSON.stringify(body),
        credentials: 'omit',
      },
      { timeoutMs: this.options.timeoutMs ?? 10_000, maxBytes: MAX_RESPONSE_BYTES },
    );
    if (outcome.kind === 'no-answer') return pending(t, 'platform', 'no-answer');
    if (outcome.kind === 'too-large') return failed('platform', 'revocation-platform-error', outcome.detail);
    const { status } = outcome;
    if (status === 401 || status === 403) {
      return failed('platform', 'revocation-platform-error', `the platform refused the credentials (HTTP ${status})`);
    }
    if (status === 408 || status === 429 || (status >= 500 && status <= 599)) return pending(t, 'platform', 'no-answer');
    if (status !== 200) return failed('platform', 'revocation-platform-error', `unexpected HTTP ${status}`);
    if (!/^application\/json\s*(;|$)/i.test(outcome.contentType)) {
      return failed('platform', 'revocation-platform-error', 'the response is not application/json');
    }

    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(outcome.body));
    } catch {
      return failed('platform', 'revocation-platform-error', 'the response is not valid UTF-8 JSON');
    }
    const answer = validatePlatformAnswer(json, {
      requestId,
      nowMs: t.now.getTime(),
      maxAgeSeconds: this.options.maxAgeSeconds ?? 300,
      clockSkewSeconds: this.options.clockSkewSeconds ?? 120,
    });
    if (typeof answer === 'string') return failed('platform', 'revocation-platform-error', answer);
    const checkedAt = answer.checkedAt.toISOString();
    switch (answer.status) {
      case 'good':
        return { status: 'good', source: 'platform', checkedAt };
      case 'revoked':
        return {
          status: 'revoked',
          source: 'platform',
          checkedAt,
          ...(answer.revokedAt ? { revokedAt: answer.revokedAt.toISOString() } : {}),
          ...(answer.reason ? { reason: answer.reason } : {}),
        };
      case 'unknown':
        return failed('platform', 'revocation-platform-error', 'the platform does not know this certificate (status unknown)');
    }
  }
}
