/**
 * The CLI as a user runs it: `kazasu verify` exits 0 only for a verified card, prints the TEST /
 * SIMULATED banner, names the failing check, and never prints a credential it was given.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/node/cli/main';
import { AnchorFileRepository } from '../../src/node/anchor-file-repository';
import { trustCommand } from '../../src/node/cli/trust-command';
import { buildSimCard } from '../../src/node/sim-loader';
import { namedProfile } from '../../src/sim/mynumber/profiles';

async function run(args: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const code = await main(args, (s) => lines.push(s), (s) => lines.push(s));
  return { code, out: lines.join('\n') };
}

const AT = ['--at', '2026-11-20T03:00:00Z'];

describe('kazasu verify', () => {
  it('exits 0 for a genuine simulated card and shows the simulated-card banner', async () => {
    const r = await run(['verify', '--sim', 'default', '--purpose', 'counter', '--code-b', '55021720352285', ...AT]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('*** TEST / SIMULATED CARD ***');
    expect(r.out).toContain('outcome: VERIFIED');
    // The 照合番号B given on the command line is never echoed.
    expect(r.out).not.toContain('55021720352285');
  });

  it('exits 1 for a forged card and names the failing check and reason', async () => {
    const r = await run(['verify', '--sim', 'default', '--purpose', 'counter', '--code-b', '55021720352285', '--forgery', 'face-photo-tampered', ...AT]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/✗ Signature over the card face .* fail +photo-digest-mismatch/);
    expect(r.out).toContain('outcome: FAILED');
  });

  it('a simulated card under production trust is refused, with the reason in Japanese on request', async () => {
    const r = await run(['verify', '--sim', 'default', '--purpose', 'counter', '--code-b', '55021720352285', '--trust', 'production', '--lang', 'ja', ...AT]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('cv-issuer-other-mode');
    expect(r.out).toContain('証明書の発行者は別の信頼モード');
  });

  it('bank without a revocation service is incomplete (exit 1), never verified', async () => {
    const r = await run(['verify', '--sim', 'default', '--purpose', 'bank', '--code-b', '55021720352285', '--password', 'KAZASU1', '--json', ...AT]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out) as { outcome: string; checks: { id: string; status: string }[] };
    expect(report.outcome).toBe('incomplete');
    expect(report.checks.find((c) => c.id === 'jpki.sign.revocation')?.status).toBe('pending');
    expect(r.out).not.toContain('KAZASU1');
  });

  it('a wrong 照合番号B is a typed credential error with the tries left, exit 3', async () => {
    const r = await run(['verify', '--sim', 'default', '--purpose', 'counter', '--code-b', '55021720352286', ...AT]);
    expect(r.code).toBe(3);
    expect(r.out).toContain('pin-wrong');
    expect(r.out).toContain('9 tries left');
    expect(r.out).not.toContain('55021720352286');
  });

  it('rejects unknown options instead of ignoring them', async () => {
    const r = await run(['verify', '--sim', 'default', '--purpose', 'counter', '--codeb', '1']);
    expect(r.code).toBe(2);
    expect(r.out).toContain('unknown option --codeb');
  });
});

describe('kazasu trust', () => {
  const roots = JSON.parse(readFileSync(new URL('../../src/verify/trust/data/jlis-roots.json', import.meta.url), 'utf8')) as { roots: { file: string; pem: string }[] };

  it('imports a root certificate (PEM), lists it, refuses duplicates and removes it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kazasu-trust-'));
    const repo = new AnchorFileRepository(join(dir, 'anchors.json'));
    const pemFile = join(dir, 'root.pem');
    writeFileSync(pemFile, roots.roots.find((r) => r.file === 'sign_ca_2023.pem')!.pem);
    const out: string[] = [];
    expect(await trustCommand(['import', pemFile, '--mode', 'production', '--purpose', 'sign'], (s) => out.push(s), repo)).toBe(0);
    expect(out.join('\n')).toContain('D2:27:F6:CD'); // its published fingerprint
    expect(await trustCommand(['import', pemFile, '--mode', 'production'], (s) => out.push(s), repo)).toBe(0);
    expect(out.at(-1)).toContain('already imported');
    expect((await repo.load())).toHaveLength(1);
    expect(await trustCommand(['remove', 'D227F6CD'], (s) => out.push(s), repo)).toBe(0);
    expect(await repo.load()).toEqual([]);
  });

  it('refuses a certificate that is not a self-signed CA', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kazasu-trust-'));
    const repo = new AnchorFileRepository(join(dir, 'anchors.json'));
    const bad = join(dir, 'junk.pem');
    writeFileSync(bad, '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n');
    await expect(trustCommand(['import', bad, '--mode', 'production'], () => {}, repo)).rejects.toMatchObject({ code: 'anchor-not-pem-or-der' });
  });

  it('refuses an end-entity certificate: only roots can be anchors', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kazasu-trust-'));
    const repo = new AnchorFileRepository(join(dir, 'anchors.json'));
    const leaf = join(dir, 'leaf.der');
    writeFileSync(leaf, (await buildSimCard(namedProfile('default')!)).certificates.auth);
    await expect(trustCommand(['import', leaf, '--mode', 'production'], () => {}, repo)).rejects.toMatchObject({ code: 'anchor-not-a-root' });
    expect(await repo.load()).toEqual([]);
  });
});
