/**
 * ICAO Doc 9303-11 Appendix D reproduced byte for byte with the simulated chip playing the chip:
 * D.1/D.2 document basic access keys from the MRZ, D.3 GET CHALLENGE / EXTERNAL AUTHENTICATE
 * (E_IFD ‖ M_IFD, E_IC ‖ M_IC) and the session keys, D.4 the protected SELECT EF.COM and
 * READ BINARY APDUs and the chip's protected answers.
 */
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../src/bytes/hex';
import { documentBasicAccessKeys } from '../../src/cards/passport/bac';
import { mrzCheckDigit, mrzFieldsFromLines, mrzKeyFromFields } from '../../src/cards/passport/mrz-key';
import { PassportChip } from '../../src/sim/passport/chip/passport-chip';
import { connect, queueRandom } from './helpers';

const EF_COM = fromHex('60145F0104303130365F36063034303030305C026175');

describe('9303-11 Appendix D.1/D.2 — keys from the MRZ', () => {
  it('MRZ_information, K_enc and K_mac (parity adjusted) for L898902C< / 690806 / 940623', () => {
    const key = mrzKeyFromFields({ documentNumber: 'L898902C', birthDate: '690806', expiryDate: '940623' });
    expect(new TextDecoder().decode(key.information)).toBe('L898902C<369080619406236');
    expect(key.checkDigits).toEqual({ documentNumber: 3, birthDate: 1, expiryDate: 6 });
    const { kEnc, kMac } = documentBasicAccessKeys(key);
    expect(toHex(kEnc)).toBe('AB94FDECF2674FDFB9B391F85D7F76F2');
    expect(toHex(kMac)).toBe('7962D9ECE03D1ACD4C76089DCE131543');
  });

  it('TD1 and TD2 MRZ lines with a document number longer than 9 characters (D.2)', () => {
    const td1 = mrzFieldsFromLines('I<UTOD23145890<7349<<<<<<<<<<<\n3407127M9507122UTO<<<<<<<<<<<2\nSTEVENSON<<PETER<JOHN<<<<<<<<<');
    expect(td1).toEqual({ documentNumber: 'D23145890734', birthDate: '340712', expiryDate: '950712' });
    const key = mrzKeyFromFields(td1);
    expect(new TextDecoder().decode(key.information)).toBe('D23145890734934071279507122');
    expect(mrzCheckDigit('D23145890734')).toBe(9);
    const td2 = mrzFieldsFromLines('I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nL898902C<3UTO6908061F9406236<<<<<<<8');
    expect(new TextDecoder().decode(mrzKeyFromFields(td2).information)).toBe('L898902C<369080619406236');
  });
});

describe('9303-11 Appendix D.3/D.4 — BAC and 3DES secure messaging against the simulated chip', () => {
  it('reproduces every APDU and answer of D.3 and D.4 byte for byte', async () => {
    const chip = new PassportChip({
      mrz: { documentNumber: 'L898902C<', birthDate: '690806', expiryDate: '940623' },
      files: new Map([[0x011e, EF_COM]]),
      random: queueRandom(fromHex('4608F91988702212'), fromHex('0B4F80323EB3191CB04970CB4052790B')),
    });
    const { card, recorder } = await connect(chip, {
      random: queueRandom(fromHex('781723860C06C226'), fromHex('0B795240CB7049B01C19B33E32804F0B')),
    });
    const access = await card.authenticate(mrzKeyFromFields({ documentNumber: 'L898902C', birthDate: '690806', expiryDate: '940623' }));
    expect(access.method).toBe('bac');
    const sm = card.channel.secureMessaging!;
    expect(toHex(sm.sendSequenceCounter)).toBe('887022120C06C226');

    // D.4 as printed: SELECT EF.COM, READ BINARY 4 bytes, READ BINARY the remaining 18.
    await card.channel.sendOk({ cla: 0x00, ins: 0xa4, p1: 0x02, p2: 0x0c, data: fromHex('011E') });
    const head = await card.channel.sendOk({ cla: 0x00, ins: 0xb0, p1: 0x00, p2: 0x00, le: 4 });
    const rest = await card.channel.sendOk({ cla: 0x00, ins: 0xb0, p1: 0x00, p2: 0x04, le: 0x12 });
    expect(toHex(head) + toHex(rest)).toBe(toHex(EF_COM));

    const log = recorder.log;
    // Detection: EF.CardAccess absent (BAC-only chip), then the plain SELECT of the application.
    expect(log[0]).toEqual({ command: '00B09C0000', response: '6A82' });
    expect(log[1]).toEqual({ command: '00A4040C07A0000002471001', response: '9000' });
    // D.3
    expect(log[2]).toEqual({ command: '0084000008', response: '4608F919887022129000' });
    expect(log[3]).toEqual({
      command: '0082000028' + '72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F2' + '5F1448EEA8AD90A7' + '28',
      response: '46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F' + '2F2D235D074D7449' + '9000',
    });
    // D.4
    expect(log[4]).toEqual({ command: '0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800', response: '990290008E08FA855A5D4C50A8ED9000' });
    expect(log[5]).toEqual({ command: '0CB000000D9701048E08ED6705417E96BA5500', response: '8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000' });
    expect(log[6]).toEqual({
      command: '0CB000040D9701128E082EA28A70F3C7B53500',
      response: '871901FB9235F4E4037F2327DCC8964F1F9B8C30F42C8E2FFF224A990290008E08C8B2787EAEA07D749000',
    });
    expect(log).toHaveLength(7);
  });
});
