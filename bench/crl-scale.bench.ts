/**
 * Revocation at national scale (issue 7 §3; reference pki-and-perf.md §3.3): synthetic signed
 * CRLs of 10⁶ and 10⁷ entries (bench/synthetic-crl.ts: 8-byte serials, reasonCode on 3 of 4
 * entries, RSA-2048 / SHA-256), written to a `mkdtemp` directory and deleted afterwards.
 *
 * Each measurement runs in a fresh child process so its peak RSS (process.resourceUsage().maxRSS
 * for ours, GNU time %M for openssl) belongs to that job alone:
 * - kazasu: stream the file (1 MiB reads) through the walker (DER walk + SHA-256 of
 *   tbsCertList), the RSA PKCS#1 v1.5 check, and the sorted index; bytes per entry of the index;
 *   lookup latency of findRevoked, median over batches of hits and of misses.
 * - `openssl crl -noout -inform DER -in file` (parse only) and the same with `-CAfile ca.pem`
 *   (parse + signature verification).
 * - pkijs `CertificateRevocationList.fromBER` on a 10k-entry CRL: with its default asn1js limits,
 *   and with asn1js.fromBER(…, raised limits) + new CertificateRevocationList({ schema }).
 * Run as a child: `tsx bench/crl-scale.bench.ts --child <mode> …` (internal).
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { certificatePem, makeSyntheticCa, syntheticSerial, writeSyntheticCrl } from './synthetic-crl';

const SELF = fileURLToPath(import.meta.url);
const TSX = join(fileURLToPath(new URL('..', import.meta.url)), 'node_modules', 'tsx', 'dist', 'cli.mjs');

export interface KazasuCrlRun {
  readonly entries: number;
  readonly width: number;
  readonly walkMs: number;
  readonly signatureMs: number;
  readonly indexMs: number;
  readonly totalMs: number;
  readonly maxRssKiB: number;
  readonly indexBytesPerEntry: number;
  readonly lookupHitUs: number;
  readonly lookupMissUs: number;
  readonly lookupHitP99Us: number;
  readonly lookupMissP99Us: number;
}

export interface ToolRun {
  readonly seconds: number;
  readonly maxRssKiB: number;
  readonly ok: boolean;
  readonly note: string;
}

export interface CrlScaleRow {
  readonly entries: number;
  readonly width: number;
  readonly derBytes: number;
  readonly runs: number;
  readonly kazasu: KazasuCrlRun;
  /** The same ingest with @noble/hashes (the browser Worker path), one run. */
  readonly nobleTotalMs: number;
  readonly opensslParse: ToolRun | undefined;
  readonly opensslVerify: ToolRun | undefined;
}

export interface PkijsRow {
  readonly entries: number;
  readonly defaults: ToolRun;
  readonly raised: ToolRun;
}

export interface CrlScaleResult {
  readonly rows: readonly CrlScaleRow[];
  readonly pkijs: readonly PkijsRow[];
  readonly nodeBaselineRssKiB: number;
  readonly openssl: string;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p99 = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.99))]!;
};

// --- child side -------------------------------------------------------------------------------

