#!/usr/bin/env node
/**
 * The first step of `npm test` (README: `npm install && npm test`): the Debian/Ubuntu packages the
 * tests use, installed when missing — as root directly, otherwise through `sudo` (non-interactive:
 * set up passwordless sudo or run as root) — so the README's test command alone works on a fresh
 * machine. Nothing is skipped: when a package cannot be installed the run stops here and says
 * what to install.
 *
 * The list is the one place these packages are named (.ci/run relies on it through `npm test`):
 *   chromium          Playwright's browser (it cannot download its own here)
 *   openssl           independent certificate checks
 *   pcscd, vsmartcard-vpcd, opensc   the PC/SC integration tests (tests/pcsc)
 *   libpcsclite-dev   headers the optional PC/SC binding (@pokusew/pcsclite) is built against
 *   libtiff-tools     tiffcp makes the CCITT G4 images the TIFF decoder is checked against
 *
 * After installing libpcsclite-dev the binding is rebuilt (`npm rebuild @pokusew/pcsclite`), since
 * `npm install` ran before the headers were there.
 *
 *   node scripts/system-packages.mjs [--check]     --check: only report, install nothing
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const PATHS = (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/sbin', '/usr/local/sbin', '/usr/bin']);
const onPath = (cmd) => PATHS.some((d) => d && existsSync(join(d, cmd)));
const anyFile = (...files) => files.some((f) => existsSync(f));

/** [Debian package, whether it is already there]. */
export const SYSTEM_PACKAGES = [
  ['chromium', () => onPath('chromium') || onPath('chromium-browser')],
  ['openssl', () => onPath('openssl')],
  ['pcscd', () => onPath('pcscd')],
  ['vsmartcard-vpcd', () => anyFile('/usr/lib/pcsc/drivers/serial/libifdvpcd.so', '/usr/local/lib/pcsc/drivers/serial/libifdvpcd.so', '/usr/lib64/pcsc/drivers/serial/libifdvpcd.so')],
  ['opensc', () => onPath('pkcs15-tool')],
  ['libpcsclite-dev', () => anyFile('/usr/include/PCSC/winscard.h')],
  ['libtiff-tools', () => onPath('tiffcp')],
];

function pcscBindingLoads() {
  try {
    createRequire(join(root, 'package.json'))('@pokusew/pcsclite');
    return true;
  } catch {
    return false;
  }
}

function run(cmd, args, env = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status === 0;
}

const missing = SYSTEM_PACKAGES.filter(([, present]) => !present()).map(([name]) => name);
const checkOnly = process.argv.includes('--check');
const hint = `apt-get install -y ${SYSTEM_PACKAGES.map(([n]) => n).join(' ')}`;

if (missing.length > 0) {
  if (checkOnly) {
    console.error(`kazasu tests: missing system packages: ${missing.join(' ')} (${hint})`);
    process.exit(1);
  }
  if (!onPath('apt-get')) {
    console.error(`kazasu tests: missing ${missing.join(', ')}, and this is not a Debian/Ubuntu machine (no apt-get). Install the equivalents of: ${hint}`);
    process.exit(1);
  }
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const sudo = asRoot ? [] : ['sudo', '-n'];
  if (!asRoot && !(onPath('sudo') && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0)) {
    console.error(`kazasu tests: missing ${missing.join(', ')}. Run as root, set up passwordless sudo, or install them yourself: sudo ${hint}`);
    process.exit(1);
  }
  console.log(`kazasu tests: installing ${missing.join(' ')} (apt-get${asRoot ? '' : ' through sudo'})`);
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  const [cmd, ...pre] = [...sudo, 'apt-get'];
  if (!run(cmd, [...pre, 'update', '-qq'], env) || !run(cmd, [...pre, 'install', '-y', '-qq', ...missing], env)) {
    console.error(`kazasu tests: apt-get failed; install by hand: ${hint}`);
    process.exit(1);
  }
  const still = SYSTEM_PACKAGES.filter(([, present]) => !present()).map(([name]) => name);
  if (still.length > 0) {
    console.error(`kazasu tests: still missing after apt-get: ${still.join(' ')}`);
    process.exit(1);
  }
}

// The optional PC/SC binding is compiled at `npm install`; without the headers then, it is absent.
if (!pcscBindingLoads()) {
  if (checkOnly) {
    console.error('kazasu tests: the PC/SC binding (@pokusew/pcsclite) does not load: npm rebuild @pokusew/pcsclite');
    process.exit(1);
  }
  console.log('kazasu tests: building the PC/SC binding (npm rebuild @pokusew/pcsclite)');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  if (!run(npm, ['rebuild', '@pokusew/pcsclite'], {}) || !pcscBindingLoads()) {
    console.error('kazasu tests: the PC/SC binding does not build; is libpcsclite-dev installed?');
    process.exit(1);
  }
}
