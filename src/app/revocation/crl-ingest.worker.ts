/**
 * Web Worker that turns a CRL into a verified, sorted index off the main thread (reference
 * pki-and-perf.md §3.2); the work itself is crl-worker-handler.ts.
 */
import { isKazasuError } from '../../errors/kazasu-error';
import { handleCrlWorkerRequest } from './crl-worker-handler';
import type { CrlWorkerResponse } from './crl-worker-protocol';
import { checkRequest } from './crl-worker-limits';

/** The parts of DedicatedWorkerGlobalScope used here (the project's lib is DOM, not WebWorker). */
interface WorkerScope {
  onmessage: ((event: MessageEvent<unknown>) => void) | null;
  postMessage(message: CrlWorkerResponse, transfer: Transferable[]): void;
  fetch: typeof fetch;
  indexedDB: IDBFactory;
}
const scope = self as unknown as WorkerScope;

scope.onmessage = (event) => {
  const checked = checkRequest(event.data);
  if (typeof checked === 'string') {
    const id = typeof (event.data as { id?: unknown })?.id === 'number' ? (event.data as { id: number }).id : -1;
    scope.postMessage({ id, ok: false, code: 'crl-worker-bad-request', detail: checked }, []);
    return;
  }
  handleCrlWorkerRequest(checked, { fetch: (input, init) => scope.fetch(input, init), indexedDB: scope.indexedDB }).then(
    ({ response, transfer }) => scope.postMessage(response, transfer),
    (e: unknown) =>
      scope.postMessage(
        { id: checked.id, ok: false, code: 'crl-malformed', detail: isKazasuError(e) ? `${e.code}: ${e.message}` : `unexpected: ${String(e)}` },
        [],
      ),
  );
};
