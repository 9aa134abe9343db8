/**
 * READ BINARY / READ RECORD on the simulated card (spec §5.1, §2.7) and the physical file
 * images the spec gives (§3.1, §3.3, §3.4, §3.6, §2.4): exact sizes, headers, FF filler.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { CardModel } from '../../src/sim/card/card-model';
import type { SimulatedCard } from '../../src/sim/card/simulated-card';
import { simulatedCardFor } from '../../src/sim/mynumber/build-card';
import { ascii, build, cat, h, ok, parseTlv, profileJson, SELECT, sw, tx, verifyApdu } from './helpers';

const P = profileJson('default');
const U = profileJson('under-15');
const CODE_B = '55021720352285';

let model: CardModel;
let under15: CardModel;
beforeAll(async () => {
  [model, under15] = await Promise.all([build('default'), build('under-15')]).then((b) => b.map((x) => x.model));
});

/** Read a whole EF with one extended READ BINARY by SFI (`00 B0 80|SFI 00 00 00 00`, Le = 65536). */
async function readWholeExtended(card: SimulatedCard, sfi: number): Promise<Uint8Array> {
  return ok(card, Uint8Array.of(0x00, 0xb0, 0x80 | sfi, 0x00, 0x00, 0x00, 0x00));
}

/** Read a whole EF with short reads: SFI form first, then 15-bit offsets with Le 00 (256). */
async function readWholeShort(card: SimulatedCard, sfi: number): Promise<Uint8Array> {
  const parts: Uint8Array[] = [await ok(card, Uint8Array.of(0x00, 0xb0, 0x80 | sfi, 0x00, 0x00))];
  let offset = parts[0]!.length;
  for (;;) {
    const r = await tx(card, Uint8Array.of(0x00, 0xb0, (offset >> 8) & 0x7f, offset & 0xff, 0x00));
    if (r.sw === 0x6b00) break;
    expect(r.sw).toBe(0x9000);
    parts.push(r.data);
    offset += r.data.length;
    if (r.data.length < 256) break;
  }
  return cat(...parts);
}

describe('READ BINARY addressing and lengths (spec §5.1)', () => {
  it('SFI form 00 B0 8x 00 reads from offset 0 and makes the EF current', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.jpki);
    expect(await ok(card, '00 B0 86 00 04')).toEqual(ascii('JPKI'));
    // The EF is now current: an offset read continues in it.
    expect(await ok(card, '00 B0 00 04 0B')).toEqual(ascii('APICCTOKEN2'));
  });

  it('SFI form with P2 as an 8-bit offset', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.jpki);
    expect(await ok(card, '00 B0 86 04 05')).toEqual(ascii('APICC'));
  });

  it('15-bit offsets use P1 bits 7-1 as the high byte (CV certificate: 568 bytes)', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.text);
    const whole = await readWholeExtended(card, 4);
    expect(whole.length).toBe(568);
    expect(await ok(card, '00 B0 01 00 10')).toEqual(whole.subarray(0x100, 0x110));
    expect(await ok(card, '00 B0 02 30 08')).toEqual(whole.subarray(0x230, 0x238));
    expect(await ok(card, '00 B0 02 37 01')).toEqual(whole.subarray(567, 568));
  });

  it('large offsets work in a file over 8 KB (券面 EF 0002) and agree with one extended read', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.face);
    await ok(card, verifyApdu(0x92, CODE_B));
    const whole = await readWholeExtended(card, 2);
    expect(whole.length).toBeGreaterThan(0x2100);
    expect(await ok(card, '00 B0 20 00 20')).toEqual(whole.subarray(0x2000, 0x2020));
    expect(await ok(card, '00 B0 12 34 40')).toEqual(whole.subarray(0x1234, 0x1274));
    expect(await readWholeShort(card, 2)).toEqual(whole);
  });

  it('short Le 00 means 256 bytes', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.text);
    expect((await ok(card, '00 B0 84 00 00')).length).toBe(256);
    expect((await ok(card, '00 B0 84 00 FF')).length).toBe(255);
    expect((await ok(card, '00 B0 84 00 01')).length).toBe(1);
  });

  it('extended Le reads more than 256 bytes at once', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.text);
    const r = await ok(card, '00 B0 84 00 00 02 38'); // Le = 568
    expect(r.length).toBe(568);
    const partial = await ok(card, '00 B0 00 10 00 01 20'); // offset 16, Le = 288
    expect(partial).toEqual(r.subarray(16, 16 + 288));
  });

  it('Le larger than the rest returns the rest with 9000', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.jpki);
    const r = await tx(card, '00 B0 86 00 00'); // 160-byte token, Le 256
    expect(r.sw).toBe(0x9000);
    expect(r.data.length).toBe(160);
    const tail = await tx(card, '00 B0 00 9C 00'); // offset 156 of 160
    expect(tail.sw).toBe(0x9000);
    expect(tail.data.length).toBe(4);
    const ext = await tx(card, '00 B0 00 00 00 10 00'); // extended Le 4096
    expect(ext.sw).toBe(0x9000);
    expect(ext.data.length).toBe(160);
  });

  it('an offset at or past the end answers 6B00', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.jpki);
    await ok(card, '00 B0 86 00 01');
    expect(await sw(card, '00 B0 00 A0 01')).toBe(0x6b00); // offset 160 = size
    expect(await sw(card, '00 B0 00 A1 01')).toBe(0x6b00);
    expect(await sw(card, '00 B0 7F FF 01')).toBe(0x6b00); // largest 15-bit offset
    expect(await sw(card, '00 B0 88 03 01')).toBe(0x6b00); // EF 0008 is 3 bytes: SFI form, offset 3
  });

  it('with no current EF an offset read answers 6986', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.jpki);
    expect(await sw(card, '00 B0 00 00 01')).toBe(0x6986);
    // Selecting a DF drops the current EF.
    await ok(card, '00 B0 86 00 01');
    await ok(card, SELECT.jpki);
    expect(await sw(card, '00 B0 00 00 01')).toBe(0x6986);
  });

  it('READ BINARY on a record EF answers 6981', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.common);
    expect(await sw(card, '00 B0 81 00 00')).toBe(0x6981);
    await ok(card, '00 A4 02 0C 02 00 01');
    expect(await sw(card, '00 B0 00 00 00')).toBe(0x6981);
  });

  it('an SFI that names no EF answers 6A82', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.jpki);
    expect(await sw(card, '00 B0 9E 00 01')).toBe(0x6a82);
  });
});

