/**
 * UI text attacks (issue 6 item 3): cards whose name or address carries control, bidi or
 * invisible characters, markup, a huge length or look-alike letters. What the verifier does with
 * each, through the real card library and runVerification:
 * - control / bidi / invisible characters: the parser withholds the field and the check
 *   text.basic-four-digest fails with 'text-unsafe-characters', even when the issuer signed it;
 *   no unsafe character appears anywhere in the report;
 * - markup, long text, look-alikes: ordinary text — a rewritten record fails its digest, and a
 *   signed one verifies with the text exactly as signed (escaping is the screen's job, proven in
 *   e2e/security/ui-text.spec.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isUnsafeTextCodePoint } from '../../src/cards/mynumber/records';
import { revealControls } from '../../src/app/screens/result/display';
import { buildSimCard } from '../../src/node/sim-loader';
import type { PurposeId } from '../../src/session/purposes';
import type { CardModel } from '../../src/sim/card/card-model';
import type { CardProfile } from '../../src/sim/mynumber/card-profile';
import { forgery, UI_TEXT_ATTACK_IDS, type ForgeryContext, type ForgeryId } from '../../src/sim/mynumber/forgeries';
import { encodeBasicFour, encodeIntegrityRecord } from '../../src/sim/mynumber/text-ap-files';
import { simKey } from '../../src/sim/pki/sim-keys';
import type { DocumentReport as VerificationReport } from '../../src/documents/registry';
import { BIRTH_KEY, CODE_B, card, environment, failing, verifyModel } from '../verify-flows/flow-helpers';
import { recordFigure } from './figures';

const SOURCE = 'ui-text-attacks.test';
const CREDENTIALS = { codeB: CODE_B.default, signPassword: 'KAZASU1', birthDateKey: BIRTH_KEY.default };

/** The code points issue 6 names, each of which must be withheld wherever it appears. */
const NAMED_CODE_POINTS: readonly [string, number][] = [
  ['NUL', 0x00],
  ['TAB', 0x09],
  ['LF', 0x0a],
  ['CR', 0x0d],
  ['ESC', 0x1b],
  ['DEL', 0x7f],
  ['NEL (C1)', 0x85],
  ['CSI (C1)', 0x9b],
  ['ALM', 0x061c],
  ['ZWSP', 0x200b],
  ['ZWNJ', 0x200c],
  ['ZWJ', 0x200d],
  ['LRM', 0x200e],
  ['RLM', 0x200f],
  ['LINE SEPARATOR', 0x2028],
  ['PARAGRAPH SEPARATOR', 0x2029],
  ['LRE', 0x202a],
  ['RLE', 0x202b],
  ['PDF', 0x202c],
  ['LRO', 0x202d],
  ['RLO', 0x202e],
  ['WORD JOINER', 0x2060],
  ['LRI', 0x2066],
  ['RLI', 0x2067],
  ['FSI', 0x2068],
  ['PDI', 0x2069],
  ['BOM / ZWNBSP', 0xfeff],
  ['HANGUL FILLER', 0x3164],
  ['TAG LATIN SMALL A', 0xe0061],
];

/** Where each attack must stop, and which field the screen must never get (signed attacks). */
const EXPECTED: Record<string, { readonly fails: string; readonly withheld?: 'name' | 'address'; readonly text?: { field: 'name' | 'address'; value: string } }> = {
  'name-bidi-override': { fails: 'text.basic-four-digest:text-unsafe-characters', withheld: 'name' },
  'name-bidi-embedding': { fails: 'text.basic-four-digest:text-unsafe-characters', withheld: 'name' },
  'address-bidi-isolate': { fails: 'text.basic-four-digest:text-unsafe-characters', withheld: 'address' },
  'name-bidi-marks': { fails: 'text.basic-four-digest:text-unsafe-characters', withheld: 'name' },
  'name-control-nul-esc': { fails: 'text.basic-four-digest:text-unsafe-characters', withheld: 'name' },
  'address-control-crlf': { fails: 'text.basic-four-digest:text-unsafe-characters', withheld: 'address' },
  'name-control-c1': { fails: 'text.basic-four-digest:text-unsafe-characters', withheld: 'name' },
  'name-zero-width': { fails: 'text.basic-four-digest:text-unsafe-characters', withheld: 'name' },
  'address-invisible': { fails: 'text.basic-four-digest:text-unsafe-characters', withheld: 'address' },
  'name-markup-html': {
    fails: 'text.basic-four-digest:digest-mismatch',
    text: { field: 'name', value: '<script>alert(1)</script><img src=x onerror="alert(2)"><b>本人確認済み</b>' },
  },
  'address-markup-entities-url': {
    fails: 'text.basic-four-digest:digest-mismatch',
    text: { field: 'address', value: '&lt;b&gt;東京都&lt;/b&gt;&#60;svg onload=alert(3)&#62; <a href="javascript:alert(4)">javascript:alert(4)</a>' },
  },
  'name-very-long': { fails: 'text.basic-four-digest:digest-mismatch', text: { field: 'name', value: `${'W'.repeat(200)}　${'山田花子'.repeat(30)}` } },
  'name-lookalike': { fails: 'text.basic-four-digest:digest-mismatch', text: { field: 'name', value: '\u2f2d田 花子' } },
};

