import { KazasuError } from '../../errors/kazasu-error.js';

/**
 * The kiosk's browser-hardening HTTP headers (issue 6 §5), built from a small deployment config.
 * Pure data → strings: vite.config.ts sends them from `vite dev` / `vite preview` and writes them
 * to dist/_headers for static hosts (static-headers-plugin.ts). Nothing here touches the DOM.
 *
 * Why each source is allowed:
 * - script-src 'self' 'wasm-unsafe-eval': the OpenJPEG photo decoder compiles WebAssembly
 *   (e2e/photo.spec.ts "CSP" test); no inline script, no eval.
 * - style-src 'self': the built app has only app.css. React's `style={{…}}` props are set through
 *   the CSSOM (element.style.width = …), which CSP does not govern (measured: e2e/security/csp.spec.ts
 *   sees no violation on the credentials screen that uses them).
 * - img-src 'self' blob:: the card-face images are PNG object URLs (screens/result/CardImage.tsx);
 *   the face photo is drawn on a canvas.
 * - connect-src: 'self' (precache, the decoder's .wasm), the PC/SC bridge on loopback on any port
 *   (staff may change it in Settings), and the revocation / platform origins configured at build
 *   time. Nothing else: no third-party origin.
 * - The bridge on [::1]: CSP host-sources cannot hold an IPv6 literal (Chromium 156 ignores
 *   `ws://[::1]:*` as "an invalid source"), so only 127.0.0.1 and localhost are allowed.
 * - No `upgrade-insecure-requests`: it would turn ws://127.0.0.1 (the bridge) into wss://.
 */

/** Loopback WebSocket sources for `kazasu bridge` (any port: staff can change it). */
export const BRIDGE_CONNECT_SOURCES: readonly string[] = ['ws://127.0.0.1:*', 'ws://localhost:*'];

/**
 * The inline module script @vitejs/plugin-react puts into index.html in `vite dev` only (React
 * Refresh preamble, base '/'). Allowed by its hash in the dev-server policy; the build has none.
 * UNCONFIRMED across plugin versions: if plugin-react changes the text, the dev page reports a CSP
 * violation and this string must follow it (the built app is unaffected).
 */
export const REACT_REFRESH_PREAMBLE = `import { injectIntoGlobalHook } from "/@react-refresh";
injectIntoGlobalHook(window);
window.$RefreshReg$ = () => {};
window.$RefreshSig$ = () => (type) => type;`;

export interface DeploymentHeadersConfig {
  /** Exact https origins the kiosk may fetch from (revocation responders, platform operator). */
  readonly connectOrigins: readonly string[];
  /**
   * `vite dev` only: Vite injects CSS as <style> elements and plugin-react adds the Refresh
   * preamble inline. Never set for preview, the build or _headers.
   */
  readonly devServer?: { readonly preambleSha256: string };
}

/** Why a configured connect origin was refused (stable strings for the build's error message). */
export type ConnectOriginReason = 'not-a-url' | 'not-https' | 'not-an-origin' | 'bad-host' | 'too-many';

export class ConnectOriginError extends KazasuError {
  readonly code = 'connect-origin-invalid';
  constructor(
    readonly reason: ConnectOriginReason,
    readonly value: string,
  ) {
    super(`KAZASU_CONNECT_ORIGINS: ${JSON.stringify(value.slice(0, 200))} refused (${reason}); expected a comma list of exact origins such as https://ocsp.example.jp`);
  }
}

/** More origins than this is a configuration mistake, not a deployment. */
const MAX_CONNECT_ORIGINS = 16;

/**
 * A DNS name (letters, digits, hyphens; punycode for IDNs) or dotted IPv4. The URL parser alone is
 * not enough: it accepts `*` in a host, which in a CSP source is a wildcard. IPv6 literals cannot
 * be written in a CSP source at all.
 */
const HOST = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

/**
 * Parses the build-time list (e.g. KAZASU_CONNECT_ORIGINS="https://crl.example.jp,https://ocsp.example.jp").
 * Each entry must be exactly an https origin as the URL parser writes it: no path, query,
 * fragment, credentials, wildcard, IPv6 literal or trailing slash, so a typo cannot widen the policy.
 */
