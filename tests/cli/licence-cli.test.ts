/**
 * The driver's licence on the command line: `kazasu read|verify --sim <licence-profile> --pin1 …
 * [--pin2 …]` and `kazasu sim list|export` for licences. Exit codes, what is printed (the
 * licence as a clerk reads it; never a PIN, never 本籍), PIN refusals before any try.
 */
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/node/cli/main';
import { licenceProfile } from '../../src/sim/licence';

async function run(args: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  let code: number;
  try {
    code = await main(args, (s) => lines.push(s), (s) => lines.push(s));
  } catch (e) {
    lines.push(String(e));
    code = -1;
  }
  return { code, out: lines.join('\n') };
}

const AT = ['--at', '2026-12-10T03:00:00Z'];

describe('kazasu verify (licence)', () => {
  it('a licence verifies at the counter with PIN1 + PIN2 (registry recognises it); the output shows no PIN and no 本籍', async () => {
    const r = await run(['verify', '--sim', 'licence-default', '--purpose', 'counter', '--pin1', '1234', '--pin2', '5678', ...AT]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('document drivers-licence');
    expect(r.out).toContain('outcome: VERIFIED');
    expect(r.out).not.toContain('5678');
    expect(r.out).not.toContain(licenceProfile('licence-default')!.holder.honseki as string);
  });

  it('without an installed issuer certificate (production trust): the signature warns; counter verified, bank incomplete (exit 1)', async () => {
    const counter = await run(['verify', '--sim', 'licence-moved', '--purpose', 'counter', '--pin1', '1111', '--pin2', '2222', '--trust', 'production', ...AT]);
    expect(counter.code).toBe(0);
    expect(counter.out).toContain('dl-issuer-certificate-not-installed');
    const bank = await run(['verify', '--sim', 'licence-moved', '--purpose', 'bank', '--pin1', '1111', '--pin2', '2222', '--trust', 'production', ...AT, '--json']);
    expect(bank.code).toBe(1);
    expect(JSON.parse(bank.out).outcome).toBe('incomplete');
  });

  it('a forged licence fails with its own reason', async () => {
    const r = await run(['verify', '--sim', 'licence-default', '--forgery', 'photo-altered', '--purpose', 'bank', '--pin1', '1234', '--pin2', '5678', ...AT, '--json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out);
    expect(report.outcome).toBe('failed');
    expect(report.checks.find((c: { id: string }) => c.id === 'dl.signature').code).toBe('dl-signature-invalid');
  });

  it('PINs not set: **** verifies; a typed PIN is refused before any try', async () => {
    expect((await run(['verify', '--sim', 'licence-no-pins', '--purpose', 'counter', '--pin1', '****', '--pin2', '****', ...AT])).code).toBe(0);
    const typed = await run(['verify', '--sim', 'licence-no-pins', '--purpose', 'counter', '--pin1', '1234', '--pin2', '5678', ...AT]);
    expect(typed.code).not.toBe(0);
    expect(typed.out).toContain('licence-pin-not-set');
  });

  it('the last try is refused without --confirm-last-try; blocked is refused; a bad format never reaches the card', async () => {
    const last = await run(['verify', '--sim', 'licence-pin1-last-try', '--purpose', 'counter', '--pin1', '4321', '--pin2', '8765', ...AT]);
    expect(last.out).toContain('credential-last-try');
    const confirmed = await run(['verify', '--sim', 'licence-pin1-last-try', '--purpose', 'counter', '--pin1', '4321', '--pin2', '8765', '--confirm-last-try', ...AT]);
    expect(confirmed.code).toBe(0);
    expect((await run(['verify', '--sim', 'licence-pin1-blocked', '--purpose', 'counter', '--pin1', '0000', '--pin2', '1111', ...AT])).out).toContain('credential-blocked');
    expect((await run(['verify', '--sim', 'licence-default', '--purpose', 'counter', '--pin1', '12345', '--pin2', '5678', ...AT])).out).toContain('credential-format');
  });

  it('a マイナ免許証 with --document drivers-licence and its licence PIN as --pin1', async () => {
    const r = await run(['verify', '--sim', 'mynumber-licence', '--document', 'drivers-licence', '--purpose', 'counter', '--pin1', '2580', ...AT, '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report.attributes.variant).toBe('mynumber-card');
    expect(report.attributes.mynumberLicence.licenceNumber).toBe('993012349870');
  });
});

describe('kazasu read (licence)', () => {
  it('free: common data, PIN setting and both counters; with PIN1 the details, the new address and the original', async () => {
    const free = await run(['read', '--sim', 'licence-moved', '--json']);
    expect(free.code).toBe(0);
    const j = JSON.parse(free.out);
    expect(j).toMatchObject({ document: 'drivers-licence', variant: 'card', pinSetting: 'set', tries: { pin1: '3 tries left', pin2: '3 tries left' } });
    expect(j.licence).toBeUndefined();
    const dir = mkdtempSync(join(tmpdir(), 'kazasu-licence-read-'));
    const read = await run(['read', '--sim', 'licence-moved', '--pin1', '1111', '--pin2', '2222', '--out', dir]);
    expect(read.code).toBe(0);
    expect(read.out).toMatch(/住所\s+大阪府/);
    expect(read.out).toContain('as issued: 東京都');
    expect(readdirSync(dir)).toContain('photo.jp2');
  });
});

describe('kazasu sim (licence)', () => {
  it('lists the licence profiles and forgeries; exports a licence with its issuer certificates and manifest', async () => {
    const list = await run(['sim', 'list']);
    expect(list.out).toContain('# drivers-licence');
    for (const id of ['licence-default', 'licence-no-pins', 'licence-gaiji-name', 'licence-moved', 'licence-many-classes', 'licence-expired', 'licence-pin1-last-try', 'licence-pin1-blocked', 'mynumber-licence']) expect(list.out).toContain(id);
    const dir = mkdtempSync(join(tmpdir(), 'kazasu-licence-export-'));
    const ex = await run(['sim', 'export', 'licence-default', dir]);
    expect(ex.code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ document: 'drivers-licence', profile: 'licence-default', simulated: true, pins: { pin1: { maxTries: 3 } } });
    expect(JSON.stringify(manifest)).not.toMatch(/"1234"|"5678"/);
    expect(readdirSync(join(dir, 'DF1'))).toContain('EF0007.bin');
    expect(readFileSync(join(dir, 'pki', 'licence-issuer-1.pem'), 'utf8')).toContain('BEGIN CERTIFICATE');
  });
});
