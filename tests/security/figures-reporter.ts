/**
 * A vitest reporter for the security run: counts the PASSED test cases of suites that live
 * outside tests/security but belong to issue 6 (evidence integrity, bridge authentication) and
 * records them as figures, so the report shows what the run exercised without duplicating tests.
 */
import type { Reporter, TestModule } from 'vitest/node';
import { recordFigure, type FigureKind } from './figures';

const COUNTED: readonly { readonly file: RegExp; readonly kind: FigureKind; readonly subject: string }[] = [
  { file: /tests\/evidence\/evidence-chain\.test\.ts$/, kind: 'evidence-integrity-cases', subject: 'edited, deleted, swapped or inserted records break chain verification' },
  { file: /tests\/evidence\/evidence-store\.test\.ts$/, kind: 'evidence-integrity-cases', subject: 'aborted writes, concurrent appends, forbidden data, stored bytes' },
  { file: /tests\/evidence\/evidence-crypto\.test\.ts$/, kind: 'evidence-integrity-cases', subject: 'non-extractable AES-GCM key, tamper detection' },
  { file: /tests\/bridge\/bridge-auth\.test\.ts$/, kind: 'auth-cases', subject: 'bridge: origin allow-list, missing/wrong/replayed pairing, limits' },
  { file: /tests\/bridge\/bridge-session\.test\.ts$/, kind: 'auth-cases', subject: 'bridge: last-try PIN rule, refused commands, one session per reader' },
];

export default class SecurityFiguresReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    for (const m of testModules) {
      const rule = COUNTED.find((c) => c.file.test(m.moduleId.replaceAll('\\', '/')));
      if (!rule) continue;
      let passed = 0;
      for (const t of m.children.allTests()) if (t.result().state === 'passed') passed++;
      recordFigure(`reporter-${rule.subject}`, rule.kind, rule.subject, passed);
    }
  }
}
