/**
 * ICAO Doc 9303-11 Appendix D.4 (secure messaging after BAC, 3DES) reproduced byte for byte by
 * the card library's SM layer: every protected command and the opening of every answer.
 */
import { describe, expect, it } from 'vitest';
import { encodeCommand, type CommandApdu } from '../../src/apdu/command';
import { parseResponse } from '../../src/apdu/response';
import { fromHex, toHex } from '../../src/bytes/hex';
import { IcaoSecureMessaging } from '../../src/cards/secure-messaging/icao-secure-messaging';
import { IcaoSmError } from '../../src/cards/secure-messaging/icao-sm-error';

const KS_ENC = fromHex('979EC13B1CBFE9DCD01AB0FED307EAE5');
const KS_MAC = fromHex('F1CB1F1FB5ADF208806B89DC579DC1F8');
const SSC = fromHex('887022120C06C226');

function session(): IcaoSecureMessaging {
  return new IcaoSecureMessaging({ cipher: '3des', ksEnc: KS_ENC, ksMac: KS_MAC, ssc: SSC });
}

async function step(sm: IcaoSecureMessaging, plain: CommandApdu, protectedHex: string, answerHex: string) {
  const prot = await sm.protect(plain);
  expect(toHex(encodeCommand(prot, 'short'))).toBe(protectedHex);
  return sm.unprotect(parseResponse(fromHex(answerHex)), plain);
}

describe('9303-11 Appendix D.4 — 3DES secure messaging', () => {
  it('SELECT EF.COM, READ BINARY 4, READ BINARY 18: protected APDUs and opened answers byte for byte', async () => {
    const sm = session();
    const r1 = await step(
      sm,
      { cla: 0x00, ins: 0xa4, p1: 0x02, p2: 0x0c, data: fromHex('011E') },
      '0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800',
      '990290008E08FA855A5D4C50A8ED9000',
    );
    expect(r1.sw).toBe(0x9000);
    expect(r1.data.length).toBe(0);
    expect(toHex(sm.sendSequenceCounter)).toBe('887022120C06C228');

    const r2 = await step(
      sm,
      { cla: 0x00, ins: 0xb0, p1: 0x00, p2: 0x00, le: 4 },
      '0CB000000D9701048E08ED6705417E96BA5500',
      '8709019FF0EC34F992265199029000' + '8E08AD55CC17140B2DED9000',
    );
    expect(toHex(r2.data)).toBe('60145F01');
    expect(toHex(sm.sendSequenceCounter)).toBe('887022120C06C22A');

    const r3 = await step(
      sm,
      { cla: 0x00, ins: 0xb0, p1: 0x00, p2: 0x04, le: 0x12 },
      '0CB000040D9701128E082EA28A70F3C7B53500',
      '871901FB9235F4E4037F2327DCC8964F1F9B8C30F42C8E2FFF224A990290008E08C8B2787EAEA07D749000',
    );
    expect(toHex(r3.data)).toBe('04303130365F36063034303030305C026175');
    expect(toHex(sm.sendSequenceCounter)).toBe('887022120C06C22C');
  });

  it('a one-bit change in the answer MAC ends the session with sm-mac-mismatch', async () => {
    const sm = session();
    const plain = { cla: 0x00, ins: 0xa4, p1: 0x02, p2: 0x0c, data: fromHex('011E') };
    await sm.protect(plain);
    await expect(sm.unprotect(parseResponse(fromHex('990290008E08FA855A5D4C50A8EC9000')), plain)).rejects.toMatchObject({ code: 'sm-mac-mismatch' });
    await expect(sm.protect(plain)).rejects.toBeInstanceOf(IcaoSmError);
  });

  it('a plain 9000 while SM is active is a downgrade; plain 6988 is the chip aborting SM', async () => {
    const plain = { cla: 0x00, ins: 0xb0, p1: 0x00, p2: 0x00, le: 4 };
    const a = session();
    await a.protect(plain);
    await expect(a.unprotect(parseResponse(fromHex('60145F019000')), plain)).rejects.toMatchObject({ code: 'sm-downgrade' });
    const b = session();
    await b.protect(plain);
    await expect(b.unprotect(parseResponse(fromHex('9000')), plain)).rejects.toMatchObject({ code: 'sm-downgrade', sw: 0x9000 });
    const c = session();
    await c.protect(plain);
    await expect(c.unprotect(parseResponse(fromHex('6988')), plain)).rejects.toMatchObject({ code: 'sm-aborted-by-chip' });
  });
});
