/**
 * ISO/IEC 14443 Type A host pieces, from the standard's own examples and codings: CRC_A (Annex B
 * of ISO/IEC 14443-3), ATQA, the anticollision frames with BCC and the cascade tag, SAK, RATS,
 * the ATS with and without interface bytes (ISO/IEC 14443-4 defaults), PPS; and ISO-DEP blocks
 * with a CID.
 */
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../src/bytes/hex';
import { TransportError } from '../../src/transport/card-transport';
import { appendCrcA, crcA, stripCrcA } from '../../src/transport/iso-dep/crc-a';
import { IsoDepSession } from '../../src/transport/iso-dep/iso-dep-session';
import { fwtMsFromFwi } from '../../src/transport/iso-dep/iso-dep-timing';
import {
  buildPps,
  buildRats,
  checkPpsResponse,
  parseAtqa,
  parseAts,
  parseSak,
  parseSddRes,
  sddReq,
  selReq,
  TypeAActivationError,
  uidPartOfLevel,
} from '../../src/transport/iso-dep/type-a-activation';
import { chooseBitRate } from '../../src/transport/iso-dep/type-b-bit-rate';

function reasonOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(TypeAActivationError);
    expect((e as TransportError).code).toBe('protocol');
    return (e as TypeAActivationError).reason;
  }
  throw new Error('expected a TypeAActivationError');
}

describe('CRC_A (ISO/IEC 14443-3 Annex B)', () => {
  it('the Annex B examples: 00 00 → A0 1E, 12 34 → 26 CF', () => {
    expect(toHex(crcA(fromHex('0000')))).toBe('A01E');
    expect(toHex(crcA(fromHex('1234')))).toBe('26CF');
  });
  it('HLTA on air is 50 00 57 CD; stripCrcA checks and removes, and refuses a damaged frame', () => {
    expect(toHex(appendCrcA(fromHex('5000')))).toBe('500057CD');
    expect(toHex(stripCrcA(fromHex('500057CD')))).toBe('5000');
    expect(() => stripCrcA(fromHex('500057CE'))).toThrow(TransportError);
    expect(() => stripCrcA(fromHex('57'))).toThrow(TransportError);
  });
});

describe('ATQA, anticollision, SAK', () => {
  it('ATQA gives the UID size; a Type 1 tag (no anticollision bit) and two bits set are refused', () => {
    expect(parseAtqa(fromHex('0400')).uidSize).toBe(4);
    expect(parseAtqa(fromHex('4400')).uidSize).toBe(7);
    expect(parseAtqa(fromHex('8400')).uidSize).toBe(10);
    expect(parseAtqa(fromHex('C400')).uidSize).toBeUndefined();
    expect(reasonOf(() => parseAtqa(fromHex('000C')))).toBe('atqa-no-anticollision');
    expect(reasonOf(() => parseAtqa(fromHex('0600')))).toBe('atqa-no-anticollision');
    expect(reasonOf(() => parseAtqa(fromHex('04')))).toBe('atqa-length');
  });

  it('SDD_REQ and SEL_REQ per cascade level, BCC the exclusive or of UID CLn', () => {
    expect(toHex(sddReq(1))).toBe('9320');
    expect(toHex(sddReq(2))).toBe('9520');
    expect(toHex(sddReq(3))).toBe('9720');
    expect(toHex(selReq(1, fromHex('01020304')))).toBe('93700102030404');
    expect(toHex(selReq(2, fromHex('88044B5A')))).toBe('957088044B5A9D');
    expect(toHex(parseSddRes(fromHex('0102030404')))).toBe('01020304');
    expect(reasonOf(() => parseSddRes(fromHex('0102030405')))).toBe('bcc-mismatch');
    expect(reasonOf(() => parseSddRes(fromHex('01020304')))).toBe('sdd-res-length');
  });

  it('SAK: b3 cascade, b6 ISO/IEC 14443-4 only when b3 is clear; the cascade tag must match the bit', () => {
    expect(parseSak(fromHex('20'))).toEqual({ value: 0x20, cascade: false, isoDep: true });
    expect(parseSak(fromHex('08'))).toEqual({ value: 0x08, cascade: false, isoDep: false }); // MIFARE Classic 1K
    expect(parseSak(fromHex('24'))).toEqual({ value: 0x24, cascade: true, isoDep: false });
    expect(reasonOf(() => parseSak(fromHex('2000')))).toBe('sak-length');
    expect(toHex(uidPartOfLevel(1, fromHex('88044B5A'), parseSak(fromHex('04'))))).toBe('044B5A');
    expect(reasonOf(() => uidPartOfLevel(1, fromHex('01044B5A'), parseSak(fromHex('04'))))).toBe('cascade-tag-missing');
    expect(reasonOf(() => uidPartOfLevel(2, fromHex('88044B5A'), parseSak(fromHex('20'))))).toBe('cascade-tag-missing');
    expect(reasonOf(() => uidPartOfLevel(3, fromHex('88044B5A'), parseSak(fromHex('04'))))).toBe('cascade-too-deep');
  });
});

