import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/** One engine file to serve (the list lives with the app: src/app/ocr/ocr-assets.ts). */
export interface ServedAsset {
  readonly name: string;
  readonly package: string;
  readonly file: string;
  readonly contentType: string;
  readonly gunzip?: boolean;
}

/**
 * Serves (vite dev) and emits (vite build) the camera OCR's engine files from node_modules under
 * `ocr/` with fixed names (src/app/ocr/ocr-assets.ts says why). Nothing is fetched from anywhere
 * else; `vite preview` serves the emitted copies like any other file. vite.config.ts passes the
 * app's list in, so node/ does not import app/ (dependency rules).
 */
export function ocrAssets(OCR_ASSET_DIR: string, OCR_ASSETS: readonly ServedAsset[]): Plugin {
  const require = createRequire(import.meta.url);
  const path = (pkg: string, file: string) => join(dirname(require.resolve(`${pkg}/package.json`)), file);
  const bytes = (a: (typeof OCR_ASSETS)[number]) => {
    const raw = readFileSync(path(a.package, a.file));
    return a.gunzip ? gunzipSync(raw) : raw;
  };
  return {
    name: 'kazasu-ocr-assets',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const url = (req.url ?? '').split('?')[0]!;
        const asset = OCR_ASSETS.find((a) => url === `/${OCR_ASSET_DIR}/${a.name}`);
        if (!asset) return next();
        res.setHeader('Content-Type', asset.contentType);
        res.end(bytes(asset));
      });
    },
    generateBundle() {
      for (const a of OCR_ASSETS) {
        this.emitFile({ type: 'asset', fileName: `${OCR_ASSET_DIR}/${a.name}`, source: bytes(a) });
      }
    },
  };
}
