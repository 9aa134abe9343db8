/**
 * `npm run schemas`: the published JSON Schema of `kazasu verify --json`
 * (schema/verification-report.schema.json), generated from the TypeScript types
 * (src/node/cli/report-json.ts `VerificationReportJson`) with ts-json-schema-generator (pinned).
 * tests/cli/report-schema.test.ts fails when the committed file is not what this writes, and
 * validates every report the CLI prints against it.
 *
 *   tsx scripts/write-schemas.ts [--check]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGenerator } from 'ts-json-schema-generator';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const REPORT_SCHEMA_FILE = join(root, 'schema', 'verification-report.schema.json');

/** The schema text, as committed. */
export function reportSchemaText(): string {
  const schema = createGenerator({
    path: join(root, 'src/node/cli/report-json.ts'),
    tsconfig: join(root, 'tsconfig.json'),
    type: 'VerificationReportJson',
    expose: 'export',
    topRef: true,
    jsDoc: 'extended',
    skipTypeCheck: true,
    additionalProperties: false,
  }).createSchema('VerificationReportJson');
  const published = {
    ...schema,
    $id: 'https://github.com/kazasu/kazasu/schema/verification-report.schema.json',
    title: 'kazasu verify --json',
    description: 'The report `kazasu verify --json` prints (generated from src/node/cli/report-json.ts by scripts/write-schemas.ts; do not edit).',
  };
  // The generator names anonymous types after a hash of where they are (it differs between
  // checkouts): number them in order of appearance instead, so the file is the same everywhere.
  const names = new Map<string, string>();
  return `${JSON.stringify(published, null, 2)}\n`.replace(/def-[a-z]+-[0-9-]+/g, (m) => {
    if (!names.has(m)) names.set(m, `Anonymous${names.size + 1}`);
    return names.get(m)!;
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const text = reportSchemaText();
  if (process.argv.includes('--check')) {
    const committed = readFileSync(REPORT_SCHEMA_FILE, 'utf8');
    if (committed !== text) {
      console.error('schema/verification-report.schema.json is out of date: run `npm run schemas`');
      process.exit(1);
    }
  } else {
    writeFileSync(REPORT_SCHEMA_FILE, text);
    console.log(`wrote ${REPORT_SCHEMA_FILE}`);
  }
}
