/**
 * Access control on the simulated card (spec §1.3, §2.4–§2.6, §9): protected EFs answer 6982
 * until the right key is verified, the security status belongs to the DF and is lost on any DF
 * selection (including the same DF) and on power loss, and the asymmetric 照合番号 rules.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { CardModel } from '../../src/sim/card/card-model';
import type { SimulatedCard } from '../../src/sim/card/simulated-card';
import { simulatedCardFor } from '../../src/sim/mynumber/build-card';
import { build, ok, profileJson, SELECT, sw, verifyApdu } from './helpers';

const P = profileJson('default');
const CODE_B = '55021720352285'; // 550217 (昭和55-02-17) + 2035 + 2285, see verify.test.ts
const BIRTH_KEY = '550217';
const CODE_A = P.person.myNumber;

/** A SHA-256 DigestInfo of 32 zero bytes (spec §4.2 prefix). */
const DI = '30 31 30 0D 06 09 60 86 48 01 65 03 04 02 01 05 00 04 20' + ' 00'.repeat(32);

let model: CardModel;
beforeAll(async () => {
  model = (await build('default')).model;
});

/** READ BINARY of the first byte of EF `sfi` in the current DF, by SFI (`00 B0 80|SFI 00 01`). */
const read1 = (sfi: number) => Uint8Array.of(0x00, 0xb0, 0x80 | sfi, 0x00, 0x01);

async function readable(card: SimulatedCard, sfis: number[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const s of sfis) out[s.toString(16).padStart(4, '0')] = (await sw(card, read1(s))).toString(16);
  return out;
}

describe('protected EFs answer 6982 before VERIFY', () => {
  it('text AP: EF 0001/0002/0003/0006/0007 protected; EF 0004/0005 free', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.text);
    expect(await readable(card, [1, 2, 3, 4, 5, 6, 7])).toEqual({
      '0001': '6982',
      '0002': '6982',
      '0003': '6982',
      '0004': '9000',
      '0005': '9000',
      '0006': '6982',
      '0007': '6982',
    });
  });

  it('券面AP: EF 0001/0002/0005 protected; EF 0003/0004 free', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.face);
    expect(await readable(card, [1, 2, 3, 4, 5])).toEqual({ '0001': '6982', '0002': '6982', '0003': '9000', '0004': '9000', '0005': '6982' });
  });

  it('JPKI-AP: the 署名用 certificate EF 0001 is protected; CA certs, token, availability and auth cert are free', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.jpki);
    expect(await readable(card, [1, 2, 6, 8, 0x0a, 0x0b])).toEqual({ '0001': '6982', '0002': '9000', '0006': '9000', '0008': '9000', '000a': '9000', '000b': '9000' });
  });

  it('JPKI signing with EF 0017 or EF 001A answers 6982 before VERIFY', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.jpki);
    expect(await sw(card, `80 2A 00 97 33 ${DI} 00`)).toBe(0x6982);
    expect(await sw(card, `80 2A 00 9A 33 ${DI} 00`)).toBe(0x6982);
    await ok(card, '00 A4 02 0C 02 00 17');
    expect(await sw(card, `80 2A 00 80 33 ${DI} 00`)).toBe(0x6982);
    await ok(card, '00 A4 02 0C 02 00 1A');
    expect(await sw(card, `80 2A 00 80 33 ${DI} 00`)).toBe(0x6982);
  });
});

describe('after VERIFY the files open', () => {
  it('text PIN (EF 0011) opens EF 0001/0002/0003/0006/0007', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.text);
    await ok(card, verifyApdu(0x91, P.credentials.textPin));
    expect(await readable(card, [1, 2, 3, 6, 7])).toEqual({ '0001': '9000', '0002': '9000', '0003': '9000', '0006': '9000', '0007': '9000' });
  });

  it('auth PIN opens the auth key but not the sign key nor the sign certificate', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.jpki);
    await ok(card, verifyApdu(0x98, P.credentials.authPin));
    expect(await sw(card, `80 2A 00 97 33 ${DI} 00`)).toBe(0x9000);
    expect(await sw(card, `80 2A 00 9A 33 ${DI} 00`)).toBe(0x6982);
    expect(await sw(card, read1(1))).toBe(0x6982);
  });

  it('sign password opens the sign key and the sign certificate but not the auth key', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.jpki);
    await ok(card, verifyApdu(0x9b, P.credentials.signPassword));
    expect(await sw(card, `80 2A 00 9A 33 ${DI} 00`)).toBe(0x9000);
    expect(await sw(card, read1(1))).toBe(0x9000);
    expect(await sw(card, `80 2A 00 97 33 ${DI} 00`)).toBe(0x6982);
  });

  it('a wrong VERIFY does not open anything', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.text);
    expect(await sw(card, '00 20 00 91 04 30 30 30 30')).toBe(0x63c2);
    expect(await sw(card, read1(2))).toBe(0x6982);
  });
});

