/**
 * ISO-DEP host side against a scripted card: every frame the host sends is recorded, every
 * answer is written here by hand from ISO/IEC 14443-4 (PCB 02|n, 12|n chaining, A2|n R(ACK),
 * B2|n R(NAK), F2 WTX, C2 DESELECT; reference §2.4).
 */
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../src/bytes/hex';
import { TransportError } from '../../src/transport/card-transport';
import { RfExchangeError, type FrameExchanger } from '../../src/transport/iso-dep/frame-exchanger';
import { IsoDepSession, type IsoDepOptions } from '../../src/transport/iso-dep/iso-dep-session';
import { DELTA_FWT_MS, FWT_MAX_MS, fwtMsFromFwi } from '../../src/transport/iso-dep/iso-dep-timing';

type Reply = string | 'timeout' | 'garbled' | Error;

/** A card that answers the host's frames, in order, with `replies`. */
function scripted(replies: Reply[]): { exchange: FrameExchanger; sent: string[]; timeouts: number[] } {
  const sent: string[] = [];
  const timeouts: number[] = [];
  let i = 0;
  const exchange: FrameExchanger = async (frame, timeoutMs) => {
    sent.push(toHex(frame));
    timeouts.push(timeoutMs);
    const r = replies[i++];
    if (r === undefined) throw new RfExchangeError('rf-timeout', 'script exhausted');
    if (r === 'timeout') throw new RfExchangeError('rf-timeout', 'no answer');
    if (r === 'garbled') throw new RfExchangeError('rf-garbled', 'CRC');
    if (r instanceof Error) throw r;
    return fromHex(r);
  };
  return { exchange, sent, timeouts };
}

const FWT8 = fwtMsFromFwi(8);
const BASE: IsoDepOptions = { fsc: 256, fsd: 256, fwtMs: FWT8 };
const SELECT = '00A4040C0AD3921000310001010408';

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

describe('IsoDepSession: plain exchanges and block numbers', () => {
  it('sends I(0) then I(1), toggling on each I-block answer', async () => {
    const card = scripted(['029000', '03 6A82'.replace(' ', '')]);
    const s = new IsoDepSession(card.exchange, BASE);
    expect(toHex(await s.transceive(fromHex(SELECT)))).toBe('9000');
    expect(toHex(await s.transceive(fromHex('00B0000000')))).toBe('6A82');
    expect(card.sent).toEqual([`02${SELECT}`, '0300B0000000']);
    expect(card.timeouts[0]).toBeCloseTo(FWT8 + DELTA_FWT_MS, 6);
    expect(s.currentBlockNumber).toBe(0);
  });

  it('answers an I-block with the wrong block number with a protocol error, then stays dead', async () => {
    const card = scripted(['039000']);
    const s = new IsoDepSession(card.exchange, BASE);
    const e = await rejection(s.transceive(fromHex(SELECT)));
    expect(e).toBeInstanceOf(TransportError);
    expect((e as TransportError).code).toBe('protocol');
    const again = await rejection(s.transceive(fromHex(SELECT)));
    expect((again as TransportError).code).toBe('protocol');
    expect(card.sent).toHaveLength(1);
  });

  it('refuses an empty APDU', async () => {
    const s = new IsoDepSession(scripted([]).exchange, BASE);
    expect(((await rejection(s.transceive(new Uint8Array(0)))) as TransportError).code).toBe('protocol');
  });

  it('refuses FSC/FSD out of range', () => {
    expect(() => new IsoDepSession(scripted([]).exchange, { ...BASE, fsc: 15 })).toThrow(TransportError);
    expect(() => new IsoDepSession(scripted([]).exchange, { ...BASE, fsd: 257 })).toThrow(TransportError);
  });
});

