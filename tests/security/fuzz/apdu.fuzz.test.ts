/**
 * Fuzzing the APDU layer (src/apdu): response APDUs, the 61xx / 6Cxx handling of exchange()
 * against a card that answers anything, command APDU decoding, BER-TLV and SIMPLE-TLV, with
 * round trips where an encoder exists.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { encodeResponse, parseResponse } from '../../../src/apdu/response';
import { decodeCommand, encodeCommand, type CommandApdu, type LengthEncoding } from '../../../src/apdu/command';
import { exchange } from '../../../src/apdu/exchange';
import { encodeBerTlv, findTag, parseBerChildren, parseBerFile, parseBerList, parseBerTlv, type BerTlv } from '../../../src/apdu/ber-tlv';
import { encodeSimpleTlv, parseSimpleTlvList } from '../../../src/apdu/simple-tlv';
import { concatBytes } from '../../../src/bytes/byte-ops';
import { anyBytes, attempt, check, sameBytes, bytesFor, FuzzCounter, fuzzAsync, fuzzSync, mutated, runs } from './fuzz-harness';
import { defaultCard } from './sim-seeds';

const counter = new FuzzCounter('fuzz-apdu');
afterAll(() => counter.flush());

let efSeeds: Uint8Array[] = [];
beforeAll(async () => {
  const card = await defaultCard();
  efSeeds = card.model.dfs.flatMap((df) => df.files.flatMap((f) => (f.kind === 'transparent' ? [f.content.slice()] : f.kind === 'record' ? f.records.map((r) => r.slice()) : [])));
});

const sw = fc.oneof(
  { weight: 3, arbitrary: fc.nat({ max: 0xff }).map((x) => 0x6100 | x) },
  { weight: 2, arbitrary: fc.nat({ max: 0xff }).map((x) => 0x6c00 | x) },
  { weight: 2, arbitrary: fc.constant(0x9000) },
  { weight: 1, arbitrary: fc.nat({ max: 0xffff }) },
);
const cardAnswer = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(fc.uint8Array({ maxLength: 40 }), sw).map(([d, s]) => concatBytes(d, Uint8Array.of(s >> 8, s & 0xff))) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 3 }) },
);

const command: fc.Arbitrary<CommandApdu> = fc.record(
  {
    cla: fc.nat({ max: 0xff }),
    ins: fc.nat({ max: 0xff }),
    p1: fc.nat({ max: 0xff }),
    p2: fc.nat({ max: 0xff }),
    data: fc.oneof(fc.uint8Array({ minLength: 1, maxLength: 40 }), fc.uint8Array({ minLength: 250, maxLength: 300 })),
    le: fc.oneof(fc.integer({ min: 1, max: 300 }), fc.constantFrom(256, 257, 65535, 65536)),
  },
  { requiredKeys: ['cla', 'ins', 'p1', 'p2'] },
);

/** Walks every nested TLV the way record parsers do (children, findTag), bounded by depth. */
function walkBer(tlv: BerTlv, depth: number): number {
  let n = 1;
  if (depth >= 8) return n;
  // A primitive value that is not a TLV list ends this branch with a typed error.
  const children = attempt(() => parseBerChildren(tlv));
  if (!children) return n;
  for (const c of children) n += walkBer(c, depth + 1);
  attempt(() => findTag(children, children[0]?.tag ?? 0x5f01));
  return n;
}

describe('response APDUs', () => {
  it('parseResponse: any bytes split into data and SW, or apdu-response-too-short', () => {
    fuzzSync(counter, 'response APDU (parseResponse)', anyBytes(300), parseResponse, runs(60_000), (r, input) => {
      check(r.data.length === input.length - 2 && r.sw === ((input[input.length - 2]! << 8) | input[input.length - 1]!), 'data ‖ SW split');
    });
  });

  it('encodeResponse → parseResponse round trip', () => {
    fuzzSync(
      counter,
      'response APDU (encode→parse round trip)',
      fc.tuple(fc.uint8Array({ maxLength: 300 }), fc.integer({ min: -2, max: 0x10001 })),
      ([data, s]) => parseResponse(encodeResponse(data, s)),
      runs(30_000),
      (r, [data, s]) => {
        check(r.sw === s && sameBytes(r.data, data), 'response round trip');
      },
    );
  });

  it('exchange: a card answering arbitrary 61xx / 6Cxx / other status words never loops or throws untyped', async () => {
    const input = fc.tuple(command, fc.array(cardAnswer, { maxLength: 80 }), fc.integer({ min: 0, max: 8 }), fc.constantFrom<LengthEncoding>('auto', 'short', 'extended'));
    await fuzzAsync(
      counter,
      'exchange (61xx GET RESPONSE / 6Cxx resend)',
      input,
      async ([cmd, answers, maxGetResponse, encoding]) => {
        const sent: Uint8Array[] = [];
        let i = 0;
        const send = async (c: Uint8Array): Promise<Uint8Array> => {
          sent.push(c);
          return answers[i++] ?? Uint8Array.of(0x90, 0x00);
        };
        const res = await exchange(send, cmd, { maxGetResponse, encoding });
        return { res, sent };
      },
      runs(40_000),
      ({ res, sent }, [cmd, , maxGetResponse]) => {
        // Bounded: the command, at most one 6Cxx resend, then at most maxGetResponse GET RESPONSEs.
        check(sent.length <= 2 + maxGetResponse, `${sent.length} commands sent for one exchange`);
        check(res.sw >> 8 !== 0x61, 'exchange returned a 61xx');
        // GET RESPONSE (INS C0 after the first command) is always short case 2, Le = SW2 of the previous answer.
        if (cmd.ins !== 0xc0) for (const c of sent.slice(1)) if (c[1] === 0xc0) check(c.length === 5, 'GET RESPONSE is short case 2');
      },
    );
  });
});

