import { CHECK_TITLES, REASONS } from './check-catalogue';

/** docs/checks.md, generated from the catalogue so the document and the code cannot drift. */
export function renderChecksDoc(): string {
  const lines = [
    '# Checks and reason codes',
    '',
    'Generated from `src/verify/check-catalogue.ts` by `npm run docs:checks`; a test fails when this',
    'file and the catalogue differ. Ids and codes are stable: evidence records store them.',
    '',
    'Every check in a VerificationReport has a status — `pass`, `fail`, `warn`, `pending` or',
    '`skipped` — and one reason code. A report is `verified` only when every check its purpose',
    'requires has passed and nothing failed; a pending revocation is never a pass.',
    '',
    '## Checks',
    '',
    '| id | 日本語 | English |',
    '|---|---|---|',
    ...Object.entries(CHECK_TITLES).map(([id, t]) => `| \`${id}\` | ${t.ja} | ${t.en} |`),
    '',
    '## Reason codes',
    '',
    '| code | 日本語 | English |',
    '|---|---|---|',
    ...Object.entries(REASONS).map(([code, t]) => `| \`${code}\` | ${t.ja} | ${t.en} |`),
    '',
  ];
  return lines.join('\n');
}
