/**
 * `--help` for every subcommand (and `kazasu help <command>`), the overview, and the exit codes
 * the help and README document.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/node/cli/main';
import { COMMANDS } from '../../src/node/cli/commands';
import { EXIT, EXIT_CODE_HELP } from '../../src/node/cli/exit-codes';

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, (s) => out.push(s), (s) => err.push(s));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('kazasu help', () => {
  it('kazasu --help lists every command and the exit codes', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    for (const c of COMMANDS) expect(r.out).toContain(`  ${c.name}`);
    expect(r.out).toContain(EXIT_CODE_HELP);
  });

  it.each(COMMANDS.map((c) => c.name))('kazasu %s --help print the command\'s usage, as do -h and kazasu help <name> (exit 0)', async (name) => {
    const long = await run([name, '--help']);
    expect(long.code).toBe(0);
    expect(long.out).toMatch(new RegExp(`^kazasu ${name} — `));
    expect(long.out).toContain('Usage:');
    expect(long.out).toContain('Exit codes:');
    expect((await run([name, '-h'])).out).toBe(long.out);
    expect((await run(['help', name])).out).toBe(long.out);
  });

  it('kazasu bridge --help is help, not "unknown option"', async () => {
    const r = await run(['bridge', '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('--allow-origin');
    expect(r.err).toBe('');
  });

  it('verify --help names every source, every registered document\'s credential options and the PIN safety', async () => {
    const r = await run(['verify', '--help']);
    for (const s of ['--reader', '--sim', '--dump', '--code-b', '--password', '--birth-date-key', '--confirm-last-try', 'schema/verification-report.schema.json']) expect(r.out).toContain(s);
  });

  it('an unknown command or option is a usage error (exit 2) with a next step', async () => {
    const unknown = await run(['frobnicate']);
    expect(unknown.code).toBe(EXIT.usage);
    expect(unknown.err).toContain('unknown command "frobnicate"');
    const option = await run(['verify', '--sim', 'default', '--purpose', 'counter', '--colour']);
    expect(option.code).toBe(EXIT.usage);
    expect(option.err).toContain('kazasu verify --help');
    expect((await run([])).code).toBe(EXIT.usage);
  });

  it('README documents the same exit codes', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    for (const [name, code] of Object.entries(EXIT)) expect(readme, name).toMatch(new RegExp(`\\|\\s*\`?${code}\`?\\s*\\|`));
  });
});
