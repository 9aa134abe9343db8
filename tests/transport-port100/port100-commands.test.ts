/** Port-100 command payloads; expected bytes from reference §2.2 and nfcpy's rcs380 test vectors. */
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../src/bytes/hex';
import {
  describeInCommRfStatus,
  IN_SET_PROTOCOL_DEFAULTS,
  IN_SET_PROTOCOL_TYPE_B,
  inCommRfParams,
  inCommRfTimeoutUnits,
  inSetRfPayload,
  parseInCommRfResponse,
  port100StatusName,
} from '../../src/transport/webusb-port100/port100-commands';
import { TransportError } from '../../src/transport/card-transport';

describe('Port-100 commands', () => {
  it('InSetRF for Type B at 106, 212, 424 kbit/s', () => {
    expect(toHex(inSetRfPayload(106))).toBe('03070F07');
    expect(toHex(inSetRfPayload(212))).toBe('03080F08');
    expect(toHex(inSetRfPayload(424))).toBe('03090F09');
  });

  it('InSetProtocol defaults and Type B overrides', () => {
    expect(toHex(IN_SET_PROTOCOL_DEFAULTS)).toBe('0018010102010300040005000600070808000900 0A000B000C000E040F00100011001200 1306'.replace(/ /g, ''));
    expect(toHex(IN_SET_PROTOCOL_TYPE_B)).toBe('0B01 0901 0C01 0A01 0014'.replace(/ /g, ''));
  });

  it('InCommRF timeout in 0.1 ms units, (ms + 1) × 10', () => {
    expect(inCommRfTimeoutUnits(30)).toBe(0x0136); // 310
    expect(inCommRfTimeoutUnits(1000)).toBe(0x271a); // 10010
    expect(inCommRfTimeoutUnits(100)).toBe(0x03f2); // 1010
    expect(inCommRfTimeoutUnits(1)).toBe(0x0014); // 20
    expect(inCommRfTimeoutUnits(80.96)).toBe(820); // ceil → 81, +1, ×10
    expect(inCommRfTimeoutUnits(7000)).toBe(0xffff); // capped
    expect(inCommRfTimeoutUnits(0)).toBe(0);
    expect(toHex(inCommRfParams(fromHex('050010'), 30))).toBe('3601050010');
  });

  it('parses InCommRF answers: status LE32, one skipped byte, RF data', () => {
    const ok = parseInCommRfResponse(fromHex('00000000 08 50E8253EEC00000011008185'.replace(/ /g, '')));
    expect(ok.status).toBe(0);
    expect(toHex(ok.rf)).toBe('50E8253EEC00000011008185');
    expect(parseInCommRfResponse(fromHex('80000000'))).toEqual({ status: 0x80, rf: new Uint8Array(0) });
    expect(parseInCommRfResponse(fromHex('00040000')).status).toBe(0x400);
    expect(parseInCommRfResponse(fromHex('00000080')).status).toBe(0x80000000);
    expect(() => parseInCommRfResponse(fromHex('000000'))).toThrow(TransportError);
    expect(() => parseInCommRfResponse(fromHex('00000000'))).toThrow(TransportError);
  });

  it('names status bits and status bytes', () => {
    expect(describeInCommRfStatus(0)).toBe('NO_ERROR');
    expect(describeInCommRfStatus(0x80)).toBe('RECEIVE_TIMEOUT');
    expect(describeInCommRfStatus(0x84)).toBe('CRC|RECEIVE_TIMEOUT');
    expect(describeInCommRfStatus(0x20)).toBe('0x00000020');
    expect(port100StatusName(1)).toBe('PARAMETER_ERROR');
    expect(port100StatusName(7)).toBe('COMMANDTYPE_ERROR');
    expect(port100StatusName(0xff)).toBe('STATUS_0xff');
  });
});
