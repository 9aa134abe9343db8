/**
 * The revocation panel's words (issue 13): ja and en have the same keys and placeholders, and the
 * plain text outside the 詳細 / Details fold names no technical thing (CRL, OCSP, CSP, …).
 */
import { describe, expect, it } from 'vitest';
import { revocationEn, revocationJa, type RevocationMessageKey } from '../../src/app/i18n/revocation-catalogue';

const JARGON = /CRL|OCSP|CSP|IndexedDB|Worker|RFC|connect-src|KAZASU_|API/;
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('revocation catalogue', () => {
  it('ja and en hold the same keys and the same placeholders', () => {
    expect(Object.keys(revocationEn).sort()).toEqual(Object.keys(revocationJa).sort());
    for (const k of Object.keys(revocationJa) as RevocationMessageKey[]) expect(placeholders(revocationEn[k]), k).toEqual(placeholders(revocationJa[k]));
  });

  it('technical names appear only under the details fold', () => {
    for (const cat of [revocationJa, revocationEn]) {
      for (const [k, v] of Object.entries(cat)) {
        if (k.startsWith('rev.details')) continue;
        expect(v, k).not.toMatch(JARGON);
      }
    }
  });
});
