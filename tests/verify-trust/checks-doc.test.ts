import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHECK_TITLES, REASONS } from '../../src/verify/check-catalogue';
import { renderChecksDoc } from '../../src/verify/checks-doc';

describe('docs/checks.md', () => {
  const doc = readFileSync(new URL('../../docs/checks.md', import.meta.url), 'utf8');
  it('is the generated document (run `npm run docs:checks` after changing the catalogue)', () => {
    expect(doc).toBe(renderChecksDoc());
  });
  it('documents every check id and reason code with both languages', () => {
    for (const [id, t] of Object.entries(CHECK_TITLES)) expect(doc).toContain(`| \`${id}\` | ${t.ja} | ${t.en} |`);
    for (const [code, t] of Object.entries(REASONS)) {
      expect(t.ja.length).toBeGreaterThan(0);
      expect(t.en.length).toBeGreaterThan(0);
      expect(doc).toContain(`| \`${code}\` | ${t.ja} | ${t.en} |`);
    }
  });
});
