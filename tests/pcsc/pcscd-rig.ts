/**
 * A real pcscd with the vsmartcard vpcd reader, and a simulated card connected to it as a vpcd
 * client (src/node/vpcd). Shared by the PC/SC integration tests (OpenSC, the bridge). Only one
 * rig runs at a time on a machine: the vpcd port and /run/pcscd are global, so test files take
 * a lock directory before starting pcscd.
 *
 * Needs the Debian packages pcscd, vsmartcard-vpcd (and for some tests opensc, openssl).
 * When they are missing, start() FAILS with instructions; nothing skips silently.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VpcdClient, VPCD_DEFAULT_PORT } from '../../src/node/vpcd/vpcd-client';
import type { ApduResponder } from '../../src/transport/apdu-responder';

export const INSTALL_HINT =
  'The PC/SC integration tests need a real pcscd with the vsmartcard vpcd reader driver and OpenSC: ' +
  'on Debian/Ubuntu run `apt-get install -y pcscd vsmartcard-vpcd opensc openssl libpcsclite-dev` (.ci/run does this).';

const VPCD_DRIVER_CANDIDATES = [
  '/usr/lib/pcsc/drivers/serial/libifdvpcd.so',
  '/usr/local/lib/pcsc/drivers/serial/libifdvpcd.so',
  '/usr/lib64/pcsc/drivers/serial/libifdvpcd.so',
];
const PCSCD_CANDIDATES = ['/usr/sbin/pcscd', '/usr/local/sbin/pcscd', '/sbin/pcscd', '/usr/bin/pcscd'];
const PCSCD_PID_FILE = '/run/pcscd/pcscd.pid';
const LOCK_DIR = join(tmpdir(), 'kazasu-pcscd-rig.lock');
/** The reader name pcscd gives vpcd slot 0. */
export const VPCD_READER = 'Virtual PCD 00 00';

export function which(cmd: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/sbin', '/usr/local/sbin'])) {
    if (dir && existsSync(join(dir, cmd))) return join(dir, cmd);
  }
  return undefined;
}

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function run(cmd: string, args: readonly string[], timeoutMs = 15_000): Promise<Run> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: timeoutMs, env: { ...process.env, LANG: 'C', LC_ALL: 'C' }, maxBuffer: 4 << 20 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

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

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function runningPcscdPid(): Promise<number | undefined> {
  let text: string;
  try {
    text = await readFile(PCSCD_PID_FILE, 'utf8');
  } catch {
    return undefined;
  }
  const pid = Number.parseInt(text.trim(), 10);
  return Number.isInteger(pid) && pid > 0 && alive(pid) ? pid : undefined;
}

export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number, log: () => string = () => ''): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await sleep(100);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${log() ? `\n--- pcscd log ---\n${log().slice(-4000)}` : ''}`);
}

/** mkdir is atomic: the directory is the lock, its `pid` file names the holder (stale if dead). */
async function acquireLock(timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      await mkdir(LOCK_DIR);
      await writeFile(join(LOCK_DIR, 'pid'), String(process.pid));
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = Number.parseInt(await readFile(join(LOCK_DIR, 'pid'), 'utf8').catch(() => ''), 10);
      if (Number.isInteger(holder) && !alive(holder)) {
        await rm(LOCK_DIR, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > end) throw new Error(`another PC/SC test (pid ${holder}) holds ${LOCK_DIR}`);
      await sleep(200);
    }
  }
}

export interface PcscdRig {
  readonly log: () => string;
  /** Connect `card` as the vpcd card (the reader then shows it present). */
  insert(card: ApduResponder, atr: Uint8Array): Promise<void>;
  /** Disconnect the vpcd client (the reader then shows no card). */
  eject(): Promise<void>;
  stop(): Promise<void>;
}

/** Take the machine-wide lock and start (or reuse) pcscd with the vpcd reader. */
export async function startPcscdRig(extraTools: readonly string[] = []): Promise<PcscdRig> {
  const pcscdPath = PCSCD_CANDIDATES.find((p) => existsSync(p)) ?? which('pcscd');
  const driver = VPCD_DRIVER_CANDIDATES.find((p) => existsSync(p));
  const missing = [
    pcscdPath ? undefined : 'pcscd (package pcscd)',
    driver ? undefined : 'libifdvpcd.so (package vsmartcard-vpcd)',
    ...extraTools.map((t) => (which(t) ? undefined : t)),
  ].filter((m): m is string => m !== undefined);
  if (missing.length > 0 || !pcscdPath || !driver) throw new Error(`missing: ${missing.join(', ')}.\n${INSTALL_HINT}`);

  await acquireLock(180_000);
  let pcscd: ChildProcess | undefined;
  let pcscdLog = '';
  let configDir: string | undefined;
  let client: VpcdClient | undefined;
  try {
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
      await writeFile(join(configDir, 'vpcd'), `FRIENDLYNAME "Virtual PCD"\nDEVICENAME   /dev/null:0x8C7B\nLIBPATH      ${driver}\nCHANNELID    0x8C7B\n`);
      // -f: foreground (no daemon, no systemd); -c: our reader.conf.d; -i for a useful log on failure.
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
  } catch (e) {
    await rm(LOCK_DIR, { recursive: true, force: true });
    throw e;
  }

  const log = (): string => pcscdLog;
  return {
    log,
    async insert(card, atr) {
      await client?.stop();
      client = new VpcdClient(card, { atr });
      client.start();
      await client.waitConnected(10_000);
    },
    async eject() {
      await client?.stop();
      client = undefined;
    },
    async stop() {
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
      await rm(LOCK_DIR, { recursive: true, force: true });
    },
  };
}
