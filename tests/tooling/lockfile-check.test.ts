/**
 * .ci/run's first step (scripts/check-lockfile.sh): the repository's lockfile passes `npm ci`
 * as a fresh clone would, and a package.json the lockfile does not cover fails, before anything
 * is installed.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const check = (dir: string) =>
  new Promise<{ code: number; stderr: string }>((resolve) => {
    execFile(join(root, 'scripts', 'check-lockfile.sh'), [dir], { timeout: 170_000 }, (err, _out, stderr) => resolve({ code: err ? 1 : 0, stderr: String(stderr) }));
  });

describe('lockfile check (.ci/run)', () => {
  it('the committed package-lock.json installs with npm ci', async () => {
    const r = await check(root);
    expect(r.code, r.stderr).toBe(0);
  }, 180_000);

  it('a dependency the lockfile lacks fails the check and says what to do', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kazasu-lock-'));
    copyFileSync(join(root, 'package-lock.json'), join(dir, 'package-lock.json'));
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    pkg.devDependencies['is-number'] = '7.0.0';
    writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
    const r = await check(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('out of step');
  }, 180_000);
});
