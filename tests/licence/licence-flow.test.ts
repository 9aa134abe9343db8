/**
 * Round trips: every simulated licence profile through the real card library and the verifier,
 * with PIN1 only and with PIN1 + PIN2, on extended-length and short-only readers.
 */
import { describe, expect, it } from 'vitest';
import { PinError } from '../../src/cards/iso7816/pin-guard';
import { buildLicence, LICENCE_PROFILES } from '../../src/sim/licence';
import { NO_LICENCE_ISSUERS } from '../../src/verify/licence';
import { licence, NOW, pinsOf, profile, readAndVerifyLicence, summary } from './licence-helpers';

const ALL_PASS = {
  'dl.entries': 'pass:ok',
  'dl.signature': 'pass:ok',
  'dl.photo': 'pass:ok',
  'dl.expiry': 'pass:ok',
  'dl.common-data': 'pass:ok',
  'dl.change-records': 'pass:ok',
  'dl.gaiji': 'pass:ok',
};

/** What each profile's full read (PIN1 + PIN2) must give, worked out from what the profile is. */
const EXPECTED: Record<string, Record<string, string>> = {
  'licence-default': ALL_PASS,
  'licence-no-pins': ALL_PASS,
  'licence-gaiji-name': { ...ALL_PASS, 'dl.gaiji': 'warn:dl-gaiji-present' },
  'licence-moved': ALL_PASS,
  'licence-many-classes': ALL_PASS,
  'licence-expired': { ...ALL_PASS, 'dl.expiry': 'fail:dl-expired' },
  'licence-pin1-last-try': ALL_PASS,
};

describe('every licence profile, PIN1 + PIN2, through the card library and the verifier', () => {
  for (const p of LICENCE_PROFILES) {
    if (p.id === 'licence-pin1-blocked') continue;
    for (const extendedLength of [true, false]) {
      it(`${p.id} (${extendedLength ? 'extended' : 'short'} reads)`, async () => {
        const { pin1, pin2 } = pinsOf(p);
        const { verification: v, transport } = await readAndVerifyLicence((await licence(p.id)).model, { pin1, pin2, extendedLength, confirmLastTry: p.id === 'licence-pin1-last-try' });
        expect(summary(v)).toEqual(EXPECTED[p.id]);
        expect(v.evidence.identifier).toEqual({ scheme: 'drivers-licence-number', value: p.licence.number });
        expect(v.attributes?.licenceNumber).toBe(p.licence.number);
        expect(v.attributes?.birthDate).toBe(p.holder.birthDate);
        expect(v.attributes?.cardExpiry).toBe(p.licence.expiryDate);
        expect(v.images.photoJp2?.subarray(0, 12)).toEqual(Uint8Array.of(0, 0, 0, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a));
        // Exactly one VERIFY per PIN; short readers need more READ BINARYs but no extra VERIFY.
        expect(transport.verifies()).toBe(2);
        expect(v.anchors).toEqual([expect.objectContaining({ kind: 'licence-issuer', hierarchy: 'simulator' })]);
      });
    }
  }

  it('the blocked profile never reaches a VERIFY', async () => {
    const p = profile('licence-pin1-blocked');
    await expect(readAndVerifyLicence((await licence(p.id)).model, { pin1: p.pins.pin1!, pin2: p.pins.pin2! })).rejects.toMatchObject({ code: 'pin-blocked' });
  });
});

