/**
 * Fuzzing the passport access layer's parsers (issue 15): pasted MRZ lines and typed MRZ fields
 * (src/cards/passport/mrz-key.ts), SecurityInfos from EF.CardAccess / DG14 / EF.CardSecurity
 * (security-infos.ts), GENERAL AUTHENTICATE dynamic authentication data (ga-data.ts), and ICAO
 * secure-messaging answers (secure-messaging/icao-*.ts) — both the data-object parser and the
 * whole `unprotect` step, including answers that carry a correct MAC over arbitrary content so
 * the decryption and padding checks behind the MAC are reached. ≥ 200,000 inputs each at the
 * default scale; only typed errors may escape.
 */
import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import { concatBytes } from '../../../src/bytes/byte-ops';
import { fromHex } from '../../../src/bytes/hex';
import { mrzFieldsFromLines, mrzKeyFromFields } from '../../../src/cards/passport/mrz-key';
import { parseSecurityInfos } from '../../../src/cards/passport/security-infos';
import { dg14SecurityInfos } from '../../../src/cards/passport/passport-card';
import { parseGaData } from '../../../src/cards/passport/ga-data';
import { IcaoSecureMessaging } from '../../../src/cards/secure-messaging/icao-secure-messaging';
import { parseIcaoSmResponse } from '../../../src/cards/secure-messaging/icao-sm-objects';
import { aesBlock, chipMac, chipCbc, chipPad } from '../../../src/sim/passport/chip/chip-crypto';
import { dg14For, cardAccessFor } from '../../../src/sim/passport/chip/chip-security-infos';
import { fixtureRsaKey } from '../../../src/sim/passport/chip/chip-active-auth';
import { attempt, bytesFor, check, FuzzCounter, fuzzAsync, fuzzSync, mutated, runs } from './fuzz-harness';

const counter = new FuzzCounter('fuzz-passport-access');
afterAll(() => counter.flush());

const MRZ_SEEDS = [
  'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10',
  'I<UTOD23145890<7349<<<<<<<<<<<\n3407127M9507122UTO<<<<<<<<<<<2\nSTEVENSON<<PETER<JOHN<<<<<<<<<',
  'I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nL898902C<3UTO6908061F9406236<<<<<<<8',
  'P<JPNKAZASU<<HANAKO<<<<<<<<<<<<<<<<<<<<<<<<<\nTK12345674JPN8503124F3301159<<<<<<<<<<<<<<04',
];
const MRZ_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<\n ';
const mrzText = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...MRZ_SEEDS), fc.array(fc.tuple(fc.nat(), fc.constantFrom(...MRZ_ALPHABET.split('')), fc.nat({ max: 2 })), { maxLength: 4 })).map(([seed, edits]) => {
    let s = seed;
    for (const [at, ch, op] of edits) {
      const i = at % (s.length + 1);
      s = op === 0 ? s.slice(0, i) + ch + s.slice(i + 1) : op === 1 ? s.slice(0, i) + ch + s.slice(i) : s.slice(0, i) + s.slice(i + 1);
    }
    return s;
  }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 120 }) },
  { weight: 1, arbitrary: fc.stringMatching(/^[0-9A-Z<]{28,46}\n[0-9A-Z<]{28,46}(\n[0-9A-Z<]{28,32})?$/) },
);

describe('MRZ input', () => {
  it('mrzFieldsFromLines → mrzKeyFromFields: typed errors only; a parsed MRZ always yields key material', () => {
    fuzzSync(counter, 'MRZ lines (mrzFieldsFromLines + mrzKeyFromFields)', mrzText, (text) => {
      const fields = mrzFieldsFromLines(text);
      return mrzKeyFromFields(fields);
    }, runs(200_000), (key) => {
      check(key.information.length >= 24, 'MRZ_information has at least 24 characters');
    });
  });

  it('mrzKeyFromFields on arbitrary field strings', () => {
    const field = fc.oneof(fc.string({ maxLength: 24 }), fc.stringMatching(/^[0-9A-Z<]{0,24}$/), fc.stringMatching(/^[0-9]{6}$/));
    fuzzSync(counter, 'MRZ fields (mrzKeyFromFields)', fc.record({ documentNumber: field, birthDate: field, expiryDate: field }), mrzKeyFromFields, runs(200_000), (key) => {
      check(key.information.length >= 24 && key.information.every((b) => b < 0x80), 'ASCII MRZ_information');
    });
  });
});

