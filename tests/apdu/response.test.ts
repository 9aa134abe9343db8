import { describe, expect, it } from 'vitest';
import { encodeResponse, parseResponse } from '../../src/apdu/response';
import { expectApduError, h, hx } from './helpers';

describe('parseResponse', () => {
  it('splits data and SW1 SW2', () => {
    const r = parseResponse(h('0102 63C3'));
    expect(hx(r.data)).toBe('0102');
    expect(r.sw).toBe(0x63c3);
  });

  it('accepts a bare status word', () => {
    const r = parseResponse(h('9000'));
    expect(r.data.length).toBe(0);
    expect(r.sw).toBe(0x9000);
  });

  it('reads a high SW1 as an unsigned value', () => {
    expect(parseResponse(h('FFFF')).sw).toBe(0xffff);
  });

  it('rejects fewer than 2 bytes at offset 0', () => {
    expectApduError(() => parseResponse(h('')), 'apdu-response-too-short', 0);
    expectApduError(() => parseResponse(h('90')), 'apdu-response-too-short', 0);
  });
});

describe('encodeResponse', () => {
  it('appends SW1 SW2', () => {
    expect(hx(encodeResponse(h('0102'), 0x6282))).toBe('01026282');
    expect(hx(encodeResponse(new Uint8Array(0), 0x9000))).toBe('9000');
    expect(hx(encodeResponse(new Uint8Array(0), 0x0001))).toBe('0001');
  });

  it('rejects a status word outside 0000..FFFF', () => {
    expectApduError(() => encodeResponse(new Uint8Array(0), 0x10000), 'apdu-invalid-command');
    expectApduError(() => encodeResponse(new Uint8Array(0), -1), 'apdu-invalid-command');
  });
});