describe('what the licence shows a clerk', () => {
  it('the default licence: name, both calendars, classes, conditions, colour, commission', async () => {
    const { verification: v } = await readAndVerifyLicence((await licence('licence-default')).model, { pin1: '1234', pin2: '5678' });
    const a = v.attributes!;
    // 桧 is one of JIS C 6226-1983's swapped kanji: the card says 1978 and the name must not read 檜.
    expect(a.name).toBe('桧山　健太');
    expect(a.nameKana).toBe('ヒヤマ　ケンタ');
    expect(a.birthDateShown).toEqual({ iso: '1980-02-17', ja: '昭和55年2月17日', en: 'Showa 55 (1980) Feb 17' });
    expect(a.expiry).toEqual({ iso: '2029-03-17', ja: '令和11年3月17日', en: 'Reiwa 11 (2029) Mar 17' });
    expect(a.issueDate.ja).toBe('令和6年1月20日');
    expect(a.colour).toEqual({ kind: 'excellent', ja: '優良（ゴールド）', en: 'Excellent driver (gold)' });
    expect(a.conditions).toEqual(['眼鏡等']);
    expect(a.publicSafetyCommission).toBe('東京都公安委員会');
    expect(a.classes.map((c) => [c.id, c.short, c.since?.ja])).toEqual([
      ['ordinary', '普通', '平成12年5月10日'],
      ['moped', '原付', '平成12年5月10日'],
    ]);
    expect(a.faceDates['two-small-moped']?.ja).toBe('平成12年5月10日');
    expect(a.faceDates.other?.ja).toBe('平成12年5月10日');
    expect(a.faceDates.class2).toBeUndefined();
    expect(a.address).toBe('東京都千代田区かざす町二丁目１番２号');
    expect(a.addressChanges).toEqual([]);
  });

  it('a moved holder: the latest new address applied, the original and every change kept', async () => {
    const { verification: v } = await readAndVerifyLicence((await licence('licence-moved')).model, { pin1: '1111', pin2: '2222' });
    const a = v.attributes!;
    expect(a.address).toBe('大阪府大阪市北区かざす町三丁目４番５号');
    expect(a.addressOriginal.text).toBe('東京都新宿区かざす坂一丁目２番３号');
    expect(a.addressChanges.map((c) => [c.date.iso, c.date.ja, c.text.text, c.commission])).toEqual([
      ['2024-08-01', '令和6年8月1日', '京都府京都市中京区かざす通四丁目５番', '京都府公安'],
      ['2025-06-01', '令和7年6月1日', '大阪府大阪市北区かざす町三丁目４番５号', '大阪府公安'],
    ]);
  });

  it('外字 in the name: placeholders where the text refers to them, glyph bitmaps from EF03 and EF05, flagged for staff', async () => {
    const { verification: v, card, transport } = await readAndVerifyLicence((await licence('licence-gaiji-name')).model, { pin1: '2468', pin2: '1357' });
    const a = v.attributes!;
    expect(a.name).toBe('〓橋　〓子');
    expect(a.nameText.segments).toEqual([{ kind: 'gaiji', slot: 1 }, { kind: 'text', text: '橋　' }, { kind: 'gaiji', slot: 2 }, { kind: 'text', text: '子' }]);
    expect(a.address).toBe('神奈川県横浜市中区〓野町一丁目２番３号');
    expect(v.images.gaiji.map((g) => [g.slot, g.bitmap?.width, g.bitmap?.height])).toEqual([
      [1, 32, 32],
      [2, 32, 32],
      [3, 32, 32],
    ]);
    // Drawn from the font: a real glyph has ink, and 髙 differs from 﨑.
    const ink = (i: number) => v.images.gaiji[i]!.bitmap!.dots.reduce((s, d) => s + d, 0);
    expect(ink(0)).toBeGreaterThan(60);
    expect(v.images.gaiji[0]!.bitmap!.dots).not.toEqual(v.images.gaiji[1]!.bitmap!.dots);
    expect(v.checks.find((c) => c.id === 'dl.gaiji')).toMatchObject({ status: 'warn', code: 'dl-gaiji-present', detail: 'name, address' });
    // Both 外字 files were read (slots 1–2 and 3), once each; closing the card wiped its cache.
    expect(transport.commands().filter((c) => c.startsWith('00 B0 83') || c.startsWith('00 B0 85'))).toHaveLength(2);
    expect(card.hasRead('df1.gaiji')).toBe(false);
    expect(card.hasRead('df1.gaijiChanges')).toBe(false);
  });

  it('several classes and conditions, an alias, and the second simulator issuer', async () => {
    const { verification: v } = await readAndVerifyLicence((await licence('licence-many-classes')).model, { pin1: '3690', pin2: '2580' });
    const a = v.attributes!;
    expect(a.alias).toBe('藤田　ゴウ');
    expect(a.classes.map((c) => c.short)).toEqual(['大型', '普通', '大特', '大自二', '小特', '原付', 'け引', '大二', '普二', '中型', '準中型']);
    expect(a.conditions).toHaveLength(4);
    expect(a.faceDates.class2?.iso).toBe('2001-11-11');
    expect(v.checks.find((c) => c.id === 'dl.signature')?.detail).toContain('Osaka');
    // Condition changes are shown with their dates, beside the conditions as issued.
    expect(a.conditionChanges.map((c) => [c.kind, c.date.ja, c.text.text, c.commission])).toEqual([
      ['added', '令和7年9月1日', '補聴器使用', '福岡県公安'],
      ['lifted', '令和8年3月15日', '眼鏡等', '福岡県公安'],
    ]);
    expect(v.checks.find((c) => c.id === 'dl.change-records')?.detail).toBe('2 change record(s)');
  });

  it('本籍 is in no output (it was read, as hash-only bytes, for the signature), and the verification serialises', async () => {
    const p = profile('licence-default');
    const { verification: v } = await readAndVerifyLicence((await licence(p.id)).model, { pin1: '1234', pin2: '5678' });
    const json = JSON.stringify(v, (_k, val: unknown) => (val instanceof Uint8Array ? `<${val.length} bytes>` : val));
    expect(json).not.toContain(p.holder.honseki);
    expect(json).not.toMatch(/honseki|本籍/i);
  });
});

