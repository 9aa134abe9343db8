/** Median and p95 of repeated runs, in milliseconds. Benchmarks only — never pass/fail tests. */
export interface Timing {
  readonly name: string;
  readonly runs: number;
  readonly medianMs: number;
  readonly p95Ms: number;
  readonly unit?: 'ms' | 'µs';
}

export async function measure(name: string, runs: number, fn: () => Promise<unknown> | unknown, warmup = 3): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return { name, runs, medianMs: samples[Math.floor(runs / 2)]!, p95Ms: samples[Math.min(runs - 1, Math.floor(runs * 0.95))]! };
}

export function printTable(rows: readonly Timing[]): void {
  const width = Math.max(...rows.map((r) => r.name.length));
  console.log(`${'benchmark'.padEnd(width)}  ${'runs'.padStart(6)}  ${'median'.padStart(12)}  ${'p95'.padStart(12)}`);
  for (const r of rows) {
    const fmt = (ms: number) => (r.unit === 'µs' ? `${(ms * 1000).toFixed(2)} µs` : `${ms.toFixed(2)} ms`);
    console.log(`${r.name.padEnd(width)}  ${String(r.runs).padStart(6)}  ${fmt(r.medianMs).padStart(12)}  ${fmt(r.p95Ms).padStart(12)}`);
  }
}
