/**
 * The CLI as a user runs it: whole process, `node bin/kazasu.mjs …` on the JavaScript `npm install`
 * builds (lib/, scripts/build.mjs), never tsx (issue 13 targets: `kazasu --version` < 150 ms,
 * `kazasu verify --sim default --purpose counter` < 600 ms, wall time). The build runs first so
 * the figures are for the current source. Wall time depends on what else the machine runs, so
 * the CPU time of the process (user + sys, from GNU time when /usr/bin/time exists) is printed
 * too, and Node's own start-up for scale, and the load average before and after (take the figures
 * when it is lowest). Last row: the same verify through tsx, as the bin ran before issue 13.
 *
 * `--version` is answered by bin/kazasu.mjs before the CLI loads; `verify --sim <profile>` reads
 * the card and simulator anchors precomputed at build time (lib/sim-material,
 * src/node/cli/sim-material.ts) and builds the environment of the recognised document only.
 *
 *   npx tsx bench/cli-startup.bench.ts        (also part of `npm run bench`)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'kazasu.mjs');
const RUNS = Number(process.env.KAZASU_BENCH_CLI_RUNS ?? 15);
const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

export interface ProcessTiming {
  readonly name: string;
  readonly runs: number;
  readonly wallMedianMs: number;
  readonly wallP95Ms: number;
  /** user + sys of the process, median; undefined without GNU time. */
  readonly cpuMedianMs: number | undefined;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))]!;

function timeProcess(name: string, runs: number, args: readonly string[], warmup = 2): ProcessTiming {
  const once = (): { wall: number; cpu: number | undefined } => {
    const [cmd, argv] = GNU_TIME ? [GNU_TIME, ['-f', 'KAZASU_CPU %U %S', process.execPath, ...args]] : [process.execPath, [...args]];
    const t0 = performance.now();
    const r = spawnSync(cmd, argv, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    const wall = performance.now() - t0;
    if (r.status !== 0) throw new Error(`${name}: exited ${r.status}: ${String(r.stderr)}`);
    const m = /KAZASU_CPU ([\d.]+) ([\d.]+)/.exec(String(r.stderr));
    return { wall, cpu: m ? (Number(m[1]) + Number(m[2])) * 1000 : undefined };
  };
  for (let i = 0; i < warmup; i++) once();
  const samples = Array.from({ length: runs }, once);
  const cpus = samples.map((s) => s.cpu).filter((c): c is number => c !== undefined);
  return { name, runs, wallMedianMs: median(samples.map((s) => s.wall)), wallP95Ms: p95(samples.map((s) => s.wall)), cpuMedianMs: cpus.length ? median(cpus) : undefined };
}

/** The 1-minute load average when the rows were taken (before, after). */
export let cliStartupLoad: readonly [number, number] = [0, 0];

export function cliStartupBenchmarks(): ProcessTiming[] {
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--quiet'], { cwd: root, stdio: 'inherit' });
  const before = loadavg()[0]!;
  const rows = cliStartupRows();
  cliStartupLoad = [before, loadavg()[0]!];
  return rows;
}

function cliStartupRows(): ProcessTiming[] {
  const tsxVerify = `const { main } = await import(${JSON.stringify(join(root, 'src/node/cli/main.ts'))}); process.exitCode = await main(['verify', '--sim', 'default', '--purpose', 'counter']);`;
  return [
    timeProcess('node -e "" (Node start-up alone, for scale)', RUNS, ['-e', '']),
    timeProcess('kazasu --version', RUNS, [bin, '--version']),
    timeProcess('kazasu --help', RUNS, [bin, '--help']),
    timeProcess('kazasu verify --help', RUNS, [bin, 'verify', '--help']),
    timeProcess('kazasu verify --sim default --purpose counter', RUNS, [bin, 'verify', '--sim', 'default', '--purpose', 'counter']),
    timeProcess('the same verify through tsx (the bin before issue 13)', Math.min(RUNS, 5), ['--import', 'tsx', '--input-type=module', '-e', tsxVerify], 1),
  ];
}

export function printCliStartup(rows: readonly ProcessTiming[]): void {
  console.log('CLI start-up, whole process (bin/kazasu.mjs on the built lib/; wall time depends on machine load, CPU = user + sys of the process).');
  console.log(`load average (1 min) ${cliStartupLoad[0].toFixed(2)} before, ${cliStartupLoad[1].toFixed(2)} after; ${cpus().length} CPUs`);
  const width = Math.max(...rows.map((r) => r.name.length));
  console.log(`${'command'.padEnd(width)}  ${'runs'.padStart(5)}  ${'wall median'.padStart(12)}  ${'wall p95'.padStart(10)}  ${'CPU median'.padStart(10)}`);
  for (const r of rows) {
    const cpu = r.cpuMedianMs === undefined ? '—' : `${r.cpuMedianMs.toFixed(0)} ms`;
    console.log(`${r.name.padEnd(width)}  ${String(r.runs).padStart(5)}  ${`${r.wallMedianMs.toFixed(0)} ms`.padStart(12)}  ${`${r.wallP95Ms.toFixed(0)} ms`.padStart(10)}  ${cpu.padStart(10)}`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) printCliStartup(cliStartupBenchmarks());
