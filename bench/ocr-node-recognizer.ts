import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { createTesseractRecognizer } from '../src/app/ocr/tesseract-recognizer';
import type { FieldRecognizer } from '../src/app/ocr/recognizer';

/**
 * The kiosk's recogniser (src/app/ocr/tesseract-recognizer.ts) in Node: the same tesseract.js,
 * core and model files, read from node_modules instead of the app's /ocr/ folder. Used by the
 * benchmark and the vitest OCR tests.
 */
export function jpnModelDir(): string {
  return join(dirname(createRequire(import.meta.url).resolve('@tesseract.js-data/jpn/package.json')), '4.0.0_best_int');
}

export function createNodeRecognizer(): Promise<FieldRecognizer> {
  return createTesseractRecognizer({ langPath: jpnModelDir(), gzip: true });
}
