/**
 * Port-100 framing. Expected bytes are worked out by hand from reference browser-readers.md §2.1:
 * 00 00 FF FF FF | LEN(LE) | LCS = (256 − ΣLEN) & FF | DATA | DCS = (256 − ΣDATA) & FF | 00.
 */
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../src/bytes/hex';
import {
  decodePort100Frame,
  encodePort100Frame,
  Port100FrameAssembler,
  port100Checksum,
  PORT100_ACK,
} from '../../src/transport/webusb-port100/port100-frame';

describe('Port-100 frame encoding', () => {
  it('checksums are 256 minus the byte sum, mod 256', () => {
    expect(port100Checksum(fromHex('0300'))).toBe(0xfd); // 256 − 3
    expect(port100Checksum(fromHex('D62A01'))).toBe(0xff); // D6+2A+01 = 0x101 → 0x01 → FF
    expect(port100Checksum(fromHex('00'))).toBe(0x00);
    expect(port100Checksum(fromHex('3132'))).toBe(0x9d); // 0x63 → 0x9D
  });

  it('SetCommandType(1): D6 2A 01', () => {
    expect(toHex(encodePort100Frame(fromHex('D62A01')))).toBe('0000FFFFFF0300FDD62A01FF00');
  });

  it('GetFirmwareVersion: D6 20', () => {
    // LEN 02 00, LCS FE; D6+20 = F6 → DCS 0A
    expect(toHex(encodePort100Frame(fromHex('D620')))).toBe('0000FFFFFF0200FED6200A00');
  });

  it('InCommRF SENSB_REQ with 30 ms: D6 04 3601 050010', () => {
    // LEN 07 00, LCS F9; D6+04+36+01+05+00+10 = 0x126 → 0x26 → DCS DA
    expect(toHex(encodePort100Frame(fromHex('D604360105 0010')))).toBe('0000FFFFFF0700F9D60436010500 10DA00'.replace(/ /g, ''));
  });

  it('a 300-byte DATA gets a two-byte little-endian length', () => {
    const data = new Uint8Array(300).fill(0x01);
    const f = encodePort100Frame(data);
    expect(toHex(f.subarray(0, 8))).toBe('0000FFFFFF2C01D3'); // 0x012C; 2C+01 = 2D → D3
    expect(f[8 + 300]).toBe((256 - (300 & 0xff)) & 0xff); // Σ = 300 → 0x2C → D4
    expect(f[8 + 300]).toBe(0xd4);
    expect(f[f.length - 1]).toBe(0);
  });

  it('refuses empty or oversized DATA', () => {
    expect(() => encodePort100Frame(new Uint8Array(0))).toThrow(RangeError);
    expect(() => encodePort100Frame(new Uint8Array(513))).toThrow(RangeError);
  });
});

describe('Port-100 frame decoding', () => {
  it("decodes nfcpy's vectors: data, ACK, error", () => {
    expect(decodePort100Frame(fromHex('0000ffffff0200fe31329d00'))).toEqual({ type: 'data', data: fromHex('3132') });
    expect(decodePort100Frame(PORT100_ACK)).toEqual({ type: 'ack' });
    expect(decodePort100Frame(fromHex('0000ffffff'))).toEqual({ type: 'error' });
    expect(decodePort100Frame(fromHex('0000ff'))).toBeUndefined();
  });

  it('decodes the PN53x-style error frame 00 00 FF 01 FF 7F 81 00', () => {
    expect(decodePort100Frame(fromHex('0000FF01FF7F8100'))).toEqual({ type: 'error' });
  });

  it('reports a bad length checksum', () => {
    expect(decodePort100Frame(fromHex('0000FFFFFF0200FF31329D00'))?.type).toBe('corrupt');
  });

  it('reports a bad data checksum', () => {
    const f = decodePort100Frame(fromHex('0000FFFFFF0200FE31329C00'));
    expect(f).toEqual({ type: 'corrupt', reason: 'data checksum (DCS) mismatch' });
  });

  it('reports a missing postamble', () => {
    expect(decodePort100Frame(fromHex('0000FFFFFF0200FE31329D01'))?.type).toBe('corrupt');
  });

  it('reports an absurd length', () => {
    // LEN 0x0400 = 1024 > 512, LCS = 256 − 4 = FC
    expect(decodePort100Frame(fromHex('0000FFFFFF0004FC'))).toEqual({ type: 'corrupt', reason: 'frame length 1024' });
  });

  it('assembles a frame split across transfers, and two frames in one', () => {
    const a = new Port100FrameAssembler();
    a.push(fromHex('0000FFFFFF03'));
    expect(a.next()).toBeUndefined();
    a.push(fromHex('00FDD72B00'));
    expect(a.next()).toBeUndefined();
    a.push(fromHex('FE00')); // D7+2B+00 = 0x102 → 02 → FE
    expect(a.next()).toEqual({ type: 'data', data: fromHex('D72B00') });
    a.push(fromHex('0000FF00FF00 0000FFFFFF0300FDD70700 22 00'.replace(/ /g, ''))); // D7+07 = DE → 22
    expect(a.next()).toEqual({ type: 'ack' });
    expect(a.next()).toEqual({ type: 'data', data: fromHex('D70700') });
    expect(a.next()).toBeUndefined();
  });

  it('skips stray bytes before a preamble and says so', () => {
    const a = new Port100FrameAssembler();
    a.push(fromHex('1234560000FF00FF00'));
    expect(a.next()).toEqual({ type: 'corrupt', reason: '3 stray bytes' });
    expect(a.next()).toEqual({ type: 'ack' });
  });

  it('keeps its buffer bounded on endless garbage', () => {
    const a = new Port100FrameAssembler();
    for (let i = 0; i < 100; i++) a.push(new Uint8Array(100).fill(0x55));
    let n = 0;
    while (a.next()) n++;
    expect(n).toBe(100);
  });
});
