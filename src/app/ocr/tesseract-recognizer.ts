import { createWorker, OEM, type Worker } from 'tesseract.js';
import type { CardField } from './card-geometry';
import { FIELD_CHARACTERS, PSM_SINGLE_LINE, TESSERACT_INIT_CONFIG, type FieldRecognizer } from './recognizer';

/**
 * tesseract.js (Tesseract 5 LSTM compiled to WebAssembly) with the Japanese model from
 * @tesseract.js-data/jpn (4.0.0_best_int). Every path is given explicitly: tesseract.js's own
 * defaults load the worker, the core and the model from a CDN and start the worker from a blob:
 * URL — the kiosk's CSP allows neither, and nothing may leave the device. `cacheMethod: 'none'`
 * keeps tesseract.js from copying the model into IndexedDB (the service worker precaches it).
 */
export interface TesseractPaths {
  /** URL of tesseract.js's worker script (browser) — undefined in Node (its own worker_threads entry). */
  readonly workerPath?: string;
  /** URL of tesseract.js-core's glue script; its .wasm must sit next to it. Undefined in Node. */
  readonly corePath?: string;
  /** Folder (URL in the browser, file path in Node) holding jpn.traineddata(.gz). */
  readonly langPath: string;
  /** True when the folder holds jpn.traineddata.gz (the npm package), false for the kiosk's unpacked copy. */
  readonly gzip: boolean;
}

export const TESSERACT_LANGUAGE = 'jpn';

export async function createTesseractRecognizer(paths: TesseractPaths): Promise<FieldRecognizer> {
  const worker: Worker = await createWorker(
    TESSERACT_LANGUAGE,
    OEM.LSTM_ONLY,
    {
      ...(paths.workerPath ? { workerPath: paths.workerPath } : {}),
      ...(paths.corePath ? { corePath: paths.corePath } : {}),
      langPath: paths.langPath,
      workerBlobURL: false,
      cacheMethod: 'none',
      gzip: paths.gzip,
      logger: () => undefined,
      errorHandler: () => undefined,
    },
    { ...TESSERACT_INIT_CONFIG },
  );
  let current: CardField | undefined;
  return {
    async recognize(field, pgm) {
      if (current !== field) {
        await worker.setParameters({
          tessedit_pageseg_mode: PSM_SINGLE_LINE as never,
          tessedit_char_whitelist: FIELD_CHARACTERS[field],
          user_defined_dpi: '300',
        });
        current = field;
      }
      const result = await worker.recognize(pgm as unknown as Parameters<Worker['recognize']>[0]);
      // tesseract.js writes the image to its in-memory file system as /input: drop it now rather
      // than at the next recognition. (Tesseract's own thresholded copy of this one line lives
      // until the next image or until close() ends the worker.)
      await worker.FS('unlink', ['/input']).catch(() => undefined);
      return result.data.text;
    },
    async close() {
      await worker.terminate();
    },
  };
}
