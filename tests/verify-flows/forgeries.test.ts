/**
 * Every forged or broken card built with the simulator fails verification, and fails with ITS
 * OWN check and reason code — never "verified" (zero false accepts). The expected check/code for
 * each forgery is written here from what the forgery does, not taken from the verifier.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSimCard } from '../../src/node/sim-loader';
import type { PurposeId } from '../../src/session/purposes';
import { FORGERIES, type ForgeryId } from '../../src/sim/mynumber/forgeries';
import { card, CODE_B, BIRTH_KEY, environment, failing, verifyModel } from './flow-helpers';

const DEFAULT_CREDENTIALS = { codeB: CODE_B.default, signPassword: 'KAZASU1', birthDateKey: BIRTH_KEY.default };

const EXPECTED: Record<ForgeryId, { purpose: PurposeId; fails: string; codeB?: string }> = {
  'text-name-tampered': { purpose: 'counter', fails: 'text.basic-four-digest:digest-mismatch' },
  'text-address-tampered': { purpose: 'counter', fails: 'text.basic-four-digest:digest-mismatch' },
  'text-birth-date-tampered': { purpose: 'counter', fails: 'text.basic-four-digest:digest-mismatch' },
  'text-sex-tampered': { purpose: 'counter', fails: 'text.basic-four-digest:digest-mismatch' },
  'text-integrity-swapped': { purpose: 'counter', fails: 'text.basic-four-digest:digest-mismatch' },
  'text-integrity-other-key': { purpose: 'counter', fails: 'text.integrity-signature:record-signature-invalid' },
  'text-signed-key-tampered': { purpose: 'counter', fails: 'text.signed-key:record-signature-invalid' },
  'text-cv-unknown-issuer': { purpose: 'counter', fails: 'text.cv-certificate:cv-issuer-unknown' },
  'text-cv-rogue-signer': { purpose: 'counter', fails: 'text.cv-certificate:cv-signature-invalid' },
  'face-photo-tampered': { purpose: 'counter', fails: 'face.card-face-signature:photo-digest-mismatch' },
  'face-name-image-tampered': { purpose: 'counter', fails: 'face.card-face-signature:image-digest-mismatch' },
  'face-birth-date-tampered': { purpose: 'counter', fails: 'face.card-face-signature:face-data-digest-mismatch' },
  'face-record-swapped': { purpose: 'counter', fails: 'face.chip-authentication:chip-auth-signature-invalid' },
  'face-age-record-other-key': { purpose: 'age', fails: 'face.age-record-signature:record-signature-invalid' },
  'face-cv-unknown-issuer': { purpose: 'counter', fails: 'face.cv-certificate:cv-issuer-unknown' },
  'chip-replay': { purpose: 'counter', fails: 'face.chip-authentication:chip-auth-replayed' },
  'chip-other-key': { purpose: 'counter', fails: 'text.chip-authentication:chip-auth-signature-invalid' },
  'jpki-untrusted-root': { purpose: 'bank', fails: 'jpki.sign.chain:jpki-no-anchor' },
  'jpki-not-yet-valid': { purpose: 'bank', fails: 'jpki.sign.chain:jpki-not-yet-valid' },
  'jpki-wrong-key-usage': { purpose: 'bank', fails: 'jpki.sign.chain:jpki-key-usage' },
  'jpki-wrong-policy': { purpose: 'bank', fails: 'jpki.sign.chain:jpki-policy' },
  'jpki-leaf-is-ca': { purpose: 'bank', fails: 'jpki.sign.chain:jpki-basic-constraints' },
  'jpki-signature-tampered': { purpose: 'field', fails: 'jpki.auth.chain:jpki-signature-invalid' },
  'jpki-key-mismatch': { purpose: 'bank', fails: 'jpki.sign.challenge:jpki-challenge-invalid' },
  'jpki-name-differs': { purpose: 'bank', fails: 'cross.name:cross-mismatch' },
  // Its printed expiry year is 2025, so its 照合番号B is 550217 + 2025 + 2285.
  'card-expired': { purpose: 'counter', fails: 'card.expiry:card-expired', codeB: '55021720252285' },
  // UI text attacks the issuer signed: only the text rule stops them (the text is withheld).
  'name-bidi-override': { purpose: 'counter', fails: 'text.basic-four-digest:text-unsafe-characters' },
  'name-bidi-embedding': { purpose: 'counter', fails: 'text.basic-four-digest:text-unsafe-characters' },
  'address-bidi-isolate': { purpose: 'counter', fails: 'text.basic-four-digest:text-unsafe-characters' },
  'name-bidi-marks': { purpose: 'counter', fails: 'text.basic-four-digest:text-unsafe-characters' },
  'name-control-nul-esc': { purpose: 'counter', fails: 'text.basic-four-digest:text-unsafe-characters' },
  'address-control-crlf': { purpose: 'counter', fails: 'text.basic-four-digest:text-unsafe-characters' },
  'name-control-c1': { purpose: 'counter', fails: 'text.basic-four-digest:text-unsafe-characters' },
  'name-zero-width': { purpose: 'counter', fails: 'text.basic-four-digest:text-unsafe-characters' },
  'address-invisible': { purpose: 'counter', fails: 'text.basic-four-digest:text-unsafe-characters' },
  // UI text attacks written over the signed record: the digest stops them.
  'name-markup-html': { purpose: 'counter', fails: 'text.basic-four-digest:digest-mismatch' },
  'address-markup-entities-url': { purpose: 'counter', fails: 'text.basic-four-digest:digest-mismatch' },
  'name-very-long': { purpose: 'counter', fails: 'text.basic-four-digest:digest-mismatch' },
  'name-lookalike': { purpose: 'counter', fails: 'text.basic-four-digest:digest-mismatch' },
};

describe('forged and broken cards', () => {
  let ctx: Parameters<(typeof FORGERIES)[number]['make']>[0];
  beforeAll(async () => {
    ctx = { build: buildSimCard, base: await card('default'), other: await card('gaiji-name') };
  });

  it('covers every forgery in the catalogue', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(FORGERIES.map((f) => f.id).sort());
  });

  for (const f of FORGERIES) {
    it(`${f.id}: ${f.description.en}`, async () => {
      const forged = await f.make(ctx);
      const expected = EXPECTED[f.id];
      const credentials = { ...DEFAULT_CREDENTIALS, ...(expected.codeB ? { codeB: expected.codeB } : {}) };
      const report = await verifyModel(forged.model, expected.purpose, credentials, await environment(), forged.wrap);
      expect(report.outcome).toBe('failed');
      expect(failing(report)).toContain(expected.fails);
    });
  }

  it('a simulated card under production trust fails at its CV certificates and JPKI chain', async () => {
    const report = await verifyModel((await card('default')).model, 'bank', DEFAULT_CREDENTIALS, await environment('production'));
    expect(report.outcome).toBe('failed');
    expect(failing(report)).toEqual(
      expect.arrayContaining(['text.cv-certificate:cv-issuer-other-mode', 'face.cv-certificate:cv-issuer-other-mode', 'jpki.sign.chain:jpki-no-anchor']),
    );
    expect(report.trustMode).toBe('production');
  });
});
