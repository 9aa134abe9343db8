/**
 * Where the kiosk asks whether a JPKI certificate is revoked (issue 13): a CRL URL per
 * certificate kind (署名用 sign / 利用者証明用 auth: the two JPKI hierarchies publish their own
 * lists, reference pki-and-perf.md §2.1), an OCSP responder, a platform operator's endpoint, and
 * how often the lists are fetched again. Pure data and checks: no DOM, no network; vite.config.ts
 * uses the same parser for the deployment defaults and the CSP.
 *
 * Two places hold a configuration:
 * - the deployment (`KAZASU_REVOCATION_CONFIG=<file.json>` at build time): its endpoints are the
 *   kiosk's defaults AND their origins go into the CSP `connect-src` (a page cannot widen its own
 *   CSP later, so only origins named at build time can ever be reached);
 * - Settings (kept with the kiosk settings in localStorage): staff may change the URLs, but an
 *   endpoint whose origin the build did not allow is refused with a plain reason.
 *
 * The platform operator needs an API key (platform-client.ts). A key never lives in the browser:
 * such a platform is reached through a server-side relay, which does not exist yet, so the kiosk
 * keeps the endpoint but does not use it and says so (RevocationSettings).
 */
import { KazasuError } from '../../errors/kazasu-error.js';

export type CertificateKind = 'sign' | 'auth';
export const CERTIFICATE_KINDS: readonly CertificateKind[] = ['sign', 'auth'];

/** How often the lists are fetched again (hours). J-LIS publishes CRLs daily (pki-and-perf.md §2.1). */
export const REFRESH_HOURS = [1, 6, 12, 24] as const;
export type RefreshHours = (typeof REFRESH_HOURS)[number];

export interface RevocationConfig {
  /** CRL distribution point per certificate kind; '' = none. */
  readonly crlUrls: { readonly sign: string; readonly auth: string };
  /** OCSP responder; may contain `{purpose}` (sign or auth); '' = none. */
  readonly ocspUrl: string;
  /** Platform operator endpoint (needs a server relay, not available yet); '' = none. */
  readonly platformEndpoint: string;
  readonly refreshHours: RefreshHours;
}

export const EMPTY_REVOCATION_CONFIG: RevocationConfig = {
  crlUrls: { sign: '', auth: '' },
  ocspUrl: '',
  platformEndpoint: '',
  refreshHours: 24,
};

/** Why an endpoint cannot be used. */
export type EndpointProblem =
  /** Not an absolute URL. */
  | 'not-a-url'
  /** http:// anywhere but this device (loopback), or another scheme; credentials in the URL. */
  | 'not-https'
  /** The kiosk's security policy (CSP connect-src, fixed at build time) does not allow its origin. */
  | 'not-allowed'
  | 'too-long';

const MAX_URL = 2048;
const HOST = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost']);

/**
 * The origin of an endpoint, or why it cannot be one. https anywhere; plain http only on this
 * device (127.0.0.1 / localhost: a local mirror or relay — browsers treat loopback as potentially
 * trustworthy, so it is not mixed content). No IPv6 literal (a CSP source cannot hold one), no
 * wildcard, no credentials. `{purpose}` in the path is allowed (replaced before use).
 */
export function endpointOrigin(value: string): { readonly origin: string } | { readonly problem: Exclude<EndpointProblem, 'not-allowed'> } {
  if (value.length > MAX_URL) return { problem: 'too-long' };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { problem: 'not-a-url' };
  }
  if (url.username !== '' || url.password !== '') return { problem: 'not-https' };
  if (!HOST.test(url.hostname)) return { problem: 'not-a-url' };
  if (url.protocol === 'https:') return { origin: url.origin };
  if (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)) return { origin: url.origin };
  return { problem: 'not-https' };
}

/** '' = not configured (fine); otherwise undefined when usable under `allowedOrigins`, or the problem. */
export function endpointProblem(value: string, allowedOrigins: readonly string[]): EndpointProblem | undefined {
  if (value === '') return undefined;
  const o = endpointOrigin(value);
  if ('problem' in o) return o.problem;
  return allowedOrigins.includes(o.origin) ? undefined : 'not-allowed';
}

/** The endpoints of a configuration, with where each is used. */
export function configEndpoints(config: RevocationConfig): { readonly field: 'crl.sign' | 'crl.auth' | 'ocsp' | 'platform'; readonly url: string }[] {
  return [
    { field: 'crl.sign' as const, url: config.crlUrls.sign },
    { field: 'crl.auth' as const, url: config.crlUrls.auth },
    { field: 'ocsp' as const, url: config.ocspUrl },
    { field: 'platform' as const, url: config.platformEndpoint },
  ].filter((e) => e.url !== '');
}