describe('RATS, ATS, PPS (ISO/IEC 14443-4 §5)', () => {
  it('RATS E0 | FSDI CID: nfcpy sends E0 80 (FSD 256, CID 0)', () => {
    expect(toHex(buildRats(8, 0))).toBe('E080');
    expect(toHex(buildRats(5, 3))).toBe('E053');
    expect(() => buildRats(9, 0)).toThrow(RangeError);
  });

  it('a full ATS: FSCI, TA bit rates, FWI/SFGI, TC CID/NAD, historical bytes', () => {
    const ats = parseAts(fromHex('0878F7B102' + '8031C0'));
    expect(ats.fsci).toBe(8);
    expect(ats.fsc).toBe(256);
    expect(ats.ta).toBe(0xf7);
    expect(ats.bitRates.pcdToPicc).toEqual([106, 212, 424, 848]);
    expect(ats.bitRates.sameRateBothWays).toBe(true);
    expect(ats.fwi).toBe(11);
    expect(ats.fwtMs).toBeCloseTo(fwtMsFromFwi(11), 9);
    expect(ats.sfgi).toBe(1);
    expect(ats.sfgtMs).toBeCloseTo((4096 / 13.56e6) * 2 * 1000, 9);
    expect(ats.cidSupported).toBe(true);
    expect(ats.nadSupported).toBe(false);
    expect(toHex(ats.historicalBytes)).toBe('8031C0');
  });

  it('TL must be the ATS length; T0 must not announce more interface bytes than there are', () => {
    expect(reasonOf(() => parseAts(fromHex('0A78F7B102')))).toBe('ats-length');
    expect(reasonOf(() => parseAts(fromHex('0378F7')))).toBe('ats-interface-bytes');
    expect(reasonOf(() => parseAts(new Uint8Array(0)))).toBe('ats-empty');
    expect(reasonOf(() => parseAts(fromHex('00')))).toBe('ats-length');
  });

  it('defaults where T0 leaves bytes out: FSCI 2, 106 only, FWI 4, SFGI 0, CID supported, NAD not', () => {
    const tlOnly = parseAts(fromHex('01'));
    expect([tlOnly.fsc, tlOnly.ta, tlOnly.fwi, tlOnly.sfgi, tlOnly.cidSupported, tlOnly.nadSupported]).toEqual([32, 0, 4, 0, true, false]);
    const t0Only = parseAts(fromHex('0205'));
    expect(t0Only.fsc).toBe(64);
    expect(t0Only.fwtMs).toBeCloseTo(fwtMsFromFwi(4), 9);
    // RFU values read as the smallest claim or as nfcpy does.
    const rfu = parseAts(fromHex('057F08FF00'));
    expect(rfu.fsc).toBe(256);
    expect(rfu.bitRates.pcdToPicc).toEqual([106]);
    expect(rfu.fwtMs).toBeCloseTo(fwtMsFromFwi(4), 9);
    expect(rfu.sfgtMs).toBe(0);
    expect(rfu.cidSupported).toBe(false);
  });

  it('TA(1) drives the rate choice exactly as the ATQB byte does; PPS1 codes DSI and DRI', () => {
    expect(chooseBitRate(0x77, [106, 212, 424])).toBe(424);
    expect(chooseBitRate(0x11, [106, 212, 424])).toBe(212);
    expect(chooseBitRate(0x00, [106, 212, 424])).toBe(106);
    expect(toHex(buildPps(0, 212))).toBe('D01105');
    expect(toHex(buildPps(0, 424))).toBe('D0110A');
    expect(toHex(buildPps(2, 848))).toBe('D2110F');
    expect(() => checkPpsResponse(fromHex('D0'), 0)).not.toThrow();
    expect(reasonOf(() => checkPpsResponse(fromHex('D1'), 0))).toBe('pps-response');
  });
});

describe('ISO-DEP blocks with a CID (Type A, ATS TC(1) b2)', () => {
  it('every block carries PCB b4 and the CID byte; answers must carry it back; INF per block shrinks by one', async () => {
    const sent: string[] = [];
    const answers = ['0A029000'];
    const exchange = async (frame: Uint8Array): Promise<Uint8Array> => {
      sent.push(toHex(frame));
      return fromHex(answers.shift()!);
    };
    const session = new IsoDepSession(exchange, { fsc: 32, fsd: 256, fwtMs: 10, cid: 2 });
    expect(session.maxInfPerBlock).toBe(28);
    expect(toHex(await session.transceive(fromHex('00A40000')))).toBe('9000');
    expect(sent).toEqual(['0A0200A40000']);
    // A block without the CID is not ours: R(NAK) with the CID (PCB BA) follows.
    const lost = new IsoDepSession(async (f) => (sent.push(toHex(f)), fromHex('029000')), { fsc: 32, fsd: 256, fwtMs: 10, cid: 2, maxRetries: 1 });
    await expect(lost.transceive(fromHex('00A40000'))).rejects.toBeInstanceOf(TransportError);
    expect(sent.slice(1)).toEqual(['0A0200A40000', 'BA02']);
  });
});
