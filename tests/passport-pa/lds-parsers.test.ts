/**
 * The LDS parsers on known answers: the ICAO 9303 specimen MRZs (TD1, TD2, TD3) and the BAC key
 * material of the 9303-11 worked examples, the simulator's files (written by an independent
 * encoder), and hostile input — every failure a typed LdsError with a code and an offset.
 */
import { describe, expect, it } from 'vitest';
import {
  LdsError,
  mrzCheckDigit,
  mrzDateToIso,
  parseDg1,
  parseDg11,
  parseDg12,
  parseDg14,
  parseDg15,
  parseDg2,
  parseEfCom,
  parseLdsFile,
  parseMrzLines,
  parseMrzString,
  parsePublicKeyInfo,
  parseSecurityInfos,
  parseSod,
  readTlv,
  splitMrzText,
  sniffImageFormat,
} from '../../src/cards/passport/lds';
import { buildSimPassport } from '../../src/sim/passport/lds/build-passport';
import { encodeDg2 } from '../../src/sim/passport/lds/lds-encode';
import { faceJpeg } from '../../src/sim/passport/lds/face-jpeg-data';
import { faceJp2 } from '../../src/sim/assets/faces';
import { hexFile } from './helpers';

function ldsError(fn: () => unknown): LdsError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(LdsError);
    return e as LdsError;
  }
  throw new Error('expected an LdsError');
}

describe('MRZ (9303-3/-4/-5/-6)', () => {
  it('check digits: 9303-3 §4.9 example and the specimen fields', () => {
    expect(mrzCheckDigit('520727')).toBe(3); // 9303-3 worked example
    expect(mrzCheckDigit('L898902C3')).toBe(6);
    expect(mrzCheckDigit('740812')).toBe(2);
    expect(mrzCheckDigit('120415')).toBe(9);
    expect(mrzCheckDigit('ZE184226B<<<<<')).toBe(1);
  });

  it('TD3 specimen (9303-4): ANNA MARIA ERIKSSON, every field and the composite', () => {
    const m = parseMrzLines(['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10']);
    expect(m).toMatchObject({
      format: 'TD3',
      documentCode: 'P',
      issuingState: 'UTO',
      name: { primary: 'ERIKSSON', secondary: 'ANNA MARIA', possiblyTruncated: false },
      documentNumber: 'L898902C3',
      nationality: 'UTO',
      birthDate: '740812',
      sex: 'F',
      expiryDate: '120415',
      optionalData: 'ZE184226B',
      keyMaterial: 'L898902C3674081221204159',
    });
  });

  it('TD1 specimen (9303-5) and TD2 specimen (9303-6)', () => {
    const td1 = parseMrzLines(['I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<']);
    expect(td1).toMatchObject({ format: 'TD1', documentCode: 'I', documentNumber: 'D23145890', birthDate: '740812', expiryDate: '120415', nationality: 'UTO' });
    expect(td1.name.secondary).toBe('ANNA MARIA');
    const td2 = parseMrzLines(['I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<', 'D231458907UTO7408122F1204159<<<<<<<6']);
    expect(td2).toMatchObject({ format: 'TD2', documentNumber: 'D23145890', sex: 'F' });
    expect(td2.keyMaterial).toBe('D23145890774081221204159');
  });

  it('BAC key material of the 9303-11 worked examples (Appendix D.2 and G.1)', async () => {
    expect((await buildSimPassport('icao-appendix-d')).mrzKey).toBe('L898902C<369080619406236');
    expect((await buildSimPassport('icao-appendix-g')).mrzKey).toBe('T22000129364081251010318');
    expect(parseDg1((await buildSimPassport('icao-appendix-d')).dataGroups.get(1)!).mrz.keyMaterial).toBe('L898902C<369080619406236');
  });

  it('every wrong check digit is named, with its offset', () => {
    const good = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];
    const cases: [number, string][] = [
      [9, 'document number'],
      [19, 'birth date'],
      [27, 'expiry date'],
      [42, 'personal number'],
      [43, 'composite'],
    ];
    for (const [at, field] of cases) {
      const l2 = good[1]!.slice(0, at) + String((Number(good[1]![at]) + 1) % 10) + good[1]!.slice(at + 1);
      const e = ldsError(() => parseMrzLines([good[0]!, l2]));
      expect(e.code).toBe('lds-mrz-check-digit');
      expect(e.message).toContain(field);
      expect(e.offset).toBe(44 + at);
    }
    expect(ldsError(() => parseMrzLines([good[0]!, good[1]!.replace('F', 'Q')])).code).toBe('lds-mrz-format');
    expect(ldsError(() => parseMrzLines(['P<UTO', 'L898'])).code).toBe('lds-mrz-format');
    expect(ldsError(() => parseMrzString('p'.repeat(88))).code).toBe('lds-mrz-format');
  });

  it('pasted text splits into lines, with or without line breaks', () => {
    const two = 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\r\nL898902C36UTO7408122F1204159ZE184226B<<<<<10\n';
    expect(parseMrzLines(splitMrzText(two)).documentNumber).toBe('L898902C3');
    expect(splitMrzText(two.replace(/\s/g, ''))).toHaveLength(2);
  });

  it('dates: birth never in the future, expiry within 50 years', () => {
    const now = new Date('2026-06-01T00:00:00Z');
    expect(mrzDateToIso('740812', 'birth', now)).toBe('1974-08-12');
    expect(mrzDateToIso('200101', 'birth', now)).toBe('2020-01-01');
    expect(mrzDateToIso('350415', 'expiry', now)).toBe('2035-04-15');
    expect(mrzDateToIso('9<0812', 'birth', now)).toBeUndefined();
  });
});

