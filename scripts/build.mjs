#!/usr/bin/env node
/**
 * `npm run build` (and the `prepare` script, so `npm install` runs it): bundles the CLI and the
 * library into lib/ with esbuild (pinned in package.json), so `kazasu` runs plain JavaScript —
 * never TypeScript through tsx at run time — and `import … from 'kazasu'` works.
 *
 *   lib/cli.mjs        the CLI (bin/kazasu.mjs imports it); each command is its own chunk, loaded
 *                      when it runs, so --version and --help start fast
 *   lib/sim-material/  simulator material precomputed for the CLI (src/node/cli/sim-material.ts),
 *                      written by lib/sim-material-writer.mjs with this build's id
 *   lib/node.mjs       the library, Node entry (src/lib/node.ts)
 *   lib/browser.mjs    the library, browser entry (src/lib/browser.ts), built for platform
 *                      'browser': any Node built-in reaching it fails this build
 *   lib/types/         declarations (tsc, tsconfig.lib.json) — only with --types (prepare does it)
 *
 * The CLI bundles its npm packages (start-up: one ES module graph); the library leaves them external
 * (resolved from node_modules, shared with the application). The optional PC/SC binding
 * @pokusew/pcsclite is always external, loaded only when a reader is opened. lib/ is not committed.
 *
 *   node scripts/build.mjs [--types] [--quiet]
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const quiet = args.has('--quiet');
const log = (s) => quiet || console.log(s);

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  console.error('kazasu build: esbuild is not installed (a devDependency): run `npm install` first');
  process.exit(1);
}

const started = Date.now();
const cliBuild = `${new Date().toISOString()} ${randomUUID()}`;
// Old bundles go (chunk names change with their content); lib/types stays unless rebuilt.
rmSync(join(root, 'lib', 'chunks'), { recursive: true, force: true });
rmSync(join(root, 'lib', 'sim-material'), { recursive: true, force: true });
for (const f of (() => { try { return readdirSync(join(root, 'lib'), { withFileTypes: true }); } catch { return []; } })().filter((e) => e.isFile())) rmSync(join(root, 'lib', f.name));
const common = {
  absWorkingDir: root,
  bundle: true,
  format: 'esm',
  packages: 'external',
  outdir: 'lib',
  outExtension: { '.js': '.mjs' },
  legalComments: 'none',
  logLevel: 'warning',
  sourcemap: 'linked',
};
// The CLI carries its npm packages inside the bundle (one ESM graph: no CommonJS loading and
// lexing at every start, most of a run's start-up otherwise; bench/cli-startup.bench.ts). The
// native PC/SC binding stays outside (node-gyp build, loaded only when a reader is opened), as
// do packages that find their own files on disk at run time.
await esbuild.build({
  ...common,
  packages: undefined,
  external: ['@pokusew/pcsclite', 'tesseract.js', 'ws', 'fsevents'],
  // The second entry writes the simulator material this CLI build reads (src/node/cli/sim-material.ts),
  // stamped with this build's id so a bundle never uses another build's material.
  entryPoints: { cli: 'src/node/cli/main.ts', 'sim-material-writer': 'src/node/cli/sim-material-writer.ts' },
  define: { KAZASU_CLI_BUILD: JSON.stringify(cliBuild) },
  // A third less JavaScript to read and parse at every start (identifiers kept, so stack traces
  // still name functions; the source map gives lines).
  minifyWhitespace: true,
  minifySyntax: true,
  platform: 'node',
  target: 'node20',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  // CommonJS packages inside an ES module bundle still call require() for Node built-ins.
  banner: { js: "import { createRequire as __kazasuCreateRequire } from 'node:module'; const require = __kazasuCreateRequire(import.meta.url);" },
});
// The built My Number Cards of the named profiles and the simulator's anchors, made by the
// simulator's code now rather than at every `kazasu … --sim` (rendering and minting them was most
// of a run: bench/cli-startup.bench.ts).
const { writeSimMaterial } = await import(pathToFileURL(join(root, 'lib', 'sim-material-writer.mjs')).href);
await writeSimMaterial(join(root, 'lib', 'sim-material'));
// The library keeps its npm packages external: an application shares them (one pkijs, one asn1js).
await esbuild.build({
  ...common,
  entryPoints: { node: 'src/lib/node.ts' },
  platform: 'node',
  target: 'node20',
});
await esbuild.build({
  ...common,
  entryPoints: { browser: 'src/lib/browser.ts' },
  platform: 'browser',
  target: 'es2022',
});
log(`kazasu build: lib/cli.mjs, lib/node.mjs, lib/browser.mjs in ${Date.now() - started} ms`);

if (args.has('--types')) {
  const t0 = Date.now();
  rmSync(join(root, 'lib', 'types'), { recursive: true, force: true });
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.lib.json'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('kazasu build: declarations failed (tsc -p tsconfig.lib.json)');
    process.exit(r.status ?? 1);
  }
  log(`kazasu build: lib/types in ${Date.now() - t0} ms`);
}