const CA_KEY = { oid: '0.4.0.127.0.7.2.2.3.2.2', groupId: 13, privateKey: 0x1234n, keyId: 1 };
const DH_KEY = { oid: '0.4.0.127.0.7.2.2.3.1.2', groupId: 0, privateKey: 0x5678n };
const SECURITY_INFO_SEEDS: Uint8Array[] = [
  fromHex('31143012060A04007F0007020204020202010202010D'),
  cardAccessFor([{ oid: '0.4.0.127.0.7.2.2.4.6.2', parameterId: 13 }, { oid: '0.4.0.127.0.7.2.2.4.1.2', parameterId: 0 }]),
  fromHex('3164' + '30620609 04007F00 07020201 02305230 0C060704 007F0007 01020201 0D034200 04187270 9494399E 7470A643 1BE25E83 EEE24FEA 568C2ED2 8DB48E05 DB3A610D C884D256 A40E35EF CB59BF67 53D3A489 D28C7A4D 973C2DA1 38A6E7A4 A08F68E1 6F02010D'),
  dg14For({ ca: [CA_KEY, DH_KEY], pace: [{ oid: '0.4.0.127.0.7.2.2.4.2.2', parameterId: 13 }], aa: { kind: 'ecdsa', groupId: 12, privateKey: 99n, hash: 'sha256' } }).subarray(3),
];
const DG14_SEEDS = [dg14For({ ca: [CA_KEY], aa: fixtureRsaKey(1024) }), dg14For({ ca: [DH_KEY] })];

describe('SecurityInfos', () => {
  it('parseSecurityInfos on mutated EF.CardAccess / DG14 / CA key infos', () => {
    fuzzSync(counter, 'SecurityInfos (parseSecurityInfos)', bytesFor(SECURITY_INFO_SEEDS, 400), parseSecurityInfos, runs(200_000), (infos) => {
      check(Array.isArray(infos), 'an array of SecurityInfo');
    });
  });

  it('dg14SecurityInfos on mutated DG14 files', () => {
    fuzzSync(counter, 'DG14 container (dg14SecurityInfos)', bytesFor(DG14_SEEDS, 300), dg14SecurityInfos, runs(50_000));
  });
});

const GA_SEEDS = [
  fromHex('7C12801095A3A016522EE98D01E76CB6B98B42C3'),
  fromHex('7C43824104824FBA91C9CBE26BEF53A0EBE7342A3BF178CEA9F45DE0B70AA601651FBA3F5730D8C879AAA9C9F73991E61B58F4D52EB87A0A0C709A49DC63719363CCD13C54'),
  fromHex('7C3C86088596CF055C67C1A38A301EEA964DAAE372AC990E3EFDE6333353BFC89A6704D93DA8798CF77F5B7A54BD10CBA372B42BE0B9B5F28AA8DE2F4F92'),
  fromHex('7C1B8608917F37B5C0E6D8D1870F444554455354435643413030303033'),
  fromHex('7C028200'),
];

describe('GENERAL AUTHENTICATE data', () => {
  it('parseGaData on mutated answers of every PACE step', () => {
    const allowed = fc.constantFrom<number[]>([0x80], [0x82], [0x84], [0x86, 0x87, 0x88, 0x8a]);
    fuzzSync(counter, 'GA dynamic authentication data (parseGaData)', fc.tuple(bytesFor(GA_SEEDS, 200), allowed), ([b, a]) => parseGaData(b, a), runs(200_000), (map, [, a]) => {
      for (const tag of map.keys()) check(a.includes(tag), 'only allowed tags come back');
    });
  });
});

// --- Secure-messaging answers -------------------------------------------------------------

const KS_ENC = fromHex('979EC13B1CBFE9DCD01AB0FED307EAE5');
const KS_MAC = fromHex('F1CB1F1FB5ADF208806B89DC579DC1F8');
const AES_ENC = fromHex('F5F0E35C0D7161EE6724EE513A0D9A7F');
const AES_MAC = fromHex('FE251C7858B356B24514B3BD5F4297D1');
const SM_SEEDS = [
  fromHex('990290008E08FA855A5D4C50A8ED'),
  fromHex('8709019FF0EC34F9922651990290008E08AD55CC17140B2DED'),
  fromHex('871901FB9235F4E4037F2327DCC8964F1F9B8C30F42C8E2FFF224A990290008E08C8B2787EAEA07D74'),
];

