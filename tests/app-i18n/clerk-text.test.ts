/**
 * Clerk-facing words (issue 11 §6, §7): every check has a plain title, every reason a check can
 * fail or stay open with has one next-step line, every reading step a plain name and a technical
 * one for the 詳細 fold — in Japanese and English; and the two catalogues hold the same keys.
 */
import { describe, expect, it } from 'vitest';
import { en, ja, type MessageKey } from '../../src/app/i18n/catalogue';
import { checkTitleKey, clerkCheckTitle, nextStep, nextStepKey } from '../../src/app/i18n/clerk-text';
import { CHECK_TITLES, REASONS } from '../../src/verify/check-catalogue';

const STEPS = ['open-card', 'read-text', 'read-card-face', 'read-age-record', 'chip-authentication', 'read-jpki', 'jpki-signature', 'revocation', 'verify'] as const;
/** Reasons that never come with a failed or pending check. */
const NOT_A_FAILURE = new Set(['ok', 'not-read', 'not-applicable']);
const JARGON = /AP|CV|YYMMDD|JPKI|OCSP|CRL|Isolated Web App|信頼の起点|トラストアンカー|--show-token/;

describe('clerk words', () => {
  it('ja and en have the same keys', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(ja).sort());
  });

  it('every check of the catalogue has a plain title, without technical names', () => {
    for (const id of Object.keys(CHECK_TITLES) as (keyof typeof CHECK_TITLES)[]) {
      const key = checkTitleKey(id);
      expect(key, id).toBeDefined();
      for (const cat of [ja, en]) {
        const title = cat[key as MessageKey];
        expect(title.length, id).toBeGreaterThan(0);
        expect(title, `${id}: ${title}`).not.toMatch(JARGON);
      }
      expect(clerkCheckTitle((k) => ja[k], 'ja', id)).toBe(ja[key!]);
    }
  });

  it('every reason a check can fail or stay pending with has one next-step line', () => {
    for (const code of Object.keys(REASONS).filter((c) => !NOT_A_FAILURE.has(c))) {
      const key = nextStepKey(code);
      expect(key, code).toBeDefined();
      expect(ja[key!].length).toBeGreaterThan(0);
      expect(en[key!].length).toBeGreaterThan(0);
    }
    // The three the issue names.
    expect(nextStep((k) => ja[k], 'revoked')).toContain('市区町村');
    expect(nextStep((k) => ja[k], 'photo-digest-mismatch')).toContain('責任者');
    expect(nextStep((k) => ja[k], 'revocation-pending')).toContain(ja['result.recheck']);
    // An unknown reason (a new document's) still gets a line.
    expect(nextStep((k) => ja[k], 'rc.something-new')).toBe(ja['next.other']);
  });

  it('every reading step has a plain name (no AP, CV…) and a technical one for the 詳細 fold', () => {
    for (const step of STEPS) {
      for (const cat of [ja, en]) {
        expect(cat[`step.${step}` as MessageKey], step).not.toMatch(JARGON);
        expect(cat[`stepTech.${step}` as MessageKey].length, step).toBeGreaterThan(0);
      }
    }
  });

  it('Settings speaks plainly; the technical names are behind 詳細', () => {
    for (const key of ['settings.trustMode', 'settings.realTrust', 'settings.realTrust.follow-reader', 'reader.path.smartcard-api', 'cred.codeB.hint', 'cred.birthKey.label'] as const) {
      expect(ja[key], key).not.toMatch(/信頼モード|信頼の起点|Isolated Web App|YYMMDD/);
    }
  });
});
