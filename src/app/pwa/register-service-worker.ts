import { Workbox } from 'workbox-window';

/**
 * Service-worker registration and the update flow, as a tiny store the UI subscribes to (no
 * React here; `useSyncExternalStore(subscribePwaState, getPwaState)` renders it).
 *
 * - 'idle': nothing to tell (not registered yet, in `vite dev`, unsupported, or nothing new).
 * - 'offline-ready': the first service worker has precached the app; it now works offline.
 * - 'update-available': a new version is installed and waiting. The kiosk should call
 *   applyUpdate() between sessions (e.g. on the idle reset), never under a customer.
 */
export type PwaState = 'idle' | 'update-available' | 'offline-ready';

export type PwaListener = (state: PwaState) => void;

export interface RegisterOptions {
  /** Defaults to `${import.meta.env.BASE_URL}sw.js`. */
  readonly url?: string;
  /** How often a long-running kiosk asks the server for a new version; 0 = never. Default 1 h. */
  readonly updateCheckIntervalMs?: number;
  /** Called when registration fails (the app still works online). */
  readonly onError?: (error: unknown) => void;
}

const DEFAULT_UPDATE_CHECK_MS = 60 * 60 * 1000;

let state: PwaState = 'idle';
const listeners = new Set<PwaListener>();
let workbox: Workbox | undefined;
let reloadWhenControlling = false;

export function getPwaState(): PwaState {
  return state;
}

/** Calls `listener` on every state change; returns the unsubscribe function. */
export function subscribePwaState(listener: PwaListener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

function setState(next: PwaState): void {
  if (next === state) return;
  state = next;
  for (const listener of [...listeners]) listener(next);
}

/**
 * Registers the service worker once (later calls do nothing). Only in production builds and
 * where service workers exist: in `vite dev` it never registers, so nothing is cached while
 * developing.
 */
export function registerServiceWorker(options: RegisterOptions = {}): void {
  if (workbox || !import.meta.env.PROD || typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
  const wb = new Workbox(options.url ?? `${import.meta.env.BASE_URL}sw.js`, { scope: import.meta.env.BASE_URL });
  workbox = wb;

  // A new worker finished installing and waits for the old one's pages to go away.
  wb.addEventListener('waiting', () => setState('update-available'));
  // The very first worker is active: everything is precached.
  wb.addEventListener('activated', (event) => {
    if (!event.isUpdate) setState('offline-ready');
  });
  // The waiting worker took over after applyUpdate(): load the new version.
  wb.addEventListener('controlling', () => {
    if (reloadWhenControlling) window.location.reload();
  });

  wb.register()
    .then((registration) => {
      const every = options.updateCheckIntervalMs ?? DEFAULT_UPDATE_CHECK_MS;
      if (registration && every > 0) {
        setInterval(() => {
          if (navigator.onLine) void registration.update().catch(() => undefined);
        }, every);
      }
    })
    .catch((error: unknown) => {
      workbox = undefined;
      options.onError?.(error);
    });
}

/**
 * Activates the waiting version and reloads the page once it controls it. Does nothing unless
 * the state is 'update-available'.
 */
export function applyUpdate(): void {
  if (state !== 'update-available' || !workbox) return;
  reloadWhenControlling = true;
  workbox.messageSkipWaiting();
}
