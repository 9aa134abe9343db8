/**
 * Seeded mutation loop: untrusted bytes may only ever produce TlvError / ApduError, every call
 * returns, and successful parses satisfy the structural invariants.
 */
import { describe, expect, it } from 'vitest';
import { ApduError } from '../../src/apdu/apdu-error';
import {
  parseBerChildren,
  parseBerFile,
  parseBerList,
  parseBerTlv,
  TlvError,
  type BerTlv,
} from '../../src/apdu/ber-tlv';
import { decodeCommand, encodeCommand } from '../../src/apdu/command';
import { exchange } from '../../src/apdu/exchange';
import { parseResponse } from '../../src/apdu/response';
import { parseSimpleTlvList } from '../../src/apdu/simple-tlv';
import { describeStatus } from '../../src/apdu/status-words';
import { bytesEqual, concatBytes } from '../../src/bytes/byte-ops';
import { h, seq } from './helpers';

/** 32-bit LCG (Numerical Recipes constants); deterministic across runs. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s;
  };
}

const SEEDS: Uint8Array[] = [
  concatBytes(h('FF 10 0C'), seq(12, 0x30), h('FF FF')),
  concatBytes(h('FF 20 13 DF 21 08 000B 000E 0011 0014'), h('DF 22 00 DF 23 00 DF 24 00 DF 25 01 31'), h('FFFF')),
  concatBytes(h('FF 40 82 00 0C DF 41 04 01 03 0E 01 DF 42 82 00 01 AA')),
  concatBytes(h('7F 21 82 00 10 5F 4E 81 06 90 01 03 91 01 AA 5F 37 03 01 02 03')),
  concatBytes(h('30 84 00 00 00 06 BF 81 01 02 04 00')),
  h('01 1C 30 30 30 02 FF 00 02 AA BB 03 00'),
  h('00 B0 00 00 11'),
  h('80 2A 00 80 03 AA BB CC 00'),
  h('00 20 00 80 00 00 04 31 32 33 34 01 00'),
  h('00 B0 8A 00 00 00 00'),
];

const SPECIAL = [0x00, 0x01, 0x1f, 0x20, 0x7f, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0xdf, 0xfe, 0xff];

function mutate(src: Uint8Array, rnd: () => number): Uint8Array {
  const b = Array.from(src);
  const ops = 1 + (rnd() % 4);
  for (let k = 0; k < ops; k++) {
    const at = b.length === 0 ? 0 : rnd() % b.length;
    switch (rnd() % 7) {
      case 0: b[at] = rnd() & 0xff; break;
      case 1: b[at] = SPECIAL[rnd() % SPECIAL.length]!; break;
      case 2: b.length = rnd() % (b.length + 1); break; // truncate
      case 3: b.splice(at, 0, rnd() & 0xff); break; // insert
      case 4: b.splice(at, 1); break; // delete
      case 5: b.push(...Array.from({ length: rnd() % 4 }, () => SPECIAL[rnd() % SPECIAL.length]!)); break;
      default: b[at] = (b[at] ?? 0) ^ (1 << (rnd() % 8)); break;
    }
  }
  return Uint8Array.from(b);
}

function randomBytes(rnd: () => number): Uint8Array {
  return Uint8Array.from({ length: rnd() % 24 }, () => rnd() & 0xff);
}

const errors = { tlv: 0, apdu: 0, ok: 0 };

/** Plain check for the hot loop (expect() per call is slow at this volume). */
function check(cond: boolean, what: string): void {
  if (!cond) throw new Error(`fuzz invariant failed: ${what}`);
}

/** Runs fn; a thrown error must be one of ours with a sane offset. */
function guarded(fn: () => void, len: number): void {
  try {
    fn();
    errors.ok++;
  } catch (e) {
    if (e instanceof TlvError) {
      errors.tlv++;
      check(Number.isInteger(e.offset) && e.offset >= 0 && e.offset <= len, `TlvError offset ${e.offset} in 0..${len}`);
    } else if (e instanceof ApduError) {
      errors.apdu++;
      check(e.offset === undefined || (e.offset >= 0 && e.offset <= len), `ApduError offset ${e.offset} in 0..${len}`);
    } else {
      throw e; // anything else fails the test
    }
  }
}