describe('data groups', () => {
  it('EF.COM, DG1, DG2, DG11, DG12, DG14, DG15 of a simulated passport parse to what was written', async () => {
    const pp = await buildSimPassport('utopia-bac');
    const com = parseEfCom(pp.files.get(0x011e)!);
    expect(com).toEqual({ ldsVersion: '0107', unicodeVersion: '040000', dataGroups: [1, 2, 11, 12, 14, 15], unknownTags: [] });
    expect(parseDg1(pp.dataGroups.get(1)!).mrz.name.primary).toBe('ERIKSSON');
    const face = parseDg2(pp.dataGroups.get(2)!).faces[0]!;
    expect(face).toMatchObject({ container: 'iso19794-5', format: 'jpeg', width: 240, height: 320, gender: 'F', header: { formatOwner: 0x0101, formatType: 0x0008 } });
    expect([...face.data]).toEqual([...faceJpeg('face-02')]);
    const dg11 = parseDg11(pp.dataGroups.get(11)!);
    expect(dg11).toMatchObject({ fullName: 'ERIKSSON<<ANNA MARIA', fullDateOfBirth: '1974-08-12', address: '1 SPECIMEN STREET<ZENITH<UTOPIA' });
    expect(dg11.tagList).toEqual([0x5f0e, 0x5f2b, 0x5f11, 0x5f42]);
    expect(parseDg12(pp.dataGroups.get(12)!)).toMatchObject({ issuingAuthority: 'UTOPIA (SIMULATED)', dateOfIssue: '2024-04-16', personalizationTime: '20240416101500' });
    const dg14 = parseDg14(pp.dataGroups.get(14)!);
    expect(dg14.chipAuthenticationInfos[0]).toMatchObject({ agreement: 'ECDH', cipher: 'AES-CBC-CMAC-128', version: 1, keyId: 1 });
    const caKey = dg14.chipAuthenticationPublicKeys[0]!.publicKey;
    expect(caKey.kind === 'ec' && caKey.curve).toBe('P-256');
    const aa = parseDg15(pp.dataGroups.get(15)!).publicKey;
    expect(aa.kind === 'rsa' && aa.bits).toBe(1024);
    expect(parseLdsFile(0x0101, pp.dataGroups.get(1)!).file).toBe('DG1');
  });

  it('DG2: JPEG 2000 in 19794-5 and JPEG in 39794-5 (format from the container, confirmed by the bytes)', async () => {
    const jp2 = parseDg2((await buildSimPassport('germany-pace-gm')).dataGroups.get(2)!).faces[0]!;
    expect(jp2).toMatchObject({ container: 'iso19794-5', format: 'jpeg2000' });
    expect([...jp2.data]).toEqual([...faceJp2('face-01')]);
    const j39794 = parseDg2((await buildSimPassport('utopia-id-pace-im')).dataGroups.get(2)!).faces[0]!;
    expect(j39794).toMatchObject({ container: 'iso39794-5', format: 'jpeg' });
    expect(sniffImageFormat(j39794.data)).toBe('jpeg');
  });

  it('DG2 whose declared format disagrees with the image bytes is refused', () => {
    const lying = encodeDg2({ image: faceJpeg('face-01'), format: 'jpeg2000', width: 240, height: 320, container: 'iso19794-5' });
    const e = ldsError(() => parseDg2(lying));
    expect(e.code).toBe('lds-bad-value');
    expect(e.message).toMatch(/declared as jpeg2000 but its bytes are jpeg/);
    const lying39794 = encodeDg2({ image: faceJp2('face-01'), format: 'jpeg', width: 240, height: 320, container: 'iso39794-5' });
    expect(ldsError(() => parseDg2(lying39794)).code).toBe('lds-bad-value');
  });

  it('Japanese specimen: no DG11, so no address', async () => {
    const pp = await buildSimPassport('japan-no-address');
    expect(pp.dataGroups.has(11)).toBe(false);
    expect(parseEfCom(pp.files.get(0x011e)!).dataGroups).not.toContain(11);
    expect(parseDg1(pp.dataGroups.get(1)!).mrz).toMatchObject({ issuingState: 'JPN', nationality: 'JPN', name: { primary: 'NIHON', secondary: 'HANAKO' } });
  });

  it('DG11 text is strict UTF-8 (KÖLN decodes; a broken sequence is an error at its offset)', async () => {
    const bytes = (await buildSimPassport('germany-pace-gm')).dataGroups.get(11)!;
    expect(parseDg11(bytes).address).toBe('HEIDESTRASSE 17<KÖLN');
    const broken = bytes.slice();
    const at = broken.indexOf(0xc3); // first byte of Ö
    broken[at + 1] = 0x28;
    const e = ldsError(() => parseDg11(broken));
    expect(e.code).toBe('lds-bad-value');
  });

  it('EF.CardAccess (PACEInfo) and DG14 of the PACE profiles', async () => {
    const ca = parseSecurityInfos((await buildSimPassport('germany-pace-gm')).mfFiles.get(0x011c)!);
    expect(ca.paceInfos).toEqual([{ type: 'PACEInfo', protocol: '0.4.0.127.0.7.2.2.4.2.2', mapping: 'ECDH-GM', cipher: 'AES-CBC-CMAC-128', version: 2, parameterId: 13 }]);
    const im = parseSecurityInfos((await buildSimPassport('utopia-id-pace-im')).mfFiles.get(0x011c)!);
    expect(im.paceInfos[0]).toMatchObject({ mapping: 'ECDH-IM', cipher: 'AES-CBC-CMAC-256', parameterId: 12 });
    const dg14 = parseDg14((await buildSimPassport('germany-pace-gm')).dataGroups.get(14)!);
    expect(dg14.activeAuthenticationInfo).toMatchObject({ version: 1, signatureAlgorithm: '0.4.0.127.0.7.1.1.4.1.3' });
  });

  it('EF.SOD with BER indefinite lengths inside (the simulated PACE-IM card, like the real NZ SOD) parses', async () => {
    const sod = (await buildSimPassport('utopia-id-pace-im')).files.get(0x011d)!;
    const ci = readTlv(sod, 0, sod.length).start;
    expect([sod[0], sod[ci], sod[ci + 1]]).toEqual([0x77, 0x30, 0x80]);
    expect([...parseSod(sod).securityObject.dataGroupHashes.keys()]).toEqual([1, 2, 14]);
  });
});

