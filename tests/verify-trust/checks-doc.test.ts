import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CatalogueConflictError, composeCatalogue } from '../../src/documents/check-catalogue';
import { renderChecksDoc } from '../../src/documents/checks-doc';
import type { AnyDocumentDriver } from '../../src/documents/document-driver';
import { DOCUMENT_DRIVERS } from '../../src/documents/registry';

describe('docs/checks.md', () => {
  const doc = readFileSync(new URL('../../docs/checks.md', import.meta.url), 'utf8');
  it('is the generated document (run `npm run docs:checks` after changing a catalogue)', () => {
    expect(doc).toBe(renderChecksDoc());
  });
  it('documents every check id and reason code of every registered document, with both languages', () => {
    for (const driver of DOCUMENT_DRIVERS) {
      expect(doc).toContain(`\`${driver.kind}\``);
      for (const [id, t] of Object.entries(driver.catalogue.titles)) expect(doc).toContain(`| \`${id}\` | ${t.ja} | ${t.en} |`);
      for (const [code, t] of Object.entries(driver.catalogue.reasons)) {
        expect(t.ja.length).toBeGreaterThan(0);
        expect(t.en.length).toBeGreaterThan(0);
        expect(doc).toContain(`| \`${code}\` | ${t.ja} | ${t.en} |`);
      }
    }
  });
});

describe('the composed check catalogue', () => {
  const mynumber = DOCUMENT_DRIVERS[0];
  /** A second document sharing `ok` and `trust.anchors` with the My Number Card, plus its own. */
  const other = (titles: Record<string, { ja: string; en: string }>, reasons: Record<string, { ja: string; en: string }>): AnyDocumentDriver =>
    ({ ...mynumber, kind: 'residence-card', catalogue: { titles, reasons } }) as AnyDocumentDriver;

  it('takes a second document: its own ids join, shared ids are listed once with both documents', () => {
    const composed = composeCatalogue([
      mynumber,
      other({ 'rc.signature': { ja: '署名', en: 'Signature' }, 'trust.anchors': mynumber.catalogue.titles['trust.anchors'] }, { ok: mynumber.catalogue.reasons.ok }),
    ]);
    expect(composed.titles.get('rc.signature')).toEqual({ ja: '署名', en: 'Signature', documents: ['residence-card'] });
    expect(composed.titles.get('trust.anchors')?.documents).toEqual(['mynumber-card', 'residence-card']);
    expect(composed.reasons.get('ok')?.documents).toEqual(['mynumber-card', 'residence-card']);
    expect(composed.titles.size).toBe(composeCatalogue([mynumber]).titles.size + 1);
  });

  it('refuses one id with two different texts', () => {
    expect(() => composeCatalogue([mynumber, other({}, { ok: { ja: 'よし', en: 'Fine' } })])).toThrow(CatalogueConflictError);
  });
});
