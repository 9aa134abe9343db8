/**
 * A CRL distribution point for tests: GET /crl/<name>.crl on 127.0.0.1 serves a DER CRL
 * (application/pkix-crl). A route is either fixed bytes, or a publication (issuer + entries)
 * minted on each request around the server's clock, so variants can be switched at run time:
 *
 *   normal          thisUpdate = now − 1 h, nextUpdate = now + validity (default 24 h; JPKI: daily, §2.1)
 *   stale           thisUpdate = now − 48 h, nextUpdate = now − 24 h
 *   wrong-signer    correct issuer Name, signed with simKey('crl-signer-rogue')
 *   untrusted-root  signed with simKey('untrusted-root'), whose root copies the real DN (sim-hierarchy.ts)
 *   truncated       the first half of the DER
 *   http-error      503
 *   hang            accepts the request and never answers (for client timeouts)
 */
import { simKey, type SimKeyPair } from '../pki/sim-keys';
import { startLoopbackServer } from './loopback-server';
import { mintCrl, type CrlEntrySpec, type MintCrlParams } from './mint-crl';

export type CrlServerVariant = 'normal' | 'stale' | 'wrong-signer' | 'untrusted-root' | 'truncated' | 'http-error' | 'hang';

export interface CrlPublication {
  readonly issuer: { readonly key: SimKeyPair; readonly certificate: Uint8Array };
  readonly entries: readonly CrlEntrySpec[];
  readonly crlNumber?: number;
  readonly issuingDistributionPoint?: MintCrlParams['issuingDistributionPoint'];
}

export interface StartCrlServerOptions {
  /** Route name → CRL. Names are path segments, e.g. 'sign', 'auth', 'sign-13221'. */
  readonly crls: Readonly<Record<string, Uint8Array | CrlPublication>>;
  readonly variant?: CrlServerVariant;
  readonly now?: () => Date;
  /** nextUpdate − now for fresh CRLs, seconds (default 86 400). */
  readonly validitySeconds?: number;
}

export interface CrlServer {
  /** URL of a route, e.g. url('sign'). */
  url(name: string): string;
  setVariant(v: CrlServerVariant): void;
  setCrl(name: string, crl: Uint8Array | CrlPublication): void;
  /** Number of requests received (any route). */
  readonly requestCount: number;
  close(): Promise<void>;
}

const HOUR = 3600_000;

async function render(p: CrlPublication, variant: CrlServerVariant, now: Date, validitySeconds: number): Promise<Uint8Array> {
  const t = now.getTime();
  const stale = variant === 'stale';
  const signerKey =
    variant === 'wrong-signer' ? simKey('crl-signer-rogue') : variant === 'untrusted-root' ? simKey('untrusted-root') : p.issuer.key;
  return mintCrl({
    issuer: p.issuer,
    signerKey,
    thisUpdate: new Date(stale ? t - 48 * HOUR : t - HOUR),
    nextUpdate: new Date(stale ? t - 24 * HOUR : t + validitySeconds * 1000),
    entries: p.entries,
    crlNumber: p.crlNumber ?? Math.floor(t / 1000),
    issuingDistributionPoint: p.issuingDistributionPoint,
  });
}

export async function startCrlServer(options: StartCrlServerOptions): Promise<CrlServer> {
  const routes = new Map(Object.entries(options.crls));
  let variant: CrlServerVariant = options.variant ?? 'normal';
  let requestCount = 0;
  const clock = options.now ?? (() => new Date());
  const server = await startLoopbackServer(async (req, res) => {
    requestCount++;
    const m = /^\/crl\/([A-Za-z0-9_-]{1,64})\.crl$/.exec(req.url ?? '');
    const route = m ? routes.get(m[1]!) : undefined;
    if (req.method !== 'GET' || !route) {
      res.writeHead(404).end();
      return;
    }
    if (variant === 'hang') return; // never answered; close() destroys the socket
    if (variant === 'http-error') {
      res.writeHead(503, { 'retry-after': '60' }).end();
      return;
    }
    let der = route instanceof Uint8Array ? route : await render(route, variant, clock(), options.validitySeconds ?? 86_400);
    if (variant === 'truncated') der = der.subarray(0, der.length >> 1);
    res.writeHead(200, { 'content-type': 'application/pkix-crl', 'content-length': String(der.length) });
    res.end(der);
  });
  return {
    url: (name) => `${server.origin}/crl/${name}.crl`,
    setVariant: (v) => {
      variant = v;
    },
    setCrl: (name, crl) => {
      routes.set(name, crl);
    },
    get requestCount() {
      return requestCount;
    },
    close: () => server.close(),
  };
}
