/**
 * Fuzzing the マイナ免許証 parsers (WEF02 licence information, WEF03 signature file) and the
 * layers under every licence parser: the JIS X 0208 decoder with 外字 codes, era dates and the
 * licence TLV walker. Each gets ≥ 200,000 inputs at the default scale; only typed errors
 * (KazasuError) may escape. The licence card's files are in licence-files.fuzz.test.ts.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { DEFAULT_LICENCE_LAYOUT, DEFAULT_MNC_LAYOUT, decodeJisX0208, parseEraDateBytes, parseLicenceTlvs, parseMncLicenceInfo, parseSignatureFile } from '../../../src/cards/licence';
import { anyBytes, check, FuzzCounter, fuzzSync, mutated, runs } from './fuzz-harness';
import { licenceBytes, licenceSites, loadLicenceSeeds, PER_PARSER, seeds, validDate } from './licence-seeds';

const counter = new FuzzCounter('fuzz-licence-mynumber-text');
afterAll(() => counter.flush());

const L = DEFAULT_LICENCE_LAYOUT;
const M = DEFAULT_MNC_LAYOUT;

beforeAll(loadLicenceSeeds, 120_000);

describe('マイナ免許証 parsers', () => {
  it('WEF02 免許情報', () => {
    const heads = seeds.wef02.map((b) => b.subarray(0, 200));
    const arb = fc.oneof({ weight: 3, arbitrary: licenceBytes('wef02', M.twoByteTagFirstBytes, 300) }, { weight: 2, arbitrary: mutated(heads, { sites: licenceSites(M.twoByteTagFirstBytes) }) });
    fuzzSync(counter, 'マイナ免許証: licence information (WEF02)', arb, (b) => parseMncLicenceInfo(b, M), runs(PER_PARSER), (i) => {
      if (i.licenceNumber !== undefined) check(/^\d{12}$/.test(i.licenceNumber), 'licence number');
      validDate(i.expiryDate);
      check(i.classes.length === 15, 'classes');
    });
  });

  it('WEF03 電子署名', () => {
    fuzzSync(
      counter,
      'マイナ免許証: signature file (WEF03)',
      licenceBytes('wef03', M.twoByteTagFirstBytes, 300),
      (b) => parseSignatureFile(b, M, { record: 'mnc/wef03', tags: M.signatureTags, twoByteTagFirstBytes: M.twoByteTagFirstBytes }),
      runs(PER_PARSER),
    );
  });
});

describe('the layers under the parsers', () => {
  it('JIS X 0208 text with 外字 codes', () => {
    // One 16-bit draw per character, spread over JIS X 0208 codes (most), 外字/欠字 codes FFF0–FFFB
    // and any byte pair; cheaper to generate than nested arbitraries.
    const toPair = (v: number): [number, number] => {
      const k = v % 8;
      if (k < 6) return [0x21 + ((v >> 3) % 94), 0x21 + ((v >> 9) % 94)];
      if (k === 6) return [0xff, 0xf0 + ((v >> 3) % 12)];
      return [(v >> 3) & 0xff, (v >> 11) & 0xff];
    };
    const arb = fc.tuple(fc.array(fc.nat({ max: 0xffff }), { maxLength: 30 }), fc.boolean(), fc.constantFrom<'1978' | 'current'>('1978', 'current')).map(([vs, odd, ed]) => {
      const b = vs.flatMap(toPair);
      if (odd) b.push(0x21);
      return [Uint8Array.from(b), ed] as const;
    });
    fuzzSync(counter, 'licence: JIS X 0208 decoder', arb, ([b, ed]) => decodeJisX0208(b, 'fuzz', 0, ed), runs(PER_PARSER), (t, [b]) => {
      check(b.length % 2 === 0, 'odd lengths are refused');
      check([...t.display].length <= b.length / 2, 'at most one character per code');
      for (const s of t.segments) if (s.kind === 'text') check(![...s.text].some((ch) => ch.charCodeAt(0) < 0x80), 'no ASCII or controls from JIS X 0208');
    });
  });

  it('era dates (元号 + YYMMDD, JIS X 0201)', () => {
    const arb = fc.oneof(
      fc.tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 15 }), fc.integer({ min: 0, max: 35 })).map(([e, y, m, d]) =>
        new TextEncoder().encode(`${e}${String(y).padStart(2, '0')}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}`),
      ),
      anyBytes(9),
    );
    fuzzSync(counter, 'licence: era date', arb, (b) => parseEraDateBytes(b, 'fuzz', 0), runs(PER_PARSER), (d) => {
      if (d.kind === 'date') validDate(d.date);
    });
  });

  it('the licence TLV walker', () => {
    const all = [...seeds.entries, ...seeds.changes, ...seeds.signature];
    fuzzSync(
      counter,
      'licence: TLV walker',
      fc.oneof({ weight: 3, arbitrary: mutated(all, { sites: licenceSites([]) }) }, { weight: 1, arbitrary: anyBytes(600) }),
      (b) => parseLicenceTlvs(b, { fillerBytes: L.fillerBytes }),
      runs(PER_PARSER),
      (f, b) => {
        let end = 0;
        for (const t of f.items) {
          check(t.offset === end && t.raw.length === t.headerLength + t.length, 'items are contiguous');
          end = t.offset + t.raw.length;
        }
        check(end === f.end && f.end <= b.length, 'end');
      },
    );
  });
});
