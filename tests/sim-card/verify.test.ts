/**
 * VERIFY semantics for every kind of key on the card (spec §2.1, §2.2, §9):
 * empty VERIFY = retry query that uses no try; wrong value decrements and answers 63Cx; the try
 * that reaches zero answers 63C0; afterwards every VERIFY (even correct) answers 6984 and the
 * empty VERIFY 63C0; a correct value restores the counter.
 *
 * Credential values come from the profile JSON (default.json) or are worked out by hand:
 *   照合番号B = 和暦 YYMMDD 550217 (1980-02-17 = 昭和55) + expiry year 2035 + security code 2285.
 *   生年月日 key = 550217. 照合番号A = the My Number 123456789018.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { CardModel } from '../../src/sim/card/card-model';
import type { SimulatedCard } from '../../src/sim/card/simulated-card';
import { simulatedCardFor } from '../../src/sim/mynumber/build-card';
import { build, ok, profileJson, SELECT, sw, verifyApdu } from './helpers';

const P = profileJson('default');

let model: CardModel;
let lockedModel: CardModel;
let lastTryModel: CardModel;
beforeAll(async () => {
  [model, lockedModel, lastTryModel] = await Promise.all([build('default'), build('locked-pin'), build('last-try')]).then((b) => b.map((x) => x.model));
});

interface KeyCase {
  what: string;
  select: string;
  fid: number;
  right: string;
  wrong: string;
  /** Maximum tries from the spec (§2.1); undefined = UNCONFIRMED, read from the card. */
  max?: number;
}

const KEYS: KeyCase[] = [
  { what: '券面事項入力補助用暗証番号 text EF 0011', select: SELECT.text, fid: 0x11, right: P.credentials.textPin, wrong: '0000', max: 3 },
  { what: '利用者証明用暗証番号 JPKI EF 0018', select: SELECT.jpki, fid: 0x18, right: P.credentials.authPin, wrong: '9999', max: 3 },
  { what: '署名用パスワード JPKI EF 001B', select: SELECT.jpki, fid: 0x1b, right: P.credentials.signPassword, wrong: 'WRONG12', max: 5 },
  { what: '照合番号B text EF 0015', select: SELECT.text, fid: 0x15, right: '55021720352285', wrong: '55021720352286' },
  { what: '照合番号A text EF 0014', select: SELECT.text, fid: 0x14, right: '123456789018', wrong: '123456789026' },
  { what: '照合番号B 券面 EF 0012', select: SELECT.face, fid: 0x12, right: '55021720352285', wrong: '55021720350000' },
  { what: '照合番号A 券面 EF 0013', select: SELECT.face, fid: 0x13, right: '123456789018', wrong: '123456789026' },
  { what: '生年月日 key 券面 EF 0011', select: SELECT.face, fid: 0x11, right: '550217', wrong: '800217' },
  { what: '住基 PIN DF …0100 EF 001C', select: SELECT.common, fid: 0x1c, right: P.credentials.jukiPin, wrong: '4321', max: 3 },
  { what: '住基 PIN DF …0401 EF 001C', select: SELECT.juki, fid: 0x1c, right: P.credentials.jukiPin, wrong: '4321', max: 3 },
];

/** Empty VERIFY `00 20 00 80|SFI` (case 1). */
const query = (fid: number) => Uint8Array.of(0x00, 0x20, 0x00, 0x80 | fid);

async function triesLeft(card: SimulatedCard, fid: number): Promise<number> {
  const s = await sw(card, query(fid));
  expect(s & 0xfff0, `empty VERIFY of ${fid.toString(16)} answered ${s.toString(16)}`).toBe(0x63c0);
  return s & 0x0f;
}

