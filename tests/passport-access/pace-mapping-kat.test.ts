/**
 * The mapping functions of the card library against 9303-11 Appendix G (Generic Mapping) and
 * Appendix H (Integrated Mapping): H.1 R(s,t), R_p(s,t) and the mapped generator on
 * brainpoolP256r1 with AES-128; H.2 the same over the RFC 5114 1024-bit group.
 */
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../src/bytes/hex';
import { bigintToBytes, bytesToBigint, standardizedGroup, type DhGroup, type EcGroup } from '../../src/cards/passport/domain-parameters';
import { genericMapEc, integratedMapDh, integratedMapEc, pseudoRandom, pseudoRandomBytes } from '../../src/cards/passport/pace-mapping';

const bp256 = standardizedGroup(13) as EcGroup;
const dh1024 = standardizedGroup(0) as DhGroup;

describe('Integrated Mapping (9303-11 Appendix H)', () => {
  it('H.1 ECDH: R(s,t), R_p(s,t) and the mapped generator byte for byte', () => {
    const s = fromHex('2923BE84E16CD6AE529049F1F1BBE9EB');
    const t = fromHex('5DD4CBFC96F5453B130D890A1CDBAE32');
    expect(toHex(pseudoRandomBytes('aes-128', s, t, bp256.p))).toBe(
      'E4447E2DFB3586BAC05DDB00156B57FBB2179A3949294C97254189800C517BAA8DA0FF397ED8C445D3E421E4FEB57322',
    );
    expect(toHex(bigintToBytes(pseudoRandom('aes-128', s, t, bp256.p), 32))).toBe('A2F8FF2DF50E52C6599F386ADCB595D229F6A167ADE2BE5F2C3296ADD5B7430E');
    const g = integratedMapEc(bp256, 'aes-128', s, t);
    expect(g.kind === 'ec' && toHex(g.point.toBytes(false))).toBe(
      '04' + '8E82D31559ED0FDE92A4D0498ADD3C23BABA94FB77691E31E90AEA77FB17D427' + '4C1AE14BD0C3DBAC0C871B7F3608169364437CA30AC243A089D3F266C1E60FAD',
    );
  });

  it('H.2 DH: R_p(s,t) and ĝ byte for byte', () => {
    const s = fromHex('FA5B7E3E49753A0DB9178B7B9BD898C8');
    const t = fromHex('B3A6DB3C870C3E99245E0D1C06B747DE');
    expect(toHex(bigintToBytes(pseudoRandom('aes-128', s, t, dh1024.p), 128))).toBe(
      'A0C7C50C002061A51CC87D254EF38068607417B6EE1B36473CFB800D2D2E5FA2B6980F01105D24FAB22ACD1BFA5C8A4C093ECDFAFE6D7125D42A843E338603835CF19AFAFF75EFE21DC5F6AA1F9AE46C25087E7368166FB08C1E4627AFED7D93570417B790FF7F747E57F432B04E1236819E0DFEF5B6E77CA4999925328182D2',
    );
    const g = integratedMapDh(dh1024, 'aes-128', s, t);
    expect(g.kind === 'dh' && toHex(bigintToBytes(g.g, 128))).toBe(
      '1D7D767F11E333BCD6DBAEF40E799E7A926B96973550656FF3C830726D118D61C276CDCC61D475CF03A98E0C0E79CAEBA5BE25578BD4551D0B10903236F0B0F976852FA78EEA14EA0ACA87D1E91F688FE0DFF897BBE35A472621D343564B262F34223AE8FC59B664BFEDFA2BFE7516CA5510A6BBB633D517EC25D4E0BBAA16C2',
    );
  });
});

describe('Generic Mapping (9303-11 Appendix G.1)', () => {
  it('Ĝ = s·G + H', () => {
    const H = bp256.curve.Point.fromBytes(
      fromHex('0460332EF2450B5D247EF6D3868397D398852ED6E8CAF6FFEEF6BF85CA57057FD50840CA7415BAF3E43BD414D35AA4608B93A2CAF3A4E3EA4E82C9C13D03EB7181'),
    );
    const g = genericMapEc(bp256, fromHex('3F00C4D39D153F2B2A214A078D899B22'), H);
    expect(g.kind === 'ec' && toHex(g.point.toBytes(false))).toBe(
      '048CED63C91426D4F0EB1435E7CB1D74A46723A0AF21C89634F65A9AE87A9265E28C879506743F8611AC33645C5B985C80B5F09A0B83407C1B6A4D857AE76FE522',
    );
    expect(bytesToBigint(fromHex('01'))).toBe(1n);
  });
});
