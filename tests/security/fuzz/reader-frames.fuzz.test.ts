/**
 * Fuzzing what readers send the host: RC-S380 (Port-100) frames and InCommRF answers, Type B
 * activation answers, ISO-DEP blocks (alone and through an IsoDepSession talking to a card that
 * answers anything), CCID bulk messages, interrupt notifications and descriptors, RC-S300
 * transparent-session answers (alone and through the RC-S300 front end), and vpcd
 * frames. Valid streams are built with the encoders and then mutated and re-chunked the way USB
 * transfers and TCP reads split them.
 */
import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import { decodePort100Frame, encodePort100Frame, Port100FrameAssembler, PORT100_ACK, PORT100_ERROR_FRAME, type Port100Frame } from '../../../src/transport/webusb-port100/port100-frame';
import { parseInCommRfResponse } from '../../../src/transport/webusb-port100/port100-commands';
import { parseCardBlock, iBlock, rAck, rNak, wtxResponse, S_DESELECT } from '../../../src/transport/iso-dep/iso-dep-blocks';
import { parseAttribResponse, parseSensbRes } from '../../../src/transport/iso-dep/type-b-activation';
import { IsoDepSession } from '../../../src/transport/iso-dep/iso-dep-session';
import { RfExchangeError } from '../../../src/transport/iso-dep/frame-exchanger';
import {
  CCID_HEADER_LENGTH,
  decodeResponse,
  messageDataLength,
  parseHardwareError,
  parseNotifySlotChange,
  RDR_TO_PC,
} from '../../../src/transport/webusb-ccid/ccid-message';
import { configurationTotalLength, findCcidDescriptor, parseCcidClassDescriptor } from '../../../src/transport/webusb-ccid/ccid-class-descriptor';
import { ccidClassDescriptor } from '../../../src/sim/readers/ccid-descriptor';
import { encodeVpcdFrame, VpcdFrameParser } from '../../../src/node/vpcd/vpcd-client';
import { parseSessionAnswer } from '../../../src/transport/webusb-rcs300/transparent-session';
import { Rcs300FrontEnd } from '../../../src/transport/webusb-rcs300/rcs300-front-end';
import type { CcidCommandChannel } from '../../../src/transport/webusb-ccid/ccid-command-channel';
import type { CcidResponse } from '../../../src/transport/webusb-ccid/ccid-message';
import { concatBytes } from '../../../src/bytes/byte-ops';
import { anyBytes, attempt, bytesFor, check, chunked, FuzzCounter, fuzzAsync, fuzzSync, mutated, runs, sameBytes } from './fuzz-harness';

const counter = new FuzzCounter('fuzz-reader-frames');
afterAll(() => counter.flush());

const noSites = { sites: () => [] };

