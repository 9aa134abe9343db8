/**
 * Vitest global setup: bundle the CLI and the library once (scripts/build.mjs, as `npm install`'s
 * prepare does) so the tests that run `bin/kazasu.mjs` or `import … from 'kazasu'` as real
 * processes test the current source, never a stale lib/.
 */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--quiet'], { cwd: root, stdio: 'inherit' });
}
