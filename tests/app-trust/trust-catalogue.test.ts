import { describe, expect, it } from 'vitest';
import { trustEn, trustJa, trustMessage, type TrustMessageKey } from '../../src/app/i18n/trust-catalogue';
import type { TrustRefusal } from '../../src/app/trust/kiosk-trust';

/** Every refusal the trust store can give (kiosk-trust.ts TrustRefusal); the screen shows `trust.refused.<code>`. */
const REFUSALS: readonly TrustRefusal[] = [
  'file-unreadable', 'file-too-large', 'storage-failed', 'rc-anchor-not-a-certificate', 'rc-anchor-unknown-fingerprint', 'rc-anchor-simulator',
  'licence-issuer-not-x509', 'licence-issuer-not-rsa', 'licence-issuer-simulator-in-production', 'signer-not-a-certificate', 'pp-ml-malformed',
  'pp-ml-signature-invalid', 'pp-ml-signer-unknown', 'pp-ml-signer-invalid', 'csca-not-a-certificate', 'csca-not-a-ca', 'csca-not-valid-now',
  'csca-simulator', 'pp-crl-malformed', 'pp-crl-signature-invalid', 'pp-crl-issuer-unknown',
];

describe('trust-anchor texts (Settings → 信頼の起点)', () => {
  it('ja and en have the same keys and the same placeholders, none empty', () => {
    expect(Object.keys(trustEn).sort()).toEqual(Object.keys(trustJa).sort());
    const vars = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(trustJa) as TrustMessageKey[]) {
      expect(trustJa[key].trim(), key).not.toBe('');
      expect(trustEn[key].trim(), key).not.toBe('');
      expect(vars(trustEn[key]), key).toEqual(vars(trustJa[key]));
    }
  });

  it('every refusal has a plain sentence with a next step in both languages, and no technical name in Japanese', () => {
    for (const code of REFUSALS) {
      const key = `trust.refused.${code}` as TrustMessageKey;
      expect(key in trustJa, code).toBe(true);
      // A next step: an instruction ("…てください" / an imperative sentence), not only a diagnosis.
      expect(trustMessage('ja', key), code).toMatch(/ください|必要はありません|使えません/);
      expect(trustMessage('en', key), code).toMatch(/\.$/);
      expect(trustMessage('ja', key), code).not.toMatch(/SHA-256|X\.509|CMS|DER/);
    }
  });

  it('fills placeholders', () => {
    expect(trustMessage('en', 'trust.pp.ml.imported', { publisher: 'DE', n: 3, countries: 2 })).toBe('Imported the list of DE: 3 certificates of 2 states.');
  });
});