describe('RC-S380 (Port-100) frames', () => {
  type Piece = { kind: 'data'; data: Uint8Array } | { kind: 'ack' } | { kind: 'error' };
  const piece: fc.Arbitrary<Piece> = fc.oneof(
    { weight: 4, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 60 }).map((data) => ({ kind: 'data' as const, data })) },
    { weight: 1, arbitrary: fc.uint8Array({ minLength: 400, maxLength: 512 }).map((data) => ({ kind: 'data' as const, data })) },
    { weight: 1, arbitrary: fc.constant({ kind: 'ack' as const }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'error' as const }) },
  );
  const encodePiece = (p: Piece): Uint8Array => (p.kind === 'data' ? encodePort100Frame(p.data) : p.kind === 'ack' ? PORT100_ACK : PORT100_ERROR_FRAME);

  function feed(chunks: readonly Uint8Array[]): Port100Frame[] {
    const a = new Port100FrameAssembler();
    const out: Port100Frame[] = [];
    for (const c of chunks) {
      a.push(c);
      for (let f = a.next(); f; f = a.next()) out.push(f);
    }
    return out;
  }

  it('a valid stream, split anywhere, decodes to exactly the frames sent (round trip)', () => {
    fuzzSync(
      counter,
      'Port-100 frame assembler (valid streams, re-chunked)',
      fc.array(piece, { minLength: 1, maxLength: 6 }).chain((pieces) =>
        chunked(fc.constant(concatBytes(...pieces.map(encodePiece)))).map((chunks) => ({ pieces, chunks })),
      ),
      ({ chunks }) => feed(chunks),
      runs(30_000),
      (frames, { pieces, chunks }) => {
        // A transfer of exactly 00 00 FF FF FF at rest is the reader's error frame, by design: a
        // real RC-S380 never splits a frame there (a bulk transfer carries a whole frame), so
        // such splits are only checked for "no throw".
        if (chunks.some((c) => sameBytes(c, PORT100_ERROR_FRAME))) return;
        const dataIn = pieces.flatMap((p) => (p.kind === 'data' ? [p.data] : []));
        const dataOut = frames.flatMap((f) => (f.type === 'data' ? [f.data] : []));
        check(dataOut.length === dataIn.length && dataOut.every((d, i) => sameBytes(d, dataIn[i]!)), 'every data frame comes back unchanged');
        check(frames.filter((f) => f.type === 'ack').length === pieces.filter((p) => p.kind === 'ack').length, 'every ACK comes back');
      },
    );
  });

  it('mutated and arbitrary streams never throw and never yield oversized data', () => {
    const seeds = [
      concatBytes(PORT100_ACK, encodePort100Frame(Uint8Array.of(0xd7, 0x05, 0, 0, 0, 0, 8, 0x02, 0x90, 0x00))),
      concatBytes(encodePort100Frame(new Uint8Array(300).fill(0xd7)), PORT100_ERROR_FRAME),
      Uint8Array.of(0x00, 0x00, 0xff, 0x03, 0xfd, 0xd7, 0x2b, 0x00, 0xfe, 0x00), // short (normal) frame form
    ];
    fuzzSync(
      counter,
      'Port-100 frame assembler (mutated / arbitrary, chunked)',
      chunked(fc.oneof({ weight: 3, arbitrary: mutated(seeds, noSites) }, { weight: 1, arbitrary: anyBytes(3000) })),
      feed,
      runs(60_000),
      (frames) => check(frames.every((f) => f.type !== 'data' || (f.data.length >= 1 && f.data.length <= 512)), 'data frames within 1..512 bytes'),
    );
    fuzzSync(counter, 'Port-100 single frame (decodePort100Frame)', bytesFor(seeds, 40), decodePort100Frame, runs(20_000));
  });

  it('InCommRF answers', () => {
    fuzzSync(counter, 'Port-100 InCommRF answer', anyBytes(300), parseInCommRfResponse, runs(20_000), (r, b) => check(r.status !== 0 || r.rf.length === b.length - 5, 'rf after the fifth byte'));
  });
});

