/**
 * How the CLI loads and builds what a command needs (bench/cli-startup.bench.ts): only the
 * verified document's simulator CAs and trust are built, and that subset is exactly what the full
 * environment holds for that document; the simulator material precomputed at build time
 * (src/node/cli/sim-material.ts) is what the simulator builds at run time, is used only by the
 * build that wrote it, and the built CLI answers exactly as the source does.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import type { CardModel } from '../../src/sim/card/card-model';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { toSnapshot } from '../../src/sim/card/card-snapshot';
import { NAMED_PROFILES } from '../../src/sim/mynumber/profiles';
import { simulatorAnchorSet } from '../../src/sim/pki/sim-trust-anchors';
import { main } from '../../src/node/cli/main';
import { bundledSimMaterial, precomputedSimulatedCard, precomputedSimulatorAnchorSet } from '../../src/node/cli/sim-material';
import { writeSimMaterial } from '../../src/node/cli/sim-material-writer';
import { SimulatedTransport } from '../../src/transport/simulated-transport';
import { SIMULATED_DOCUMENTS } from '../../src/node/sim-documents';
import { SIMULATOR_DOCUMENT_ANCHORS, simulatorAnchorsOf } from '../../src/node/sim-documents/simulator-document-anchors';
import { verificationEnvironment } from '../../src/node/cli/verification-environment';
import { DOCUMENT_KINDS } from '../../src/verify/report';

const fingerprints = (as: readonly { readonly sha256: string; readonly document: string }[]) => as.map((a) => `${a.document} ${a.sha256}`);

describe('simulator document anchors, per document', () => {
  it('lists every document whose simulator has CAs, with the same CAs as its SimulatedDocument', async () => {
    for (const sim of SIMULATED_DOCUMENTS) {
      const own = await sim.anchors();
      const loader = SIMULATOR_DOCUMENT_ANCHORS[sim.kind];
      if (own.length === 0) expect(loader, sim.kind).toBeUndefined();
      else expect(fingerprints(await loader!()), sim.kind).toEqual(fingerprints(own));
    }
  });

  it('builds only the documents asked for; all of them when none is named', async () => {
    const all = fingerprints((await Promise.all(SIMULATED_DOCUMENTS.map((d) => d.anchors()))).flat());
    expect(fingerprints(await simulatorAnchorsOf())).toEqual(all);
    expect(await simulatorAnchorsOf(['mynumber-card'])).toEqual([]);
    const rc = fingerprints(await simulatorAnchorsOf(['residence-card']));
    expect(rc.length).toBeGreaterThan(0);
    expect(rc.every((f) => f.startsWith('residence-card '))).toBe(true);
  });
});

describe('verification environment for one document', () => {
  it('holds what the full environment holds for that document, and no passport trust for another document', async () => {
    const at = new Date('2026-06-01T00:00:00Z');
    const full = await verificationEnvironment('simulator', undefined, at);
    expect(full.passportTrust).toBeDefined();
    for (const kind of DOCUMENT_KINDS) {
      const one = await verificationEnvironment('simulator', undefined, at, [kind]);
      const mine = (full.documentAnchors ?? []).filter((a) => a.document === kind);
      expect(fingerprints(one.documentAnchors ?? []), kind).toEqual(fingerprints(mine));
      expect(one.passportTrust === undefined, kind).toBe(kind !== 'passport');
      expect(one.trust.mode).toBe('simulator');
      expect(one.allAnchors).toEqual(full.allAnchors);
    }
  });
});

describe('simulator material precomputed at build time', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kazasu-sim-material-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('holds, for every named My Number Card profile, the card the simulator builds at run time, and the simulator anchor set', async () => {
    await writeSimMaterial(dir, 'build-a');
    const place = { dir, build: 'build-a' };
    for (const profile of NAMED_PROFILES) {
      const pre = await precomputedSimulatedCard(profile.id, place);
      const built = await SIMULATED_DOCUMENTS[0]!.card({ named: profile.id }, {});
      expect(pre, profile.id).toBeDefined();
      const model = await builtModel(profile.id);
      const stored = JSON.parse(readFileSync(join(dir, `mynumber-card.${profile.id}.json`), 'utf8')) as { build: string; value: unknown };
      expect(stored.build).toBe('build-a');
      expect(stored.value, profile.id).toEqual(toSnapshot(model));
      expect({ document: pre!.document, profileId: pre!.profileId, atr: pre!.atr, credentials: pre!.credentials }).toEqual({ document: built.document, profileId: built.profileId, atr: built.atr, credentials: built.credentials });
      // The same card: the same answers to the same commands.
      expect(await answers(pre!.responder, model), profile.id).toEqual(await answers(built.responder, model));
    }
    expect(await precomputedSimulatorAnchorSet(place)).toEqual(await simulatorAnchorSet());
  });

  it('is used only by the build that wrote it, and only for named My Number Card profiles', async () => {
    await writeSimMaterial(dir, 'build-a');
    expect(await precomputedSimulatedCard('default', { dir, build: 'build-b' })).toBeUndefined();
    expect(await precomputedSimulatorAnchorSet({ dir, build: 'build-b' })).toBeUndefined();
    expect(await precomputedSimulatedCard('rc2-residence', { dir, build: 'build-a' })).toBeUndefined();
    expect(await precomputedSimulatedCard('no-such-profile', { dir, build: 'build-a' })).toBeUndefined();
    expect(await precomputedSimulatedCard('default', { dir: join(dir, 'missing'), build: 'build-a' })).toBeUndefined();
    // Run from source (tsx, vitest) there is no build id: nothing precomputed is read.
    expect(bundledSimMaterial()).toBeUndefined();
    expect(await precomputedSimulatedCard('default')).toBeUndefined();
  });
});

describe('the built CLI (bin/kazasu.mjs) answers as the source does', () => {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const home = mkdtempSync(join(tmpdir(), 'kazasu-cli-loading-'));
  afterAll(() => rmSync(home, { recursive: true, force: true }));
  const withoutTimes = (json: string) => JSON.parse(json, (k, v: unknown) => (k === 'at' ? undefined : v));

  it('has its precomputed material (written by scripts/build.mjs)', () => {
    expect(readdirSync(join(root, 'lib', 'sim-material')).sort()).toEqual([...NAMED_PROFILES.map((p) => `mynumber-card.${p.id}.json`), 'simulator-anchor-set.json'].sort());
  });

  it('kazasu --version: the same line as main(), answered by the bin before the CLI is loaded', async () => {
    const out: string[] = [];
    expect(await main(['--version'], (s) => out.push(s))).toBe(0);
    for (const flag of ['--version', '-v', 'version']) {
      expect(execFileSync(process.execPath, [join(root, 'bin', 'kazasu.mjs'), flag], { encoding: 'utf8' })).toBe(`${out[0]}\n`);
    }
    // Without lib/ the bin still answers --version, and any command says how to build, exit 70 (never tsx).
    const bare = mkdtempSync(join(tmpdir(), 'kazasu-bare-'));
    try {
      mkdirSync(join(bare, 'bin'));
      copyFileSync(join(root, 'bin', 'kazasu.mjs'), join(bare, 'bin', 'kazasu.mjs'));
      copyFileSync(join(root, 'package.json'), join(bare, 'package.json'));
      expect(execFileSync(process.execPath, [join(bare, 'bin', 'kazasu.mjs'), '--version'], { encoding: 'utf8' })).toBe(`${out[0]}\n`);
      const r = spawnSync(process.execPath, [join(bare, 'bin', 'kazasu.mjs'), 'verify', '--sim', 'default', '--purpose', 'counter'], { encoding: 'utf8' });
      expect(r.status).toBe(70);
      expect(r.stderr).toContain('the CLI is not built yet: run `npm install`');
      expect(r.stdout).toBe('');
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });

  for (const [profile, purpose] of [['default', 'counter'], ['default', 'bank'], ['gaiji-name', 'age'], ['expired-certificate', 'bank'], ['last-try', 'counter']] as const) {
    it(`kazasu verify --sim ${profile} --purpose ${purpose} --json: the same report and exit code`, async () => {
      const argv = ['verify', '--sim', profile, '--purpose', purpose, '--at', '2026-06-01T00:00:00Z', '--json'];
      const env = { ...process.env, KAZASU_HOME: home };
      let binOut = '';
      let binCode = 0;
      try {
        binOut = execFileSync(process.execPath, [join(root, 'bin', 'kazasu.mjs'), ...argv], { cwd: root, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      } catch (e) {
        const err = e as { status: number; stdout: string };
        binCode = err.status;
        binOut = err.stdout;
      }
      const saved = process.env.KAZASU_HOME;
      process.env.KAZASU_HOME = home;
      const out: string[] = [];
      let srcCode: number;
      try {
        srcCode = await main(argv, (s) => out.push(s), (s) => out.push(s));
      } finally {
        if (saved === undefined) delete process.env.KAZASU_HOME;
        else process.env.KAZASU_HOME = saved;
      }
      expect(binCode).toBe(srcCode);
      expect(withoutTimes(binOut)).toEqual(withoutTimes(out.join('\n')));
    });
  }

});

async function builtModel(id: string) {
  const { buildSimCard } = await import('../../src/node/sim-loader');
  return (await buildSimCard(NAMED_PROFILES.find((p) => p.id === id)!)).model;
}

/** The card's answers to a walk over its own model: SELECT of each DF, SELECT and READ BINARY of each transparent EF, GET CHALLENGE. */
async function answers(responder: import('../../src/transport/apdu-responder').ApduResponder, model: CardModel): Promise<string[]> {
  const t = new SimulatedTransport(responder);
  await t.connect();
  const out: string[] = [];
  const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
  for (const df of model.dfs) {
    out.push(hex(await t.transmit(Uint8Array.from([0x00, 0xa4, 0x04, 0x0c, df.aid.length, ...df.aid]))));
    for (const ef of df.files) {
      if (ef.kind !== 'transparent') continue;
      out.push(hex(await t.transmit(Uint8Array.of(0x00, 0xa4, 0x02, 0x0c, 0x02, ef.fid >> 8, ef.fid & 0xff))));
      out.push(hex(await t.transmit(Uint8Array.of(0x00, 0xb0, 0x00, 0x00, 0x00))));
    }
  }
  out.push(hex(await t.transmit(Uint8Array.of(0x00, 0x84, 0x00, 0x00, 0x08))));
  await t.disconnect();
  return out;
}