/** Every origin the configuration reaches (for the CSP), in order, once each. */
export function configOrigins(config: RevocationConfig): string[] {
  const out: string[] = [];
  for (const e of configEndpoints(config)) {
    const o = endpointOrigin(e.url);
    if ('origin' in o && !out.includes(o.origin)) out.push(o.origin);
  }
  return out;
}

export class RevocationConfigError extends KazasuError {
  readonly code = 'revocation-config-invalid';
  constructor(readonly reason: string) {
    super(`revocation configuration: ${reason}`);
  }
}

const KEYS = new Set(['crlUrls', 'ocspUrl', 'platformEndpoint', 'refreshHours']);

function url(v: unknown, name: string): string {
  if (v === undefined || v === '') return '';
  if (typeof v !== 'string') throw new RevocationConfigError(`${name} must be a string`);
  const o = endpointOrigin(v);
  if ('problem' in o) throw new RevocationConfigError(`${name}: ${o.problem}`);
  return v;
}

/**
 * Strict reading of a configuration (the deployment file, or what localStorage holds): unknown
 * members, wrong types and unusable URLs throw RevocationConfigError. Missing members are empty.
 */
export function parseRevocationConfig(value: unknown): RevocationConfig {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new RevocationConfigError('not an object');
  const o = value as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!KEYS.has(k)) throw new RevocationConfigError(`unexpected member "${k}"`);
  const crl = o.crlUrls ?? {};
  if (typeof crl !== 'object' || crl === null || Array.isArray(crl)) throw new RevocationConfigError('crlUrls must be an object');
  for (const k of Object.keys(crl)) if (!CERTIFICATE_KINDS.includes(k as CertificateKind)) throw new RevocationConfigError(`crlUrls: unexpected member "${k}"`);
  const c = crl as Record<string, unknown>;
  const hours = o.refreshHours ?? EMPTY_REVOCATION_CONFIG.refreshHours;
  if (!REFRESH_HOURS.includes(hours as RefreshHours)) throw new RevocationConfigError(`refreshHours must be one of ${REFRESH_HOURS.join(', ')}`);
  return {
    crlUrls: { sign: url(c.sign, 'crlUrls.sign'), auth: url(c.auth, 'crlUrls.auth') },
    ocspUrl: url(o.ocspUrl, 'ocspUrl'),
    platformEndpoint: url(o.platformEndpoint, 'platformEndpoint'),
    refreshHours: hours as RefreshHours,
  };
}

/** Like parseRevocationConfig, but a stored value that does not read falls back (never throws). */
export function revocationConfigOr(value: unknown, fallback: RevocationConfig): RevocationConfig {
  try {
    return value === undefined ? fallback : parseRevocationConfig(value);
  } catch {
    return fallback;
  }
}

/** `{purpose}` in an OCSP or CRL URL becomes sign or auth. */
export function forPurpose(template: string, purpose: CertificateKind): string {
  return template.replaceAll('{purpose}', purpose);
}

/** What the build fixed: the defaults and every origin the CSP allows the page to connect to. */
export interface RevocationDeployment {
  readonly defaults: RevocationConfig;
  /** Exact origins in connect-src besides 'self' and the bridge (KAZASU_CONNECT_ORIGINS + the defaults'). */
  readonly connectOrigins: readonly string[];
}

/**
 * Build time (vite.config.ts): the deployment file's text (or undefined) and the parsed
 * KAZASU_CONNECT_ORIGINS → the deployment. Throws RevocationConfigError on a bad file, so a
 * mistake fails the build instead of shipping a kiosk that cannot reach its lists.
 */
export function revocationDeployment(fileText: string | undefined, connectOrigins: readonly string[]): RevocationDeployment {
  let defaults = EMPTY_REVOCATION_CONFIG;
  if (fileText !== undefined) {
    let json: unknown;
    try {
      json = JSON.parse(fileText);
    } catch {
      throw new RevocationConfigError('KAZASU_REVOCATION_CONFIG is not JSON');
    }
    defaults = parseRevocationConfig(json);
  }
  const origins = [...connectOrigins];
  for (const o of configOrigins(defaults)) if (!origins.includes(o)) origins.push(o);
  return { defaults, connectOrigins: origins };
}
