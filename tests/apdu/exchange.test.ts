import { describe, expect, it } from 'vitest';
import { ApduError } from '../../src/apdu/apdu-error';
import type { CommandApdu } from '../../src/apdu/command';
import { exchange, getResponseCla, type ApduSender } from '../../src/apdu/exchange';
import { h, hx, seq } from './helpers';

/**
 * A fake card that plays a fixed script: each step names the command it expects (hex) and the
 * response it gives. Every command actually sent is recorded.
 */
function scripted(steps: Array<[string, string]>): { send: ApduSender; sent: string[] } {
  const sent: string[] = [];
  let i = 0;
  const send: ApduSender = async (command) => {
    sent.push(hx(command));
    const step = steps[i++];
    if (!step) throw new Error(`fake card: unexpected extra command ${hx(command)}`);
    expect(hx(command)).toBe(step[0]);
    return h(step[1]);
  };
  return { send, sent };
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

const READ17: CommandApdu = { cla: 0x00, ins: 0xb0, p1: 0x00, p2: 0x00, le: 17 };
const SIGN: CommandApdu = { cla: 0x80, ins: 0x2a, p1: 0x00, p2: 0x80, data: h('AABBCC'), le: 256 };

describe('exchange', () => {
  it('passes a plain 9000 response through', async () => {
    const body = seq(17, 0x30);
    const card = scripted([['00B0000011', hx(body) + '9000']]);
    const r = await exchange(card.send, READ17);
    expect(hx(r.data)).toBe(hx(body));
    expect(r.sw).toBe(0x9000);
    expect(card.sent).toEqual(['00B0000011']);
  });

  it('returns other status words without throwing', async () => {
    const card = scripted([['00B0000011', '6982']]);
    const r = await exchange(card.send, READ17);
    expect(r.sw).toBe(0x6982);
    expect(r.data.length).toBe(0);
  });

  it('follows a 61xx chain with GET RESPONSE (CLA 80 -> 00) and concatenates', async () => {
    const card = scripted([
      ['802A0080' + '03AABBCC' + '00', '6110'],
      ['00C0000010', hx(seq(16, 0x00)) + '6104'],
      ['00C0000004', hx(seq(4, 0x10)) + '9000'],
    ]);
    const r = await exchange(card.send, SIGN);
    expect(hx(r.data)).toBe(hx(seq(20, 0x00)));
    expect(r.sw).toBe(0x9000);
    expect(card.sent.length).toBe(3);
  });

  it('keeps data that arrived with the 61xx response itself', async () => {
    const card = scripted([
      ['00B0000011', 'A1A2' + '6102'],
      ['00C0000002', 'B1B2' + '9000'],
    ]);
    const r = await exchange(card.send, READ17);
    expect(hx(r.data)).toBe('A1A2B1B2');
  });

  it('asks for 256 bytes on 6100', async () => {
    const card = scripted([
      ['00B0000011', '6100'],
      ['00C0000000', hx(new Uint8Array(256).fill(0xee)) + '9000'],
    ]);
    const r = await exchange(card.send, READ17);
    expect(r.data.length).toBe(256);
    expect(r.data[255]).toBe(0xee);
  });

  it('keeps the logical channel in the GET RESPONSE CLA', async () => {
    const card = scripted([
      ['81CA0042' + '00', '6101'],
      ['01C0000001', '42' + '9000'],
    ]);
    const r = await exchange(card.send, { cla: 0x81, ins: 0xca, p1: 0x00, p2: 0x42, le: 256 });
    expect(hx(r.data)).toBe('42');
  });

  it('stops a chain at a non-61 status and returns what it has', async () => {
    const card = scripted([
      ['00B0000011', '6102'],
      ['00C0000002', 'C1C2' + '6F00'],
    ]);
    const r = await exchange(card.send, READ17);
    expect(r.sw).toBe(0x6f00);
    expect(hx(r.data)).toBe('C1C2');
  });

  it('resends once with Le = xx on 6Cxx', async () => {
    const card = scripted([
      ['00B0000000', '6C11'],
      ['00B0000011', hx(seq(17)) + '9000'],
    ]);
    const r = await exchange(card.send, { ...READ17, le: 256 });
    expect(hx(r.data)).toBe(hx(seq(17)));
    expect(r.sw).toBe(0x9000);
  });

  it('6Cxx to a command without Le (a VERIFY) is returned as is, never resent', async () => {
    // Resending a VERIFY would present the PIN a second time (and could use a second try).
    const card = scripted([['002000800431323334', '6C08']]);
    const r = await exchange(card.send, { cla: 0x00, ins: 0x20, p1: 0x00, p2: 0x80, data: Uint8Array.of(0x31, 0x32, 0x33, 0x34) });
    expect(r.sw).toBe(0x6c08);
    expect(card.sent).toEqual(['002000800431323334']);
  });

  it('6C00 means Le 256', async () => {
    const card = scripted([
      ['00B0000011', '6C00'],
      ['00B0000000', hx(new Uint8Array(256)) + '9000'],
    ]);
    const r = await exchange(card.send, READ17);
    expect(r.data.length).toBe(256);
  });

  it('6Cxx on an extended command resends with the short Le under auto', async () => {
    const card = scripted([
      ['00CA00F8' + '000000', '6C40'],
      ['00CA00F8' + '40', hx(seq(0x40)) + '9000'],
    ]);
    const r = await exchange(card.send, { cla: 0x00, ins: 0xca, p1: 0x00, p2: 0xf8, le: 65536 });
    expect(r.data.length).toBe(0x40);
  });

  it('a 6Cxx resend can still be followed by a 61xx chain', async () => {
    const card = scripted([
      ['00B0000011', '6C08'],
      ['00B0000008', '6104'],
      ['00C0000004', 'DEADBEEF' + '9000'],
    ]);
    const r = await exchange(card.send, READ17);
    expect(hx(r.data)).toBe('DEADBEEF');
  });

  it('a second 6Cxx is apdu-wrong-le-loop after exactly two sends', async () => {
    const card = scripted([
      ['00B0000011', '6C08'],
      ['00B0000008', '6C09'],
    ]);
    const e = await rejection(exchange(card.send, READ17));
    expect(e).toBeInstanceOf(ApduError);
    expect((e as ApduError).code).toBe('apdu-wrong-le-loop');
    expect(card.sent.length).toBe(2);
  });

  it('honours the encoding option for the command', async () => {
    const card = scripted([['00B00000' + '000011', hx(seq(17)) + '9000']]);
    await exchange(card.send, READ17, { encoding: 'extended' });
    expect(card.sent).toEqual(['00B00000000011']);
  });

  it('passes apdu-too-long-for-short from encoding', async () => {
    const card = scripted([]);
    const e = await rejection(exchange(card.send, { ...READ17, le: 1000 }, { encoding: 'short' }));
    expect((e as ApduError).code).toBe('apdu-too-long-for-short');
    expect(card.sent.length).toBe(0);
  });

  it('rejects a response shorter than SW1 SW2', async () => {
    const card = scripted([['00B0000011', '90']]);
    const e = await rejection(exchange(card.send, READ17));
    expect((e as ApduError).code).toBe('apdu-response-too-short');
  });

  it('propagates a sender failure unchanged', async () => {
    const boom = new Error('reader gone');
    const e = await rejection(exchange(async () => Promise.reject(boom), READ17));
    expect(e).toBe(boom);
  });

  it('rejects a bad maxGetResponse', async () => {
    for (const bad of [-1, 1.5, Number.POSITIVE_INFINITY]) {
      const e = await rejection(exchange(scripted([]).send, READ17, { maxGetResponse: bad }));
      expect((e as ApduError).code).toBe('apdu-invalid-command');
    }
  });
});

describe('exchange GET RESPONSE bound', () => {
  /** A card that answers every command with one byte and 6101, forever. */
  function endless(): { send: ApduSender; sent: string[] } {
    const sent: string[] = [];
    return {
      sent,
      send: async (c) => {
        sent.push(hx(c));
        return h('77' + '6101');
      },
    };
  }

  it('default: 1 command + 64 GET RESPONSE, then apdu-get-response-loop', async () => {
    const card = endless();
    const e = await rejection(exchange(card.send, READ17));
    expect((e as ApduError).code).toBe('apdu-get-response-loop');
    expect(card.sent.length).toBe(65);
    expect(card.sent[0]).toBe('00B0000011');
    expect(card.sent.slice(1).every((c) => c === '00C0000001')).toBe(true);
  });

  it('maxGetResponse 2 -> 3 sends; 0 -> fails on the first 61xx', async () => {
    const a = endless();
    expect(((await rejection(exchange(a.send, READ17, { maxGetResponse: 2 }))) as ApduError).code).toBe(
      'apdu-get-response-loop',
    );
    expect(a.sent.length).toBe(3);
    const b = endless();
    await rejection(exchange(b.send, READ17, { maxGetResponse: 0 }));
    expect(b.sent.length).toBe(1);
  });

  it('a chain of exactly maxGetResponse GET RESPONSEs succeeds', async () => {
    const card = scripted([
      ['00B0000011', '6101'],
      ['00C0000001', '01' + '6101'],
      ['00C0000001', '02' + '6101'],
      ['00C0000001', '03' + '9000'],
    ]);
    const r = await exchange(card.send, READ17, { maxGetResponse: 3 });
    expect(hx(r.data)).toBe('010203');
  });
});

describe('getResponseCla', () => {
  it('keeps only channel bits (ISO 7816-4 §5.4.1)', () => {
    expect(getResponseCla(0x00)).toBe(0x00);
    expect(getResponseCla(0x03)).toBe(0x03); // channel 3
    expect(getResponseCla(0x0c)).toBe(0x00); // SM bits dropped
    expect(getResponseCla(0x08)).toBe(0x00); // text AP SM CLA (spec §5.4)
    expect(getResponseCla(0x0d)).toBe(0x01);
    expect(getResponseCla(0x10)).toBe(0x00); // chaining bit dropped
    expect(getResponseCla(0x80)).toBe(0x00); // proprietary signing CLA (spec §4.2)
    expect(getResponseCla(0x82)).toBe(0x02);
    expect(getResponseCla(0x45)).toBe(0x45); // further interindustry, channel 9
    expect(getResponseCla(0x65)).toBe(0x45); // ... with SM bit b6 dropped
    expect(getResponseCla(0x5f)).toBe(0x4f); // chaining b5 dropped, channel 19
  });
});