describe('hostile input: typed errors naming the offset', () => {
  it('truncation anywhere in DG1 is lds-truncated (or a format error), never anything else', async () => {
    const dg1 = (await buildSimPassport('utopia-bac')).dataGroups.get(1)!;
    for (let n = 0; n < dg1.length; n++) {
      const e = ldsError(() => parseDg1(dg1.subarray(0, n)));
      expect(['lds-truncated', 'lds-mrz-format', 'lds-bad-tag']).toContain(e.code);
      expect(e.offset).toBeLessThanOrEqual(n);
    }
  });

  it('indefinite lengths are refused in data groups and on primitive encodings', () => {
    expect(ldsError(() => parseDg1(Uint8Array.of(0x61, 0x80, 0x00, 0x00))).code).toBe('lds-bad-length');
    expect(ldsError(() => readTlv(Uint8Array.of(0x04, 0x80, 0x00, 0x00), 0, 4, { allowIndefinite: true })).code).toBe('lds-bad-length');
    expect(ldsError(() => readTlv(Uint8Array.of(0x30, 0x80, 0x04, 0x00), 0, 4, { allowIndefinite: true })).code).toBe('lds-truncated');
  });

  it('deep nesting stops at the bound', () => {
    const deep = new Uint8Array(200);
    for (let i = 0; i < 100; i++) {
      deep[2 * i] = 0x30;
      deep[2 * i + 1] = 0x80;
    }
    expect(ldsError(() => readTlv(deep, 0, deep.length, { allowIndefinite: true })).code).toBe('lds-too-deep');
  });

  it('oversized lengths, trailing bytes, wrong tags', () => {
    expect(ldsError(() => parseDg15(Uint8Array.of(0x6f, 0x85, 1, 0, 0, 0, 0))).code).toBe('lds-bad-length');
    expect(ldsError(() => parseEfCom(Uint8Array.of(0x60, 0x00, 0xff))).code).toBe('lds-trailing-data');
    const e = ldsError(() => parseDg14(Uint8Array.of(0x6f, 0x00)));
    expect(e.code).toBe('lds-unexpected-tag');
    expect(e.offset).toBe(0);
    expect(ldsError(() => parsePublicKeyInfo(Uint8Array.of(0x30, 0x03, 0x30, 0x01, 0x06))).code).toBe('lds-truncated');
  });

  it('the BSI DG15 with one length byte changed reports the offset of that length', () => {
    const dg15 = hexFile('sod/BSI_TR03105-5_DG15.hex').slice();
    dg15[5] = 0x30; // inner SEQUENCE's length
    const e = ldsError(() => parseDg15(dg15));
    expect(e.offset).toBeGreaterThanOrEqual(3);
  });
});
