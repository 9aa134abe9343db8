/**
 * `kazasu bridge` set-up as staff run it: the pairing token is created once, kept in a 0600
 * file, shown on request and rotated; the allow-list takes only exact origins.
 */
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/node/cli/main';
import { isPairingToken } from '../../src/transport/bridge/bridge-auth';

async function run(args: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const code = await main(args, (s) => lines.push(s), (s) => lines.push(s));
  return { code, out: lines.join('\n') };
}

let saved: string | undefined;
let home: string;
beforeEach(() => {
  saved = process.env.KAZASU_HOME;
  home = mkdtempSync(join(tmpdir(), 'kazasu-bridge-cli-'));
  process.env.KAZASU_HOME = home;
});
afterEach(() => {
  if (saved === undefined) delete process.env.KAZASU_HOME;
  else process.env.KAZASU_HOME = saved;
});

describe('kazasu bridge (configuration)', () => {
  it('creates one pairing token in a private file and shows the same one later', async () => {
    const first = await run(['bridge', '--show-token']);
    expect(first.code).toBe(0);
    expect(isPairingToken(first.out)).toBe(true);
    const file = join(home, 'bridge.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8')).token).toBe(first.out);
    expect((await run(['bridge', '--show-token'])).out).toBe(first.out);
  });

  it('rotates the token with --new-token', async () => {
    const before = (await run(['bridge', '--show-token'])).out;
    const r = await run(['bridge', '--new-token']);
    expect(r.code).toBe(0);
    const after = (await run(['bridge', '--show-token'])).out;
    expect(after).not.toBe(before);
    expect(r.out).toContain(after);
  });

  it('refuses an allow-list entry that is not an exact origin, and unknown options', async () => {
    for (const bad of ['http://kiosk.example/app', 'ftp://kiosk.example', 'kiosk.example', '*']) {
      const r = await run(['bridge', '--allow-origin', bad]);
      expect(r.code, bad).toBe(2);
      expect(r.out).toContain('bridge-config');
    }
    expect((await run(['bridge', '--allow-everything'])).code).toBe(2);
  });
});
