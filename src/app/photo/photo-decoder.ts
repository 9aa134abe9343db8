import type { DecoderRequest, DecoderResponse, ExpectedImage } from './decoder-protocol';
import { DEFAULT_PHOTO_LIMITS, readJp2Header, type PhotoLimits } from './jp2-header';
import { PhotoError } from './photo-error';

/**
 * Decodes the card's JPEG 2000 face photo off the main thread. One worker is started on first
 * use and reused; decodes run one at a time; a decode that takes longer than the time limit
 * terminates the worker (a WebAssembly loop cannot be interrupted otherwise) and the next call
 * starts a new one. disposePhotoDecoder() ends it, e.g. when the kiosk wipes a session.
 */

export interface DecodedPhoto {
  readonly width: number;
  readonly height: number;
  /** width × height × 4 bytes, RGBA (greyscale photos have R = G = B). Personal data: wipe after use. */
  readonly rgba: Uint8ClampedArray<ArrayBuffer>;
}

export interface DecodeOptions {
  /** Default 5000 ms, counted from when this decode is handed to the worker. */
  readonly timeoutMs?: number;
  readonly limits?: PhotoLimits;
}

export const DEFAULT_DECODE_TIMEOUT_MS = 5000;

interface Pending {
  readonly resolve: (response: DecoderResponse) => void;
  readonly reject: (error: PhotoError) => void;
}

let worker: Worker | undefined;
let nextId = 1;
const pending = new Map<number, Pending>();
let queue: Promise<unknown> = Promise.resolve();
/** Bumped by disposePhotoDecoder(), so decodes queued before it never start. */
let generation = 0;

/**
 * Decodes a JP2 file to RGBA. Rejects with a PhotoError: the header guard's codes before any
 * decoding ('photo-not-jp2', 'photo-bad-jp2', 'photo-too-large'), then 'photo-decode-failed',
 * 'photo-decode-timeout', 'photo-decoder-unavailable' or 'photo-decoder-disposed'.
 * The caller's bytes are not modified (the worker gets a copy).
 */
export async function decodeJp2(bytes: Uint8Array, options: DecodeOptions = {}): Promise<DecodedPhoto> {
  const header = readJp2Header(bytes, options.limits ?? DEFAULT_PHOTO_LIMITS);
  const expect: ExpectedImage = { width: header.width, height: header.height, components: header.components };
  const copy = bytes.slice();
  const response = await enqueue(
    (id) => ({ request: { kind: 'decode', id, bytes: copy.buffer, expect }, transfer: [copy.buffer] }),
    options.timeoutMs ?? DEFAULT_DECODE_TIMEOUT_MS,
  );
  if (!response.ok || response.kind !== 'decode') throw new PhotoError('photo-decode-failed', 'unexpected worker answer');
  return { width: response.width, height: response.height, rgba: new Uint8ClampedArray(response.rgba) };
}

/**
 * Starts the worker and compiles the WebAssembly decoder ahead of the first photo, e.g. while
 * the kiosk is idle. Optional: decodeJp2 does the same on first use.
 */
export async function preparePhotoDecoder(options: { readonly timeoutMs?: number } = {}): Promise<void> {
  await enqueue((id) => ({ request: { kind: 'init', id }, transfer: [] }), options.timeoutMs ?? DEFAULT_DECODE_TIMEOUT_MS);
}

/** Terminates the worker; decodes still waiting or running reject with 'photo-decoder-disposed'. */
export function disposePhotoDecoder(): void {
  generation++;
  stopWorker(new PhotoError('photo-decoder-disposed', 'the photo decoder was disposed'));
}

function enqueue(
  build: (id: number) => { request: DecoderRequest; transfer: Transferable[] },
  timeoutMs: number,
): Promise<DecoderResponse> {
  const queuedIn = generation;
  const run = queue.then(() => {
    if (queuedIn !== generation) throw new PhotoError('photo-decoder-disposed', 'the photo decoder was disposed');
    return send(build, timeoutMs);
  });
  queue = run.catch(() => undefined);
  return run;
}

function send(
  build: (id: number) => { request: DecoderRequest; transfer: Transferable[] },
  timeoutMs: number,
): Promise<DecoderResponse> {
  return new Promise<DecoderResponse>((resolve, reject) => {
    const id = nextId++;
    let target: Worker;
    try {
      target = ensureWorker();
    } catch (e) {
      reject(new PhotoError('photo-decoder-unavailable', 'could not start the photo decoder worker', { cause: e }));
      return;
    }
    const timer = setTimeout(() => {
      if (!pending.has(id)) return;
      stopWorker(new PhotoError('photo-decode-timeout', `photo decode took longer than ${timeoutMs} ms`));
    }, timeoutMs);
    pending.set(id, {
      resolve: (response) => {
        clearTimeout(timer);
        resolve(response);
      },
      reject: (error) => {
        clearTimeout(timer);
        reject(error);
      },
    });
    const { request, transfer } = build(id);
    target.postMessage(request, transfer);
  });
}

function ensureWorker(): Worker {
  if (worker) return worker;
  // This exact `new Worker(new URL(…, import.meta.url))` form lets Vite emit the worker as its own file.
  const created = new Worker(new URL('./decode.worker.ts', import.meta.url), { type: 'module', name: 'kazasu-photo-decoder' });
  created.onmessage = (event: MessageEvent<DecoderResponse>) => {
    const response = event.data;
    const waiting = pending.get(response.id);
    if (!waiting) return;
    pending.delete(response.id);
    if (response.ok) waiting.resolve(response);
    else waiting.reject(new PhotoError(response.code, `photo decoder: ${response.detail}`));
  };
  created.onerror = (event) => {
    event.preventDefault();
    stopWorker(new PhotoError('photo-decoder-unavailable', `photo decoder worker failed: ${event.message || 'load error'}`));
  };
  created.onmessageerror = () => {
    stopWorker(new PhotoError('photo-decode-failed', 'photo decoder sent an unreadable message'));
  };
  worker = created;
  return created;
}

function stopWorker(reason: PhotoError): void {
  worker?.terminate();
  worker = undefined;
  const waiting = [...pending.values()];
  pending.clear();
  for (const p of waiting) p.reject(reason);
}