describe('IsoDepSession: chaining', () => {
  it('chains a command in FSC − 3 byte pieces, each acknowledged by R(ACK) with our block number', async () => {
    // FSC 16 → 13 bytes per block; a 30-byte APDU goes as 13 + 13 + 4.
    const apdu = Uint8Array.from({ length: 30 }, (_, i) => i);
    const card = scripted(['A2', 'A3', '029000']);
    const s = new IsoDepSession(card.exchange, { ...BASE, fsc: 16 });
    expect(toHex(await s.transceive(apdu))).toBe('9000');
    expect(card.sent).toEqual([
      '12' + toHex(apdu.subarray(0, 13)),
      '13' + toHex(apdu.subarray(13, 26)),
      '02' + toHex(apdu.subarray(26)),
    ]);
    expect(s.currentBlockNumber).toBe(1);
  });

  it('collects a chained response, answering each piece with R(ACK)', async () => {
    const card = scripted(['12AABB', '13CCDD', '02EE9000']);
    const s = new IsoDepSession(card.exchange, BASE);
    expect(toHex(await s.transceive(fromHex('00B0000000')))).toBe('AABBCCDDEE9000');
    expect(card.sent).toEqual(['0200B0000000', 'A3', 'A2']);
    expect(s.currentBlockNumber).toBe(1);
  });

  it('chains in both directions in one exchange', async () => {
    const apdu = Uint8Array.from({ length: 20 }, (_, i) => 0x40 + i);
    const card = scripted(['A2', '1311', '0222 9000'.replace(' ', '')]);
    const s = new IsoDepSession(card.exchange, { ...BASE, fsc: 16 });
    expect(toHex(await s.transceive(apdu))).toBe('11229000');
    expect(card.sent).toEqual(['12' + toHex(apdu.subarray(0, 13)), '03' + toHex(apdu.subarray(13)), 'A2']);
  });

  it('a card that answers a chained block with an I-block breaks the protocol', async () => {
    const card = scripted(['029000']);
    const s = new IsoDepSession(card.exchange, { ...BASE, fsc: 16 });
    const e = (await rejection(s.transceive(new Uint8Array(20)))) as TransportError;
    expect(e.code).toBe('protocol');
  });

  it('R(ACK) to the last block breaks the protocol', async () => {
    const card = scripted(['A2']);
    const s = new IsoDepSession(card.exchange, BASE);
    expect(((await rejection(s.transceive(fromHex(SELECT)))) as TransportError).code).toBe('protocol');
  });

  it('refuses empty chained blocks and responses above the limit', async () => {
    const s1 = new IsoDepSession(scripted(['12']).exchange, BASE);
    expect(((await rejection(s1.transceive(fromHex(SELECT)))) as TransportError).code).toBe('protocol');
    const s2 = new IsoDepSession(scripted(['12' + '00'.repeat(10), '13' + '00'.repeat(10)]).exchange, { ...BASE, maxResponseLength: 15 });
    expect(((await rejection(s2.transceive(fromHex(SELECT)))) as TransportError).code).toBe('protocol');
  });

  it('treats a frame longer than FSD as invalid (R(NAK))', async () => {
    const card = scripted(['02' + '00'.repeat(20), '029000']);
    const s = new IsoDepSession(card.exchange, { ...BASE, fsd: 16 });
    expect(toHex(await s.transceive(fromHex(SELECT.slice(0, 10))))).toBe('9000');
    expect(card.sent[1]).toBe('B2');
  });
});

