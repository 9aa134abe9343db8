import { describe, expect, it } from 'vitest';
import {
  apduCase,
  decodeCommand,
  describeCommandHeader,
  encodeCommand,
  type CommandApdu,
  type LengthEncoding,
} from '../../src/apdu/command';
import { expectApduError, h, hx, seq } from './helpers';

const READ = { cla: 0x00, ins: 0xb0, p1: 0x00, p2: 0x00 } as const;
const VERIFY = { cla: 0x00, ins: 0x20, p1: 0x00, p2: 0x80 } as const;
const SIGN = { cla: 0x80, ins: 0x2a, p1: 0x00, p2: 0x80 } as const;
const PIN = h('31 32 33 34'); // "1234"

describe('apduCase', () => {
  it('classifies by presence of data and Le', () => {
    expect(apduCase({ ...VERIFY })).toBe(1);
    expect(apduCase({ ...VERIFY, data: new Uint8Array(0) })).toBe(1);
    expect(apduCase({ ...READ, le: 17 })).toBe(2);
    expect(apduCase({ ...VERIFY, data: PIN })).toBe(3);
    expect(apduCase({ ...SIGN, data: PIN, le: 256 })).toBe(4);
  });
});

/** Hand-worked encodings (ISO 7816-4 §5.1) and what decoding them must give back. */
const vectors: Array<{
  name: string;
  cmd: CommandApdu;
  encoding: LengthEncoding;
  hex: string;
  case: 1 | 2 | 3 | 4;
  extended: boolean;
}> = [
  { name: 'case 1 (retry query)', cmd: { ...VERIFY }, encoding: 'auto', hex: '00200080', case: 1, extended: false },
  { name: 'case 1 forced extended is still 4 bytes', cmd: { ...VERIFY }, encoding: 'extended', hex: '00200080', case: 1, extended: false },
  { name: 'case 2S Le 17', cmd: { ...READ, le: 17 }, encoding: 'auto', hex: '00B0000011', case: 2, extended: false },
  { name: 'case 2S Le 1', cmd: { ...READ, le: 1 }, encoding: 'short', hex: '00B0000001', case: 2, extended: false },
  { name: 'case 2S Le 255', cmd: { ...READ, le: 255 }, encoding: 'auto', hex: '00B00000FF', case: 2, extended: false },
  { name: 'case 2S Le 256 -> 00', cmd: { ...READ, le: 256 }, encoding: 'auto', hex: '00B0000000', case: 2, extended: false },
  { name: 'case 2E Le 257 (auto)', cmd: { ...READ, le: 257 }, encoding: 'auto', hex: '00B00000000101', case: 2, extended: true },
  { name: 'case 2E TEX trace Le 061F', cmd: { ...READ, p2: 0x04, le: 0x061f }, encoding: 'auto', hex: '00B00004' + '00061F', case: 2, extended: true },
  { name: 'case 2E Le 65536 -> 0000 (SFI read)', cmd: { ...READ, p1: 0x8a, le: 65536 }, encoding: 'auto', hex: '00B08A00' + '000000', case: 2, extended: true },
  { name: 'case 2E forced, Le 256', cmd: { ...READ, le: 256 }, encoding: 'extended', hex: '00B00000' + '000100', case: 2, extended: true },
  { name: 'case 2E forced, Le 1', cmd: { ...READ, le: 1 }, encoding: 'extended', hex: '00B00000' + '000001', case: 2, extended: true },
  { name: 'case 3S VERIFY', cmd: { ...VERIFY, data: PIN }, encoding: 'auto', hex: '00200080' + '04' + '31323334', case: 3, extended: false },
  { name: 'case 3E VERIFY forced', cmd: { ...VERIFY, data: PIN }, encoding: 'extended', hex: '00200080' + '000004' + '31323334', case: 3, extended: true },
  { name: 'case 4S sign Le 256', cmd: { ...SIGN, data: h('AABBCC'), le: 256 }, encoding: 'auto', hex: '802A0080' + '03' + 'AABBCC' + '00', case: 4, extended: false },
  { name: 'case 4S Le 1', cmd: { ...SIGN, data: h('AA'), le: 1 }, encoding: 'short', hex: '802A0080' + '01' + 'AA' + '01', case: 4, extended: false },
  { name: 'case 4E forced Le 256', cmd: { ...SIGN, data: h('AABBCC'), le: 256 }, encoding: 'extended', hex: '802A0080' + '000003' + 'AABBCC' + '0100', case: 4, extended: true },
  { name: 'case 4E auto because Ne 257', cmd: { ...SIGN, data: h('AA'), le: 257 }, encoding: 'auto', hex: '802A0080' + '000001' + 'AA' + '0101', case: 4, extended: true },
  { name: 'case 4E Le 65536 -> 0000', cmd: { ...SIGN, data: h('AA'), le: 65536 }, encoding: 'auto', hex: '802A0080' + '000001' + 'AA' + '0000', case: 4, extended: true },
];