export function parseConnectOrigins(value: string | undefined): string[] {
  const entries = (value ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (entries.length > MAX_CONNECT_ORIGINS) throw new ConnectOriginError('too-many', value ?? '');
  const origins: string[] = [];
  for (const entry of entries) {
    let url: URL;
    try {
      url = new URL(entry);
    } catch {
      throw new ConnectOriginError('not-a-url', entry);
    }
    if (url.protocol !== 'https:') throw new ConnectOriginError('not-https', entry);
    if (url.origin !== entry) throw new ConnectOriginError('not-an-origin', entry);
    if (!HOST.test(url.hostname)) throw new ConnectOriginError('bad-host', entry);
    if (!origins.includes(entry)) origins.push(entry);
  }
  return origins;
}

/** The Content-Security-Policy header value. */
export function contentSecurityPolicy(config: DeploymentHeadersConfig): string {
  const dev = config.devServer;
  const directives: [string, ...string[]][] = [
    ['default-src', "'none'"],
    ['script-src', "'self'", "'wasm-unsafe-eval'", ...(dev ? [`'sha256-${dev.preambleSha256}'`] : [])],
    ['style-src', "'self'", ...(dev ? ["'unsafe-inline'"] : [])],
    ['img-src', "'self'", 'blob:'],
    ['font-src', "'self'"],
    ['connect-src', "'self'", ...BRIDGE_CONNECT_SOURCES, ...config.connectOrigins],
    ['worker-src', "'self'"],
    ['manifest-src', "'self'"],
    ['object-src', "'none'"],
    ['base-uri', "'none'"],
    ['form-action', "'self'"],
    ['frame-ancestors', "'none'"],
  ];
  return directives.map((d) => d.join(' ')).join('; ');
}

/**
 * Powerful features: the kiosk uses WebUSB (readers), fullscreen, the screen wake lock and the
 * camera (reading 照合番号B from the card front on the device, src/app/ocr; issue 11), all from its
 * own origin only; everything else is off for every origin. Only tokens Chromium 156
 * recognises (measured): it warns "Unrecognized feature" for `bluetooth` and `smart-card`, so
 * they are not listed. The Web Smart Card API runs in an Isolated Web App, whose manifest sets its
 * permissions policy, not this header.
 */
export const PERMISSIONS_POLICY: Readonly<Record<string, 'self' | 'none'>> = {
  usb: 'self',
  fullscreen: 'self',
  'screen-wake-lock': 'self',
  serial: 'none',
  hid: 'none',
  camera: 'self',
  microphone: 'none',
  geolocation: 'none',
  payment: 'none',
  'display-capture': 'none',
  midi: 'none',
  accelerometer: 'none',
  gyroscope: 'none',
  magnetometer: 'none',
  'clipboard-read': 'none',
  'clipboard-write': 'none',
  'publickey-credentials-get': 'none',
  'publickey-credentials-create': 'none',
  'identity-credentials-get': 'none',
  'otp-credentials': 'none',
  'xr-spatial-tracking': 'none',
  'idle-detection': 'none',
  'local-fonts': 'none',
  'window-management': 'none',
  'browsing-topics': 'none',
  'encrypted-media': 'none',
  'picture-in-picture': 'none',
  autoplay: 'none',
  'speaker-selection': 'none',
  'sync-xhr': 'none',
};

/** The Permissions-Policy header value (structured-field dictionary). */
export function permissionsPolicy(): string {
  return Object.entries(PERMISSIONS_POLICY)
    .map(([feature, allow]) => `${feature}=${allow === 'self' ? '(self)' : '()'}`)
    .join(', ');
}

/** Every header the kiosk's documents and scripts are served with. */
export function securityHeaders(config: DeploymentHeadersConfig): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(config),
    'Permissions-Policy': permissionsPolicy(),
    'Referrer-Policy': 'no-referrer',
    'X-Content-Type-Options': 'nosniff',
  };
}

/** dist/_headers for static hosts (Netlify and Cloudflare Pages format): every path gets them. */
export function staticHostHeadersFile(headers: Readonly<Record<string, string>>): string {
  const lines = Object.entries(headers).map(([name, value]) => {
    if (/[\r\n]/.test(name) || /[\r\n]/.test(value)) throw new Error(`header ${name} spans lines`);
    return `  ${name}: ${value}`;
  });
  return `/*\n${lines.join('\n')}\n`;
}