describe('IsoDepSession: waiting-time extension', () => {
  it('echoes S(WTX) and waits WTXM × FWT (+ΔFWT) for the next block only', async () => {
    const card = scripted(['F205', 'F2C1', '029000']);
    const s = new IsoDepSession(card.exchange, BASE);
    expect(toHex(await s.transceive(fromHex(SELECT)))).toBe('9000');
    // F2 C1: power level bits (b8-b7) set, WTXM 1; the answer echoes WTXM with them cleared.
    expect(card.sent).toEqual([`02${SELECT}`, 'F205', 'F201']);
    expect(card.timeouts[1]).toBeCloseTo(5 * FWT8 + DELTA_FWT_MS, 6);
    expect(card.timeouts[2]).toBeCloseTo(FWT8 + DELTA_FWT_MS, 6);
  });

  it('caps the extended wait at FWTmax', async () => {
    const fwt12 = fwtMsFromFwi(12);
    const card = scripted(['F23B', '029000']);
    const s = new IsoDepSession(card.exchange, { ...BASE, fwtMs: fwt12 });
    await s.transceive(fromHex(SELECT));
    expect(card.timeouts[1]).toBeCloseTo(FWT_MAX_MS + DELTA_FWT_MS, 6);
  });

  it('handles WTX while the card chains and while we chain', async () => {
    const card = scripted(['F202', 'A2', '13AA', 'F203', '02BB9000']);
    const s = new IsoDepSession(card.exchange, { ...BASE, fsc: 16 });
    const apdu = new Uint8Array(20).fill(7);
    expect(toHex(await s.transceive(apdu))).toBe('AABB9000');
    expect(card.sent).toEqual(['12' + '07'.repeat(13), 'F202', '03' + '07'.repeat(7), 'A2', 'F203']);
  });

  it('treats WTXM 0 or above 59 as an invalid block (R(NAK))', async () => {
    const card = scripted(['F200', 'F23C', '029000']);
    const s = new IsoDepSession(card.exchange, BASE);
    expect(toHex(await s.transceive(fromHex(SELECT)))).toBe('9000');
    expect(card.sent.slice(1)).toEqual(['B2', 'B2']);
  });

  it('gives up after maxWtx extensions with a timeout', async () => {
    const card = scripted(['F201', 'F201', 'F201']);
    const s = new IsoDepSession(card.exchange, { ...BASE, maxWtx: 2 });
    expect(((await rejection(s.transceive(fromHex(SELECT)))) as TransportError).code).toBe('timeout');
  });
});

describe('IsoDepSession: lost and garbled frames', () => {
  it('R(NAK) after a lost answer; the card retransmits', async () => {
    const card = scripted(['timeout', '029000']);
    const s = new IsoDepSession(card.exchange, BASE);
    expect(toHex(await s.transceive(fromHex(SELECT)))).toBe('9000');
    expect(card.sent).toEqual([`02${SELECT}`, 'B2']);
  });

  it('R(NAK) after a garbled answer', async () => {
    const card = scripted(['garbled', '029000']);
    const s = new IsoDepSession(card.exchange, BASE);
    expect(toHex(await s.transceive(fromHex(SELECT)))).toBe('9000');
    expect(card.sent[1]).toBe('B2');
  });

  it('retransmits the I-block when the card answers R(NAK) with R(ACK) of the other number (rule 6)', async () => {
    // Our I(0) was lost: the card (block number still 1) answers R(NAK)(0) with R(ACK)(1).
    const card = scripted(['timeout', 'A3', '029000']);
    const s = new IsoDepSession(card.exchange, BASE);
    expect(toHex(await s.transceive(fromHex(SELECT)))).toBe('9000');
    expect(card.sent).toEqual([`02${SELECT}`, 'B2', `02${SELECT}`]);
  });

  it('while the card chains, a lost block is asked for again with R(ACK), not R(NAK) (rule 5)', async () => {
    const card = scripted(['12AA', 'timeout', '13BB', 'garbled', '02CC9000']);
    const s = new IsoDepSession(card.exchange, BASE);
    expect(toHex(await s.transceive(fromHex('00B0000000')))).toBe('AABBCC9000');
    expect(card.sent).toEqual(['0200B0000000', 'A3', 'A3', 'A2', 'A2']);
  });

  it('a lost R(ACK) during our chaining is recovered with R(NAK)', async () => {
    const card = scripted(['timeout', 'A2', '039000']);
    const s = new IsoDepSession(card.exchange, { ...BASE, fsc: 16 });
    const apdu = new Uint8Array(20).fill(1);
    expect(toHex(await s.transceive(apdu))).toBe('9000');
    expect(card.sent).toEqual(['12' + '01'.repeat(13), 'B2', '03' + '01'.repeat(7)]);
  });

  it('after maxRetries timeouts the card is gone: card-removed', async () => {
    const card = scripted(['timeout', 'timeout', 'timeout', 'timeout']);
    const s = new IsoDepSession(card.exchange, BASE);
    const e = (await rejection(s.transceive(fromHex(SELECT)))) as TransportError;
    expect(e).toBeInstanceOf(TransportError);
    expect(e.code).toBe('card-removed');
    expect(card.sent).toEqual([`02${SELECT}`, 'B2', 'B2', 'B2']);
    expect(((await rejection(s.transceive(fromHex(SELECT)))) as TransportError).code).toBe('card-removed');
  });

  it('after maxRetries garbled frames: protocol', async () => {
    const card = scripted(['garbled', 'garbled', 'garbled']);
    const s = new IsoDepSession(card.exchange, { ...BASE, maxRetries: 2 });
    expect(((await rejection(s.transceive(fromHex(SELECT)))) as TransportError).code).toBe('protocol');
    expect(card.sent).toHaveLength(3);
  });

  it('R(NAK) or S(DESELECT) from the card is a protocol error', async () => {
    expect(((await rejection(new IsoDepSession(scripted(['B2']).exchange, BASE).transceive(fromHex(SELECT)))) as TransportError).code).toBe('protocol');
    expect(((await rejection(new IsoDepSession(scripted(['C2']).exchange, BASE).transceive(fromHex(SELECT)))) as TransportError).code).toBe('protocol');
  });

  it('passes reader errors through unchanged and stops', async () => {
    const unplugged = new TransportError('reader-unplugged', 'gone');
    const card = scripted([unplugged]);
    const s = new IsoDepSession(card.exchange, BASE);
    expect(await rejection(s.transceive(fromHex(SELECT)))).toBe(unplugged);
    expect(((await rejection(s.transceive(fromHex(SELECT)))) as TransportError).code).toBe('reader-unplugged');
    expect(card.sent).toHaveLength(1);
  });

  it('turns a foreign exception from the exchanger into a TransportError', async () => {
    const s = new IsoDepSession(scripted([new TypeError('bug')]).exchange, BASE);
    const e = await rejection(s.transceive(fromHex(SELECT)));
    expect(e).toBeInstanceOf(TransportError);
    expect((e as TransportError).code).toBe('protocol');
  });

  it('refuses a second exchange while one is running', async () => {
    let release!: () => void;
    const s = new IsoDepSession(
      () =>
        new Promise<Uint8Array>((resolve) => {
          release = () => resolve(fromHex('029000'));
        }),
      BASE,
    );
    const first = s.transceive(fromHex(SELECT));
    expect(((await rejection(s.transceive(fromHex(SELECT)))) as TransportError).code).toBe('protocol');
    release();
    expect(toHex(await first)).toBe('9000');
  });
});

