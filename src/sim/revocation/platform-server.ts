/**
 * A platform-operator (PF事業者) revocation service for tests, speaking the Kazasu JSON protocol
 * (src/verify/revocation/platform-protocol.ts), implemented independently here:
 *
 *   POST /revocation   X-API-Key: <key>  or  Authorization: Bearer <token>
 *   { "requestId", "purpose": "sign"|"auth", "certificate": base64 DER }
 *   { "requestId", "purpose", "serialNumber": HEX, "issuerNameHash": HEX, "issuerKeyHash": HEX }
 *   → 200 { "requestId", "status": "good"|"revoked"|"unknown", "revokedAt"?, "reason"?, "checkedAt" }
 *   → 401 wrong or missing credentials; 400 bad request.
 *
 * A serial is 'revoked' if listed, 'good' if listed as good, else 'unknown' (the operator has
 * never seen it); a certificate from an issuer the operator does not know is 'unknown' too.
 * Variants: normal, wrong-request-id, stale-checked-at (checkedAt 2 h ago), extra-member,
 * malformed-json, not-json (text/plain), http-500, hang.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { copyBytes } from '../../bytes/byte-ops';
import { base64ToBytes } from '../../bytes/base64';
import { simCertParts } from './cert-parts';
import { readBody, startLoopbackServer } from './loopback-server';

export type PlatformVariant =
  | 'normal'
  | 'wrong-request-id'
  | 'stale-checked-at'
  | 'extra-member'
  | 'malformed-json'
  | 'not-json'
  | 'http-500'
  | 'hang';

export interface PlatformRevokedSpec {
  readonly serialHex: string;
  readonly revokedAt?: Date;
  readonly reason?: string;
}

export interface StartPlatformServerOptions {
  readonly credentials: { readonly apiKey: string } | { readonly bearerToken: string };
  /** Issuer certificates the operator serves (its J-LIS registration). */
  readonly issuers: readonly Uint8Array[];
  readonly revoked?: readonly PlatformRevokedSpec[];
  readonly good?: readonly string[];
  readonly variant?: PlatformVariant;
  readonly now?: () => Date;
}

/** A request as the server saw it (for privacy and protocol assertions). */
export interface SeenPlatformRequest {
  readonly headers: IncomingHttpHeaders;
  readonly body: Record<string, unknown> | undefined;
  readonly authorised: boolean;
}

export interface PlatformServer {
  readonly url: string;
  setVariant(v: PlatformVariant): void;
  readonly requests: readonly SeenPlatformRequest[];
  close(): Promise<void>;
}

const hexOf = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('').toUpperCase();
const normalHex = (hex: string): string => {
  const h = hex.toUpperCase().replace(/^0+/, '');
  return h.length % 2 ? `0${h}` : h;
};

async function sha256Hex(b: Uint8Array): Promise<string> {
  return hexOf(new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', copyBytes(b))));
}

export async function startPlatformServer(options: StartPlatformServerOptions): Promise<PlatformServer> {
  let variant: PlatformVariant = options.variant ?? 'normal';
  const clock = options.now ?? (() => new Date());
  const issuers = await Promise.all(
    options.issuers.map(async (der) => {
      const p = simCertParts(der);
      return { nameHex: hexOf(p.subjectName), nameHash: await sha256Hex(p.subjectName), keyHash: await sha256Hex(p.subjectPublicKey) };
    }),
  );
  const revoked = new Map((options.revoked ?? []).map((r) => [normalHex(r.serialHex), r]));
  const good = new Set((options.good ?? []).map(normalHex));
  const requests: SeenPlatformRequest[] = [];

  const authorised = (h: IncomingHttpHeaders): boolean =>
    'apiKey' in options.credentials
      ? h['x-api-key'] === options.credentials.apiKey
      : h.authorization === `Bearer ${options.credentials.bearerToken}`;

  /** serial hex if the request names a certificate of a known issuer, else undefined. */
  function serialOf(body: Record<string, unknown>): string | undefined | 'bad' {
    if (typeof body.certificate === 'string') {
      try {
        const p = simCertParts(base64ToBytes(body.certificate));
        return issuers.some((i) => i.nameHex === hexOf(p.issuerName)) ? p.serialHex : undefined;
      } catch {
        return 'bad';
      }
    }
    if (typeof body.serialNumber === 'string' && typeof body.issuerKeyHash === 'string' && typeof body.issuerNameHash === 'string') {
      if (!/^[0-9A-F]{2,40}$/.test(body.serialNumber)) return 'bad';
      const known = issuers.some((i) => i.keyHash === body.issuerKeyHash && i.nameHash === body.issuerNameHash);
      return known ? body.serialNumber : undefined;
    }
    return 'bad';
  }

  const server = await startLoopbackServer(async (req, res) => {
    if (req.method !== 'POST' || req.url !== '/revocation') {
      res.writeHead(404).end();
      return;
    }
    const raw = await readBody(req, 64 * 1024);
    let body: Record<string, unknown> | undefined;
    try {
      const parsed: unknown = raw ? JSON.parse(new TextDecoder().decode(raw)) : undefined;
      body = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
    } catch {
      body = undefined;
    }
    const ok = authorised(req.headers);
    requests.push({ headers: req.headers, body, authorised: ok });
    if (variant === 'hang') return;
    if (!ok) {
      res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer' }).end('{"error":"unauthorised"}');
      return;
    }
    if (variant === 'http-500') {
      res.writeHead(500).end();
      return;
    }
    const serial = body ? serialOf(body) : 'bad';
    if (!body || typeof body.requestId !== 'string' || (body.purpose !== 'sign' && body.purpose !== 'auth') || serial === 'bad') {
      res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"bad request"}');
      return;
    }
    const now = clock();
    const spec = serial === undefined ? undefined : revoked.get(normalHex(serial));
    const status = serial === undefined ? 'unknown' : spec ? 'revoked' : good.has(normalHex(serial)) ? 'good' : 'unknown';
    const answer: Record<string, unknown> = {
      requestId: variant === 'wrong-request-id' ? globalThis.crypto.randomUUID() : body.requestId,
      status,
      checkedAt: new Date(variant === 'stale-checked-at' ? now.getTime() - 2 * 3600_000 : now.getTime()).toISOString(),
      ...(spec?.revokedAt ? { revokedAt: spec.revokedAt.toISOString() } : {}),
      ...(spec?.reason ? { reason: spec.reason } : {}),
      ...(variant === 'extra-member' ? { note: 'unexpected' } : {}),
    };
    const text = variant === 'malformed-json' ? JSON.stringify(answer).slice(0, -3) : JSON.stringify(answer);
    res.writeHead(200, { 'content-type': variant === 'not-json' ? 'text/plain' : 'application/json; charset=utf-8' });
    res.end(text);
  });
  return {
    url: `${server.origin}/revocation`,
    setVariant: (v) => {
      variant = v;
    },
    requests,
    close: () => server.close(),
  };
}