/** Every string anywhere in the report (checks, details, attributes, anchors), for scanning. */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value && typeof value === 'object' && !(value instanceof Uint8Array)) for (const v of Object.values(value)) strings(v, out);
  return out;
}

function unsafeInReport(report: VerificationReport): string[] {
  return strings({ checks: report.checks, attributes: report.attributes, anchors: report.anchors }).filter((s) => [...s].some((c) => isUnsafeTextCodePoint(c.codePointAt(0)!)));
}

function textEf(model: CardModel, fid: number): Uint8Array {
  const ef = model.dfs.find((d) => d.name === 'text')?.files.find((f) => f.fid === fid);
  if (!ef || ef.kind !== 'transparent') throw new Error(`no text EF ${fid}`);
  return ef.content;
}

/** The default card with its name/address changed AND re-signed with the genuine AP key. */
async function issuerSigned(base: CardModel, profile: CardProfile, change: Partial<CardProfile['person']>): Promise<CardModel> {
  const basic = encodeBasicFour({ ...profile, person: { ...profile.person, ...change } });
  const integrity = await encodeIntegrityRecord(textEf(base, 0x01), basic.digestSource, simKey('cv-ap-text'));
  const swap = (fid: number, content: Uint8Array) => (f: CardModel['dfs'][number]['files'][number]) => (f.kind === 'transparent' && f.fid === fid ? { ...f, content } : f);
  return {
    ...base,
    dfs: base.dfs.map((df) => (df.name !== 'text' ? df : { ...df, files: df.files.map(swap(0x02, basic.file)).map(swap(0x03, integrity)) })),
  };
}

