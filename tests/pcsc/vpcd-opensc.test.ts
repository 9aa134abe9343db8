/**
 * The simulated card behind REAL PC/SC: pcscd (started here in the foreground) loads the
 * vsmartcard vpcd reader driver, our VpcdClient connects the default simulated card to it, and
 * OpenSC's command-line tools — independent PC/SC clients with their own JPKI driver — read it.
 *
 * Needs the Debian packages pcscd, vsmartcard-vpcd, opensc and openssl (.ci/run installs them).
 * When they are missing this file FAILS with instructions; it never skips silently.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VpcdClient, VPCD_DEFAULT_PORT } from '../../src/node/vpcd/vpcd-client';
import { buildSimCard, loadProfile } from '../../src/node/sim-loader';
import { simulatedCardFor, type BuiltCard } from '../../src/sim/mynumber/build-card';
import type { SimulatedCard } from '../../src/sim/card/simulated-card';
import { toPem } from '../../src/sim/pki/pem';

const INSTALL_HINT =
  'The PC/SC integration tests need a real pcscd with the vsmartcard vpcd reader driver and OpenSC: ' +
  'on Debian/Ubuntu run `apt-get install -y pcscd vsmartcard-vpcd opensc openssl` (.ci/run does this).';

const VPCD_DRIVER_CANDIDATES = [
  '/usr/lib/pcsc/drivers/serial/libifdvpcd.so',
  '/usr/local/lib/pcsc/drivers/serial/libifdvpcd.so',
  '/usr/lib64/pcsc/drivers/serial/libifdvpcd.so',
];
const PCSCD_CANDIDATES = ['/usr/sbin/pcscd', '/usr/local/sbin/pcscd', '/sbin/pcscd', '/usr/bin/pcscd'];
const PCSCD_PID_FILE = '/run/pcscd/pcscd.pid';
const READER = 'Virtual PCD 00 00';

function which(cmd: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/sbin', '/usr/local/sbin'])) {
    if (dir && existsSync(join(dir, cmd))) return join(dir, cmd);
  }
  return undefined;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: readonly string[], timeoutMs = 15_000): Promise<Run> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: timeoutMs, env: { ...process.env, LANG: 'C', LC_ALL: 'C' }, maxBuffer: 4 << 20 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : -1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** True when something listens on TCP `port` (read from /proc, so no probe connection reaches vpcd). */
async function listening(port: number): Promise<boolean> {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols[1]?.endsWith(`:${hex}`) && cols[3] === '0A') return true;
    }
  }
  return false;
}

