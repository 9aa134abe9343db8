import { describe, expect, it } from 'vitest';
import { isKazasuError } from '../../src/errors/kazasu-error';
import { otherNamesSubjectAltNameExtension, type OtherNameEntry } from '../../src/sim/pki/jpki-extensions';
import { jpkiBirthDate } from '../../src/sim/pki/jpki-san';
import { x509 } from '../../src/sim/pki/x509-setup';
import { parseJpkiCertificateSummary, parseJpkiSignAttributes } from '../../src/verify/jpki/jpki-attributes';
import { authLeaf, signLeaf, PERSONAL } from './helpers';

const SAN = '2.5.29.17';
const OID = (n: number): string => `1.2.392.200149.8.5.5.${n}`;

async function expectCode(p: Promise<unknown> | (() => unknown), code: string): Promise<string> {
  let caught: unknown;
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    caught = e;
  }
  expect(isKazasuError(caught), `expected ${code}, got ${String(caught)}`).toBe(true);
  expect((caught as { code: string }).code).toBe(code);
  return (caught as Error).message;
}

/** The six otherNames in spec order, built from plain strings (no validation in between). */
function entries(over: Partial<Record<1 | 2 | 3 | 4 | 5 | 6, string | null>> = {}): OtherNameEntry[] {
  const base: Record<number, string> = {
    1: '山田　太郎',
    2: '00000',
    3: '1',
    4: '419900102',
    5: '東京都清瀬市',
    6: '000000',
  };
  const out: OtherNameEntry[] = [];
  for (let i = 1; i <= 6; i++) {
    const v = i in over ? over[i as 1] : base[i];
    if (v !== null && v !== undefined) out.push({ oid: OID(i), value: v });
  }
  return out;
}

async function certWithSan(list: OtherNameEntry[]): Promise<Uint8Array> {
  return signLeaf({ extraExtensions: [otherNamesSubjectAltNameExtension(list)] });
}

// Minimal DER writer for hand-made SAN values (short and 0x81/0x82 lengths).
function tlv(tag: number, ...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const body = Buffer.concat(parts);
  const n = body.length;
  const len = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return new Uint8Array([tag, ...len, ...body]);
}
const oidDer = (dotted: string): Uint8Array => {
  const arcs = dotted.split('.').map(Number);
  const out = [40 * arcs[0]! + arcs[1]!];
  for (const a of arcs.slice(2)) {
    const b = [a & 0x7f];
    for (let v = a >> 7; v > 0; v >>= 7) b.unshift((v & 0x7f) | 0x80);
    out.push(...b);
  }
  return tlv(0x06, new Uint8Array(out));
};
const otherName = (oid: string, valueTlv: Uint8Array): Uint8Array => tlv(0xa0, oidDer(oid), tlv(0xa0, valueTlv));
const utf8 = (s: string): Uint8Array => tlv(0x0c, new Uint8Array(Buffer.from(s, 'utf8')));

async function certWithRawSan(generalNames: Uint8Array[]): Promise<Uint8Array> {
  return signLeaf({ extraExtensions: [new x509.Extension(SAN, false, tlv(0x30, ...generalNames))] });
}

function rawSix(over: Partial<Record<number, Uint8Array>> = {}): Uint8Array[] {
  const e = entries();
  return e.map((x, i) => over[i + 1] ?? otherName(x.oid, utf8(x.value)));
}

