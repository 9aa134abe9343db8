import { mintCrl } from '../src/sim/revocation/mint-crl';
import { simJpkiRoot } from '../src/sim/pki/sim-hierarchy';
import { readCertificateFields } from '../src/verify/revocation/certificate-fields';
import { findRevoked } from '../src/verify/revocation/crl-index';
import { ingestCrl } from '../src/verify/revocation/crl-ingest';
import { measure, type Timing } from './measure';

const ENTRIES = 100_000;
const LOOKUPS_PER_RUN = 10_000;

function serialBytes(i: number): Uint8Array {
  // 8-byte serials spread over the space, like the simulator's certificate serials.
  const out = new Uint8Array(8);
  let x = BigInt(i) * 0x9e3779b97f4a7c15n + 0x1000000000000000n;
  for (let k = 7; k >= 0; k--) {
    out[k] = Number(x & 0xffn);
    x >>= 8n;
  }
  out[0] = (out[0]! & 0x3f) | 0x10;
  return out;
}

/**
 * Revocation lookup cost: a 100,000-entry CRL signed by the simulator root is ingested (walk,
 * signature, sorted index), then serials are looked up, hits and misses alternating. Issue 7
 * takes this to 1M/10M entries against openssl.
 */
export async function revocationBenchmarks(): Promise<Timing[]> {
  const root = await simJpkiRoot('sign', 'gen1');
  const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  const when = new Date('2026-11-01T00:00:00Z');
  const der = await mintCrl({
    issuer: { certificate: root.certificate },
    signerKey: root.key,
    thisUpdate: when,
    nextUpdate: new Date('2026-12-01T00:00:00Z'),
    entries: Array.from({ length: ENTRIES }, (_, i) => ({ serialHex: hex(serialBytes(i * 2)), revokedAt: when, reason: 'affiliationChanged' as const })),
  });
  const issuer = readCertificateFields(root.certificate);
  let index: Awaited<ReturnType<typeof ingestCrl>> | undefined;
  const ingest = await measure(`CRL ingest, ${ENTRIES.toLocaleString('en')} entries (walk + signature + index)`, 5, async () => {
    index = await ingestCrl(der, issuer);
  }, 1);
  if (!index?.ok) throw new Error('benchmark CRL did not ingest');
  const idx = index.index;
  const probes = Array.from({ length: LOOKUPS_PER_RUN }, (_, i) => serialBytes(i % 2 === 0 ? i * 2 : i * 2 + 1));
  let hits = 0;
  const lookup = await measure('revocation lookup (one serial, hit or miss)', 50, () => {
    for (const p of probes) if (findRevoked(idx, p)) hits++;
  });
  if (hits === 0) throw new Error('benchmark lookups found nothing');
  return [ingest, { ...lookup, name: lookup.name, medianMs: lookup.medianMs / LOOKUPS_PER_RUN, p95Ms: lookup.p95Ms / LOOKUPS_PER_RUN, unit: 'µs' }];
}
