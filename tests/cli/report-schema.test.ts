/**
 * The `--json` contract: schema/verification-report.schema.json is what the generator writes
 * from the types today (scripts/write-schemas.ts), and every report `kazasu verify --json`
 * prints — each purpose, genuine and forged simulated cards, recordings — validates against it.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/node/cli/main';
import { REPORT_SCHEMA_FILE, reportSchemaText } from '../../scripts/write-schemas';

async function run(args: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const code = await main(args, (s) => lines.push(s), () => undefined);
  return { code, out: lines.join('\n') };
}

const AT = ['--at', '2026-11-20T03:00:00Z'];
const committed = JSON.parse(readFileSync(REPORT_SCHEMA_FILE, 'utf8'));
const validate = new Ajv({ allErrors: true, strict: false }).compile(committed);

function expectValid(json: string): void {
  const report = JSON.parse(json);
  const ok = validate(report);
  expect(validate.errors ?? [], JSON.stringify(validate.errors?.slice(0, 3))).toEqual([]);
  expect(ok).toBe(true);
}

describe('kazasu verify --json and its published schema', () => {
  it('the committed schema is what the types generate (npm run schemas)', () => {
    expect(readFileSync(REPORT_SCHEMA_FILE, 'utf8')).toBe(reportSchemaText());
  }, 300_000);

  it('the schema refuses what is not a report', () => {
    expect(validate({ document: 'mynumber-card' })).toBe(false);
    expect(validate({})).toBe(false);
  });

  const cases: [string, string[]][] = [
    ['counter', ['--purpose', 'counter']],
    ['bank (revocation offline)', ['--purpose', 'bank', '--revocation', 'offline']],
    ['field with the PIN', ['--purpose', 'field', '--pin', '1234']],
    ['age', ['--purpose', 'age']],
    ['a forged card', ['--purpose', 'counter', '--forgery', 'face-photo-tampered']],
    ['a forged certificate', ['--purpose', 'bank', '--forgery', 'jpki-untrusted-root']],
    ['a card with no sign certificate', ['--purpose', 'bank', '--sim', 'under-15']],
    ['a residence card', ['--purpose', 'counter', '--sim', 'rc1-adult', '--card-number', 'AB12345678CD']],
    ['a gen-2 residence card (bank)', ['--purpose', 'bank', '--sim', 'rc2-adult', '--card-number', 'RC20260001JP']],
    ['a licence (bank, signature and photo)', ['--purpose', 'bank', '--sim', 'licence-default', '--pin1', '1234', '--pin2', '5678']],
    ['a licence with 外字, age check', ['--purpose', 'age', '--sim', 'licence-gaiji-name', '--pin1', '2468', '--pin2', '1357']],
    ['a forged licence', ['--purpose', 'bank', '--sim', 'licence-default', '--pin1', '1234', '--pin2', '5678', '--forgery', 'photo-altered']],
    ['a マイナ免許証', ['--purpose', 'counter', '--sim', 'mynumber-licence', '--document', 'drivers-licence', '--pin1', '2580']],
    ['a passport (bank)', ['--purpose', 'bank', '--sim', 'japan-no-address', '--mrz', 'ZZ0000001 900101 350101']],
    ['a passport with the CAN (field)', ['--purpose', 'field', '--sim', 'germany-pace-gm', '--can', '500540']],
  ];
  it.each(cases)('%s validates', async (_name, args) => {
    const sim = args.includes('--sim') ? [] : ['--sim', 'default'];
    const r = await run(['verify', ...sim, ...args, '--json', ...AT]);
    expect(r.out.startsWith('{'), r.out.slice(0, 200)).toBe(true);
    expectValid(r.out);
  });

  it('a report from a recording validates', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'kazasu-schema-')), 'rec');
    expect((await run(['sim', 'export', 'default', dir])).code).toBe(0);
    for (const purpose of ['counter', 'bank', 'age']) expectValid((await run(['verify', '--dump', dir, '--purpose', purpose, '--trust', 'simulator', '--json', ...AT])).out);
  });
});
