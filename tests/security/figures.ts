/**
 * Figures the security suite prints at the end (`npm run test:security`): each test file adds
 * what it exercised — fault points, fuzz inputs, forgery cases, storage areas scanned — to its
 * own JSON file under test-results/security/, and tests/security/report.ts sums and prints them.
 * Figures are counts of work done, never timings.
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIGURES_DIR = join(resolve(dirname(fileURLToPath(import.meta.url)), '..', '..'), 'test-results', 'security');

/** What the report groups figures by. */
export type FigureKind = 'fault-points' | 'fuzz-inputs' | 'forgery-cases' | 'storage-areas-scanned' | 'privacy-flows' | 'auth-cases' | 'ui-text-attacks' | 'evidence-integrity-cases';

export interface FigureEntry {
  readonly kind: FigureKind;
  /** What was exercised, e.g. "BER-TLV parser" or "counter flow, card removal at every APDU". */
  readonly subject: string;
  readonly count: number;
}

/** Add `count` to (kind, subject) in this source file's figures (call from afterAll or a test). */
export function recordFigure(source: string, kind: FigureKind, subject: string, count: number): void {
  mkdirSync(FIGURES_DIR, { recursive: true });
  const file = join(FIGURES_DIR, `${source.replace(/[^A-Za-z0-9_.-]/g, '_')}.json`);
  const entries: FigureEntry[] = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as FigureEntry[]) : [];
  const found = entries.find((e) => e.kind === kind && e.subject === subject);
  const next = found ? entries.map((e) => (e === found ? { ...e, count: e.count + count } : e)) : [...entries, { kind, subject, count }];
  writeFileSync(file, JSON.stringify(next, null, 2));
}