describe('encodeCommand / decodeCommand vectors', () => {
  for (const v of vectors) {
    it(`${v.name}`, () => {
      const bytes = encodeCommand(v.cmd, v.encoding);
      expect(hx(bytes)).toBe(v.hex);
      const d = decodeCommand(h(v.hex));
      expect(d.case).toBe(v.case);
      expect(d.extended).toBe(v.extended);
      expect([d.cla, d.ins, d.p1, d.p2]).toEqual([v.cmd.cla, v.cmd.ins, v.cmd.p1, v.cmd.p2]);
      expect(d.le).toBe(v.cmd.le);
      if (v.case === 3 || v.case === 4) expect(hx(d.data!)).toBe(hx(v.cmd.data!));
      else expect(d.data).toBeUndefined();
    });
  }

  it('defaults to auto', () => {
    expect(hx(encodeCommand({ ...READ, le: 256 }))).toBe('00B0000000');
    expect(hx(encodeCommand({ ...READ, le: 257 }))).toBe('00B00000000101');
  });

  it('empty data counts as no data', () => {
    expect(hx(encodeCommand({ ...READ, data: new Uint8Array(0), le: 5 }))).toBe('00B0000005');
  });
});

describe('boundaries', () => {
  it('Nc 255 stays short (4 + 1 + 255 bytes)', () => {
    const data = seq(255);
    const b = encodeCommand({ ...VERIFY, data });
    expect(b.length).toBe(260);
    expect(hx(b.subarray(0, 5))).toBe('00200080FF');
    expect(b[259]).toBe(254);
    const d = decodeCommand(b);
    expect(d.case).toBe(3);
    expect(d.extended).toBe(false);
    expect(d.data!.length).toBe(255);
  });

  it('Nc 256 goes extended (4 + 3 + 256 bytes)', () => {
    const b = encodeCommand({ ...VERIFY, data: seq(256) });
    expect(b.length).toBe(263);
    expect(hx(b.subarray(0, 7))).toBe('00200080000100');
    expect(b[7]).toBe(0);
    expect(b[262]).toBe(255);
    const d = decodeCommand(b);
    expect(d.case).toBe(3);
    expect(d.extended).toBe(true);
    expect(d.data!.length).toBe(256);
  });

  it('Nc 255 with Ne 256 stays short, Ne 257 forces extended', () => {
    const s = encodeCommand({ ...SIGN, data: seq(255), le: 256 });
    expect(s.length).toBe(4 + 1 + 255 + 1);
    expect(s[4]).toBe(0xff);
    expect(s[260]).toBe(0x00);
    const e = encodeCommand({ ...SIGN, data: seq(255), le: 257 });
    expect(e.length).toBe(4 + 3 + 255 + 2);
    expect(hx(e.subarray(4, 7))).toBe('0000FF');
    expect(hx(e.subarray(262))).toBe('0101');
  });

  it('Nc 65535 with Ne 65536 (largest case 4E)', () => {
    const b = encodeCommand({ ...SIGN, data: new Uint8Array(65535).fill(0x5a), le: 65536 });
    expect(b.length).toBe(4 + 3 + 65535 + 2);
    expect(hx(b.subarray(4, 7))).toBe('00FFFF');
    expect(hx(b.subarray(b.length - 2))).toBe('0000');
    const d = decodeCommand(b);
    expect(d.case).toBe(4);
    expect(d.le).toBe(65536);
    expect(d.data!.length).toBe(65535);
  });

  it('Ne 65535 encodes as FFFF', () => {
    expect(hx(encodeCommand({ ...READ, le: 65535 }))).toBe('00B00000' + '00FFFF');
  });
});