describe('ISO 14443 Type B / ISO-DEP', () => {
  it('SENSB_RES and ATTRIB answers', () => {
    const sensb = Uint8Array.of(0x50, 1, 2, 3, 4, 0, 0, 0, 0, 0x00, 0x81, 0x71);
    fuzzSync(counter, 'Type B SENSB_RES', bytesFor([sensb, concatBytes(sensb, Uint8Array.of(0))], 20), parseSensbRes, runs(20_000), (t) => check(t.fsc >= 16 && t.fsc <= 256 && t.fwtMs > 0, 'FSC and FWT in range'));
    fuzzSync(counter, 'Type B ATTRIB answer', anyBytes(8), parseAttribResponse, runs(10_000));
  });

  it('parseCardBlock classifies every frame', () => {
    fuzzSync(
      counter,
      'ISO-DEP block (parseCardBlock)',
      fc.tuple(fc.oneof(anyBytes(300), fc.tuple(fc.nat({ max: 255 }), fc.uint8Array({ maxLength: 4 })).map(([pcb, rest]) => concatBytes(Uint8Array.of(pcb), rest))), fc.integer({ min: 0, max: 300 })),
      ([f, max]) => parseCardBlock(f, max),
      runs(50_000),
      (b, [f, max]) => check(b.kind === 'invalid' || (f.length >= 1 && f.length <= max), 'only frames within FSD are accepted'),
    );
  });

  type CardFrame = Uint8Array | 'timeout' | 'garbled';
  /** What a confused or hostile card may answer: valid-looking blocks of any number, garbage, silence. */
  const cardFrame: fc.Arbitrary<CardFrame> = fc.oneof(
    { weight: 4, arbitrary: fc.tuple(fc.nat({ max: 1 }), fc.boolean(), fc.uint8Array({ maxLength: 30 })).map(([bn, ch, inf]) => iBlock(bn, ch, inf)) },
    { weight: 2, arbitrary: fc.tuple(fc.nat({ max: 1 }), fc.boolean()).map(([bn, nak]) => (nak ? rNak(bn) : rAck(bn))) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 63 }).map((m) => wtxResponse(m)) },
    { weight: 1, arbitrary: fc.constant(S_DESELECT) },
    { weight: 1, arbitrary: anyBytes(40) },
    { weight: 1, arbitrary: fc.constantFrom<CardFrame>('timeout', 'garbled') },
  );

  it('IsoDepSession against a card answering anything: bounded exchanges, typed errors only', async () => {
    const input = fc.record({
      frames: fc.array(cardFrame, { maxLength: 40 }),
      apdu: fc.oneof(fc.uint8Array({ minLength: 0, maxLength: 40 }), fc.uint8Array({ minLength: 200, maxLength: 600 })),
      fsc: fc.constantFrom(16, 24, 32, 64, 128, 256),
      fsd: fc.constantFrom(16, 64, 256),
      maxRetries: fc.integer({ min: 0, max: 4 }),
      maxWtx: fc.integer({ min: 0, max: 5 }),
    });
    await fuzzAsync(
      counter,
      'ISO-DEP session (transceive / presence / deselect)',
      input,
      async ({ frames, apdu, fsc, fsd, maxRetries, maxWtx }) => {
        let calls = 0;
        const exchange = async (): Promise<Uint8Array> => {
          const f = frames[calls++];
          if (f === undefined || f === 'timeout') throw new RfExchangeError('rf-timeout', 'silent card');
          if (f === 'garbled') throw new RfExchangeError('rf-garbled', 'CRC error');
          return f;
        };
        const s = new IsoDepSession(exchange, { fsc, fsd, fwtMs: 5, maxRetries, maxWtx, maxResponseLength: 4096 });
        const response = attempt(() => s.transceive(apdu));
        const r = response ? await response.catch((e: unknown) => (attempt(() => { throw e; }), undefined)) : undefined;
        const present = await s.checkPresence().catch((e: unknown) => attempt(() => { throw e; }));
        await s.deselect().catch((e: unknown) => attempt(() => { throw e; }));
        return { r, present, calls, frames: frames.length };
      },
      runs(30_000),
      ({ r, calls, frames }) => {
        // Every frame the card sends is answered at most once; after it falls silent, retries are bounded.
        check(calls <= frames + 2 * (4 + 1) * (5 + 2) + 8, `${calls} RF exchanges for ${frames} card frames`);
        check(r === undefined || r.length <= 4096, 'response within maxResponseLength');
      },
    );
  });
});

