/**
 * The simulated chip's own PACE arithmetic (Appendix B.3 Jacobian point encoding, R_p) against
 * 9303-11 Appendix H, so both sides are pinned to the spec independently of each other.
 */
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../src/bytes/hex';
import { fromBig } from '../../src/sim/passport/chip/chip-crypto';
import { chipGroup } from '../../src/sim/passport/chip/chip-groups';
import { chipImGenerator, chipPrf } from '../../src/sim/passport/chip/chip-pace-math';
import { mrzInformation } from '../../src/sim/passport/chip/passport-chip';

describe('simulated chip PACE math', () => {
  it('H.1: R_p(s,t) and the mapped generator (Jacobian encoding)', () => {
    const g = chipGroup(13);
    const s = fromHex('2923BE84E16CD6AE529049F1F1BBE9EB');
    const t = fromHex('5DD4CBFC96F5453B130D890A1CDBAE32');
    expect(toHex(fromBig(chipPrf('aes-128', s, t, g.p), 32))).toBe('A2F8FF2DF50E52C6599F386ADCB595D229F6A167ADE2BE5F2C3296ADD5B7430E');
    const point = chipImGenerator(g, 'aes-128', s, t) as { toBytes(c: boolean): Uint8Array };
    expect(toHex(point.toBytes(false))).toBe('048E82D31559ED0FDE92A4D0498ADD3C23BABA94FB77691E31E90AEA77FB17D4274C1AE14BD0C3DBAC0C871B7F3608169364437CA30AC243A089D3F266C1E60FAD');
  });

  it('H.2: ĝ over the 1024-bit MODP group', () => {
    const g = chipGroup(0);
    const gen = chipImGenerator(g, 'aes-128', fromHex('FA5B7E3E49753A0DB9178B7B9BD898C8'), fromHex('B3A6DB3C870C3E99245E0D1C06B747DE')) as bigint;
    expect(toHex(fromBig(gen, 128)).slice(0, 32)).toBe('1D7D767F11E333BCD6DBAEF40E799E7A');
  });

  it('MRZ_information with check digits (D.2, I.1)', () => {
    expect(new TextDecoder().decode(mrzInformation({ documentNumber: 'L898902C', birthDate: '690806', expiryDate: '940623' }))).toBe('L898902C<369080619406236');
    expect(new TextDecoder().decode(mrzInformation({ documentNumber: 'C11T002JM', birthDate: '960812', expiryDate: '231031' }))).toBe('C11T002JM496081222310314');
  });
});