async function runningPcscdPid(): Promise<number | undefined> {
  let text: string;
  try {
    text = await readFile(PCSCD_PID_FILE, 'utf8');
  } catch {
    return undefined;
  }
  const pid = Number.parseInt(text.trim(), 10);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number, log: () => string = () => ''): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await sleep(100);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${log() ? `\n--- pcscd log ---\n${log().slice(-4000)}` : ''}`);
}

/** PEM text → DER bytes of the first block. */
function pemToDer(pem: string): Uint8Array {
  const m = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/.exec(pem);
  if (!m) throw new Error(`no PEM certificate in:\n${pem}`);
  return new Uint8Array(Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64'));
}

describe('simulated card through pcscd + vpcd, read by OpenSC', () => {
  let pcscd: ChildProcess | undefined;
  let pcscdLog = '';
  let configDir: string | undefined;
  let client: VpcdClient | undefined;
  let built: BuiltCard;
  let card: SimulatedCard;

  beforeAll(async () => {
    const pcscdPath = PCSCD_CANDIDATES.find((p) => existsSync(p)) ?? which('pcscd');
    const driver = VPCD_DRIVER_CANDIDATES.find((p) => existsSync(p));
    const missing = [
      pcscdPath ? undefined : 'pcscd (package pcscd)',
      driver ? undefined : 'libifdvpcd.so (package vsmartcard-vpcd)',
      which('opensc-tool') ? undefined : 'opensc-tool (package opensc)',
      which('pkcs15-tool') ? undefined : 'pkcs15-tool (package opensc)',
      which('openssl') ? undefined : 'openssl (package openssl)',
    ].filter((m): m is string => m !== undefined);
    if (missing.length > 0 || !pcscdPath || !driver) {
      throw new Error(`missing: ${missing.join(', ')}.\n${INSTALL_HINT}`);
    }

    built = await buildSimCard(await loadProfile('default'));
    card = simulatedCardFor(built.model);

    // A pcscd left over from an earlier run (or the system's): reuse it when its vpcd reader
    // listens; give one that is shutting down a moment to exit; otherwise start our own.
    let existing = await runningPcscdPid();
    if (existing !== undefined && !(await listening(VPCD_DEFAULT_PORT))) {
      await waitFor('an already running pcscd to exit', async () => (existing = await runningPcscdPid()) === undefined, 8_000).catch(() => {
        throw new Error(
          `pcscd (pid ${existing}) is running without the vpcd reader (nothing listens on ${VPCD_DEFAULT_PORT}); stop it first ` +
            `(e.g. \`kill ${existing}\` or \`systemctl stop pcscd.socket pcscd\`). ${INSTALL_HINT}`,
        );
      });
    }
    if (existing === undefined) {
      // Only our reader: a private reader.conf.d holding the vpcd entry (slot 0 on 35963).
      configDir = await mkdtemp(join(tmpdir(), 'kazasu-pcscd-'));
      await writeFile(
        join(configDir, 'vpcd'),
        `FRIENDLYNAME "Virtual PCD"\nDEVICENAME   /dev/null:0x8C7B\nLIBPATH      ${driver}\nCHANNELID    0x8C7B\n`,
      );
      // -f: foreground (no daemon, no systemd); -c: our reader.conf.d; --info for a useful log on failure.
      const child = spawn(pcscdPath, ['-f', '-i', '-c', configDir], { stdio: ['ignore', 'pipe', 'pipe'] });
      pcscd = child;
      const append = (b: Buffer): void => {
        pcscdLog = (pcscdLog + b.toString('utf8')).slice(-20_000);
      };
      child.stdout?.on('data', append);
      child.stderr?.on('data', append);
      child.on('error', (e) => append(Buffer.from(`spawn error: ${e.message}\n`)));
      await waitFor(
        `pcscd's vpcd reader to listen on ${VPCD_DEFAULT_PORT}`,
        async () => {
          if (child.exitCode !== null) throw new Error(`pcscd exited with ${child.exitCode} (needs root for /run/pcscd)\n${pcscdLog}\n${INSTALL_HINT}`);
          return listening(VPCD_DEFAULT_PORT);
        },
        10_000,
        () => pcscdLog,
      );
    }

    client = new VpcdClient(card, { atr: built.model.atr });
    client.start();
    await client.waitConnected(10_000);
    await waitFor(
      'OpenSC to see the card in the Virtual PCD reader',
      async () => {
        const r = await run('opensc-tool', ['--list-readers']);
        return r.stdout.split('\n').some((l) => l.includes(READER) && /\bYes\b/.test(l));
      },
      10_000,
      () => pcscdLog,
    );
  });

  afterAll(async () => {
    await client?.stop();
    const child = pcscd;
    if (child && child.exitCode === null && child.pid !== undefined) {
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const timedOut = await Promise.race([exited.then(() => false), sleep(5_000).then(() => true)]);
      if (timedOut) {
        child.kill('SIGKILL');
        await exited;
      }
    }
    if (configDir) await rm(configDir, { recursive: true, force: true });
  });

  it('opensc-tool lists the Virtual PCD reader with a card in it', async () => {
    const r = await run('opensc-tool', ['--list-readers']);
    expect(r.code).toBe(0);
    const line = r.stdout.split('\n').find((l) => l.includes(READER));
    expect(line, r.stdout).toBeDefined();
    expect(line).toMatch(/\bYes\b/);
    const atr = await run('opensc-tool', ['--reader', '0', '--atr']);
    expect(atr.stdout.toLowerCase()).toContain('3b:e0:00:ff:81:31:fe:45:14');
  });

  it('pkcs15-tool lists the JPKI certificates (the sign certificate is marked private)', async () => {
    const r = await run('pkcs15-tool', ['--reader', '0', '--list-certificates']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('X.509 Certificate [User Authentication Certificate]');
    expect(r.stdout).toContain('X.509 Certificate [User Authentication Certificate CA]');
    expect(r.stdout).toContain('X.509 Certificate [Digital Signature Certificate CA]');
    // OpenSC's JPKI driver declares the sign certificate but flags it private (PIN-protected):
    // no serial is shown because it cannot read EF 0001 without the signature password.
    const sign = /X\.509 Certificate \[Digital Signature Certificate\]\n([\s\S]*?)(?:\n\n|$)/.exec(r.stdout);
    expect(sign, r.stdout).not.toBeNull();
    expect(sign![1]).toMatch(/Object Flags\s*:\s*\[0x01\], private/);
    expect(sign![1]).not.toContain('Encoded serial');
  });

  it('pkcs15-tool reads the auth certificate the simulator minted, and openssl verifies it against the sim root', async () => {
    const r = await run('pkcs15-tool', ['--reader', '0', '--read-certificate', '01']);
    expect(r.code, r.stderr).toBe(0);
    const der = pemToDer(r.stdout);
    expect(Buffer.from(der).equals(Buffer.from(built.certificates.auth))).toBe(true);

    const dir = await mkdtemp(join(tmpdir(), 'kazasu-opensc-'));
    try {
      await writeFile(join(dir, 'auth.pem'), r.stdout);
      await writeFile(join(dir, 'root.pem'), toPem(built.certificates.authRoot.certificate));
      // Check the chain (signature, issuer, extensions) independently of the machine's clock, so the
      // test does not start failing once the simulated certificate's validity period has passed.
      const v = await run('openssl', ['verify', '-no_check_time', '-CAfile', join(dir, 'root.pem'), join(dir, 'auth.pem')]);
      expect(v.stdout + v.stderr).toContain(': OK');
      expect(v.code).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('pkcs15-tool --list-pins shows the retry counters without consuming a try', async () => {
    const before = card.activity.triesConsumed;
    const authBefore = card.triesLeft('jpki', 0x0018);
    expect(authBefore).toBe(3);
    for (let i = 0; i < 2; i++) {
      const r = await run('pkcs15-tool', ['--reader', '0', '--list-pins']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/PIN \[User Authentication PIN\][\s\S]*?Tries left\s*:\s*3/);
      expect(r.stdout).toMatch(/PIN \[Digital Signature PIN\][\s\S]*?Tries left\s*:\s*5/);
    }
    expect(card.triesLeft('jpki', 0x0018)).toBe(authBefore);
    expect(card.activity.triesConsumed).toBe(before);
  });

  it('opensc-tool -s: empty VERIFY on EF 0018 answers 63C3 twice', async () => {
    const apdus = ['00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01', '00 A4 02 0C 02 00 18', '00 20 00 80', '00 20 00 80'];
    const r = await run('opensc-tool', ['--reader', '0', ...apdus.flatMap((a) => ['-s', a])]);
    expect(r.code, r.stderr).toBe(0);
    const sws = [...r.stdout.matchAll(/SW1=0x([0-9a-f]{2}), SW2=0x([0-9a-f]{2})/gi)].map((m) => `${m[1]}${m[2]}`.toUpperCase());
    expect(sws, r.stdout).toEqual(['9000', '9000', '63C3', '63C3']);
    expect(card.triesLeft('jpki', 0x0018)).toBe(3);
  });
});
