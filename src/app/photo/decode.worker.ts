/**
 * Web Worker that decodes JPEG 2000 with OpenJPEG compiled to WebAssembly
 * (@cornerstonejs/codec-openjpeg, decode-only build). The .wasm is imported with `?url`, so Vite
 * emits it as its own same-origin file (precached by the service worker) instead of inlining it.
 * The C code's stdout/stderr never reach the console: stdout is dropped, stderr is kept for the
 * error detail of a failed decode.
 */
import createOpenJpegModule, { type OpenJpegModule } from '@cornerstonejs/codec-openjpeg/decodewasmjs';
import wasmUrl from '@cornerstonejs/codec-openjpeg/decodewasm?url';
import type { DecoderRequest, DecoderResponse, ExpectedImage } from './decoder-protocol';
import { samplesToRgba } from './to-rgba';

/** The parts of DedicatedWorkerGlobalScope used here (the project's lib is DOM, not WebWorker). */
interface WorkerScope {
  onmessage: ((event: MessageEvent<DecoderRequest>) => void) | null;
  postMessage(message: DecoderResponse, transfer: Transferable[]): void;
}
const scope = self as unknown as WorkerScope;

const MAX_ERROR_LINES = 8;
let stderr: string[] = [];
let codec: Promise<OpenJpegModule> | undefined;

function loadCodec(): Promise<OpenJpegModule> {
  codec ??= createOpenJpegModule({
    locateFile: (path, scriptDirectory) => (path.endsWith('.wasm') ? wasmUrl : scriptDirectory + path),
    print: () => undefined,
    printErr: (line) => {
      stderr.push(line);
      if (stderr.length > MAX_ERROR_LINES) stderr.shift();
    },
  }).catch((e: unknown) => {
    codec = undefined; // let the next request retry
    throw e;
  });
  return codec;
}

class DecodeFailure extends Error {}

function decode(module: OpenJpegModule, bytes: Uint8Array, expect: ExpectedImage): { width: number; height: number; rgba: ArrayBuffer } {
  const decoder = new module.J2KDecoder();
  try {
    decoder.getEncodedBuffer(bytes.length).set(bytes);
    decoder.decode();
    const info = decoder.getFrameInfo();
    if (info.width !== expect.width || info.height !== expect.height || info.componentCount !== expect.components) {
      throw new DecodeFailure(
        `decoder produced ${info.width}×${info.height}×${info.componentCount}, header says ${expect.width}×${expect.height}×${expect.components}`,
      );
    }
    const rgba = samplesToRgba(decoder.getDecodedBuffer(), {
      width: info.width,
      height: info.height,
      components: info.componentCount,
      bitsPerSample: info.bitsPerSample,
      isSigned: info.isSigned,
    });
    return { width: info.width, height: info.height, rgba: rgba.buffer };
  } finally {
    // The photo is personal data: clear both copies in WebAssembly memory before freeing them.
    try {
      decoder.getDecodedBuffer().fill(0);
      decoder.getEncodedBuffer(bytes.length).fill(0);
    } finally {
      decoder.delete();
    }
  }
}

function describe(e: unknown): string {
  const lines = stderr.join(' | ');
  const message = e instanceof Error ? e.message : typeof e === 'number' ? `wasm exception ${e}` : String(e);
  return lines ? `${message} (${lines})` : message;
}

async function handle(request: DecoderRequest): Promise<void> {
  stderr = [];
  let module: OpenJpegModule;
  try {
    module = await loadCodec();
  } catch (e) {
    scope.postMessage({ id: request.id, ok: false, code: 'photo-decoder-unavailable', detail: describe(e) }, []);
    return;
  }
  if (request.kind === 'init') {
    scope.postMessage({ id: request.id, ok: true, kind: 'init' }, []);
    return;
  }
  const bytes = new Uint8Array(request.bytes);
  try {
    const { width, height, rgba } = decode(module, bytes, request.expect);
    scope.postMessage({ id: request.id, ok: true, kind: 'decode', width, height, rgba }, [rgba]);
  } catch (e) {
    // After a C++ exception or abort the module's state is unknown: start a fresh one next time.
    if (!(e instanceof DecodeFailure)) codec = undefined;
    scope.postMessage({ id: request.id, ok: false, code: 'photo-decode-failed', detail: describe(e) }, []);
  } finally {
    bytes.fill(0);
  }
}

scope.onmessage = (event) => {
  void handle(event.data);
};