describe.each(KEYS)('VERIFY $what', (k) => {
  it('empty VERIFY answers 63Cx with the maximum and never uses a try', async () => {
    const card = simulatedCardFor(model);
    await ok(card, k.select);
    const first = await triesLeft(card, k.fid);
    if (k.max !== undefined) expect(first).toBe(k.max);
    else expect(first).toBeGreaterThanOrEqual(3); // UNCONFIRMED counters (spec §2.1): at least as lenient as a PIN
    for (let i = 0; i < 12; i++) expect(await sw(card, query(k.fid))).toBe(0x63c0 | first);
    expect(card.activity.triesConsumed).toBe(0);
    expect(card.activity.verifyAttempts).toBe(0);
  });

  it('a wrong value decrements and answers 63Cx; a correct value restores the maximum', async () => {
    const card = simulatedCardFor(model);
    await ok(card, k.select);
    const max = await triesLeft(card, k.fid);
    expect(await sw(card, verifyApdu(0x80 | k.fid, k.wrong))).toBe(0x63c0 | (max - 1));
    expect(await triesLeft(card, k.fid)).toBe(max - 1);
    expect(await sw(card, verifyApdu(0x80 | k.fid, k.wrong))).toBe(0x63c0 | (max - 2));
    expect(await triesLeft(card, k.fid)).toBe(max - 2);
    expect(await sw(card, verifyApdu(0x80 | k.fid, k.right))).toBe(0x9000);
    expect(await triesLeft(card, k.fid)).toBe(max);
  });

  it('the try that reaches zero answers 63C0; later VERIFYs answer 6984 (even correct); empty VERIFY 63C0', async () => {
    const card = simulatedCardFor(model);
    await ok(card, k.select);
    const max = await triesLeft(card, k.fid);
    for (let left = max - 1; left >= 0; left--) {
      expect(await sw(card, verifyApdu(0x80 | k.fid, k.wrong))).toBe(0x63c0 | left);
    }
    expect(await sw(card, verifyApdu(0x80 | k.fid, k.right))).toBe(0x6984);
    expect(await sw(card, verifyApdu(0x80 | k.fid, k.wrong))).toBe(0x6984);
    for (let i = 0; i < 3; i++) expect(await sw(card, query(k.fid))).toBe(0x63c0);
    // A block survives power cycles (counters never reset by themselves, spec §2.1).
    card.powerOff();
    card.powerOn();
    await ok(card, k.select);
    expect(await sw(card, query(k.fid))).toBe(0x63c0);
    expect(await sw(card, verifyApdu(0x80 | k.fid, k.right))).toBe(0x6984);
  });

  it('counters are per key: wrong tries on this key leave the other keys of the DF alone', async () => {
    const card = simulatedCardFor(model);
    await ok(card, k.select);
    const others = KEYS.filter((o) => o.select === k.select && o.fid !== k.fid);
    const before = await Promise.all(others.map((o) => triesLeft(card, o.fid)));
    await sw(card, verifyApdu(0x80 | k.fid, k.wrong));
    const after = [];
    for (const o of others) after.push(await triesLeft(card, o.fid));
    expect(after).toEqual(before);
  });

  it('counters persist across DF selections and power cycles of the same card', async () => {
    const card = simulatedCardFor(model);
    await ok(card, k.select);
    const max = await triesLeft(card, k.fid);
    await sw(card, verifyApdu(0x80 | k.fid, k.wrong));
    await ok(card, k.select === SELECT.jpki ? SELECT.text : SELECT.jpki);
    await ok(card, k.select);
    expect(await triesLeft(card, k.fid)).toBe(max - 1);
    card.powerOff();
    card.powerOn();
    await ok(card, k.select);
    expect(await triesLeft(card, k.fid)).toBe(max - 1);
  });
});

describe('VERIFY addressing (spec §2.2)', () => {
  it('by SFI (P2 = 80|SFI) needs no SELECT EF: 00 20 00 98 opens the auth key', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.jpki);
    expect(await sw(card, '00 20 00 98 04 31 32 33 34')).toBe(0x9000);
    // The auth key (EF 0017) now signs: P2 97 names it by SFI.
    const di = '30 31 30 0D 06 09 60 86 48 01 65 03 04 02 01 05 00 04 20' + ' 00'.repeat(32);
    expect(await sw(card, `80 2A 00 97 33 ${di} 00`)).toBe(0x9000);
  });

  it('P2 = 80 verifies the key of the currently selected EF', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.jpki);
    await ok(card, '00 A4 02 0C 02 00 18');
    expect(await sw(card, '00 20 00 80')).toBe(0x63c3);
    expect(await sw(card, '00 20 00 80 04 30 30 30 30')).toBe(0x63c2);
    expect(await sw(card, '00 20 00 98')).toBe(0x63c2); // same counter, seen by SFI
    expect(await sw(card, '00 20 00 80 04 31 32 33 34')).toBe(0x9000);
    expect(await sw(card, '00 20 00 98')).toBe(0x63c3);
  });

  it('P2 = 80 with the sign-password EF current verifies the password (TEX sequence, spec §4.2)', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.jpki);
    await ok(card, '00 A4 02 0C 02 00 1B');
    expect(await sw(card, '00 20 00 80')).toBe(0x63c5);
    expect(await sw(card, '00 20 00 80 07 4B 41 5A 41 53 55 31')).toBe(0x9000); // "KAZASU1"
    // The 署名用 certificate is now readable.
    expect(await sw(card, '00 B0 81 00 04')).toBe(0x9000);
  });

  it('P2 = 80 with no current EF, or with a non-key EF current, is refused (no 9000, no try used)', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.jpki);
    expect(await sw(card, '00 20 00 80 04 31 32 33 34')).not.toBe(0x9000);
    await ok(card, '00 A4 02 0C 02 00 06');
    expect(await sw(card, '00 20 00 80 04 31 32 33 34')).not.toBe(0x9000);
    expect(card.activity.triesConsumed).toBe(0);
    expect(await sw(card, '00 20 00 98')).toBe(0x63c3);
  });

  it('VERIFY by SFI of a key that is not in this DF does not succeed', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.jpki);
    // EF 0011 is the text PIN, not a JPKI key.
    expect(await sw(card, '00 20 00 91 04 31 32 33 34')).not.toBe(0x9000);
  });
});

