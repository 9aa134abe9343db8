/** Shared test fixtures: simulator roots and leaves, openssl, a temp dir, fetch spies. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mintJpkiAuthCertificate, mintJpkiSignCertificate, toPem } from '../../src/sim/pki/jpki-certificates';
import { simJpkiRoot, type SimRoot } from '../../src/sim/pki/sim-hierarchy';
import { cardKeyFor } from '../../src/sim/pki/sim-keys';
import type { FetchLike } from '../../src/verify/revocation/http-exchange';

export const MUNICIPALITY = { prefecture: 'Tokyo-to', city: 'Kiyose-shi' };
export const PERSONAL = {
  name: '山田　花子',
  sex: '2' as const,
  birthDate: '419900102',
  address: '東京都清瀬市中里一丁目２番地３',
};

export interface Roots {
  sign: SimRoot;
  auth: SimRoot;
  signGen2: SimRoot;
  signUntrusted: SimRoot;
}

export async function roots(): Promise<Roots> {
  return {
    sign: await simJpkiRoot('sign', 'gen1'),
    auth: await simJpkiRoot('auth', 'gen1'),
    signGen2: await simJpkiRoot('sign', 'gen2'),
    signUntrusted: await simJpkiRoot('sign', 'untrusted'),
  };
}

export interface LeafOptions {
  issuer: SimRoot;
  serialHex: string;
  crlUrl?: string;
  ocspUrl?: string;
  seed?: string;
}

const VALIDITY = { notBefore: new Date('2025-10-27T00:00:00Z'), notAfter: new Date('2030-01-02T14:59:59Z') };

export function signLeaf(o: LeafOptions): Promise<Uint8Array> {
  return mintJpkiSignCertificate({
    issuer: o.issuer,
    subjectKey: cardKeyFor(o.seed ?? `card-${o.serialHex}`, 'jpki-sign'),
    municipality: MUNICIPALITY,
    commonName: `9SIMSIGN${o.serialHex}`,
    serialHex: o.serialHex,
    personal: PERSONAL,
    ...(o.crlUrl ? { crlUrl: o.crlUrl } : {}),
    ...(o.ocspUrl ? { ocspUrl: o.ocspUrl } : {}),
    ...VALIDITY,
  });
}

export function authLeaf(o: LeafOptions): Promise<Uint8Array> {
  return mintJpkiAuthCertificate({
    issuer: o.issuer,
    subjectKey: cardKeyFor(o.seed ?? `card-${o.serialHex}`, 'jpki-auth'),
    municipality: MUNICIPALITY,
    commonName: `9SIMAUTH${o.serialHex}`,
    serialHex: o.serialHex,
    ...(o.crlUrl ? { crlUrl: o.crlUrl } : {}),
    ...VALIDITY,
  });
}

export class TempDir {
  readonly path = mkdtempSync(join(tmpdir(), 'kazasu-revocation-'));
  private n = 0;
  file(name: string, data: Uint8Array | string): string {
    const p = join(this.path, `${this.n++}-${name}`);
    writeFileSync(p, data);
    return p;
  }
  pem(der: Uint8Array, label = 'CERTIFICATE'): string {
    return this.file('c.pem', toPem(der, label));
  }
  remove(): void {
    rmSync(this.path, { recursive: true, force: true });
  }
}

export function openssl(...args: string[]): { ok: boolean; out: string; err: string } {
  const r = spawnSync('/usr/bin/openssl', args, { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  return { ok: r.status === 0, out: r.stdout, err: r.stderr };
}

/** A fetch that records calls and delegates to the real one. */
export function spyFetch(): { fetch: FetchLike; calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    fetch: (url, init) => {
      calls.push(url);
      return globalThis.fetch(url, init);
    },
  };
}

/** A fetch that must never be called. */
export const forbiddenFetch: FetchLike = () => {
  throw new Error('fetch must not be called');
};

/** Deterministic PRNG (xorshift32) for synthetic CRLs. */
export function prng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}
