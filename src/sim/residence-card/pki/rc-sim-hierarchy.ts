/**
 * The simulator's residence-card CAs with fixed serials and dates, so the card builder, the
 * simulator trust anchors and tests all use byte-identical certificates. One CA per generation
 * (MOJ's are "ZairyuCard CA" RSA-2048 and "ZairyuCard CA2" P-384); two rogue CAs for forgeries:
 * one with its own name, one copying the simulator CA's name (as a forger would) with another key.
 */
import { mintRcCertificate, rcSimCaDn, type RcGeneration } from './rc-certificates';
import { rcKey, type RcKey } from './rc-sim-keys';
import type { DnSpec } from '../../pki/sim-names';

export type RcCaRole = 'sim' | 'rogue' | 'rogue-same-name';

interface Plan {
  readonly key: 'rc1-ca' | 'rc1-rogue-ca' | 'rc2-ca' | 'rc2-rogue-ca';
  readonly serialHex: string;
  readonly notBefore: string;
  readonly notAfter: string;
  readonly commonName?: string;
}

const PLAN: Readonly<Record<RcGeneration, Readonly<Record<RcCaRole, Plan>>>> = {
  1: {
    sim: { key: 'rc1-ca', serialHex: '7C0101', notBefore: '2015-01-01T00:00:00Z', notAfter: '2040-12-31T14:59:59Z' },
    rogue: { key: 'rc1-rogue-ca', serialHex: '7CFF01', notBefore: '2015-01-01T00:00:00Z', notAfter: '2040-12-31T14:59:59Z', commonName: 'Unknown ZairyuCard CA (forgery)' },
    'rogue-same-name': { key: 'rc1-rogue-ca', serialHex: '7CFF11', notBefore: '2015-01-01T00:00:00Z', notAfter: '2040-12-31T14:59:59Z' },
  },
  2: {
    sim: { key: 'rc2-ca', serialHex: '7C0201', notBefore: '2025-01-01T00:00:00Z', notAfter: '2040-12-31T14:59:59Z' },
    rogue: { key: 'rc2-rogue-ca', serialHex: '7CFF02', notBefore: '2025-01-01T00:00:00Z', notAfter: '2040-12-31T14:59:59Z', commonName: 'Unknown ZairyuCard CA2 (forgery)' },
    'rogue-same-name': { key: 'rc2-rogue-ca', serialHex: '7CFF12', notBefore: '2025-01-01T00:00:00Z', notAfter: '2040-12-31T14:59:59Z' },
  },
};

export interface RcCa {
  readonly generation: RcGeneration;
  readonly role: RcCaRole;
  readonly key: RcKey;
  readonly dn: DnSpec;
  /** DER, a fresh copy. */
  readonly certificate: Uint8Array<ArrayBuffer>;
}

const cache = new Map<string, Promise<Uint8Array<ArrayBuffer>>>();

export async function rcSimCa(generation: RcGeneration, role: RcCaRole = 'sim'): Promise<RcCa> {
  const plan = PLAN[generation][role];
  const key = rcKey(plan.key);
  const dn = rcSimCaDn(generation, plan.commonName);
  const id = `${generation}/${role}`;
  let der = cache.get(id);
  if (!der) {
    der = mintRcCertificate({ subject: dn, issuer: dn, subjectKey: key, issuerKey: key, serialHex: plan.serialHex, notBefore: new Date(plan.notBefore), notAfter: new Date(plan.notAfter), ca: true });
    cache.set(id, der);
    der.catch(() => cache.delete(id));
  }
  return { generation, role, key, dn, certificate: (await der).slice() };
}
