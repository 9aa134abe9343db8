import react from '@vitejs/plugin-react';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { defineConfig, type Plugin } from 'vite';

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

export default defineConfig({
  plugins: [react(), kazasuSimCards()],
  server: { port: 5173 },
  preview: { port: 4173, strictPort: true },
  build: { target: 'es2022', sourcemap: true },
});