function checkTlv(t: BerTlv, buf: Uint8Array): void {
  check(t.raw.length === t.headerLength + t.length, 'raw = header + value');
  check(t.value.length === t.length, 'value length');
  check(bytesEqual(t.raw, buf.subarray(t.offset, t.offset + t.raw.length)), 'raw matches input at offset');
}

/** Parses children down to depth 4, checking that each child lies inside its parent. */
function walk(t: BerTlv, buf: Uint8Array, depth: number): void {
  checkTlv(t, buf);
  if (depth === 0) return;
  let kids: BerTlv[];
  try {
    kids = parseBerChildren(t);
  } catch (e) {
    if (e instanceof TlvError) return;
    throw e;
  }
  let pos = t.offset + t.headerLength;
  for (const k of kids) {
    check(k.offset === pos, 'children contiguous');
    pos += k.raw.length;
    walk(k, buf, depth - 1);
  }
  check(pos === t.offset + t.raw.length, 'children fill the parent');
}

describe('mutation fuzz', () => {
  it('20 000 mutated inputs: only typed errors, invariants hold', () => {
    const rnd = lcg(0x4b415a41); // "KAZA"
    for (let i = 0; i < 20_000; i++) {
      const input = i % 10 === 9 ? randomBytes(rnd) : mutate(SEEDS[rnd() % SEEDS.length]!, rnd);
      const n = input.length;
      guarded(() => walk(parseBerFile(input), input, 4), n);
      guarded(() => {
        for (const t of parseBerList(input)) walk(t, input, 2);
      }, n);
      guarded(() => {
        const start = n === 0 ? 0 : rnd() % n;
        checkTlv(parseBerTlv(input, start), input);
      }, n);
      guarded(() => {
        let pos = 0;
        for (const t of parseSimpleTlvList(input)) {
          check(t.offset === pos, 'simple-TLV contiguous');
          pos = t.offset + (input[t.offset + 1] === 0xff ? 4 : 2) + t.length;
        }
        check(pos === n, 'simple-TLV list covers input');
      }, n);
      guarded(() => {
        const d = decodeCommand(input);
        // Re-encoding in the detected form reproduces the exact bytes.
        check(bytesEqual(encodeCommand(d, d.extended ? 'extended' : 'short'), input), 'command re-encodes');
      }, n);
      guarded(() => {
        const r = parseResponse(input);
        check(r.data.length === n - 2, 'response data length');
        describeStatus(r.sw);
      }, n);
    }
    // The corpus must exercise both outcomes, or the loop proves little.
    expect(errors.ok).toBeGreaterThan(10_000);
    expect(errors.tlv).toBeGreaterThan(10_000);
    expect(errors.apdu).toBeGreaterThan(1_000);
  });

  it('exchange against a random card: bounded sends, only ApduError', async () => {
    const rnd = lcg(12345);
    const sws = [0x9000, 0x6100, 0x6101, 0x6110, 0x6c00, 0x6c05, 0x6982, 0x63c2];
    for (let i = 0; i < 2000; i++) {
      let sends = 0;
      const max = rnd() % 5;
      const send = async (): Promise<Uint8Array> => {
        sends++;
        if (rnd() % 20 === 0) return Uint8Array.of(rnd() & 0xff); // too short
        const sw = sws[rnd() % sws.length]!;
        return concatBytes(seq(rnd() % 4), Uint8Array.of(sw >> 8, sw & 0xff));
      };
      try {
        const r = await exchange(send, { cla: rnd() & 0xff, ins: 0xb0, p1: 0, p2: 0, le: 1 + (rnd() % 300) }, {
          maxGetResponse: max,
        });
        expect(r.sw >> 8).not.toBe(0x61);
      } catch (e) {
        expect(e).toBeInstanceOf(ApduError);
      }
      expect(sends).toBeLessThanOrEqual(2 + max);
    }
  });
});
