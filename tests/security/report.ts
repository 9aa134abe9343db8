/**
 * `npm run test:security` ends here: prints what the security suite exercised (summed from
 * test-results/security/*.json written by tests/security/figures.ts) and fails when a required
 * figure is missing or below the issue's floor (≥ 1,000,000 generated fuzz inputs in total).
 * `--reset` clears the figures before a run.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { FIGURES_DIR, type FigureEntry, type FigureKind } from './figures';

const FLOORS: Readonly<Record<FigureKind, number>> = {
  'fault-points': 1,
  'fuzz-inputs': 1_000_000,
  'forgery-cases': 1,
  'storage-areas-scanned': 1,
  'privacy-flows': 1,
  'auth-cases': 1,
  'ui-text-attacks': 1,
  'evidence-integrity-cases': 1,
};

if (process.argv.includes('--reset')) {
  rmSync(FIGURES_DIR, { recursive: true, force: true });
  process.exit(0);
}

const entries: FigureEntry[] = existsSync(FIGURES_DIR)
  ? readdirSync(FIGURES_DIR)
      .filter((f) => f.endsWith('.json'))
      .flatMap((f) => JSON.parse(readFileSync(join(FIGURES_DIR, f), 'utf8')) as FigureEntry[])
  : [];

const fmt = (n: number) => n.toLocaleString('en-US');
let failed = false;
console.log('\nKazasu security suite — what was exercised');
for (const kind of Object.keys(FLOORS) as FigureKind[]) {
  const rows = entries.filter((e) => e.kind === kind);
  const total = rows.reduce((s, e) => s + e.count, 0);
  const ok = total >= FLOORS[kind];
  if (!ok) failed = true;
  console.log(`\n${kind}: ${fmt(total)}${ok ? '' : `  ✗ below the floor of ${fmt(FLOORS[kind])}`}`);
  const bySubject = new Map<string, number>();
  for (const r of rows) bySubject.set(r.subject, (bySubject.get(r.subject) ?? 0) + r.count);
  for (const [subject, count] of [...bySubject].sort((a, b) => a[0].localeCompare(b[0]))) console.log(`  ${fmt(count).padStart(12)}  ${subject}`);
}
if (failed) {
  console.error('\nsecurity figures below their floors (see ✗ above)');
  process.exit(1);
}
