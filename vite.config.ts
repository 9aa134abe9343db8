import react from '@vitejs/plugin-react';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { kazasuPwaOptions } from './src/app/pwa/pwa-config.js';
import { parseConnectOrigins, REACT_REFRESH_PREAMBLE, securityHeaders } from './src/app/security/http-headers.js';
import { staticHostHeaders } from './src/app/security/static-headers-plugin.js';
import { ocrAssets } from './src/node/ocr-assets-plugin.js';
import { readFileSync } from 'node:fs';
import { revocationDeployment } from './src/app/revocation/revocation-config.js';
import { OCR_ASSET_DIR, OCR_ASSETS } from './src/app/ocr/ocr-assets.js';

const VIRTUAL_ID = 'virtual:kazasu-sim-cards';

/**
 * Demo mode's simulated cards, built in Node by `kazasu sim snapshots` (which can render the
 * name and address images with the bundled font) and served as `virtual:kazasu-sim-cards`, so the
 * browser runs exactly the card bytes the CLI and the tests use. Imported lazily by demo mode.
 */
function kazasuSimCards(): Plugin {
  let module: Promise<string> | undefined;
  const build = async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['bin/kazasu.mjs', 'sim', 'snapshots'], {
      maxBuffer: 64 * 1024 * 1024,
    });
    return `export const demoBundle = ${stdout.trim()};`;
  };
  return {
    name: 'kazasu-sim-cards',
    resolveId: (id) => (id === VIRTUAL_ID ? `\0${VIRTUAL_ID}` : undefined),
    load(id) {
      if (id !== `\0${VIRTUAL_ID}`) return undefined;
      module ??= build();
      return module;
    },
  };
}

const EMPTY_NODE_MODULE = '\0kazasu-empty-node-module';

/**
 * The OpenJPEG Emscripten glue has a Node branch (`require("fs")`, `require("path")`) that never
 * runs in a browser worker: give it empty modules instead of Vite's externalisation warnings.
 */
function emscriptenNodeStubs(): Plugin {
  return {
    name: 'kazasu-emscripten-node-stubs',
    enforce: 'pre',
    resolveId: (id, importer) =>
      (id === 'fs' || id === 'path') && importer?.includes('@cornerstonejs/codec-openjpeg') ? EMPTY_NODE_MODULE : undefined,
    load: (id) => (id === EMPTY_NODE_MODULE ? 'export default {};' : undefined),
  };
}

// --- Security headers (issue 6 §5; src/app/security/http-headers.ts) -------------------------
// Revocation / platform origins the kiosk may reach, fixed at build time: KAZASU_CONNECT_ORIGINS
// is a comma list of exact https origins (anything else fails the build).
// KAZASU_REVOCATION_CONFIG names a JSON file with the kiosk's revocation endpoints (CRL per
// certificate kind, OCSP, platform; src/app/revocation/revocation-config.ts): they become the
// Settings defaults and their origins join connect-src (a page cannot widen its own CSP later).
const revocation = revocationDeployment(
  process.env.KAZASU_REVOCATION_CONFIG ? readFileSync(process.env.KAZASU_REVOCATION_CONFIG, 'utf8') : undefined,
  parseConnectOrigins(process.env.KAZASU_CONNECT_ORIGINS),
);
const connectOrigins = revocation.connectOrigins;
const servedHeaders = securityHeaders({ connectOrigins });
const devHeaders = securityHeaders({
  connectOrigins,
  devServer: { preambleSha256: createHash('sha256').update(REACT_REFRESH_PREAMBLE).digest('base64') },
});
// ---------------------------------------------------------------------------------------------

export default defineConfig({
  // VitePWA (manifest, generated service worker; off in `vite dev`): see src/app/pwa/pwa-config.ts.
  plugins: [react(), kazasuSimCards(), ocrAssets(OCR_ASSET_DIR, OCR_ASSETS), VitePWA(kazasuPwaOptions), staticHostHeaders(servedHeaders)],
  // The app reads what the build allowed (src/app/revocation/revocation-deployment.ts).
  define: { 'import.meta.env.KAZASU_REVOCATION_DEPLOYMENT': JSON.stringify(JSON.stringify(revocation)) },
  server: { port: 5173, headers: devHeaders },
  preview: { port: 4173, strictPort: true, headers: servedHeaders },
  // Font files stay files (never data: URLs): the CSP allows fonts from 'self' only, and the
  // service worker precaches them (src/app/fonts, scripts/make-font-subset.ts).
  build: { target: 'es2022', sourcemap: true, assetsInlineLimit: (file) => (file.endsWith('.woff2') ? false : undefined) },
  // The photo decoder runs in a module worker (src/app/photo/decode.worker.ts), emitted as its own
  // file together with the OpenJPEG .wasm it imports with `?url`.
  worker: { format: 'es', plugins: () => [emscriptenNodeStubs()] },
});
