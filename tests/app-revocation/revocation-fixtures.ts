/**
 * Shared by the revocation-in-the-kiosk tests (unit and e2e): the simulator's anchors imported as
 * if they were production ones (what an operator would do with `kazasu trust import`), and a
 * CrlIngestWorker whose "worker" runs the real handler in this process on fake-indexeddb.
 */
import { toHex } from '../../src/bytes/hex';
import { CrlIngestWorker } from '../../src/app/revocation/crl-ingest-client';
import { handleCrlWorkerRequest } from '../../src/app/revocation/crl-worker-handler';
import { checkRequest } from '../../src/app/revocation/crl-worker-limits';
import { simulatorAnchorSet } from '../../src/sim/pki/sim-trust-anchors';
import { importCvCaKey, importX509Root, type ImportedAnchorRecord } from '../../src/verify/trust/anchor-import';

export async function simulatorAnchorsAsProduction(now = new Date('2026-11-01T00:00:00Z')): Promise<ImportedAnchorRecord[]> {
  const sim = await simulatorAnchorSet();
  const roots = await Promise.all(sim.x509Anchors.map((a) => importX509Root(a.der, 'production', a.purpose, now)));
  const cv = sim.cvCaKeys.map((k) => importCvCaKey({ keyIdHex: toHex(k.keyId), modulusHex: toHex(k.modulus), exponentHex: toHex(k.exponent), name: k.name }, 'production', now));
  return [...roots, ...cv];
}

/** A CrlIngestWorker running crl-worker-handler.ts in this process (same messages, same checks). */
export function inProcessCrlWorker(indexedDB: IDBFactory, keyRange: typeof IDBKeyRange, fetchFn: typeof fetch = fetch): CrlIngestWorker {
  return new CrlIngestWorker(() => {
    const fake = {
      onmessage: null as ((e: MessageEvent<unknown>) => void) | null,
      onerror: null as ((e: ErrorEvent) => void) | null,
      onmessageerror: null as (() => void) | null,
      terminated: false,
      postMessage(data: unknown) {
        const checked = checkRequest(data);
        if (typeof checked === 'string') throw new Error(checked);
        void handleCrlWorkerRequest(checked, { fetch: fetchFn, indexedDB, keyRange }).then(({ response }) => {
          if (!fake.terminated) fake.onmessage?.({ data: response } as MessageEvent<unknown>);
        });
      },
      terminate() {
        fake.terminated = true;
      },
    };
    return fake as unknown as Worker;
  });
}