describe('the security status belongs to the DF', () => {
  it('selecting another DF and coming back clears it', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.text);
    await ok(card, verifyApdu(0x91, P.credentials.textPin));
    expect(await sw(card, read1(2))).toBe(0x9000);
    await ok(card, SELECT.face);
    await ok(card, SELECT.text);
    expect(await sw(card, read1(2))).toBe(0x6982);
    expect(await sw(card, read1(1))).toBe(0x6982);
  });

  it('a status gained in one DF does not open another DF', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.face);
    await ok(card, verifyApdu(0x92, CODE_B));
    expect(await sw(card, read1(2))).toBe(0x9000);
    await ok(card, SELECT.text);
    expect(await sw(card, read1(2))).toBe(0x6982);
  });

  it('re-selecting the same DF clears it (OpenSC logs out this way)', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.jpki);
    await ok(card, verifyApdu(0x98, P.credentials.authPin));
    expect(await sw(card, `80 2A 00 97 33 ${DI} 00`)).toBe(0x9000);
    await ok(card, SELECT.jpki);
    expect(await sw(card, `80 2A 00 97 33 ${DI} 00`)).toBe(0x6982);
  });

  it('SELECT EF inside the DF keeps it', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.text);
    await ok(card, verifyApdu(0x91, P.credentials.textPin));
    await ok(card, '00 A4 02 0C 02 00 02');
    expect(await sw(card, '00 B0 00 00 01')).toBe(0x9000);
    await ok(card, '00 A4 02 0C 02 00 01');
    expect(await sw(card, '00 B0 00 00 01')).toBe(0x9000);
  });

  it('a power cycle clears it', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.text);
    await ok(card, verifyApdu(0x91, P.credentials.textPin));
    expect(await sw(card, read1(2))).toBe(0x9000);
    card.powerOff();
    card.powerOn();
    await ok(card, SELECT.text);
    expect(await sw(card, read1(2))).toBe(0x6982);
  });

  it('a later wrong VERIFY of the same key withdraws the status it had granted', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.text);
    await ok(card, verifyApdu(0x91, P.credentials.textPin));
    expect(await sw(card, read1(2))).toBe(0x9000);
    expect(await sw(card, '00 20 00 91 04 30 30 30 30')).toBe(0x63c2);
    expect(await sw(card, read1(2))).toBe(0x6982);
  });
});

describe('asymmetric 照合番号 rules (spec §2.5, §2.6)', () => {
  it('text 照合番号A (EF 0014) opens EF 0001 and EF 0003, not EF 0002', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.text);
    await ok(card, verifyApdu(0x94, CODE_A));
    expect(await readable(card, [1, 2, 3, 6, 7])).toEqual({ '0001': '9000', '0002': '6982', '0003': '9000', '0006': '9000', '0007': '9000' });
  });

  it('text 照合番号B (EF 0015) opens EF 0002 and EF 0003, not EF 0001', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.text);
    await ok(card, verifyApdu(0x95, CODE_B));
    expect(await readable(card, [1, 2, 3, 6, 7])).toEqual({ '0001': '6982', '0002': '9000', '0003': '9000', '0006': '9000', '0007': '9000' });
  });

  it('券面 照合番号B (EF 0012) opens EF 0002, not EF 0005 nor EF 0001', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.face);
    await ok(card, verifyApdu(0x92, CODE_B));
    expect(await readable(card, [1, 2, 5])).toEqual({ '0001': '6982', '0002': '9000', '0005': '6982' });
  });

  it('券面 照合番号A (EF 0013) opens EF 0002 and EF 0005, not EF 0001', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.face);
    await ok(card, verifyApdu(0x93, CODE_A));
    expect(await readable(card, [1, 2, 5])).toEqual({ '0001': '6982', '0002': '9000', '0005': '9000' });
  });

  it('the 生年月日 key (券面 EF 0011) opens only EF 0001', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.face);
    await ok(card, verifyApdu(0x91, BIRTH_KEY));
    expect(await readable(card, [1, 2, 5])).toEqual({ '0001': '9000', '0002': '6982', '0005': '6982' });
  });

  it('the text PIN value sent to the 券面 birth-date key does not open anything', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.face);
    expect(await sw(card, verifyApdu(0x91, '123456'))).not.toBe(0x9000);
    expect(await sw(card, read1(1))).toBe(0x6982);
  });
});