async function childKazasu(file: string, caFile: string, entries: number, width: number, hasher: string): Promise<KazasuCrlRun> {
  const { walkCrlStream } = await import('../src/verify/revocation/crl-der-walker');
  // node:crypto is what Node (CLI) ingest uses; @noble/hashes is the browser / Worker path.
  const hasherFactory = hasher === 'noble' ? (await import('../src/verify/revocation/crl-signature')).nobleTbsHasher : (await import('../src/node/node-tbs-hasher')).nodeTbsHasher;
  const { verifyCrlDigest } = await import('../src/verify/revocation/crl-signature');
  const { buildCrlIndex, crlIndexBytes, findRevoked } = await import('../src/verify/revocation/crl-index');
  const { readCertificateFields } = await import('../src/verify/revocation/certificate-fields');
  const issuer = readCertificateFields(new Uint8Array(readFileSync(caFile)));
  const t0 = performance.now();
  const walked = await walkCrlStream(createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Uint8Array>, { maxEntries: entries, hasherFactory });
  const t1 = performance.now();
  const verdict = verifyCrlDigest(walked.signatureAlgorithm, issuer.spki, walked.tbsDigest, walked.signature);
  if (!verdict.valid) throw new Error(`signature: ${verdict.detail}`);
  const t2 = performance.now();
  const index = buildCrlIndex(walked);
  const t3 = performance.now();
  if (index.count !== entries) throw new Error(`index has ${index.count} entries`);
  // Lookups: batches of 1,000 hits (random listed serials) and 1,000 misses (serials never listed).
  const BATCH = 1000;
  const BATCHES = 200;
  let seed = 12345;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
  const hits = Array.from({ length: BATCH }, () => syntheticSerial(next() % entries, width));
  const misses = Array.from({ length: BATCH }, () => syntheticSerial(entries + (next() % 1_000_000_000), width));
  const perLookup = (probes: Uint8Array[], expectHit: boolean): number[] => {
    const out: number[] = [];
    for (let b = 0; b < BATCHES; b++) {
      let found = 0;
      const s = performance.now();
      for (const p of probes) if (findRevoked(index, p)) found++;
      out.push(((performance.now() - s) * 1000) / probes.length);
      if (found !== (expectHit ? probes.length : 0)) throw new Error('lookup answered wrongly');
    }
    return out;
  };
  perLookup(hits, true); // warm-up
  perLookup(misses, false);
  const hit = perLookup(hits, true);
  const miss = perLookup(misses, false);
  return {
    entries,
    width,
    walkMs: t1 - t0,
    signatureMs: t2 - t1,
    indexMs: t3 - t2,
    totalMs: t3 - t0,
    maxRssKiB: process.resourceUsage().maxRSS,
    indexBytesPerEntry: crlIndexBytes(index) / index.count,
    lookupHitUs: median(hit),
    lookupMissUs: median(miss),
    lookupHitP99Us: p99(hit),
    lookupMissP99Us: p99(miss),
  };
}

async function childPkijs(file: string, raised: boolean): Promise<{ ok: boolean; note: string; ms: number; maxRssKiB: number }> {
  const pkijs = await import('pkijs');
  const asn1js = await import('asn1js');
  const raw = readFileSync(file);
  const buf = raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength);
  const t0 = performance.now();
  let ok = false;
  let note: string;
  try {
    let crl: InstanceType<typeof pkijs.CertificateRevocationList>;
    if (raised) {
      const parsed = asn1js.fromBER(buf, { maxNodes: 100_000_000, maxContentLength: 1 << 30 } as never);
      if (parsed.offset === -1) throw new Error(parsed.result.error);
      crl = new pkijs.CertificateRevocationList({ schema: parsed.result });
    } else {
      crl = pkijs.CertificateRevocationList.fromBER(buf);
    }
    ok = true;
    note = `${crl.revokedCertificates?.length ?? 0} entries parsed`;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    note = `fails: "${message.length > 80 ? `${message.slice(0, 80)}…` : message}"`;
  }
  return { ok, note, ms: performance.now() - t0, maxRssKiB: process.resourceUsage().maxRSS };
}

// --- parent side ------------------------------------------------------------------------------

function runChild(args: string[]): unknown {
  const r = spawnSync(process.execPath, [TSX, SELF, '--child', ...args], { encoding: 'utf8', maxBuffer: 16 << 20 });
  if (r.status !== 0) throw new Error(`crl-scale child ${args[0]} failed: ${r.stderr.slice(-2000)}`);
  const line = r.stdout.trim().split('\n').pop()!;
  return JSON.parse(line);
}

function timeTool(cmd: string, args: string[]): ToolRun {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', cmd, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const last = r.stderr.trim().split('\n').pop() ?? '';
  const m = /^([\d.]+) (\d+)$/.exec(last);
  const out = `${r.stdout}${r.stderr}`;
  return {
    seconds: m ? Number(m[1]) : NaN,
    maxRssKiB: m ? Number(m[2]) : NaN,
    ok: r.status === 0,
    note: /verify OK/.test(out) ? 'verify OK' : /verify fail/.test(out) ? 'verify FAILED' : r.status === 0 ? '' : out.split('\n')[0]!.slice(0, 80),
  };
}