describe('command APDUs', () => {
  it('decodeCommand: arbitrary bytes', () => {
    fuzzSync(counter, 'command APDU (decodeCommand)', anyBytes(400), decodeCommand, runs(50_000));
  });

  it('encodeCommand → decodeCommand round trip', () => {
    fuzzSync(
      counter,
      'command APDU (encode→decode round trip)',
      fc.tuple(command, fc.constantFrom<LengthEncoding>('auto', 'short', 'extended')),
      ([cmd, enc]) => decodeCommand(encodeCommand(cmd, enc)),
      runs(30_000),
      (d, [cmd]) => {
        check(d.cla === cmd.cla && d.ins === cmd.ins && d.p1 === cmd.p1 && d.p2 === cmd.p2, 'header round trip');
        check(sameBytes(d.data ?? new Uint8Array(0), cmd.data ?? new Uint8Array(0)) && d.le === cmd.le, 'body round trip');
      },
    );
  });
});

describe('BER-TLV', () => {
  it('parseBerTlv / parseBerList / parseBerFile + nested walk on mutated card files', () => {
    fuzzSync(
      counter,
      'BER-TLV (card files, mutated)',
      bytesFor(efSeeds, 400),
      (b) => {
        const list = attempt(() => parseBerList(b));
        const file = attempt(() => parseBerFile(b));
        const one = parseBerTlv(b);
        check(one.raw.length === one.headerLength + one.length, 'raw = header + value');
        if (list) check(sameBytes(list[0]!.raw, one.raw), 'parseBerList starts with parseBerTlv');
        if (file) check(sameBytes(file.raw, one.raw), 'parseBerFile is parseBerTlv');
        return walkBer(one, 0);
      },
      runs(120_000),
    );
  });

  it('parseBerTlv at arbitrary offsets and base offsets', () => {
    fuzzSync(
      counter,
      'BER-TLV (offsets)',
      fc.tuple(anyBytes(64), fc.integer({ min: -2, max: 80 }), fc.oneof(fc.integer({ min: -2, max: 70_000 }), fc.double())),
      ([b, off, base]) => parseBerTlv(b, off, base),
      runs(40_000),
      (t, [b, off]) => {
        check(sameBytes(t.raw, b.subarray(off, off + t.headerLength + t.length)), 'raw is the bytes at the offset');
      },
    );
  });

  it('encodeBerTlv → parseBerTlv round trip (tags of 1–3 bytes, minimal and padded lengths)', () => {
    const tag = fc.oneof(
      fc.integer({ min: 1, max: 0xff }),
      fc.tuple(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 0x7f })).map(([c, n]) => ((c << 5) | 0x1f) * 0x100 + n),
      fc.tuple(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0x80, max: 0xff }), fc.integer({ min: 0, max: 0x7f })).map(([c, m, n]) => ((((c << 5) | 0x1f) * 0x100 + m) * 0x100) + n),
      fc.integer({ min: -5, max: 0x1000000 }),
    );
    fuzzSync(
      counter,
      'BER-TLV (encode→parse round trip)',
      fc.tuple(tag, fc.uint8Array({ maxLength: 300 }), fc.integer({ min: -1, max: 5 })),
      ([t, v, minLengthBytes]) => parseBerTlv(encodeBerTlv(t, v, { minLengthBytes })),
      runs(40_000),
      (parsed, [t, v]) => {
        check(parsed.tag === t && sameBytes(parsed.value, v), 'BER round trip');
      },
    );
  });
});

describe('SIMPLE-TLV', () => {
  const list = fc.array(fc.tuple(fc.integer({ min: 1, max: 0xfe }), fc.oneof(fc.uint8Array({ maxLength: 20 }), fc.uint8Array({ minLength: 250, maxLength: 300 }))), { maxLength: 5 });

  it('parseSimpleTlvList: arbitrary and mutated lists', () => {
    const seeds = [
      concatBytes(encodeSimpleTlv(0x01, Uint8Array.of(1, 2, 3)), encodeSimpleTlv(0x02, new Uint8Array(300)), encodeSimpleTlv(0xfe, new Uint8Array(0))),
      encodeSimpleTlv(0x20, new Uint8Array(254)),
      encodeSimpleTlv(0x21, new Uint8Array(255)),
    ];
    fuzzSync(
      counter,
      'SIMPLE-TLV (arbitrary and mutated)',
      fc.tuple(fc.oneof(anyBytes(300), mutated(seeds, { sites: () => [] })), fc.oneof(fc.nat({ max: 1000 }), fc.integer({ min: -3, max: 0 }))),
      ([b, base]) => parseSimpleTlvList(b, base),
      runs(50_000),
    );
  });

  it('encodeSimpleTlv list → parseSimpleTlvList round trip', () => {
    fuzzSync(
      counter,
      'SIMPLE-TLV (encode→parse round trip)',
      list,
      (items) => parseSimpleTlvList(concatBytes(...items.map(([t, v]) => encodeSimpleTlv(t, v)))),
      runs(20_000),
      (parsed, items) => {
        check(parsed.length === items.length && parsed.every((p, i) => p.tag === items[i]![0] && sameBytes(p.value, items[i]![1])), 'SIMPLE-TLV round trip');
      },
    );
  });
});
