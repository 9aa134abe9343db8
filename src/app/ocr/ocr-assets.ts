/**
 * The OCR engine files the kiosk serves from its own origin, under `<base>ocr/` (fixed names:
 * tesseract.js-core finds its .wasm next to its glue script, and tesseract.js fetches
 * `<langPath>/jpn.traineddata`). vite.config.ts copies them out of node_modules
 * (src/node/ocr-assets-plugin.ts) and the service worker precaches them for offline use.
 * `package` + `file` say where each comes from; the versions are pinned in package.json.
 *
 * The model ships decompressed (`gunzip`): static servers send a `.gz` file with
 * `Content-Encoding: gzip` (vite preview does), so the browser would unpack it in transit and the
 * precached copy would not be the built file; a plain file is the same everywhere, and a server
 * that compresses responses still sends it compressed.
 *
 * Only the SIMD + LSTM-only build of the core ships: every browser that can run the kiosk's
 * reader paths has WebAssembly SIMD (Chromium 91+), and the LSTM engine is the one used. A
 * browser without SIMD gets "camera reading unavailable" and types the digits.
 */
export const OCR_ASSET_DIR = 'ocr';

export interface OcrAsset {
  readonly name: string;
  readonly package: string;
  readonly file: string;
  readonly contentType: string;
  /** The package ships it gzipped; the kiosk serves it unpacked. */
  readonly gunzip?: boolean;
}

export const OCR_ASSETS: readonly OcrAsset[] = [
  { name: 'worker.min.js', package: 'tesseract.js', file: 'dist/worker.min.js', contentType: 'text/javascript' },
  { name: 'tesseract-core-simd-lstm.js', package: 'tesseract.js-core', file: 'tesseract-core-simd-lstm.js', contentType: 'text/javascript' },
  { name: 'tesseract-core-simd-lstm.wasm', package: 'tesseract.js-core', file: 'tesseract-core-simd-lstm.wasm', contentType: 'application/wasm' },
  { name: 'jpn.traineddata', package: '@tesseract.js-data/jpn', file: '4.0.0_best_int/jpn.traineddata.gz', contentType: 'application/octet-stream', gunzip: true },
];

/** The paths tesseract.js is given in the browser, all on this origin. */
export function browserTesseractPaths(base: string): { workerPath: string; corePath: string; langPath: string; gzip: false } {
  const dir = `${base.replace(/\/?$/, '/')}${OCR_ASSET_DIR}`;
  return { workerPath: `${dir}/worker.min.js`, corePath: `${dir}/tesseract-core-simd-lstm.js`, langPath: dir, gzip: false };
}
