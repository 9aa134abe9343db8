/**
 * The CLI with residence cards and special permanent resident certificates (issue 12 §2):
 * `kazasu read|verify --sim <profile> --card-number …` for every named profile (generations 1
 * and 2, both kinds), `kazasu sim list` with every document, `kazasu sim export` of residence
 * profiles, and `kazasu trust import` of MOJ CAs — pinned fingerprints only, the pin deciding the
 * mode (MOJ's test CA → test mode), simulator CAs left to simulator mode. The card number is
 * never printed.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toHex } from '../../src/bytes/hex';
import type { ResidenceCardReport } from '../../src/documents/residence-card/residence-card-report';
import { decodeBilevelTiff } from '../../src/imaging/tiff';
import { AnchorFileRepository, loadImportedDocumentAnchors } from '../../src/node/anchor-file-repository';
import { main } from '../../src/node/cli/main';
import { trustCommand } from '../../src/node/cli/trust-command';
import { PURPOSES } from '../../src/session/purposes';
import { runVerification } from '../../src/session/run-verification';
import { rcSimCa } from '../../src/sim/residence-card/pki/rc-sim-hierarchy';
import { namedRcProfile, RC_PROFILES } from '../../src/sim/residence-card/profiles';
import { RC_FORGERIES } from '../../src/sim/residence-card/forgeries';
import { SimulatedResidenceCard } from '../../src/sim/residence-card/residence-sim-card';
import { SimulatedTransport } from '../../src/transport/simulated-transport';
import { residenceAnchorsFromRecords, type MojAnchorPin } from '../../src/verify/residence-card';
import { environment } from '../verify-flows/flow-helpers';
import { builtProfile } from '../residence-card/rc-helpers';
import { ORIGIN, socketWithOrigin } from '../bridge/bridge-rig';
import { BridgeTransport } from '../../src/transport/bridge/bridge-transport';
import { CardProbe } from '../../src/documents/registry';

async function run(args: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const code = await main(args, (s) => lines.push(s), (s) => lines.push(s));
  return { code, out: lines.join('\n') };
}

const AT = ['--at', '2026-11-20T03:00:00Z'];
const number = (id: string) => namedRcProfile(id)!.cardNumber;

// Operator-imported anchors live under KAZASU_HOME: an empty one for these tests.
let savedHome: string | undefined;
beforeAll(() => {
  savedHome = process.env.KAZASU_HOME;
  process.env.KAZASU_HOME = mkdtempSync(join(tmpdir(), 'kazasu-rc-cli-'));
});
afterAll(() => {
  if (savedHome === undefined) delete process.env.KAZASU_HOME;
  else process.env.KAZASU_HOME = savedHome;
});

/** What `kazasu verify --purpose counter` says about each named profile (simulator trust). */
const COUNTER: Record<string, { code: number; outcome: string; fails: string[] }> = {
  'rc1-adult': { code: 0, outcome: 'VERIFIED', fails: [] },
  'rc1-special-permanent': { code: 0, outcome: 'VERIFIED', fails: [] },
  'rc1-expired-certificate': { code: 1, outcome: 'FAILED', fails: ['rc-certificate-expired'] },
  'rc1-under-16': { code: 1, outcome: 'INCOMPLETE', fails: [] },
  'rc2-adult': { code: 0, outcome: 'VERIFIED', fails: [] },
  'rc2-special-permanent': { code: 0, outcome: 'VERIFIED', fails: [] },
  'rc2-expired-card': { code: 1, outcome: 'FAILED', fails: ['rc-card-expired', 'rc-stay-expired'] },
  'rc2-long-name': { code: 0, outcome: 'VERIFIED', fails: [] },
};