describe('RC-S300 transparent session', () => {
  const hex = (h: string) => Uint8Array.from(h.match(/../g)!.map((b) => parseInt(b, 16)));
  const seeds = [
    hex('C00300900092010096020000970C50E8253EEC00000000B381809000'),
    hex('C0030364019000'),
    hex('C003009000960201009000'),
    hex('FF6D03010108C00300900097820003029000' + '9000'),
    hex('0100050090' + '00'),
  ];

  it('parseSessionAnswer: an answer or a typed error, the card frame always inside the answer', () => {
    fuzzSync(counter, 'RC-S300 transparent-session answer (parseSessionAnswer)', bytesFor(seeds, 300), parseSessionAnswer, runs(200_000), (a, b) => {
      check(a.sw === ((b[b.length - 2]! << 8) | b[b.length - 1]!), 'SW1 SW2 are the last two bytes');
      check((a.iccResponse?.length ?? 0) <= Math.max(0, b.length - 4), 'the card frame lies inside the answer');
    });
  });

  it('the RC-S300 front end over an escape channel answering anything: frames, RF errors or typed errors', async () => {
    const answer = (data: Uint8Array, failed: boolean): CcidResponse => ({ type: 0x83, slot: 0, seq: 0, iccStatus: 'active', commandStatus: failed ? 'failed' : 'ok', error: failed ? 0xe0 : 0, specific: 0, data });
    await fuzzAsync(
      counter,
      'RC-S300 front end (exchange over hostile escape answers)',
      fc.tuple(bytesFor(seeds, 200), fc.boolean()),
      async ([data, failed]) => {
        const channel = { command: async () => answer(data, failed) } as unknown as CcidCommandChannel;
        const front = new Rcs300FrontEnd(channel, { busyRetries: 1, busyRetryMs: 0 });
        return front.exchange(Uint8Array.of(0x05, 0x00, 0x10), 30);
      },
      runs(30_000),
      (frame, [data]) => check(frame.length > 0 && frame.length <= data.length, 'a frame comes only from the 97 object'),
    );
  });
});

describe('CCID', () => {
  function message(type: number, data: Uint8Array, status = 0, error = 0, specific = 0, slot = 0, seq = 0): Uint8Array {
    const m = new Uint8Array(CCID_HEADER_LENGTH + data.length);
    m[0] = type;
    new DataView(m.buffer).setUint32(1, data.length, true);
    m.set([slot, seq, status, error, specific], 5);
    m.set(data, CCID_HEADER_LENGTH);
    return m;
  }
  const seeds = [
    message(RDR_TO_PC.DataBlock, Uint8Array.of(0x6f, 0x00, 0x90, 0x00)),
    message(RDR_TO_PC.SlotStatus, new Uint8Array(0), 0x01),
    message(RDR_TO_PC.Parameters, Uint8Array.of(0x11, 0x10, 0x00, 0x45, 0x00, 0xfe, 0x00), 0, 0, 1),
    message(RDR_TO_PC.DataBlock, new Uint8Array(0), 0x80, 2, 0, 0, 9),
  ];

  it('bulk-IN messages: mutated and arbitrary', () => {
    fuzzSync(
      counter,
      'CCID bulk-IN message (decodeResponse)',
      fc.tuple(bytesFor(seeds, 80), fc.oneof(fc.constant(undefined), fc.integer({ min: 0, max: 70_000 }))),
      ([m, max]) => decodeResponse(m, max),
      runs(60_000),
      (r, [m]) => check(r.data.length === m.length - CCID_HEADER_LENGTH, 'data is the rest of the message'),
    );
    fuzzSync(counter, 'CCID header length (messageDataLength)', fc.tuple(bytesFor(seeds, 16), fc.integer({ min: 0, max: 70_000 })), ([h, max]) => messageDataLength(h, max), runs(20_000), (n, [, max]) => check(n <= max, 'length within max'));
  });

  it('encode → decodeResponse round trip', () => {
    fuzzSync(
      counter,
      'CCID bulk-IN message (round trip)',
      fc.record({
        type: fc.constantFrom(RDR_TO_PC.DataBlock, RDR_TO_PC.SlotStatus, RDR_TO_PC.Parameters),
        data: fc.uint8Array({ maxLength: 300 }),
        icc: fc.integer({ min: 0, max: 2 }),
        cmd: fc.integer({ min: 0, max: 2 }),
        error: fc.nat({ max: 255 }),
        specific: fc.nat({ max: 255 }),
        slot: fc.nat({ max: 255 }),
        seq: fc.nat({ max: 255 }),
      }),
      (x) => decodeResponse(message(x.type, x.data, (x.cmd << 6) | x.icc, x.error, x.specific, x.slot, x.seq)),
      runs(20_000),
      (r, x) =>
        check(
          r.type === x.type && sameBytes(r.data, x.data) && r.slot === x.slot && r.seq === x.seq && r.error === x.error && r.specific === x.specific && ['active', 'inactive', 'absent'][x.icc] === r.iccStatus,
          'CCID round trip',
        ),
    );
  });

  it('interrupt-IN notifications', () => {
    fuzzSync(counter, 'CCID NotifySlotChange', fc.tuple(bytesFor([Uint8Array.of(0x50, 0x03), Uint8Array.of(0x50, 0x02, 0x0c)], 10), fc.integer({ min: -1, max: 256 })), ([m, slot]) => parseNotifySlotChange(m, slot), runs(20_000));
    fuzzSync(counter, 'CCID HardwareError', bytesFor([Uint8Array.of(0x51, 0, 3, 1)], 8), parseHardwareError, runs(10_000));
  });

  it('class and configuration descriptors', () => {
    const cls = ccidClassDescriptor({ level: 'extended-apdu', maxMessageLength: 65_544 + 10, maxSlotIndex: 0 });
    const config = (() => {
      const iface = Uint8Array.of(9, 0x04, 0, 0, 3, 0x0b, 0, 0, 0);
      const eps = [Uint8Array.of(7, 0x05, 0x01, 0x02, 0x40, 0, 0), Uint8Array.of(7, 0x05, 0x82, 0x02, 0x40, 0, 0), Uint8Array.of(7, 0x05, 0x83, 0x03, 0x08, 0, 0x10)];
      const body = concatBytes(iface, cls, ...eps);
      const total = 9 + body.length;
      return concatBytes(Uint8Array.of(9, 0x02, total & 0xff, total >> 8, 1, 1, 0, 0x80, 50), body);
    })();
    fuzzSync(counter, 'CCID class descriptor', bytesFor([cls], 60), parseCcidClassDescriptor, runs(20_000), (d) => check(d.maxMessageLength >= 15 && d.maxMessageLength <= 65_554, 'dwMaxCCIDMessageLength in range'));
    fuzzSync(
      counter,
      'USB configuration descriptor walk (findCcidDescriptor)',
      fc.tuple(bytesFor([config], 200), fc.nat({ max: 2 })),
      ([c, i]) => {
        configurationTotalLength(c);
        return findCcidDescriptor(c, i);
      },
      runs(30_000),
    );
  });
});

