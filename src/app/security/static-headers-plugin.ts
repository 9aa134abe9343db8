import type { Plugin } from 'vite';
import { staticHostHeadersFile } from './http-headers.js';

/**
 * Writes dist/_headers (Netlify / Cloudflare Pages) so a static host sends the same headers as
 * `vite preview`. Build only; the service worker does not precache it (not in its glob patterns).
 */
export function staticHostHeaders(headers: Readonly<Record<string, string>>): Plugin {
  return {
    name: 'kazasu-static-host-headers',
    apply: 'build',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: '_headers', source: staticHostHeadersFile(headers) });
    },
  };
}