describe('special keys', () => {
  it('text AP EF 0012 is blocked on every card: empty 63C0, any value 6984', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.text);
    expect(await sw(card, '00 20 00 92')).toBe(0x63c0);
    expect(await sw(card, '00 20 00 92 04 31 32 33 34')).toBe(0x6984);
    expect(await sw(card, '00 20 00 92 01 30')).toBe(0x6984);
    expect(await sw(card, '00 20 00 92')).toBe(0x63c0);
  });

  it('locked-pin profile: text PIN and auth PIN start at 0 (63C0) and refuse even the right PIN with 6984', async () => {
    const L = profileJson('locked-pin');
    const card = simulatedCardFor(lockedModel);
    await ok(card, SELECT.text);
    expect(await sw(card, '00 20 00 91')).toBe(0x63c0);
    expect(await sw(card, verifyApdu(0x91, L.credentials.textPin))).toBe(0x6984);
    await ok(card, SELECT.jpki);
    expect(await sw(card, '00 20 00 98')).toBe(0x63c0);
    expect(await sw(card, verifyApdu(0x98, L.credentials.authPin))).toBe(0x6984);
    // The sign password is not in retriesLeft: full 5 tries.
    expect(await sw(card, '00 20 00 9B')).toBe(0x63c5);
    expect(await sw(card, verifyApdu(0x9b, L.credentials.signPassword))).toBe(0x9000);
  });

  it('last-try profile: the keys start at 1; a correct value restores the maximum', async () => {
    const L = profileJson('last-try');
    const card = simulatedCardFor(lastTryModel);
    await ok(card, SELECT.jpki);
    expect(await sw(card, '00 20 00 98')).toBe(0x63c1);
    expect(await sw(card, '00 20 00 9B')).toBe(0x63c1);
    expect(await sw(card, verifyApdu(0x98, L.credentials.authPin))).toBe(0x9000);
    expect(await sw(card, '00 20 00 98')).toBe(0x63c3);
    expect(await sw(card, verifyApdu(0x9b, L.credentials.signPassword))).toBe(0x9000);
    expect(await sw(card, '00 20 00 9B')).toBe(0x63c5);
    await ok(card, SELECT.text);
    expect(await sw(card, '00 20 00 91')).toBe(0x63c1);
    // A wrong value on the last try blocks the key at once.
    expect(await sw(card, '00 20 00 91 04 30 30 30 30')).toBe(0x63c0);
    expect(await sw(card, verifyApdu(0x91, L.credentials.textPin))).toBe(0x6984);
  });

  it('the card compares bytes: a lower-case sign password is a wrong value', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.jpki);
    expect(await sw(card, verifyApdu(0x9b, P.credentials.signPassword.toLowerCase()))).toBe(0x63c4);
  });
});

describe('CHANGE REFERENCE DATA 00 24 01 80|SFI (spec §2.3)', () => {
  it('refused (6982) before VERIFY; after VERIFY the new value works and the old one is wrong', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.jpki);
    expect(await sw(card, '00 24 01 98 04 35 36 37 38')).toBe(0x6982);
    await ok(card, '00 20 00 98 04 31 32 33 34');
    expect(await sw(card, '00 24 01 98 04 35 36 37 38')).toBe(0x9000);
    await ok(card, SELECT.jpki);
    expect(await sw(card, '00 20 00 98 04 31 32 33 34')).toBe(0x63c2);
    expect(await sw(card, '00 20 00 98 04 35 36 37 38')).toBe(0x9000);
    // Another card built from the same model is unaffected: the model itself is not changed.
    const other = simulatedCardFor(model);
    await ok(other, SELECT.jpki);
    expect(await sw(other, '00 20 00 98 04 31 32 33 34')).toBe(0x9000);
  });
});