describe('UI text attacks: what the verifier does', () => {
  let ctx: ForgeryContext;
  const counts = { cards: 0, codePoints: 0, controls: 0, display: 0 };
  beforeAll(async () => {
    ctx = { build: buildSimCard, base: await card('default'), other: await card('gaiji-name') };
  });
  afterAll(() => {
    recordFigure(SOURCE, 'ui-text-attacks', 'attack cards verified (forgeries.ts, counter and bank)', counts.cards);
    recordFigure(SOURCE, 'ui-text-attacks', 'unsafe code points in a signed name or address, through the verifier', counts.codePoints);
    recordFigure(SOURCE, 'ui-text-attacks', 'signed markup, long and look-alike text verified as exact text', counts.controls);
    recordFigure(SOURCE, 'ui-text-attacks', 'unsafe code points made visible by the result screen (defence in depth)', counts.display);
  });

  it('the catalogue lists exactly the attack cards expected here', () => {
    expect([...UI_TEXT_ATTACK_IDS].sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const id of UI_TEXT_ATTACK_IDS) {
    const expected = EXPECTED[id]!;
    const purposes: PurposeId[] = expected.withheld ? ['counter', 'bank'] : ['counter'];
    for (const purpose of purposes) {
      it(`${id} (${purpose}): fails at ${expected.fails}; ${expected.withheld ? `the ${expected.withheld} is withheld` : 'the text is kept exactly as written'}`, async () => {
        const forged = await forgery(id as ForgeryId).make(ctx);
        const report = await verifyModel(forged.model, purpose, CREDENTIALS, await environment());
        counts.cards++;
        expect(report.outcome).toBe('failed');
        expect(failing(report)).toContain(expected.fails);
        expect(unsafeInReport(report)).toEqual([]);
        if (expected.withheld) {
          expect(report.attributes[expected.withheld]).toBeUndefined();
          // The other field and the rest of the record are still read.
          expect(report.attributes[expected.withheld === 'name' ? 'address' : 'name']).toBeDefined();
          expect(report.attributes.birthDate).toBe('1980-02-17');
        }
        if (expected.text) expect(report.attributes[expected.text.field]).toBe(expected.text.value);
        if (purpose === 'bank' && expected.withheld) {
          // The 署名用 certificate carries the same text; its attribute parser refuses it too
          // (runVerification reports it at cross.name with the UI-attack reason).
          const cross = report.checks.find((c) => c.id === 'cross.name');
          expect(cross?.status).toBe('fail');
          expect(cross?.code).toBe('text-unsafe-characters');
          expect(cross?.detail).toBe('jpki-san-unsafe-text');
        }
      });
    }
  }

  for (const field of ['name', 'address'] as const) {
    it(`every named control, bidi and invisible code point in a signed ${field} fails with text-unsafe-characters`, async () => {
      const base = ctx.base;
      const env = await environment();
      const genuine = base.profile.person[field];
      for (const [label, cp] of NAMED_CODE_POINTS) {
        const hostile = `${[...genuine].slice(0, 2).join('')}${String.fromCodePoint(cp)}${[...genuine].slice(2).join('')}`;
        const model = await issuerSigned(base.model, base.profile, { [field]: hostile });
        const report = await verifyModel(model, 'counter', CREDENTIALS, env);
        counts.codePoints++;
        const basic = report.checks.find((c) => c.id === 'text.basic-four-digest');
        expect({ label, status: basic?.status, code: basic?.code }).toEqual({ label, status: 'fail', code: 'text-unsafe-characters' });
        expect(basic?.detail).toContain(`${field} (U+${cp.toString(16).toUpperCase().padStart(4, '0')} at character 2)`);
        expect(report.outcome).toBe('failed');
        expect(report.attributes[field]).toBeUndefined();
        expect(unsafeInReport(report)).toEqual([]);
      }
    });
  }

  it('variation selectors (異体字) are not refused: a signed name with an IVS verifies unchanged', async () => {
    const name = '葛\u{e0100}城　花子';
    const model = await issuerSigned(ctx.base.model, ctx.base.profile, { name });
    const report = await verifyModel(model, 'counter', CREDENTIALS, await environment());
    counts.controls++;
    expect(report.outcome).toBe('verified');
    expect(report.attributes.name).toBe(name);
  });

  const ORDINARY_TEXT: readonly [string, Partial<CardProfile['person']>][] = [
    ['markup', { name: '<script>alert(1)</script><img src=x onerror="alert(2)">', address: '&lt;b&gt; <a href="javascript:alert(4)">x</a>' }],
    ['a very long name', { name: `${'W'.repeat(200)}　${'山田花子'.repeat(30)}` }],
    ['look-alike letters', { name: '\u2f2d田 花子' }],
  ];
  for (const [what, change] of ORDINARY_TEXT) {
    it(`${what} signed by the issuer is ordinary text: verified, kept exactly, never refused or rewritten`, async () => {
      const model = await issuerSigned(ctx.base.model, ctx.base.profile, change);
      const report = await verifyModel(model, 'counter', CREDENTIALS, await environment());
      counts.controls++;
      expect(report.outcome).toBe('verified');
      if (change.name) expect(report.attributes.name).toBe(change.name);
      if (change.address) expect(report.attributes.address).toBe(change.address);
    });
  }

  it('the result screen would show any unsafe code point that slipped through as a visible [U+XXXX] token', () => {
    for (const [label, cp] of NAMED_CODE_POINTS) {
      const shown = revealControls(`山田${String.fromCodePoint(cp)}花子`);
      counts.display++;
      expect({ label, text: shown.text, count: shown.count }).toEqual({ label, text: `山田[U+${cp.toString(16).toUpperCase().padStart(4, '0')}]花子`, count: 1 });
    }
    expect(revealControls('<b>山田　花子</b>')).toEqual({ text: '<b>山田　花子</b>', count: 0 });
  });
});