describe('parseJpkiSignAttributes round trip (spec §4.5)', () => {
  it('reads back what the simulator minted', async () => {
    const a = parseJpkiSignAttributes(await signLeaf());
    expect(a).toEqual({
      name: '山田　太郎',
      nameSubstituted: [false, false, true, false, false], // PERSONAL.nameSubstitution '00100'
      sex: 'male',
      sexCode: '1',
      birthDate: '1990-01-02',
      birthEraCode: 4,
      address: PERSONAL.address,
      addressSubstituted: Array.from(PERSONAL.address, () => false),
    });
  });

  it('counts code points, not UTF-16 units (𠮷 is a surrogate pair) and keeps flags aligned', async () => {
    const name = '𠮷野　家子';
    expect(name.length).toBe(6); // 5 code points, 6 UTF-16 units
    const address = '東京都𠮷野町１';
    const der = await signLeaf({
      personal: { name, nameSubstitution: '10000', sex: '2', birthDate: jpkiBirthDate('20200101'), address, addressSubstitution: '0001000' },
    });
    const a = parseJpkiSignAttributes(der);
    expect(a.name).toBe(name);
    expect(a.nameSubstituted).toEqual([true, false, false, false, false]);
    expect(a.address).toBe(address);
    expect(a.addressSubstituted).toEqual([false, false, false, true, false, false, false]);
    expect(a.sex).toBe('female');
    expect(a.birthDate).toBe('2020-01-01');
    expect(a.birthEraCode).toBe(5); // 令和
  });

  it('gives no ISO date for era code 0 (不明) or unknown month/day, but keeps the era code', async () => {
    const unknown = parseJpkiSignAttributes(await signLeaf({ personal: { ...PERSONAL, sex: '3', birthDate: '000000000' } }));
    expect(unknown).toMatchObject({ birthDate: undefined, birthEraCode: 0, sex: 'unknown', sexCode: '3' });
    const partly = parseJpkiSignAttributes(await signLeaf({ personal: { ...PERSONAL, birthDate: '319500000' } }));
    expect(partly).toMatchObject({ birthDate: undefined, birthEraCode: 3 });
  });

  it('accepts both eras on a changeover day (1912-07-30 明治/大正) and exact era starts', async () => {
    for (const [code, iso] of [['119120730', '1912-07-30'], ['219120730', '1912-07-30'], ['419890108', '1989-01-08'], ['319890107', '1989-01-07']]) {
      const a = parseJpkiSignAttributes(await certWithSan(entries({ 4: code })));
      expect(a.birthDate, code).toBe(iso);
    }
  });

  it('follows MYNA/HNK: .5.5.5 is the address — the swapped (jsrsasign) layout is rejected', async () => {
    const swapped = entries().map((e) =>
      e.oid === OID(5) ? { ...e, oid: OID(6) } : e.oid === OID(6) ? { ...e, oid: OID(5) } : e,
    );
    await expectCode(async () => parseJpkiSignAttributes(await certWithSan(swapped)), 'jpki-san-malformed');
  });
});

describe('parseJpkiSignAttributes rejects malformed SANs', () => {
  const malformed: [string, Partial<Record<1 | 2 | 3 | 4 | 5 | 6, string | null>>][] = [
    ['name flags too short', { 2: '0000' }],
    ['name flags too long (UTF-16 count for 𠮷)', { 1: '𠮷田', 2: '000' }],
    ['address flags not 0/1', { 6: '00000x' }],
    ['missing name', { 1: null }],
    ['missing address flags', { 6: null }],
    ['missing birth date', { 4: null }],
    ['empty name', { 1: '', 2: '' }],
    ['sex 4', { 3: '4' }],
    ['sex M', { 3: 'M' }],
    ['birth date too short', { 4: '41990010' }],
    ['era 6', { 4: '619900102' }],
    ['平成 code for a 1985 date', { 4: '419850101' }],
    ['昭和 code for a 1990 date', { 4: '319900102' }],
    ['not a calendar date', { 4: '419900230' }],
    ['month 13 with unknown day', { 4: '419901300' }],
  ];
  for (const [label, over] of malformed) {
    it(label, async () => {
      await expectCode(async () => parseJpkiSignAttributes(await certWithSan(entries(over))), 'jpki-san-malformed');
    });
  }

  it('a duplicated attribute', async () => {
    await expectCode(async () => parseJpkiSignAttributes(await certWithSan([...entries(), { oid: OID(1), value: '別人　花子' }])), 'jpki-san-malformed');
  });

  it('no SAN at all (an auth certificate)', async () => {
    await expectCode(async () => parseJpkiSignAttributes(await authLeaf()), 'jpki-san-malformed');
  });

  it('a value that is not a UTF8String, or not valid UTF-8', async () => {
    const printable = tlv(0x13, new Uint8Array(Buffer.from('1')));
    await expectCode(async () => parseJpkiSignAttributes(await certWithRawSan(rawSix({ 3: otherName(OID(3), printable) }))), 'jpki-san-malformed');
    const badUtf8 = tlv(0x0c, Uint8Array.of(0xe6, 0x9d)); // truncated 3-byte sequence
    await expectCode(async () => parseJpkiSignAttributes(await certWithRawSan(rawSix({ 1: otherName(OID(1), badUtf8) }))), 'jpki-san-malformed');
    const overlong = tlv(0x0c, Uint8Array.of(0xc0, 0xaf)); // overlong "/"
    await expectCode(async () => parseJpkiSignAttributes(await certWithRawSan(rawSix({ 5: otherName(OID(5), overlong) }))), 'jpki-san-malformed');
  });

  it('an otherName without the [0] EXPLICIT wrapper', async () => {
    const bare = tlv(0xa0, oidDer(OID(3)), utf8('1'));
    await expectCode(async () => parseJpkiSignAttributes(await certWithRawSan(rawSix({ 3: bare }))), 'jpki-san-malformed');
  });

  it('ignores other GeneralNames and unknown otherNames around the six', async () => {
    const extra = [tlv(0x86, new Uint8Array(Buffer.from('http://example.invalid/'))), otherName('1.2.392.200149.8.5.5.99', utf8('?'))];
    const a = parseJpkiSignAttributes(await certWithRawSan([...extra, ...rawSix()]));
    expect(a.name).toBe('山田　太郎');
  });

  it('garbage instead of a certificate is jpki-malformed', async () => {
    await expectCode(() => parseJpkiSignAttributes(Uint8Array.of(1, 2, 3)), 'jpki-malformed');
  });
});

