import { TransportError } from '../card-transport';

/**
 * Bounded waits for promises we do not control (browser APIs, a native shell). A platform call
 * that never settles must not hang a kiosk session, so every such call goes through here.
 */

/**
 * Settle like `promise`, or reject with `onTimeout()` after `ms`, whichever comes first. A late
 * settlement of `promise` is swallowed (never an unhandled rejection).
 */
export function withDeadline<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  promise.catch(() => undefined);
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/** Wait `ms`, or less if `signal` aborts (then resolve early; the caller checks the signal). */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** An integer option within min..max, or the default; a nonsense value is a TransportError. */
export function boundedOption(value: number | undefined, fallback: number, min: number, max: number, name: string): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < min || v > max) throw new TransportError('protocol', `${name} must be an integer in ${min}..${max}`);
  return v;
}