describe('kazasu verify --sim <residence profile> --card-number …', () => {
  it('the table covers every named residence-card profile', () => {
    expect(Object.keys(COUNTER).sort()).toEqual(RC_PROFILES.map((p) => p.id).sort());
  });

  for (const [profile, want] of Object.entries(COUNTER)) {
    it(`${profile}: counter check ${want.outcome}, exit ${want.code}, recognised without --document; the number is never printed`, async () => {
      const r = await run(['verify', '--sim', profile, '--card-number', number(profile), '--purpose', 'counter', ...AT]);
      expect(r.code, r.out).toBe(want.code);
      expect(r.out).toContain('document residence-card · purpose counter · trust simulator');
      expect(r.out).toContain('*** TEST / SIMULATED CARD ***');
      expect(r.out).toContain(`outcome: ${want.outcome}`);
      for (const code of want.fails) expect(r.out).toMatch(new RegExp(`✗ .* fail +${code}`));
      expect(r.out.match(/✗/g)?.length ?? 0).toBe(want.fails.length);
      expect(r.out).not.toContain(number(profile));
    });
  }

  it('--json: the generation, kind and signature outcome; the number and images never in the output', async () => {
    const r = await run(['verify', '--sim', 'rc2-special-permanent', '--document', 'residence-card', '--card-number', number('rc2-special-permanent'), '--purpose', 'bank', '--json', ...AT]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as { document: string; outcome: string; attributes: { generation: number; cardKind: string }; images: Record<string, unknown>; material: Record<string, unknown> };
    expect(json).toMatchObject({ document: 'residence-card', purpose: 'bank', outcome: 'verified', attributes: { generation: 2, cardKind: 'special-permanent-resident' } });
    expect(json.images.photoJp2).toEqual({ bytes: expect.any(Number) });
    expect(json.material.signature).toBe('verified');
    expect(json.material.signerCertificateSha256).toMatch(/^[0-9A-F]{64}$/);
    expect(json.material).not.toHaveProperty('cardNumber');
    expect(r.out).not.toContain(number('rc2-special-permanent'));
  });

  it('lower case, spaces and hyphens in the number are accepted (normalised); a malformed number never reaches the card', async () => {
    const typed = number('rc1-adult').toLowerCase().replace(/^(..)(.{8})/, '$1-$2 ');
    expect((await run(['verify', '--sim', 'rc1-adult', '--card-number', typed, '--purpose', 'field', ...AT])).code).toBe(0);
    const bad = await run(['verify', '--sim', 'rc1-adult', '--card-number', 'AB1234CD', '--purpose', 'counter', ...AT]);
    expect(bad.code).toBe(3); // a credential refused (README "Exit codes")
    expect(bad.out).toMatch(/^kazasu: credential-format: /);
    expect(bad.out).not.toContain('AB1234CD');
  });

  it('a wrong card number is refused by the card, said plainly, and not echoed', async () => {
    const r = await run(['verify', '--sim', 'rc2-adult', '--card-number', 'RC20269999JP', '--purpose', 'counter', ...AT]);
    expect(r.code).toBe(3); // a credential refused by the card (README "Exit codes")
    expect(r.out).toMatch(/^kazasu: pin-wrong: /);
    expect(r.out).not.toContain('RC20269999JP');
  });

  it('the age check on generation 2 answers 18+/20+; on generation 1 it is refused (the birth date is only in the card-face image)', async () => {
    const g2 = await run(['verify', '--sim', 'rc2-adult', '--card-number', number('rc2-adult'), '--purpose', 'age', ...AT]);
    expect(g2.code).toBe(0);
    expect(g2.out).toContain('age: 18+ yes · 20+ yes');
    const g1 = await run(['verify', '--sim', 'rc1-adult', '--card-number', number('rc1-adult'), '--purpose', 'age', ...AT]);
    expect(g1.code).not.toBe(0);
    expect(g1.out).not.toContain('outcome: VERIFIED');
  });

  it('under production trust a simulated residence card is refused: its CA belongs to another mode', async () => {
    const r = await run(['verify', '--sim', 'rc1-adult', '--card-number', number('rc1-adult'), '--purpose', 'counter', '--trust', 'production', ...AT]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/✗ .* fail +rc-anchor-other-mode/);
  });

  it('each forged residence card fails under --forgery (exit 1 or a typed refusal), never verified', async () => {
    for (const f of RC_FORGERIES) {
      const profile = f.id.startsWith('rc1') ? 'rc1-adult' : 'rc2-adult';
      const r = await run(['verify', '--sim', profile, '--forgery', f.id, '--card-number', number(profile), '--purpose', 'counter', ...AT]);
      expect(r.code, `${f.id}\n${r.out}`).not.toBe(0);
      expect(r.out, f.id).not.toContain('outcome: VERIFIED');
      if (r.code === 1) expect(r.out, f.id).toContain(`forged card: ${f.id}`);
      else expect(r.out, f.id).toMatch(/^kazasu: [a-z0-9-]+: /);
    }
  }, 240_000);
});

describe('kazasu read --sim <residence profile>', () => {
  for (const profile of RC_PROFILES.map((p) => p.id)) {
    it(`${profile}: read with the card number, every file listed, the number not printed`, async () => {
      const r = await run(['read', '--sim', profile, '--card-number', number(profile)]);
      expect(r.code, r.out).toBe(0);
      expect(r.out).toContain('✓ read complete');
      expect(r.out).toMatch(/^MF +(在留カード|特別永住者証明書)/m);
      expect(r.out).toMatch(/^DF3 /m);
      expect(r.out).not.toContain(number(profile));
    });
  }

  it('without the number only the free common data is read; --out writes the images, --json the sizes', async () => {
    const free = await run(['read', '--sim', 'rc2-adult']);
    expect(free.code).toBe(0);
    expect(free.out).toContain('(the rest of the card opens with --card-number)');
    expect(free.out).not.toMatch(/^DF1 /m);
    const dir = mkdtempSync(join(tmpdir(), 'kazasu-rc-read-'));
    const r = await run(['read', '--sim', 'rc1-adult', '--card-number', number('rc1-adult'), '--out', dir, '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as { document: string; profile: string };
    expect(json).toMatchObject({ document: 'residence-card', profile: 'rc1-adult' });
    expect(r.out).not.toContain(number('rc1-adult'));
    const tiffs = ['front-image.tif'].filter((f) => existsSync(join(dir, f)));
    expect(tiffs).toHaveLength(1);
    expect(decodeBilevelTiff(readFileSync(join(dir, 'front-image.tif'))).width).toBeGreaterThan(500);
  });
});

describe('kazasu sim list | export', () => {
  it('sim list shows every document: My Number Card and residence-card profiles, each with their forgeries', async () => {
    const r = await run(['sim', 'list']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('# residence-card');
    expect(r.out).toMatch(/^# mynumber-card/m);
    for (const p of RC_PROFILES) expect(r.out).toMatch(new RegExp(`^${p.id} `, 'm'));
    for (const f of RC_FORGERIES) expect(r.out).toContain(f.id);
  });

  it.each(['rc1-special-permanent', 'rc2-adult'])('sim export %s: the files by DF, the PKI as PEM, the images, a manifest without the card number', async (profile) => {
    const dir = mkdtempSync(join(tmpdir(), 'kazasu-rc-export-'));
    const r = await run(['sim', 'export', profile, dir]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(new RegExp(`exported \\d+ files of simulated residence card "${profile}"`));
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { document: string; generation: number; files: { file: string; size: number }[]; images: Record<string, string> };
    expect(manifest).toMatchObject({ document: 'residence-card', generation: profile.startsWith('rc1') ? 1 : 2 });
    for (const f of manifest.files) expect(readFileSync(join(dir, f.file)).length).toBe(f.size);
    expect(manifest.files.some((f) => f.file.startsWith('DF3/'))).toBe(true);
    expect(readFileSync(join(dir, 'pki', 'simulator-ca.pem'), 'utf8')).toMatch(/^-----BEGIN CERTIFICATE-----/);
    for (const file of Object.values(manifest.images).filter((f) => f.endsWith('.tif'))) expect(decodeBilevelTiff(readFileSync(join(dir, file))).height).toBeGreaterThan(0);
    expect(readFileSync(join(dir, 'manifest.json'), 'utf8')).not.toContain(number(profile));
  });
});

describe('kazasu trust import <MOJ certificate>', () => {
  /** The simulator's gen-2 CA standing in for MOJ's test CA2 (MOJ's own files are not committed). */
  async function pinnedAsMojTest(): Promise<{ der: Uint8Array; pins: MojAnchorPin[] }> {
    const der = (await rcSimCa(2, 'sim')).certificate;
    const sha256 = toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', der.slice())));
    return { der, pins: [{ id: 'moj-gen2-test-2026', name: 'ZairyuCard Test CA2', generation: 2, mode: 'test', algorithm: 'ECDSA P-384', validity: '2026→2039', sha256, files: [] }] };
  }
  const home = () => mkdtempSync(join(tmpdir(), 'kazasu-rc-trust-'));

  it('a certificate whose SHA-256 matches a pinned MOJ CA is imported; the pin maps the test CA to test mode; list and remove name it', async () => {
    const dir = home();
    const repo = new AnchorFileRepository(join(dir, 'anchors.json'));
    const { der, pins } = await pinnedAsMojTest();
    const file = join(dir, 'ca2-test.cer');
    writeFileSync(file, der);
    const out: string[] = [];
    expect(await trustCommand(['import', file], (s) => out.push(s), { repo, mojPins: pins })).toBe(0);
    expect(out.at(-1)).toMatch(/^imported residence-card CA \(generation 2\) [0-9A-F]{64} for test mode: ZairyuCard Test CA2/);
    const records = await repo.load();
    expect(records).toEqual([expect.objectContaining({ kind: 'document-anchor', document: 'residence-card', mode: 'jpki-test', pinId: 'moj-gen2-test-2026' })]);
    expect(await trustCommand(['import', file, '--mode', 'test'], (s) => out.push(s), { repo, mojPins: pins })).toBe(0);
    expect(out.at(-1)).toContain('already imported');
    await trustCommand(['list'], (s) => out.push(s), { repo, mojPins: pins });
    expect(out.at(-1)).toMatch(/^test +residence-card CA \(generation 2\) /);
    expect(await trustCommand(['remove', records[0]!.kind === 'document-anchor' ? records[0]!.sha256.slice(0, 12) : ''], (s) => out.push(s), { repo })).toBe(0);
    expect(await repo.load()).toEqual([]);
  });

  it('the imported test CA anchors a card under --trust jpki-test (TEST), never under production or simulator', async () => {
    const { der, pins } = await pinnedAsMojTest();
    const dir = home();
    const repo = new AnchorFileRepository(join(dir, 'anchors.json'));
    writeFileSync(join(dir, 'ca.der'), der);
    await trustCommand(['import', join(dir, 'ca.der')], () => {}, { repo, mojPins: pins });
    const { anchors, refused } = await residenceAnchorsFromRecords(await repo.load(), pins);
    expect(refused).toEqual([]);
    const verifyUnder = async (mode: 'jpki-test' | 'production') => {
      const sim = new SimulatedResidenceCard((await builtProfile('rc2-adult')).model);
      const transport = new SimulatedTransport(sim);
      await transport.connect();
      const env = { ...(await environment(mode)), documentAnchors: anchors };
      return (await runVerification(transport, PURPOSES.counter, { cardNumber: number('rc2-adult') }, env, undefined, { document: 'residence-card' })) as ResidenceCardReport;
    };
    const test = await verifyUnder('jpki-test');
    expect(test.outcome).toBe('verified');
    expect(test.anchors).toEqual([expect.objectContaining({ hierarchy: 'test', name: 'ZairyuCard Test CA2' })]);
    expect(test.checks.find((c) => c.id === 'trust.anchors')).toMatchObject({ status: 'warn', code: 'non-production-anchor' });
    const production = await verifyUnder('production');
    expect(production.outcome).toBe('failed');
    expect(production.checks.find((c) => c.id === 'rc.certificate-chain')).toMatchObject({ status: 'fail', code: 'rc-anchor-other-mode' });
  });

  it('a fingerprint mismatch is refused and nothing is stored; so is --mode disagreeing with the pin', async () => {
    const dir = home();
    const repo = new AnchorFileRepository(join(dir, 'anchors.json'));
    const { der, pins } = await pinnedAsMojTest();
    const other = (await rcSimCa(2, 'rogue-same-name')).certificate;
    writeFileSync(join(dir, 'look-alike.cer'), other);
    const out: string[] = [];
    expect(await trustCommand(['import', join(dir, 'look-alike.cer'), '--document', 'residence-card'], (s) => out.push(s), { repo, mojPins: pins })).toBe(5);
    expect(out.at(-1)).toMatch(/^kazasu: rc-anchor-unknown-fingerprint: refused: SHA-256 [0-9A-F]{64} matches none of the 1 pinned MOJ/);
    // The real pins: the same file is refused by the shipped fingerprints too.
    expect(await trustCommand(['import', join(dir, 'look-alike.cer'), '--document', 'residence-card'], (s) => out.push(s), { repo })).toBe(5);
    expect(out.at(-1)).toContain('https://www.moj.go.jp/isa/');
    writeFileSync(join(dir, 'ca.der'), der);
    expect(await trustCommand(['import', join(dir, 'ca.der'), '--mode', 'production'], (s) => out.push(s), { repo, mojPins: pins })).toBe(5);
    expect(out.at(-1)).toMatch(/^kazasu: rc-anchor-wrong-mode: refused: .* TEST CA/);
    expect(await repo.load()).toEqual([]);
  });

  it("the simulator's CAs are not imported: simulator mode trusts them already", async () => {
    const dir = home();
    const repo = new AnchorFileRepository(join(dir, 'anchors.json'));
    writeFileSync(join(dir, 'sim-ca.der'), (await rcSimCa(1, 'sim')).certificate);
    const out: string[] = [];
    expect(await trustCommand(['import', join(dir, 'sim-ca.der')], (s) => out.push(s), { repo })).toBe(0);
    expect(out.at(-1)).toContain('simulator mode (--trust simulator) trusts it already; nothing imported');
    expect(await repo.load()).toEqual([]);
  });

  it('a stored record edited on disk (another certificate under a pinned id) is dropped when anchors load', async () => {
    const dir = home();
    const repo = new AnchorFileRepository(join(dir, 'anchors.json'));
    const { der, pins } = await pinnedAsMojTest();
    writeFileSync(join(dir, 'ca.der'), der);
    await trustCommand(['import', join(dir, 'ca.der')], () => {}, { repo, mojPins: pins });
    // Loaded with the shipped pins, which do not hold the stand-in: refused, never an anchor.
    const loaded = await loadImportedDocumentAnchors(repo);
    expect(loaded.anchors).toEqual([]);
    expect(loaded.refused).toHaveLength(1);
  });

  it('a J-LIS root still needs --mode (the MOJ path is taken only for pinned MOJ files or --document residence-card)', async () => {
    const dir = home();
    const repo = new AnchorFileRepository(join(dir, 'anchors.json'));
    const roots = JSON.parse(readFileSync(new URL('../../src/verify/trust/data/jlis-roots.json', import.meta.url), 'utf8')) as { roots: { file: string; pem: string }[] };
    writeFileSync(join(dir, 'root.pem'), roots.roots.find((r) => r.file === 'sign_ca_2023.pem')!.pem);
    await expect(trustCommand(['import', join(dir, 'root.pem')], () => {}, { repo })).rejects.toMatchObject({ code: 'cli-usage' });
    expect(await trustCommand(['import', join(dir, 'root.pem'), '--mode', 'test', '--purpose', 'sign'], () => {}, { repo })).toBe(0);
    expect(await repo.load()).toEqual([expect.objectContaining({ kind: 'x509-root', mode: 'jpki-test' })]);
  });
});

describe('kazasu bridge --sim <residence profile>', () => {
  it("the kiosk's bridge transport recognises and verifies the simulated residence card served by the CLI", async () => {
    const home = mkdtempSync(join(tmpdir(), 'kazasu-rc-bridge-'));
    const cli = new URL('../../bin/kazasu.mjs', import.meta.url).pathname;
    const child = spawn(process.execPath, [cli, 'bridge', '--sim', 'rc1-special-permanent', '--port', '0'], { env: { ...process.env, KAZASU_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let out = '';
      const { url, token } = await new Promise<{ url: string; token: string }>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`bridge did not start:\n${out}`)), 60_000);
        child.stdout!.on('data', (b: Buffer) => {
          out += b.toString('utf8');
          const u = /listening on (ws:\/\/\S+\/)/.exec(out)?.[1];
          const t = /new pairing token: ([A-Za-z0-9_-]{43})/.exec(out)?.[1];
          if (u && t) {
            clearTimeout(timer);
            resolve({ url: u, token: t });
          }
        });
        child.on('exit', (code) => reject(new Error(`bridge exited ${code}:\n${out}`)));
      });
      expect(out).toContain('(simulated card)');
      const transport = await BridgeTransport.open({ url, token, origin: ORIGIN, createSocket: socketWithOrigin(ORIGIN), openTimeoutMs: 5_000 });
      try {
        await transport.connect();
        const probe = new CardProbe(transport);
        const found = await probe.detect({ purpose: 'counter' });
        probe.close();
        expect(found?.detection.variant).toBe('gen1-special-permanent-resident');
        const report = (await runVerification(transport, PURPOSES.counter, { cardNumber: number('rc1-special-permanent') }, await environment(), undefined, { document: 'residence-card' })) as ResidenceCardReport;
        expect(report.transport).toBe('bridge');
        expect(report.outcome).toBe('verified');
      } finally {
        transport.close();
      }
    } finally {
      child.kill('SIGTERM');
      rmSync(home, { recursive: true, force: true });
    }
  }, 120_000);
});
