/**
 * Fuzzing what a Type A card sends the host during activation (src/transport/iso-dep/
 * type-a-activation.ts): the ATS and the SAK (≥ 200 000 inputs each at default scale), ATQA and
 * SDD_RES, and the whole activation (TypeACardLink over a front end whose card answers each frame
 * with anything: silence, damage, garbage or mutated valid answers). Wanted: a result that obeys
 * the standard's bounds, or a typed KazasuError; never another exception, never a hang.
 */
import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import { RfExchangeError } from '../../../src/transport/iso-dep/frame-exchanger';
import { parseAtqa, parseAts, parseSak, parseSddRes, uidPartOfLevel } from '../../../src/transport/iso-dep/type-a-activation';
import { TypeACardLink, type TypeAFrontEnd } from '../../../src/transport/iso-dep/type-a-card-link';
import { anyBytes, bytesFor, check, FuzzCounter, fuzzAsync, fuzzSync, runs } from './fuzz-harness';

const counter = new FuzzCounter('fuzz-type-a');
afterAll(() => counter.flush());

const ATS_SEEDS = [
  Uint8Array.of(0x01),
  Uint8Array.of(0x02, 0x05),
  Uint8Array.of(0x05, 0x78, 0x80, 0x70, 0x02),
  Uint8Array.of(0x06, 0x78, 0x77, 0x91, 0x02, 0x80),
  Uint8Array.of(0x0d, 0x78, 0xf7, 0xb1, 0x02, 0x80, 0x31, 0xc0, 0x73, 0xd6, 0x31, 0xc0, 0x23),
  Uint8Array.of(0x05, 0x7f, 0x08, 0xff, 0x03),
];

describe('Type A activation answers', () => {
  it('ATS: FSC, FWT, SFGT in range, the historical bytes exactly what TL leaves', () => {
    fuzzSync(counter, 'Type A ATS', bytesFor(ATS_SEEDS, 40), parseAts, runs(200_000), (ats, input) => {
      check(ats.fsc >= 16 && ats.fsc <= 256, 'FSC 16..256');
      check(ats.fwtMs > 0 && ats.fwtMs < 5000, 'FWT within FWTmax');
      check(ats.sfgtMs >= 0 && ats.sfgtMs < 5000, 'SFGT within bounds');
      check(input[0] === input.length, 'TL is the length');
      const interfaceBytes = input.length > 1 ? [0x10, 0x20, 0x40].filter((b) => (input[1]! & b) !== 0).length : 0;
      check(ats.historicalBytes.length === Math.max(0, input.length - 1 - (input.length > 1 ? 1 : 0) - interfaceBytes), 'historical bytes = the rest');
    });
  });

  it('SAK: one byte, cascade and ISO-DEP bits never both', () => {
    fuzzSync(counter, 'Type A SAK', fc.oneof(fc.uint8Array({ maxLength: 3 }), fc.nat({ max: 255 }).map((b) => Uint8Array.of(b))), parseSak, runs(200_000), (sak, input) => {
      check(input.length === 1 && sak.value === input[0], 'one byte, kept');
      check(!(sak.cascade && sak.isoDep), 'a cascade SAK never says ISO-DEP');
    });
  });

  it('ATQA, SDD_RES and the cascade-tag check', () => {
    fuzzSync(counter, 'Type A ATQA', anyBytes(6), parseAtqa, runs(50_000), (a) => check(a.bytes.length === 2, 'two bytes'));
    fuzzSync(
      counter,
      'Type A SDD_RES + SAK per level',
      fc.tuple(bytesFor([Uint8Array.of(0x88, 4, 0x4b, 0x5a, 0x9d), Uint8Array.of(1, 2, 3, 4, 4)], 8), fc.nat({ max: 255 }), fc.integer({ min: 1, max: 3 })),
      ([res, sak, level]) => {
        const cl = parseSddRes(res);
        return uidPartOfLevel(level, cl, parseSak(Uint8Array.of(sak)));
      },
      runs(50_000),
      (part) => check(part.length === 3 || part.length === 4, 'a level gives 3 or 4 UID bytes'),
    );
  });
});

type Answer = Uint8Array | 'timeout' | 'garbled';

/** A front end whose card answers frame i with answers[i] (then silence). */
function scriptedFrontEnd(answers: readonly Answer[]): TypeAFrontEnd {
  let i = 0;
  return {
    typeABitRates: [106, 212, 424],
    maxFramePayload: 256,
    configureTypeA: async () => undefined,
    fieldOff: async () => undefined,
    exchange: async () => {
      const a = answers[i++] ?? 'timeout';
      if (a === 'timeout') throw new RfExchangeError('rf-timeout', 'silent');
      if (a === 'garbled') throw new RfExchangeError('rf-garbled', 'damaged');
      return a;
    },
  };
}

describe('the whole Type A activation against a card answering anything', () => {
  it('activate(): a target within bounds or a typed error, in a bounded number of frames', async () => {
    const valid: Uint8Array[] = [Uint8Array.of(0x44, 0x00), Uint8Array.of(0x88, 0x04, 0x4b, 0x5a, 0x9d), Uint8Array.of(0x04), Uint8Array.of(0x53, 0x55, 0x41, 0x31, 0x76), Uint8Array.of(0x20), ATS_SEEDS[3]!, Uint8Array.of(0xd0), Uint8Array.of(0xa2)];
    const answer: fc.Arbitrary<Answer> = fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...valid) },
      { weight: 2, arbitrary: bytesFor(valid, 12) },
      { weight: 1, arbitrary: fc.constant<Answer>('timeout') },
      { weight: 1, arbitrary: fc.constant<Answer>('garbled') },
    );
    await fuzzAsync(
      counter,
      'Type A activation (TypeACardLink)',
      fc.array(answer, { maxLength: 14 }),
      async (answers) => {
        const link = new TypeACardLink(scriptedFrontEnd(answers), { maxCommandLength: 65_544, maxResponseLength: 65_538, delay: async () => undefined });
        const target = await link.activate();
        return target;
      },
      runs(20_000),
      (t) => {
        check([4, 7, 10].includes(t.uid.length), 'UID of 4, 7 or 10 bytes');
        check(t.sak.isoDep, 'only an ISO-DEP card is activated');
        check(t.ats.fsc >= 16 && t.ats.fsc <= 256, 'FSC in range');
      },
    );
  });
});
