/**
 * The simulator's standard JPKI roots with fixed serials and dates, so every part of Kazasu
 * (card simulator, simulator trust list, tests) uses byte-identical root certificates.
 * Generation 1 and 2 of a purpose share one DN (spec §4.3); the untrusted roots copy that DN
 * too, as a forger would, but use the `untrusted-root` key.
 */
import { mintJpkiRootCertificate } from './jpki-certificates';
import type { JpkiPurpose } from './sim-names';
import { simKey, type SimKeyPair } from './sim-keys';
import type { SimRoleKeyId } from './sim-key-ids';

export type SimRootGeneration = 'gen1' | 'gen2' | 'untrusted';

interface RootPlan {
  keyId: SimRoleKeyId;
  serialHex: string;
  notBefore: string;
  notAfter: string;
}

const PLAN: Readonly<Record<JpkiPurpose, Readonly<Record<SimRootGeneration, RootPlan>>>> = {
  sign: {
    gen1: { keyId: 'jpki-sign-root', serialHex: '9A0101', notBefore: '2020-01-01T00:00:00Z', notAfter: '2040-12-31T14:59:59Z' },
    gen2: { keyId: 'jpki-sign-root-gen2', serialHex: '9A0102', notBefore: '2025-07-01T00:00:00Z', notAfter: '2045-06-30T14:59:59Z' },
    untrusted: { keyId: 'untrusted-root', serialHex: '9AFF01', notBefore: '2020-01-01T00:00:00Z', notAfter: '2040-12-31T14:59:59Z' },
  },
  auth: {
    gen1: { keyId: 'jpki-auth-root', serialHex: '9A0201', notBefore: '2020-01-01T00:00:00Z', notAfter: '2040-12-31T14:59:59Z' },
    gen2: { keyId: 'jpki-auth-root-gen2', serialHex: '9A0202', notBefore: '2025-07-01T00:00:00Z', notAfter: '2045-06-30T14:59:59Z' },
    untrusted: { keyId: 'untrusted-root', serialHex: '9AFF02', notBefore: '2020-01-01T00:00:00Z', notAfter: '2040-12-31T14:59:59Z' },
  },
};

export interface SimRoot {
  purpose: JpkiPurpose;
  generation: SimRootGeneration;
  key: SimKeyPair;
  /** DER. Pass `{ key, certificate }` as the `issuer` of a leaf. */
  certificate: Uint8Array<ArrayBuffer>;
}

const cache = new Map<string, Promise<Uint8Array<ArrayBuffer>>>();

/** A standard simulator root (minted once per process; returns a fresh copy of the DER). */
export async function simJpkiRoot(purpose: JpkiPurpose, generation: SimRootGeneration = 'gen1'): Promise<SimRoot> {
  const plan = PLAN[purpose][generation];
  const key = simKey(plan.keyId);
  const cacheKey = `${purpose}/${generation}`;
  let der = cache.get(cacheKey);
  if (!der) {
    der = mintJpkiRootCertificate({
      purpose,
      key,
      serialHex: plan.serialHex,
      notBefore: new Date(plan.notBefore),
      notAfter: new Date(plan.notAfter),
    });
    cache.set(cacheKey, der);
    der.catch(() => cache.delete(cacheKey));
  }
  return { purpose, generation, key, certificate: (await der).slice() };
}