describe('signature outcomes that are not a plain pass', () => {
  it('PIN1 only: the signature needs PIN 2 and the photo is not read — said plainly', async () => {
    const { verification: v, transport } = await readAndVerifyLicence((await licence('licence-default')).model, { pin1: '1234' });
    expect(summary(v)).toEqual({ ...ALL_PASS, 'dl.signature': 'skipped:dl-signature-needs-pin2', 'dl.photo': 'skipped:not-read' });
    expect(v.attributes?.name).toBe('桧山　健太');
    expect(transport.verifies()).toBe(1);
    // Neither 本籍 nor the photo was asked for, nor EF07: the signature cannot be checked without them.
    expect(transport.commands().some((c) => c.startsWith('00 B0 82'))).toBe(false);
    expect(transport.commands().some((c) => c.startsWith('00 B0 87'))).toBe(false);
    expect(v.evidence.signatureSha256).toBeUndefined();
    expect(transport.commands().some((c) => c.includes('A0 00 00 02 31 02'))).toBe(false);
  });

  it('no issuer certificate installed: warn, with its own reason', async () => {
    const { verification: v } = await readAndVerifyLicence((await licence('licence-default')).model, { pin1: '1234', pin2: '5678', issuers: NO_LICENCE_ISSUERS });
    expect(summary(v)['dl.signature']).toBe('warn:dl-issuer-certificate-not-installed');
    expect(v.checks.find((c) => c.id === 'dl.signature')?.detail).toContain('Kazasu Simulator Licence CA');
    expect(v.anchors).toEqual([]);
  });

  it('an installed set that lacks the card’s issuer: warn when not declared complete, fail when complete', async () => {
    const all = await (await import('./licence-helpers')).simulatorIssuers();
    const onlyOsaka = all.certificates.filter((c) => c.subjectCn?.includes('Osaka'));
    const model = (await licence('licence-default')).model;
    const partial = await readAndVerifyLicence(model, { pin1: '1234', pin2: '5678', issuers: { mode: 'production', certificates: onlyOsaka, complete: false } });
    expect(summary(partial.verification)['dl.signature']).toBe('warn:dl-issuer-unknown');
    const complete = await readAndVerifyLicence(model, { pin1: '1234', pin2: '5678', issuers: { mode: 'simulator', certificates: onlyOsaka, complete: true } });
    expect(summary(complete.verification)['dl.signature']).toBe('fail:dl-issuer-unknown');
  });

  it('the hash follows the 暗号関数識別子 mapping; a wrong mapping fails and names the hash the signer used', async () => {
    const base = profile('licence-default');
    const sha1 = await buildLicence({ ...base, id: 'sha1', card: { ...base.card, cryptoFunctionId: 0x02 }, signature: { hash: 'SHA-1' } });
    const right = await readAndVerifyLicence(sha1.model, { pin1: '1234', pin2: '5678', signatureProfile: { hashByCryptoFunctionId: { 0x02: 'SHA-1' }, defaultHash: 'SHA-256' } });
    expect(summary(right.verification)['dl.signature']).toBe('pass:ok');
    expect(right.verification.checks.find((c) => c.id === 'dl.signature')?.detail).toContain('SHA-1');
    const wrong = await readAndVerifyLicence(sha1.model, { pin1: '1234', pin2: '5678' });
    expect(summary(wrong.verification)['dl.signature']).toBe('fail:dl-signature-invalid');
    expect(wrong.verification.checks.find((c) => c.id === 'dl.signature')?.detail).toContain('holds a SHA-1 DigestInfo');
  });

  it('the signed-data recipe is configuration: a card signed over EF01 ‖ photo verifies only with that recipe', async () => {
    const base = profile('licence-default');
    const built = await buildLicence({ ...base, id: 'recipe', signature: { recipe: 'ef01-photo-files' } });
    const configured = await readAndVerifyLicence(built.model, { pin1: '1234', pin2: '5678', recipe: 'ef01-photo-files' });
    expect(summary(configured.verification)['dl.signature']).toBe('pass:ok');
    const otherRecipe = await readAndVerifyLicence(built.model, { pin1: '1234', pin2: '5678' });
    expect(summary(otherRecipe.verification)['dl.signature']).toBe('fail:dl-signature-invalid');
    // The TLV form (filler stripped) is a different byte string too.
    const tlvSigned = await buildLicence({ ...base, id: 'recipe-tlv', signature: { recipe: 'ef01-ef02-photo-tlv' } });
    expect(summary((await readAndVerifyLicence(tlvSigned.model, { pin1: '1234', pin2: '5678', recipe: 'ef01-ef02-photo-tlv' })).verification)['dl.signature']).toBe('pass:ok');
    expect(summary((await readAndVerifyLicence(tlvSigned.model, { pin1: '1234', pin2: '5678' })).verification)['dl.signature']).toBe('fail:dl-signature-invalid');
  });

  it('the licence expires at the end of its last day in Japan', async () => {
    const p = profile('licence-expired');
    const { verification: v } = await readAndVerifyLicence((await licence(p.id)).model, { pin1: '9876', pin2: '5432' });
    expect(v.checks.find((c) => c.id === 'dl.expiry')?.detail).toContain('2025-02-17');
    expect(NOW.getTime()).toBeGreaterThan(Date.parse('2025-02-17T15:00:00Z'));
  });

  it('the last try needs confirmation: refused without, spent with', async () => {
    const model = (await licence('licence-pin1-last-try')).model;
    await expect(readAndVerifyLicence(model, { pin1: '4321', pin2: '8765' })).rejects.toSatisfy((e) => e instanceof PinError && e.code === 'pin-last-try-unconfirmed');
    const ok = await readAndVerifyLicence(model, { pin1: '4321', pin2: '8765', confirmLastTry: true });
    expect(summary(ok.verification)['dl.signature']).toBe('pass:ok');
  });
});
