import { describe, expect, it } from 'vitest';
import { documentViews } from '../../src/app/documents/document-views';
import { normaliseTyping } from '../../src/app/screens/credentials/SpecCredentialField';
import { ja, en } from '../../src/app/i18n/catalogue';
import { DOCUMENT_DRIVERS } from '../../src/documents/registry';
import { RESIDENCE_CARD_CREDENTIAL_SPECS } from '../../src/documents/residence-card/residence-card-credentials';
import { fromDemoModel, toDemoModel } from '../../src/sim/residence-card/rc-demo-card';

describe('the app side of the document seam', () => {
  it('every registered document has views, and the screens can name its credentials', () => {
    for (const d of DOCUMENT_DRIVERS) {
      const views = documentViews(d.kind);
      expect(typeof views.photoJp2).toBe('function');
      expect(views.Details).toBeDefined();
      for (const [id, spec] of Object.entries(d.credentials)) {
        // A credential the kiosk asks for has a name in both catalogues.
        expect(`cred.name.${id}` in ja, `cred.name.${id}`).toBe(true);
        expect(`cred.name.${id}` in en, `cred.name.${id}`).toBe(true);
        // A credential rendered from its spec also has its hint.
        if ((spec as { entry?: unknown }).entry) expect(`cred.hint.${id}` in ja && `cred.hint.${id}` in en, `cred.hint.${id}`).toBe(true);
      }
    }
  });

  it('an unknown document has no views (a programming error, not a blank screen)', () => {
    expect(() => documentViews('no-such-document' as never)).toThrow(/no views/);
  });
});

describe('a credential field rendered from the spec (residence card number)', () => {
  const entry = RESIDENCE_CARD_CREDENTIAL_SPECS.cardNumber.entry!;

  it('is typed by the clerk: 12 letters and digits, upper case', () => {
    expect(entry).toEqual({ by: 'clerk', length: 12, characters: 'alphanumeric', upperCase: true });
  });

  it('folds full-width, spaces, hyphens and lower case before the 12-character limit', () => {
    expect(normaliseTyping('ａｂ １２３４ ５６７８ ｃｄ', entry)).toBe('AB12345678CD');
    expect(normaliseTyping('ab-1234-5678-cd', entry)).toBe('AB12345678CD');
    expect(normaliseTyping('AB12345678CDEF', entry)).toBe('AB12345678CD');
    expect(normaliseTyping('AB!1234?5678*CD', entry)).toBe('AB12345678CD');
  });

  it('what the field keeps passes the driver’s own format check; a short number does not', () => {
    expect(RESIDENCE_CARD_CREDENTIAL_SPECS.cardNumber.normalise(normaliseTyping('ａｂ１２３４５６７８ｃｄ', entry))).toBe('AB12345678CD');
    expect(() => RESIDENCE_CARD_CREDENTIAL_SPECS.cardNumber.normalise(normaliseTyping('AB1234', entry))).toThrow(expect.objectContaining({ code: 'credential-format', reason: 'card-number-format' }));
  });

  it('the format reason has words in both catalogues', () => {
    expect(ja['format.card-number-format']).toMatch(/12文字/);
    expect(en['format.card-number-format']).toMatch(/12 characters/);
  });
});

describe('demo residence cards survive JSON', () => {
  it('round-trips files, behaviour and number', () => {
    const model = {
      generation: 2 as const,
      kind: 'residence-card' as const,
      seed: 's',
      cardNumber: 'AB12345678CD',
      files: [{ df: 'df1' as const, sfi: 1, content: Uint8Array.of(0, 1, 0xfe), auth: true, sm: true }],
      behaviour: { wrongCardMac: true },
    };
    const back = fromDemoModel(JSON.parse(JSON.stringify(toDemoModel(model))));
    expect(back).toEqual(model);
  });
});