describe('IsoDepSession: presence check and DESELECT', () => {
  it('R(NAK) with our block number; R(ACK) means present', async () => {
    const card = scripted(['029000', 'A2']);
    const s = new IsoDepSession(card.exchange, BASE);
    await s.transceive(fromHex(SELECT));
    expect(await s.checkPresence()).toBe(true);
    expect(card.sent[1]).toBe('B3');
  });

  it('no answer to the presence check: gone, and later calls fail with card-removed', async () => {
    const card = scripted(['timeout', 'timeout', 'timeout', 'timeout']);
    const s = new IsoDepSession(card.exchange, BASE);
    expect(await s.checkPresence()).toBe(false);
    expect(card.sent).toEqual(['B2', 'B2', 'B2', 'B2']);
    expect(((await rejection(s.transceive(fromHex(SELECT)))) as TransportError).code).toBe('card-removed');
  });

  it('S(DESELECT) C2, answered C2, closes the session', async () => {
    const card = scripted(['C2']);
    const s = new IsoDepSession(card.exchange, BASE);
    await s.deselect();
    expect(card.sent).toEqual(['C2']);
    expect(s.closed).toBe(true);
    expect(((await rejection(s.transceive(fromHex(SELECT)))) as TransportError).code).toBe('not-connected');
    await s.deselect(); // idempotent, sends nothing
    expect(card.sent).toHaveLength(1);
  });

  it('an unanswered S(DESELECT) is retried, then the card is ignored (rule 8)', async () => {
    const card = scripted(['timeout', 'garbled', 'timeout', 'timeout']);
    const s = new IsoDepSession(card.exchange, BASE);
    await s.deselect();
    expect(card.sent).toEqual(['C2', 'C2', 'C2', 'C2']);
    expect(s.closed).toBe(true);
  });
});