function medianRun(runs: ToolRun[]): ToolRun {
  const s = [...runs].sort((a, b) => a.seconds - b.seconds);
  return s[Math.floor(s.length / 2)]!;
}

export interface CrlScaleOptions {
  /** Entry counts with 8-byte serials (default 10⁶ and 10⁷; env KAZASU_BENCH_CRL_SIZES="1000000,…"). */
  readonly sizes?: readonly number[];
  /** Also measure 16-byte serials at this size (default 10⁶). */
  readonly wideSerialSize?: number;
  /** pkijs sizes (default 10⁴). */
  readonly pkijsSizes?: readonly number[];
}

export async function crlScaleBenchmarks(options: CrlScaleOptions = {}): Promise<CrlScaleResult> {
  const sizes = options.sizes ?? (process.env.KAZASU_BENCH_CRL_SIZES ? process.env.KAZASU_BENCH_CRL_SIZES.split(',').map(Number) : [1_000_000, 10_000_000]);
  const wide = options.wideSerialSize ?? 1_000_000;
  const pkijsSizes = options.pkijsSizes ?? [10_000];
  const dir = mkdtempSync(join(tmpdir(), 'kazasu-crl-scale-'));
  try {
    const ca = makeSyntheticCa();
    const caDer = join(dir, 'ca.der');
    const caPem = join(dir, 'ca.pem');
    writeFileSync(caDer, ca.certificate);
    writeFileSync(caPem, certificatePem(ca.certificate));
    const spec = { thisUpdate: new Date('2026-11-01T00:00:00Z'), nextUpdate: new Date('2026-12-01T00:00:00Z'), crlNumber: 1 };
    const baseline = (runChild(['baseline']) as { maxRssKiB: number }).maxRssKiB;

    const rows: CrlScaleRow[] = [];
    const jobs = [...sizes.map((n) => ({ n, width: 8, openssl: true })), ...(wide > 0 ? [{ n: wide, width: 16, openssl: false }] : [])];
    for (const job of jobs) {
      const file = join(dir, `crl-${job.n}-${job.width}.der`);
      writeSyntheticCrl(file, ca, { ...spec, entries: job.n, serialWidth: job.width });
      const runs = job.n >= 5_000_000 ? 1 : 3;
      const ours: KazasuCrlRun[] = [];
      for (let i = 0; i < runs; i++) ours.push(runChild(['kazasu', file, caDer, String(job.n), String(job.width), 'node']) as KazasuCrlRun);
      const kazasu = [...ours].sort((a, b) => a.totalMs - b.totalMs)[Math.floor(runs / 2)]!;
      // The same ingest with the portable hash the browser's Worker uses (one run).
      const noble = runChild(['kazasu', file, caDer, String(job.n), String(job.width), 'noble']) as KazasuCrlRun;
      let opensslParse: ToolRun | undefined;
      let opensslVerify: ToolRun | undefined;
      if (job.openssl) {
        opensslParse = medianRun(Array.from({ length: runs }, () => timeTool('openssl', ['crl', '-noout', '-inform', 'DER', '-in', file])));
        opensslVerify = medianRun(Array.from({ length: runs }, () => timeTool('openssl', ['crl', '-noout', '-inform', 'DER', '-in', file, '-CAfile', caPem])));
      }
      rows.push({ entries: job.n, width: job.width, derBytes: statSync(file).size, runs, kazasu, nobleTotalMs: noble.totalMs, opensslParse, opensslVerify });
      rmSync(file, { force: true });
    }

    const pkijs: PkijsRow[] = [];
    for (const n of pkijsSizes) {
      const file = join(dir, `crl-pkijs-${n}.der`);
      writeSyntheticCrl(file, ca, { ...spec, entries: n });
      const one = (raised: boolean): ToolRun => {
        const r = runChild(['pkijs', file, raised ? 'raised' : 'defaults']) as { ok: boolean; note: string; ms: number; maxRssKiB: number };
        return { seconds: r.ms / 1000, maxRssKiB: r.maxRssKiB, ok: r.ok, note: r.note };
      };
      pkijs.push({ entries: n, defaults: one(false), raised: one(true) });
      rmSync(file, { force: true });
    }
    const version = spawnSync('openssl', ['version'], { encoding: 'utf8' }).stdout.trim();
    return { rows, pkijs, nodeBaselineRssKiB: baseline, openssl: version };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function printCrlScale(result: CrlScaleResult): void {
  const mb = (kib: number) => `${(kib / 1024).toFixed(0)} MB`;
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  console.log(
    `CRL at national scale — synthetic CRLs, reasonCode on 3 of 4 entries, RSA-2048/SHA-256, one fresh process per run ` +
      `(median of 3 runs; 1 run at 10⁷). Peak RSS includes Node's own ${mb(result.nodeBaselineRssKiB)} baseline. ${result.openssl}.`,
  );
  console.log('kazasu ingest = stream the file → DER walk + SHA-256 of tbsCertList (node:crypto, as Node/CLI ingest does) → RSA PKCS#1 v1.5 check → radix-sorted index (walk / sig / index), timed inside the child (Node start-up excluded; openssl times are whole-process wall times); "with @noble" = the same ingest with the portable hash the browser Worker uses (one run).');
  console.log('openssl parse = `openssl crl -noout -inform DER -in f` (no signature check); openssl +verify = the same with `-CAfile ca.pem` (parse + signature).');
  const header = ['entries', 'serial', 'DER', 'kazasu ingest', 'walk / sig / index', 'with @noble (Worker)', 'peak RSS', 'index B/entry', 'lookup hit p50/p99', 'lookup miss p50/p99', 'openssl parse', 'openssl +verify', 'ingest ÷ openssl +verify'];
  const body = result.rows.map((r) => {
    const k = r.kazasu;
    return [
      r.entries.toLocaleString('en'),
      `${r.width} B`,
      `${(r.derBytes / 1e6).toFixed(0)} MB`,
      s(k.totalMs),
      `${s(k.walkMs)} / ${k.signatureMs.toFixed(0)} ms / ${s(k.indexMs)}`,
      s(r.nobleTotalMs),
      mb(k.maxRssKiB),
      k.indexBytesPerEntry.toFixed(1),
      `${k.lookupHitUs.toFixed(2)} / ${k.lookupHitP99Us.toFixed(2)} µs`,
      `${k.lookupMissUs.toFixed(2)} / ${k.lookupMissP99Us.toFixed(2)} µs`,
      r.opensslParse ? `${r.opensslParse.seconds.toFixed(2)} s, ${mb(r.opensslParse.maxRssKiB)}` : '—',
      r.opensslVerify ? `${r.opensslVerify.seconds.toFixed(2)} s, ${mb(r.opensslVerify.maxRssKiB)} ${r.opensslVerify.note}` : '—',
      r.opensslVerify ? `${((k.totalMs / 1000) / r.opensslVerify.seconds).toFixed(2)}×` : '—',
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  if (body.length > 0) {
    console.log(line(header));
    for (const row of body) console.log(line(row));
  }
  for (const p of result.pkijs) {
    console.log(
      `pkijs CertificateRevocationList, ${p.entries.toLocaleString('en')} entries: fromBER (default asn1js limits) ${p.defaults.seconds.toFixed(2)} s — ${p.defaults.note}; ` +
        `asn1js.fromBER with raised limits + new CertificateRevocationList({schema}) ${p.raised.seconds.toFixed(2)} s, ${mb(p.raised.maxRssKiB)} — ${p.raised.note}.`,
    );
  }
  console.log('Targets: ingest faster than openssl; index ≤ 16 B/entry (8-byte serials: 13; 16-byte serials: 21 — over); lookup < 10 µs.');
}

// --- entry point for children and for running this file alone ---------------------------------
if (process.argv[1] === SELF) {
  const [flag, mode, ...rest] = process.argv.slice(2);
  if (flag === '--child') {
    let out: unknown;
    if (mode === 'baseline') out = { maxRssKiB: process.resourceUsage().maxRSS };
    else if (mode === 'kazasu') out = await childKazasu(rest[0]!, rest[1]!, Number(rest[2]), Number(rest[3]), rest[4] ?? 'node');
    else if (mode === 'pkijs') out = await childPkijs(rest[0]!, rest[1] === 'raised');
    else throw new Error(`unknown child mode ${mode}`);
    console.log(JSON.stringify(out));
  } else {
    printCrlScale(await crlScaleBenchmarks());
  }
}
