/** Type B activation and ISO-DEP timing, from reference §2.3 and the numbers of ISO/IEC 14443. */
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../src/bytes/hex';
import { TransportError } from '../../src/transport/card-transport';
import { DELTA_FWT_MS, FWT_MAX_MS, frameSizeFromIndex, fwtMsFromFwi, wtxWaitMs } from '../../src/transport/iso-dep/iso-dep-timing';
import { buildAttrib, isIsoDepCapable, parseAttribResponse, parseSensbRes, SENSB_REQ } from '../../src/transport/iso-dep/type-b-activation';

describe('Type B activation', () => {
  it('SENSB_REQ is 05 00 10', () => {
    expect(toHex(SENSB_REQ)).toBe('050010');
  });

  it("parses nfcpy's SENSB_RES vector 50 E8253EEC 00000011 00 81 85", () => {
    const t = parseSensbRes(fromHex('50E8253EEC00000011008185'));
    expect(toHex(t.pupi)).toBe('E8253EEC');
    expect(toHex(t.applicationData)).toBe('00000011');
    expect(t.bitRateCapability).toBe(0);
    expect(t.fsci).toBe(8);
    expect(t.fsc).toBe(256);
    expect(t.protocolType).toBe(1);
    expect(isIsoDepCapable(t)).toBe(true);
    expect(t.fwi).toBe(8);
    // 4096 / 13.56 MHz × 2^8 = 1 048 576 / 13 560 000 s
    expect(t.fwtMs).toBeCloseTo(77.328, 2);
  });

  it('builds ATTRIB 1D PUPI 00 08 01 00', () => {
    const t = parseSensbRes(fromHex('50E8253EEC00000011008185'));
    expect(toHex(buildAttrib(t, 8))).toBe('1DE8253EEC00080100');
    expect(toHex(buildAttrib(t, 7))).toBe('1DE8253EEC00070100');
    expect(() => buildAttrib(t, 9)).toThrow(TransportError);
  });

  it('rejects malformed SENSB_RES (nfcpy: 51… and 11-byte answers)', () => {
    expect(() => parseSensbRes(fromHex('51E8253EEC00000011008185'))).toThrow(TransportError);
    expect(() => parseSensbRes(fromHex('50E8253EEC000000110081'))).toThrow(TransportError);
    expect(() => parseSensbRes(new Uint8Array(14).fill(0x50))).toThrow(TransportError);
  });

  it('reads RFU FSCI as 8 and RFU FWI as 4, and maps the FSC table', () => {
    const t = parseSensbRes(fromHex('50E8253EEC0000001100C1F5'));
    expect(t.fsc).toBe(256);
    expect(t.fwtMs).toBeCloseTo(fwtMsFromFwi(4), 6);
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8].map(frameSizeFromIndex)).toEqual([16, 24, 32, 40, 48, 64, 96, 128, 256]);
  });

  it('notices a card that is not ISO 14443-4', () => {
    expect(isIsoDepCapable(parseSensbRes(fromHex('50E8253EEC00000011008085')))).toBe(false);
  });

  it('checks the ATTRIB answer', () => {
    expect(parseAttribResponse(fromHex('00'))).toEqual({ mbli: 0, cid: 0 });
    expect(parseAttribResponse(fromHex('10'))).toEqual({ mbli: 1, cid: 0 });
    expect(() => parseAttribResponse(fromHex('01'))).toThrow(TransportError);
    expect(() => parseAttribResponse(new Uint8Array(0))).toThrow(TransportError);
  });
});

describe('ISO-DEP timing', () => {
  it('FWT, ΔFWT, FWTmax and the WTX cap', () => {
    expect(fwtMsFromFwi(0)).toBeCloseTo(0.30206, 4); // 4096 / 13.56 MHz
    expect(FWT_MAX_MS).toBeCloseTo(4949.03, 1); // 4096 × 2^14 / 13.56 MHz
    expect(DELTA_FWT_MS).toBeCloseTo(3.6248, 3); // 49152 / 13.56 MHz
    expect(wtxWaitMs(fwtMsFromFwi(8), 5)).toBeCloseTo(386.64, 1);
    expect(wtxWaitMs(fwtMsFromFwi(12), 59)).toBe(FWT_MAX_MS);
  });
});
