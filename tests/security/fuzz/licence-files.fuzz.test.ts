/**
 * Fuzzing the driver's licence file parsers (src/cards/licence): common data, PIN setting,
 * 記載事項 TLVs, 本籍 bytes, 外字 files, change records, the signature file and the photo. Each
 * gets ≥ 200,000 inputs at the default scale: mutations of the simulated licences' files exactly as
 * READ BINARY returns them, aimed at the licence TLV headers, and arbitrary bytes. Only typed errors
 * (KazasuError) may escape; what parses must satisfy its invariants. The マイナ免許証 parsers and
 * the text/date/TLV layers are in licence-mynumber-text.fuzz.test.ts.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_LICENCE_LAYOUT,
  DEFAULT_MNC_LAYOUT,
  parseChangeRecords,
  parseCommonData,
  parseEntries,
  parseGaijiFile,
  parseHonsekiBytes,
  parseMncLicenceInfo,
  parsePhoto,
  parsePinSetting,
  parseSignatureFile,
} from '../../../src/cards/licence';
import { LICENCE_PROFILES } from '../../../src/sim/licence';
import { check, FuzzCounter, fuzzSync, mutated, runs } from './fuzz-harness';
import { licenceBytes, licenceSites, loadLicenceSeeds, PER_PARSER, seeds, validDate } from './licence-seeds';

const counter = new FuzzCounter('fuzz-licence-files');
afterAll(() => counter.flush());

const L = DEFAULT_LICENCE_LAYOUT;
const M = DEFAULT_MNC_LAYOUT;

beforeAll(loadLicenceSeeds, 120_000);

describe('licence parsers', () => {
  it('every seed parses unmodified (so the mutations start from valid files)', () => {
    for (const b of seeds.common) expect(() => parseCommonData(b, L)).not.toThrow();
    for (const b of seeds.entries) expect(() => parseEntries(b, L)).not.toThrow();
    for (const b of seeds.changes) expect(() => parseChangeRecords(b, L)).not.toThrow();
    for (const b of seeds.signature) expect(() => parseSignatureFile(b, L)).not.toThrow();
    for (const b of seeds.photo) expect(parsePhoto(b, L).info).toBeDefined();
    for (const b of seeds.wef02) expect(() => parseMncLicenceInfo(b, M)).not.toThrow();
    for (const b of seeds.wef03) expect(() => parseSignatureFile(b, M, { record: 'mnc/wef03', tags: M.signatureTags, twoByteTagFirstBytes: M.twoByteTagFirstBytes })).not.toThrow();
    expect(seeds.entries.length).toBe(LICENCE_PROFILES.length);
  });

  it('MF/EF01 共通データ要素', () => {
    fuzzSync(counter, 'licence: common data (MF/EF01)', licenceBytes('common', [], 40), (b) => parseCommonData(b, L), runs(PER_PARSER), (c) => {
      check(c.specVersion.length === 3, 'spec version');
      validDate(c.issueDate);
      validDate(c.expiryDate);
    });
  });

  it('PIN setting (MF/EF02 and the マイナ免許証 WEF01)', () => {
    const arb = fc.oneof(
      licenceBytes('pinSetting', [], 8).map((b) => [b, 0x05] as const),
      licenceBytes('wef01', [], 8).map((b) => [b, 0xc1] as const),
    );
    fuzzSync(counter, 'licence: PIN setting (MF/EF02, WEF01)', arb, ([b, tag]) => parsePinSetting(b, tag, 'pin-setting', L.fillerBytes), runs(PER_PARSER), (s) =>
      check(s.kind === 'set' || s.kind === 'not-set' || (s.kind === 'unknown' && s.value !== 0 && s.value !== 1), 'PIN setting'),
    );
  });

  it('DF1/EF01 記載事項', () => {
    fuzzSync(counter, 'licence: 記載事項 (DF1/EF01)', licenceBytes('entries'), (b) => parseEntries(b, L), runs(PER_PARSER), (e) => {
      check(/^\d{12}$/.test(e.licenceNumber), 'licence number');
      check(e.classes.length === 15, 'classes');
      validDate(e.birthDate);
      validDate(e.expiryDate);
      for (const c of e.classes) check(c.held === (c.date !== undefined), 'held ⇔ date');
      for (const s of e.name.gaijiSlots) check(s >= 1 && s <= 7, 'gaiji slot');
    });
  });

  it('DF1/EF02 本籍 (bytes only; decoded only for a purpose that shows it)', () => {
    fuzzSync(counter, 'licence: 本籍 (DF1/EF02)', licenceBytes('honseki', [], 120), (b) => parseHonsekiBytes(b, L.fillerBytes), runs(PER_PARSER));
  });

  it('DF1/EF03 and EF05 外字', () => {
    const arb = fc.oneof(licenceBytes('gaiji', [], 300).map((b) => [b, 'ef03'] as const), licenceBytes('gaijiChanges', [], 300).map((b) => [b, 'ef05'] as const));
    fuzzSync(counter, 'licence: 外字 (DF1/EF03, EF05)', arb, ([b, which]) => parseGaijiFile(b, which, L), runs(PER_PARSER), (g) => {
      for (const x of g.glyphs) {
        check(x.slot >= 1 && x.slot <= 7, 'slot');
        if (x.bitmap) check(x.bitmap.dots.length === 32 * 32 && x.bitmap.dots.every((d) => d === 0 || d === 1), 'bitmap');
      }
    });
  });

  it('DF1/EF04 記載事項変更 (change records)', () => {
    fuzzSync(counter, 'licence: change records (DF1/EF04)', licenceBytes('changes', [], 300), (b) => parseChangeRecords(b, L), runs(PER_PARSER), (c) => {
      for (const r of c.records) {
        validDate(r.date);
        check(r.index >= 1 && r.index <= 15, 'record index');
      }
    });
  });

  it('DF1/EF07 電子署名', () => {
    fuzzSync(counter, 'licence: signature file (DF1/EF07)', licenceBytes('signature', [], 300), (b) => parseSignatureFile(b, L), runs(PER_PARSER), (s) =>
      check(s.signature.length >= 128 && s.signature.length <= 512 && s.subjectKeyId.length >= 1, 'signature sizes'),
    );
  });

  it('DF2/EF01 写真 (TLV, SIZ, JP2 boxes, the JP2 wrapper)', () => {
    // Mutations aimed at the head: the TLV header, SOC/SIZ and the JP2 boxes live there.
    const heads = seeds.photo.map((p) => p.subarray(0, 120));
    const arb = fc.oneof({ weight: 3, arbitrary: licenceBytes('photo', [0x5f], 300) }, { weight: 2, arbitrary: mutated(heads, { sites: licenceSites([0x5f]) }) });
    fuzzSync(counter, 'licence: photo (DF2/EF01)', arb, (b) => parsePhoto(b, L), runs(PER_PARSER), (p) => {
      check(p.image.length >= 1 && p.image.length <= 2000, 'photo size');
      if (p.info) check(p.info.width >= 1 && p.info.height >= 1 && p.info.width <= 4096 && p.info.height <= 4096, 'photo dimensions');
      if (p.jp2) check(p.jp2[4] === 0x6a && p.jp2[5] === 0x50, 'JP2 signature box');
    });
  });
});

