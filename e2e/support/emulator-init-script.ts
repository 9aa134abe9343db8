import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Builds an init script (for page.addInitScript) that puts the default simulated card — exactly as
 * demo mode gets it from `kazasu sim snapshots` — into an emulated reader before the app's own
 * scripts run. `imports` are extra import lines with `{src}` standing for the path to src/;
 * `body` gets `card` (an ApduResponder) and installs the emulator. Written under
 * test-results/<name>/; returns the script's path.
 */
export async function buildEmulatorInitScript(name: string, imports: readonly string[], body: readonly string[]): Promise<string> {
  const dir = join(ROOT, 'test-results', name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const bundle = JSON.parse(execFileSync(process.execPath, [join(ROOT, 'bin/kazasu.mjs'), 'sim', 'snapshots'], { cwd: ROOT, maxBuffer: 256 << 20 }).toString('utf8')) as {
    cards: { id: string; snapshot: unknown }[];
  };
  const card = bundle.cards.find((c) => c.id === 'default');
  if (!card) throw new Error('no default card in the snapshots');
  writeFileSync(join(dir, 'default-snapshot.json'), JSON.stringify(card.snapshot));
  const src = relative(dir, join(ROOT, 'src')).replaceAll('\\', '/');
  writeFileSync(
    join(dir, 'entry.ts'),
    [
      `import snapshot from './default-snapshot.json';`,
      `import { fromSnapshot } from '${src}/sim/card/card-snapshot';`,
      `import { simulatedCardFor } from '${src}/sim/mynumber/build-card';`,
      ...imports.map((l) => l.replaceAll('{src}', src)),
      `const card = simulatedCardFor(fromSnapshot(snapshot as never));`,
      ...body,
      '',
    ].join('\n'),
  );
  const out = join(dir, 'init.js');
  await build({ entryPoints: [join(dir, 'entry.ts')], bundle: true, format: 'iife', platform: 'browser', target: 'es2022', outfile: out, logLevel: 'warning' });
  return out;
}