describe('parseJpkiSignAttributes rejects UI-attack characters', () => {
  const unsafe: [string, Partial<Record<1 | 2 | 3 | 4 | 5 | 6, string | null>>][] = [
    ['NUL in name', { 1: '山田\u0000太郎' }],
    ['newline in address', { 5: '東京都\n清瀬市' }],
    ['RLO in address', { 5: '東京都\u202E市瀬清' }],
    ['LRI isolate in name', { 1: '山田\u2066太郎' }],
    ['RLM in name', { 1: '山田\u200F太郎' }],
    ['C1 control in address', { 5: '東京都\u0085清瀬' }],
    ['BOM at the start of the name', { 1: '\uFEFF山田太郎' }],
  ];
  for (const [label, over] of unsafe) {
    it(label, async () => {
      // Flags sized to the text so only the character itself is wrong.
      const e = entries(over);
      const fix = (textOid: string, flagOid: string) => {
        const t = e.find((x) => x.oid === textOid)!.value;
        e.find((x) => x.oid === flagOid)!.value = '0'.repeat(Array.from(t).length);
      };
      fix(OID(1), OID(2));
      fix(OID(5), OID(6));
      await expectCode(async () => parseJpkiSignAttributes(await certWithSan(e)), 'jpki-san-unsafe-text');
    });
  }

  it('allows the full-width space U+3000 between family and given name', async () => {
    expect(parseJpkiSignAttributes(await certWithSan(entries())).name).toBe('山田\u3000太郎');
  });
});

describe('parseJpkiCertificateSummary', () => {
  it('reports serial, validity, names, CRL DP and OCSP URL as minted', async () => {
    const der = await signLeaf({
      serialHex: '9A0001', // top bit set: DER adds a 00 sign byte, the summary does not
      crlUrl: 'http://127.0.0.1:8787/crl/sign/13221.crl',
      ocspUrl: 'http://127.0.0.1:8787/ocsp',
    });
    const s = parseJpkiCertificateSummary(der);
    expect(s.serialHex).toBe('9A0001');
    expect(s.notBefore.toISOString()).toBe('2025-10-27T00:00:00.000Z');
    expect(s.notAfter.toISOString()).toBe('2030-01-02T14:59:59.000Z');
    expect(s.subject).toBe('C=JP, L=Tokyo-to, L=Kiyose-shi, CN=9SIMSIGN000113221003A');
    expect(s.issuer).toContain('O=Kazasu Simulator');
    expect(s.crlDistributionPointUris).toEqual(['http://127.0.0.1:8787/crl/sign/13221.crl']);
    expect(s.crlDistributionPointNames).toHaveLength(1);
    expect(s.crlDistributionPointNames[0]).toContain('OU=CRL Distribution Points');
    expect(s.crlDistributionPointNames[0]).toContain('CN=Kiyose-shi CRLDP');
    expect(s.ocspUrl).toBe('http://127.0.0.1:8787/ocsp');
  });

  it('has no URIs or OCSP URL when the certificate names none', async () => {
    const s = parseJpkiCertificateSummary(await authLeaf());
    expect(s.crlDistributionPointUris).toEqual([]);
    expect(s.ocspUrl).toBeUndefined();
    expect(s.serialHex).toBe('01A2B3C5');
  });

  it('throws jpki-malformed for garbage', async () => {
    await expectCode(() => parseJpkiCertificateSummary(Uint8Array.of(0x30, 0x00)), 'jpki-malformed');
  });
});