describe('encodeCommand errors', () => {
  it("'short' refuses Nc > 255 or Ne > 256", () => {
    expectApduError(() => encodeCommand({ ...VERIFY, data: seq(256) }, 'short'), 'apdu-too-long-for-short');
    expectApduError(() => encodeCommand({ ...READ, le: 257 }, 'short'), 'apdu-too-long-for-short');
    expectApduError(() => encodeCommand({ ...SIGN, data: seq(1), le: 65536 }, 'short'), 'apdu-too-long-for-short');
  });

  it('rejects header bytes outside 0..255', () => {
    for (const bad of [-1, 256, 1.5, Number.NaN]) {
      expectApduError(() => encodeCommand({ ...READ, cla: bad }), 'apdu-invalid-command');
      expectApduError(() => encodeCommand({ ...READ, ins: bad }), 'apdu-invalid-command');
      expectApduError(() => encodeCommand({ ...READ, p1: bad }), 'apdu-invalid-command');
      expectApduError(() => encodeCommand({ ...READ, p2: bad }), 'apdu-invalid-command');
    }
  });

  it('rejects Ne outside 1..65536 and Nc > 65535', () => {
    for (const le of [0, -1, 65537, 2.5, Number.POSITIVE_INFINITY]) {
      expectApduError(() => encodeCommand({ ...READ, le }), 'apdu-invalid-command');
    }
    expectApduError(() => encodeCommand({ ...VERIFY, data: new Uint8Array(65536) }), 'apdu-invalid-command');
    expectApduError(() => encodeCommand({ ...VERIFY, data: new Uint8Array(65536) }, 'short'), 'apdu-invalid-command');
  });

  it('rejects an unknown encoding name', () => {
    expectApduError(() => encodeCommand({ ...READ, le: 1 }, 'long' as LengthEncoding), 'apdu-invalid-command');
  });

  it('never puts command data into the message', () => {
    const err = expectApduError(
      () => encodeCommand({ ...VERIFY, data: h('31323334'), le: 300 }, 'short'),
      'apdu-too-long-for-short',
    );
    expect(err.message).not.toContain('31323334');
    expect(err.message).not.toContain('1234');
  });
});

describe('decodeCommand malformed layouts', () => {
  const cases: Array<[string, string, number]> = [
    ['empty', '', 0],
    ['3-byte header', '00B000', 0],
    ['B5 = 00 then one byte (neither 2S nor 2E)', '00B00000' + '0006', 4],
    ['short Lc 4, only 3 data bytes', '00200080' + '04' + '313233', 4],
    ['short Lc 255, one data byte', '00200080' + 'FF' + '31', 4],
    ['short Lc 2 + data + Le + one stray byte', '00200080' + '02' + '3132' + '00' + '01', 8],
    ['short Lc 2 + data + Le + two stray bytes', '00200080' + '02' + '3132' + '00' + '0102', 8],
    ['extended Lc 0000 followed by data', '00200080' + '000000' + '31', 4],
    ['extended Lc 4, only 3 data bytes', '00200080' + '000004' + '313233', 4],
    ['extended case 4 with a 1-byte Le', '00200080' + '000002' + '3132' + '01', 9],
    ['extended case 4 + stray byte', '00200080' + '000002' + '3132' + '0100' + 'FF', 11],
  ];
  for (const [name, hex, offset] of cases) {
    it(`${name} -> apdu-invalid-command at ${offset}`, () => {
      expectApduError(() => decodeCommand(h(hex)), 'apdu-invalid-command', offset);
    });
  }

  it('decodes extended Le 000000 as 65536 and does not alias the input', () => {
    const d = decodeCommand(h('00B08A00000000'));
    expect(d).toMatchObject({ case: 2, extended: true, le: 65536, p1: 0x8a });
    const raw = h('0020008004' + '31323334');
    const v = decodeCommand(raw);
    raw[5] = 0;
    expect(hx(v.data!)).toBe('31323334');
  });
});

describe('describeCommandHeader', () => {
  it('formats the four header bytes only', () => {
    expect(describeCommandHeader({ cla: 0x00, ins: 0xb0, p1: 0x80, p2: 0x00 })).toBe('00 B0 80 00');
    const withData: CommandApdu = { ...VERIFY, data: h('31323334') };
    expect(describeCommandHeader(withData)).toBe('00 20 00 80');
    expect(describeCommandHeader({ cla: 0x80, ins: 0x2a, p1: 0x00, p2: 0x8a })).toBe('80 2A 00 8A');
  });

  it('shows ?? for a non-byte field instead of throwing', () => {
    expect(describeCommandHeader({ cla: 300, ins: 0xa4, p1: 4, p2: 0x0c })).toBe('?? A4 04 0C');
  });
});