describe('physical EF images (spec §3, §2.4)', () => {
  it('text EF 0001 is exactly 17 bytes: FF 10 0C + the 12 ASCII digits + FF FF', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.text);
    await ok(card, verifyApdu(0x91, P.credentials.textPin));
    const expected = cat(h('FF 10 0C'), ascii(P.person.myNumber), h('FF FF'));
    expect(expected.length).toBe(17);
    expect(await ok(card, '00 B0 81 00 00')).toEqual(expected);
    expect(await ok(card, '00 B0 81 00 00 00 00')).toEqual(expected);
    expect(await sw(card, '00 B0 00 11 01')).toBe(0x6b00);
  });

  it('text EF 0002 is one FF 20 object followed only by FF filler', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.text);
    await ok(card, verifyApdu(0x95, CODE_B));
    const file = await readWholeExtended(card, 2);
    const outer = parseTlv(file);
    expect(outer.tag).toBe(0xff20);
    expect(file.subarray(outer.end).every((b) => b === 0xff)).toBe(true);
  });

  it('text EF 0003 is 336 bytes starting FF 30 82 01 4B', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.text);
    await ok(card, verifyApdu(0x91, P.credentials.textPin));
    const file = await readWholeShort(card, 3);
    expect(file.length).toBe(336);
    expect(Array.from(file.subarray(0, 5))).toEqual([0xff, 0x30, 0x82, 0x01, 0x4b]);
    // DF31 20 ‖ DF32 20 ‖ DF33 82 01 00 (spec §3.3).
    expect(Array.from(file.subarray(5, 8))).toEqual([0xdf, 0x31, 0x20]);
    expect(Array.from(file.subarray(40, 43))).toEqual([0xdf, 0x32, 0x20]);
    expect(Array.from(file.subarray(75, 80))).toEqual([0xdf, 0x33, 0x82, 0x01, 0x00]);
  });

  it('both CV certificates are 568 bytes: 7F 21 82 02 33 { 5F 4E 82 01 29 … 5F 37 82 01 00 … }', async () => {
    const card = simulatedCardFor(model);
    for (const df of [SELECT.text, SELECT.face]) {
      await ok(card, df);
      const file = await readWholeExtended(card, 4);
      expect(file.length).toBe(568);
      expect(Array.from(file.subarray(0, 10))).toEqual([0x7f, 0x21, 0x82, 0x02, 0x33, 0x5f, 0x4e, 0x82, 0x01, 0x29]);
      // 5 + 5 + 297 = 307: the signature header.
      expect(Array.from(file.subarray(307, 312))).toEqual([0x5f, 0x37, 0x82, 0x01, 0x00]);
      // Key ids of the simulator start with "9" (neither production 5… nor J-LIS test 6…, spec §3.4).
      expect(file[10]).toBe(0x39);
      // RSA key DO 90 03 01 00 01 91 82 01 00 after the two 16-byte key ids.
      expect(Array.from(file.subarray(42, 51))).toEqual([0x90, 0x03, 0x01, 0x00, 0x01, 0x91, 0x82, 0x01, 0x00]);
    }
  });

  it('CV key ids: 7 ASCII digits, 08 05, 3 ASCII digits, 4 padding bytes (spec §3.4)', async () => {
    const card = simulatedCardFor(model);
    for (const df of [SELECT.text, SELECT.face]) {
      await ok(card, df);
      const body = (await readWholeExtended(card, 4)).subarray(10, 10 + 32);
      for (const id of [body.subarray(0, 16), body.subarray(16, 32)]) {
        expect(/^[0-9]{7}$/.test(String.fromCharCode(...id.subarray(0, 7)))).toBe(true);
        expect(Array.from(id.subarray(7, 9))).toEqual([0x08, 0x05]);
        expect(/^[0-9]{3}$/.test(String.fromCharCode(...id.subarray(9, 12)))).toBe(true);
      }
    }
  });

  it('text EF 0005 is FF 40 82 00 9F { DF41 04 01 03 0E 01 ; DF42 10 … ; DF43 82 00 80 … } (MYNA vector, spec §3.5)', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.text);
    const file = await readWholeExtended(card, 5);
    expect(file.subarray(0, 12)).toEqual(h('FF 40 82 00 9F DF 41 04 01 03 0E 01'));
    expect(file.subarray(12, 15)).toEqual(h('DF 42 10'));
    expect(file.subarray(31, 36)).toEqual(h('DF 43 82 00 80'));
    expect(5 + 0x9f).toBe(164);
    expect(file.subarray(164).every((b) => b === 0xff)).toBe(true);
  });

  it('text EF 0006 is A1 82 01 09 { 90 03 01 00 01 91 82 01 00 … } (269 bytes), EF 0007 FF 50 82 02 13 (536), EF 0008 16 × FF', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.text);
    await ok(card, verifyApdu(0x91, P.credentials.textPin));
    const ef6 = await readWholeExtended(card, 6);
    expect(ef6.subarray(0, 13)).toEqual(h('A1 82 01 09 90 03 01 00 01 91 82 01 00'));
    expect(parseTlv(ef6).end).toBe(269);
    const ef7 = await readWholeExtended(card, 7);
    expect(ef7.subarray(0, 9)).toEqual(h('FF 50 82 02 13 DF 51 82 01'));
    expect(parseTlv(ef7).end).toBe(536);
    expect(ef7.subarray(275, 280)).toEqual(h('DF 52 82 01 00'));
    expect(await readWholeExtended(card, 8)).toEqual(new Uint8Array(16).fill(0xff));
  });

  it('券面 EF 0003 holds the municipality code from the profile in DF34 (spec §3.8)', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.face);
    const file = await readWholeExtended(card, 3);
    const outer = parseTlv(file);
    expect(outer.tag).toBe(0xff30);
    expect(file.subarray(outer.headerLength, outer.headerLength + 7)).toEqual(h('DF 31 04 06 03 0E 01'));
    let at = outer.headerLength;
    const found: Record<string, Uint8Array> = {};
    while (at < outer.end) {
      const t = parseTlv(file, at);
      found[t.tag.toString(16)] = t.value;
      at = t.end;
    }
    expect(Object.keys(found)).toEqual(['df31', 'df32', 'df33', 'df34', 'df35']);
    expect(found.df34).toEqual(ascii(P.card.municipalityCode));
    expect(found.df32!.length).toBe(16);
    expect(found.df35!.length).toBe(0x110);
  });

  it('券面 EF 0002 carries birth date, sex and expiry from the profile (DF22, DF23, DF29)', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.face);
    await ok(card, verifyApdu(0x92, CODE_B));
    const file = await readWholeExtended(card, 2);
    const outer = parseTlv(file);
    expect(outer.tag).toBe(0xff20);
    const values: Record<string, Uint8Array> = {};
    let at = outer.headerLength;
    while (at < outer.end) {
      const t = parseTlv(file, at);
      values[t.tag.toString(16)] = t.value;
      at = t.end;
    }
    expect(values.df22).toEqual(ascii(P.person.birthDate.replace(/-/g, '')));
    expect(values.df23).toEqual(ascii(P.person.sex));
    expect(values.df29).toEqual(ascii(P.card.expiryDate.replace(/-/g, '')));
    // Photo is a JP2 (signature box 00 00 00 0C 6A 50 20 20, spec §3.7); the images are PNG.
    expect(values.df27!.subarray(0, 8)).toEqual(h('00 00 00 0C 6A 50 20 20'));
    for (const png of [values.df25!, values.df26!, values.df2a!]) expect(png.subarray(0, 4)).toEqual(h('89 50 4E 47'));
    expect(values.df28!.length).toBe(256);
    expect(file.subarray(outer.end).every((b) => b === 0xff)).toBe(true);
  });

  it('券面 EF 0001 (age record) is 547 bytes starting FF 10 82 02 1E { DF11 08 birth date …', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.face);
    await ok(card, verifyApdu(0x91, '550217'));
    const file = await readWholeShort(card, 1);
    expect(file.length).toBe(547);
    expect(Array.from(file.subarray(0, 5))).toEqual([0xff, 0x10, 0x82, 0x02, 0x1e]);
    expect(file.subarray(5, 16)).toEqual(cat(h('DF 11 08'), ascii(P.person.birthDate.replace(/-/g, ''))));
    expect(Array.from(file.subarray(16, 21))).toEqual([0xdf, 0x12, 0x82, 0x01, 0x09]);
    expect(Array.from(file.subarray(286, 291))).toEqual([0xdf, 0x13, 0x82, 0x01, 0x00]);
  });

  it('JPKI EF 0006 is 160 bytes starting with "JPKIAPICCTOKEN2" space-padded to 32', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.jpki);
    const file = await readWholeExtended(card, 6);
    expect(file.length).toBe(160);
    expect(file.subarray(0, 32)).toEqual(ascii('JPKIAPICCTOKEN2'.padEnd(32, ' ')));
  });

  it('JPKI EF 0008 is 8F 8F 00 on an adult card', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.jpki);
    expect(await readWholeExtended(card, 8)).toEqual(h('8F 8F 00'));
  });

  it('JPKI EF 0008 of an under-15 card is 3 bytes whose first byte is not 8F, and there is no 署名用 cert', async () => {
    expect(U.jpki.hasSignCertificate).toBe(false);
    const card = simulatedCardFor(under15);
    await ok(card, SELECT.jpki);
    const file = await readWholeExtended(card, 8);
    expect(file.length).toBe(3);
    expect(file[0]).not.toBe(0x8f);
    expect(file[1]).toBe(0x8f);
    expect(await sw(card, '00 B0 81 00 01')).not.toBe(0x9000);
    // The auth certificate is still there.
    expect((await ok(card, '00 B0 8A 00 02'))[0]).toBe(0x30);
  });

  it('JPKI certificate EFs start with a DER SEQUENCE 30 82 and hold FF filler after the certificate', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.jpki);
    for (const sfi of [2, 0x0a, 0x0b]) {
      const file = await readWholeExtended(card, sfi);
      expect(file[0]).toBe(0x30);
      expect(file[1]).toBe(0x82);
      const total = ((file[2]! << 8) | file[3]!) + 4; // OpenSC's size rule (spec §4.1)
      expect(total).toBeGreaterThan(1000);
      expect(total).toBeLessThanOrEqual(file.length);
      expect(file.subarray(total).every((b) => b === 0xff)).toBe(true);
    }
  });
});

describe('READ RECORD on DF …0100 EF 0001 (spec §2.7)', () => {
  it('00 B2 01 0C 00 answers 01 1C + serial + municipality + expiry', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.common);
    const expected = cat(h('01 1C'), ascii(`${P.card.serial}${P.card.municipalityCode}${P.card.expiryDate.replace(/-/g, '')}`));
    expect(expected.length).toBe(30);
    expect(await ok(card, '00 B2 01 0C 00')).toEqual(expected);
  });

  it('record 2 does not exist (6A83); a short Le truncates the record', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.common);
    expect(await sw(card, '00 B2 02 0C 00')).toBe(0x6a83);
    expect(await ok(card, '00 B2 01 0C 02')).toEqual(h('01 1C'));
  });

  it('READ RECORD of the current EF after SELECT EF (P2 04)', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.common);
    await ok(card, '00 A4 02 0C 02 00 01');
    expect((await ok(card, '00 B2 01 04 00')).length).toBe(30);
  });

  it('READ RECORD on a transparent EF answers 6981', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.common);
    expect(await sw(card, '00 B2 01 14 00')).toBe(0x6981); // SFI 2, the key reference EF
  });
});