describe('vpcd frames', () => {
  it('length-prefixed frames split anywhere come back whole (round trip)', () => {
    fuzzSync(
      counter,
      'vpcd frame parser (valid streams, re-chunked)',
      fc.array(fc.uint8Array({ minLength: 1, maxLength: 300 }), { minLength: 1, maxLength: 5 }).chain((frames) => chunked(fc.constant(concatBytes(...frames.map(encodeVpcdFrame)))).map((chunks) => ({ frames, chunks }))),
      ({ chunks }) => {
        const p = new VpcdFrameParser();
        const out = chunks.flatMap((c) => p.push(c));
        return { out, pending: p.pending };
      },
      runs(20_000),
      ({ out, pending }, { frames }) => check(pending === 0 && out.length === frames.length && out.every((f, i) => sameBytes(f, frames[i]!)), 'vpcd round trip'),
    );
  });

  it('mutated and arbitrary streams: typed errors only, bounded buffering', () => {
    const seed = concatBytes(encodeVpcdFrame(Uint8Array.of(0x04)), encodeVpcdFrame(Uint8Array.of(0x00, 0xa4, 0x04, 0x00, 0x02, 0x3f, 0x00)), encodeVpcdFrame(Uint8Array.of(0x01)));
    fuzzSync(
      counter,
      'vpcd frame parser (mutated / arbitrary, chunked)',
      fc.tuple(chunked(fc.oneof(mutated([seed], noSites), anyBytes(400))), fc.integer({ min: 1, max: 0xffff })),
      ([chunks, max]) => {
        const p = new VpcdFrameParser(max);
        const out = chunks.flatMap((c) => p.push(c));
        return { out, pending: p.pending, max };
      },
      runs(30_000),
      ({ out, pending, max }) => check(pending <= max + 1 && out.every((f) => f.length >= 1 && f.length <= max), 'frames and buffer bounded by maxFrame'),
    );
  });
});
