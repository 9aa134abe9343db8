import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface SizeRow {
  readonly name: string;
  readonly bytes: number;
  readonly gzipBytes: number;
}

const gz = (path: string) => gzipSync(readFileSync(path), { level: 9 }).length;

/**
 * JavaScript the kiosk ships (issue 4/7): a production build into a scratch folder, then the
 * gzipped size of what the first screen loads (entry script + module preloads named by
 * index.html), of the kiosk runtime chunk loaded right after it, and of the JPEG 2000 decoder
 * (worker + wasm), which is excluded from the first-load figure by the target's definition.
 */
export function appSizeBenchmarks(outDir = '/tmp/kazasu-bench-dist'): SizeRow[] {
  execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--outDir', outDir, '--emptyOutDir'], { stdio: 'ignore' });
  const html = readFileSync(join(outDir, 'index.html'), 'utf8');
  const firstLoad = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  const assets = readdirSync(join(outDir, 'assets'));
  const sum = (files: string[]) => files.reduce((a, f) => ({ bytes: a.bytes + statSync(join(outDir, f)).size, gzipBytes: a.gzipBytes + gz(join(outDir, f)) }), { bytes: 0, gzipBytes: 0 });
  const runtime = assets.filter((f) => /^kiosk-runtime.*\.js$/.test(f)).map((f) => `assets/${f}`);
  const decoder = assets.filter((f) => /(decode\.worker|openjpeg).*\.(js|wasm)$/.test(f)).map((f) => `assets/${f}`);
  return [
    { name: 'first screen JS (entry + preloads), excluding the JPEG 2000 decoder', ...sum(firstLoad) },
    { name: 'kiosk runtime chunk (loaded after the first screen)', ...sum(runtime) },
    { name: 'JPEG 2000 decoder (worker + wasm, loaded with the first photo)', ...sum(decoder) },
  ];
}

export function printSizes(rows: readonly SizeRow[]): void {
  const width = Math.max(...rows.map((r) => r.name.length));
  console.log(`${'size'.padEnd(width)}  ${'raw'.padStart(10)}  ${'gzip'.padStart(10)}`);
  for (const r of rows) console.log(`${r.name.padEnd(width)}  ${`${(r.bytes / 1024).toFixed(1)} KiB`.padStart(10)}  ${`${(r.gzipBytes / 1024).toFixed(1)} KiB`.padStart(10)}`);
}