describe('secure-messaging answers', () => {
  it('parseIcaoSmResponse on mutated D.4 answers and random bytes', () => {
    fuzzSync(counter, 'SM answer objects (parseIcaoSmResponse)', bytesFor(SM_SEEDS, 300), parseIcaoSmResponse, runs(200_000), (o) => {
      check(o.mac.length === 8, 'DO 8E holds 8 bytes');
    });
  });

  /**
   * unprotect() with answers whose MAC is correct for the session (the test knows the keys), so
   * the cryptogram, padding indicator, padding and DO'99' checks all see hostile content.
   */
  it('unprotect on answers with a valid MAC over arbitrary objects, 3DES and AES', async () => {
    const content = fc.record({
      cipher: fc.constantFrom('3des' as const, 'aes-128' as const),
      tag: fc.constantFrom(0x87, 0x85, 0x86, -1),
      indicator: fc.constantFrom(0x01, 0x01, 0x02, 0x00),
      plain: fc.uint8Array({ maxLength: 80 }),
      padMode: fc.constantFrom('good', 'good', 'none', 'random'),
      status: fc.oneof(fc.constant(Uint8Array.of(0x90, 0x00)), fc.uint8Array({ maxLength: 3 })),
      withStatus: fc.boolean(),
      rawTail: fc.uint8Array({ maxLength: 4 }),
      odd: fc.boolean(),
      outerSw: fc.constantFrom(0x9000, 0x6282, 0x6a82),
      corruptMac: fc.nat({ max: 12 }),
    });
    await fuzzAsync(counter, 'SM answers (IcaoSecureMessaging.unprotect, valid MAC)', content, async (c) => {
      const aes = c.cipher !== '3des';
      const block = aes ? 16 : 8;
      const sm = new IcaoSecureMessaging({ cipher: c.cipher, ksEnc: aes ? AES_ENC : KS_ENC, ksMac: aes ? AES_MAC : KS_MAC, ssc: new Uint8Array(block) });
      const cmd = { cla: 0, ins: c.odd ? 0xb1 : 0xb0, p1: 0, p2: 0, le: 64 };
      await sm.protect(cmd);
      const ssc = new Uint8Array(block);
      ssc[block - 1] = 2;
      const padded = c.padMode === 'good' ? chipPad(c.plain, block) : c.padMode === 'none' ? c.plain.slice(0, Math.floor(c.plain.length / block) * block) : concatBytes(c.plain, new Uint8Array((block - (c.plain.length % block)) % block).fill(0x11));
      const iv = aes ? aesBlock(AES_ENC, ssc) : undefined;
      const enc = padded.length % block === 0 ? chipCbc(c.cipher, aes ? AES_ENC : KS_ENC, padded, false, iv) : padded;
      const parts: Uint8Array[] = [];
      if (c.tag >= 0) {
        const v = c.tag === 0x87 ? concatBytes(Uint8Array.of(c.indicator), enc) : enc;
        parts.push(concatBytes(Uint8Array.of(c.tag), len(v.length), v));
      }
      if (c.withStatus) parts.push(concatBytes(Uint8Array.of(0x99, c.status.length), c.status));
      parts.push(c.rawTail);
      const objects = concatBytes(...parts);
      const mac = chipMac(c.cipher, aes ? AES_MAC : KS_MAC, concatBytes(ssc, objects));
      if (c.corruptMac === 0) mac[0]! ^= 1;
      const data = concatBytes(objects, Uint8Array.of(0x8e, 0x08), mac);
      return sm.unprotect({ data, sw: c.outerSw }, cmd);
    }, runs(200_000), (res, c) => {
      check(c.corruptMac !== 0, 'a corrupted MAC is never accepted');
      check(res.data.length <= c.plain.length, 'no more data than was encrypted');
    });
  });

  it('unprotect on arbitrary and mutated answers (wrong MAC, plain, truncated)', async () => {
    await fuzzAsync(counter, 'SM answers (IcaoSecureMessaging.unprotect, hostile)', fc.tuple(mutated(SM_SEEDS), fc.constantFrom(0x9000, 0x6988, 0x6987, 0x6a82)), async ([data, swv]) => {
      const sm = new IcaoSecureMessaging({ cipher: '3des', ksEnc: KS_ENC, ksMac: KS_MAC, ssc: fromHex('887022120C06C226') });
      const cmd = { cla: 0, ins: 0xa4, p1: 2, p2: 0x0c, data: fromHex('011E') };
      await sm.protect(cmd);
      return sm.unprotect({ data, sw: swv }, cmd);
    }, runs(50_000), (res, [data]) => {
      // Only the untouched D.4 answer may verify.
      check(attempt(() => data.length) === 14, 'only the genuine answer verifies');
      check(res.sw === 0x9000, 'status from DO 99');
    });
  });
});

function len(n: number): Uint8Array {
  return n < 0x80 ? Uint8Array.of(n) : n < 0x100 ? Uint8Array.of(0x81, n) : Uint8Array.of(0x82, n >> 8, n & 0xff);
}
