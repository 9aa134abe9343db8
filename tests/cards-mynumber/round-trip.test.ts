/**
 * Round trip for every named profile: the simulator builds the card from the profile, the card
 * library (MyNumberCard) reads it back over the simulated reader — once with extended-length
 * APDUs and once with short 256-byte reads — and gets exactly what the profile JSON says.
 *
 * Expected values come from the profile JSON files and from values worked out by hand here
 * (照合番号B, 生年月日 key, JPKI birth-date era codes); nothing is taken from the simulator.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { JpkiError } from '../../src/cards/mynumber/jpki-ap';
import { MyNumberCard } from '../../src/cards/mynumber/mynumber-card';
import type { CardModel } from '../../src/sim/card/card-model';
import { simulatedCardFor } from '../../src/sim/mynumber/build-card';
import { TracingTransport } from '../../src/transport/apdu-trace';
import { SimulatedTransport } from '../../src/transport/simulated-transport';
import { build, children, parseTlv, PROFILE_DIR, profileJson, x509, type ProfileJson } from '../sim-card/helpers';

/** Every profile JSON in src/sim/mynumber/profiles. */
const PROFILE_IDS = readdirSync(PROFILE_DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.replace(/\.json$/, ''))
  .sort();

/**
 * Per-profile secrets worked out by hand from the profile JSON (spec §2.1):
 *   照合番号B = 和暦 YYMMDD + expiry year + security code; 生年月日 key = 和暦 YYMMDD;
 *   JPKI birth date = era digit (3 昭和, 4 平成, 5 令和) + YYYYMMDD (spec §4.5).
 */
const HAND: Record<string, { codeB: string; birthKey: string; jpkiBirth: string }> = {
  default: { codeB: '55021720352285', birthKey: '550217', jpkiBirth: '319800217' }, // 1980 = 昭和55
  'expired-certificate': { codeB: '43082020309024', birthKey: '430820', jpkiBirth: '319680820' }, // 1968 = 昭和43
  'foreign-resident': { codeB: '02071420315519', birthKey: '020714', jpkiBirth: '419900714' }, // 1990 = 平成2
  'gaiji-name': { codeB: '50110320344816', birthKey: '501103', jpkiBirth: '319751103' }, // 1975 = 昭和50
  'last-try': { codeB: '60122420346402', birthKey: '601224', jpkiBirth: '319851224' }, // 1985 = 昭和60
  'locked-pin': { codeB: '04040520333158', birthKey: '040405', jpkiBirth: '419920405' }, // 1992 = 平成4
  'under-15': { codeB: '26060120297351', birthKey: '260601', jpkiBirth: '420140601' }, // 2014 = 平成26
  'revoked-certificate': { codeB: '54093020328120', birthKey: '540930', jpkiBirth: '319790930' }, // 1979 = 昭和54
};

/** person-text.ts rule: a foreign resident's 通称 follows the name in full-width parentheses. */
function expectedCardName(p: ProfileJson): string {
  return p.person.alias ? `${p.person.name}（${p.person.alias}）` : p.person.name;
}

const SAN_OID = {
  name: '1.2.392.200149.8.5.5.1',
  nameSubstitution: '1.2.392.200149.8.5.5.2',
  sex: '1.2.392.200149.8.5.5.3',
  birthDate: '1.2.392.200149.8.5.5.4',
  address: '1.2.392.200149.8.5.5.5',
  addressSubstitution: '1.2.392.200149.8.5.5.6',
};

function decodeOid(bytes: Uint8Array): string {
  const parts: number[] = [Math.floor(bytes[0]! / 40), bytes[0]! % 40];
  let v = 0;
  for (const b of bytes.subarray(1)) {
    v = v * 128 + (b & 0x7f);
    if ((b & 0x80) === 0) {
      parts.push(v);
      v = 0;
    }
  }
  return parts.join('.');
}

/** SAN otherNames as OID → UTF8String (spec §4.5: [0] { OID, [0] EXPLICIT UTF8String }), parsed here. */
function sanOtherNames(cert: x509.X509Certificate): Record<string, string> {
  const ext = cert.getExtension('2.5.29.17');
  if (!ext) return {};
  const seq = parseTlv(new Uint8Array(ext.value));
  expect(seq.tag).toBe(0x30);
  const out: Record<string, string> = {};
  for (const gn of children(seq.value)) {
    if (gn.tag !== 0xa0) continue;
    const [oid, explicit] = children(gn.value);
    expect(oid!.tag).toBe(0x06);
    expect(explicit!.tag).toBe(0xa0);
    const str = parseTlv(explicit!.value);
    expect(str.tag).toBe(0x0c); // UTF8String
    out[decodeOid(oid!.value)] = new TextDecoder('utf-8', { fatal: true }).decode(str.value);
  }
  return out;
}

/** The calendar date of an instant in JST. */
function jstDate(d: Date): string {
  return new Date(d.getTime() + 9 * 3600_000).toISOString().slice(0, 10);
}

const FACE_FILE = (id: string) => fileURLToPath(new URL(`../../src/sim/assets/faces/${id}.jp2`, import.meta.url));

const models = new Map<string, CardModel>();
beforeAll(async () => {
  // Build sequentially: each build is CPU-bound, parallel promises would not help.
  for (const id of PROFILE_IDS) models.set(id, (await build(id)).model);
});

it('covers every named profile, and the hand-made table knows each one', () => {
  expect(PROFILE_IDS.length).toBeGreaterThanOrEqual(7);
  for (const id of PROFILE_IDS) expect(HAND[id], id).toBeDefined();
});

describe.each(PROFILE_IDS.flatMap((id) => [{ id, extended: true }, { id, extended: false }]))(
  'profile $id, extendedLength $extended',
  ({ id, extended }) => {
    const P = profileJson(id);
    const hand = HAND[id]!;

    async function session() {
      const card = simulatedCardFor(models.get(id)!);
      const inner = new SimulatedTransport(card, { extendedLength: extended });
      const t = new TracingTransport(inner);
      await t.connect();
      return { card, t, mnc: new MyNumberCard(t) };
    }

    it('text AP basic 4 (照合番号B): name, address, birth date, sex', async () => {
      const { mnc, t } = await session();
      await mnc.text.verify('codeB', hand.codeB);
      const b4 = await mnc.text.readBasicFour();
      expect(b4.name).toBe(expectedCardName(P));
      expect(b4.address).toBe(P.person.address);
      expect(b4.birthDate).toBe(P.person.birthDate);
      expect(b4.sexCode).toBe(P.person.sex);
      expect(b4.sex).toBe(P.person.sex === '1' ? 'male' : 'female');
      // The integrity record opens with 照合番号B too, and its DF32 is over these bytes.
      const integrity = await mnc.text.readIntegrityRecord();
      expect(integrity.raw.length).toBe(336);
      // Short path: every READ BINARY asked for at most 256 bytes (5-byte command); extended path used 7-byte ones.
      const reads = t.entries.filter((e) => e.command.startsWith('00 B0'));
      const lengths = new Set(reads.map((e) => e.command.split(' ').length));
      if (extended) expect(lengths.has(7)).toBe(true);
      else expect([...lengths]).toEqual([5]);
      mnc.close();
    });

    it('券面AP card face (照合番号B): birth date, sex, expiry, photo; age record (生年月日 key)', async () => {
      const { mnc } = await session();
      await mnc.face.verify('codeB', hand.codeB);
      const face = await mnc.face.readCardFace();
      expect(face.birthDate).toBe(P.person.birthDate);
      expect(face.sexCode).toBe(P.person.sex);
      expect(face.expiryDate).toBe(P.card.expiryDate);
      expect(Buffer.from(face.photo).equals(readFileSync(FACE_FILE(P.card.face)))).toBe(true);
      expect(Array.from(face.nameImage.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      expect(Array.from(face.addressImage.subarray(0, 4))).toEqual([0x89, 0x50, 0x4e, 0x47]);
      await mnc.face.verify('birthDate', hand.birthKey);
      const age = await mnc.face.readAgeRecord();
      expect(age.birthDate).toBe(P.person.birthDate);
      mnc.close();
    });

    it('DF …0100 card info: serial, municipality, expiry', async () => {
      const { mnc } = await session();
      const info = await mnc.common.readCardInfo();
      expect(info.serial).toBe(P.card.serial);
      expect(info.municipalityCode).toBe(P.card.municipalityCode);
      expect(info.expiry).toBe(P.card.expiryDate);
      mnc.close();
    });

    it('JPKI: token, availability, auth certificate issued by the auth CA in EF 000B', async () => {
      const { mnc } = await session();
      const token = await mnc.jpki.readTokenInfo();
      expect(token.label).toBe('JPKIAPICCTOKEN2');
      expect(token.tokenType).toBe('card');
      const availability = await mnc.jpki.readCertificateAvailability();
      expect(availability.hasSignCertificate).toBe(P.jpki.hasSignCertificate);
      const auth = new x509.X509Certificate(new Uint8Array(await mnc.jpki.readAuthCertificate()));
      const authCa = new x509.X509Certificate(new Uint8Array(await mnc.jpki.readAuthCaCertificate()));
      expect(await auth.verify({ publicKey: authCa, signatureOnly: true })).toBe(true);
      expect(jstDate(auth.notBefore)).toBe(P.jpki.notBefore);
      expect(jstDate(auth.notAfter)).toBe(P.jpki.notAfter);
      // The auth certificate carries no personal data (spec §4.4).
      expect(sanOtherNames(auth)).toEqual({});
      expect(auth.subject).not.toContain(P.person.name);
      mnc.close();
    });

    it(P.jpki.hasSignCertificate ? 'JPKI: sign certificate with the SAN otherNames from the profile' : 'JPKI: no sign certificate → typed error', async () => {
      const { mnc, card } = await session();
      if (!P.jpki.hasSignCertificate) {
        let caught: unknown;
        try {
          await mnc.jpki.readSignCertificate();
        } catch (e) {
          caught = e;
        }
        expect(caught).toBeInstanceOf(JpkiError);
        expect((caught as JpkiError).code).toBe('jpki-no-sign-certificate');
        // It was decided from EF 0008, without touching the password.
        expect(card.activity.verifyAttempts).toBe(0);
        mnc.close();
        return;
      }
      await mnc.jpki.verify('sign', P.credentials.signPassword, { confirmLastTry: true });
      const der = await mnc.jpki.readSignCertificate();
      const cert = new x509.X509Certificate(new Uint8Array(der));
      const signCa = new x509.X509Certificate(new Uint8Array(await mnc.jpki.readSignCaCertificate()));
      expect(await cert.verify({ publicKey: signCa, signatureOnly: true })).toBe(true);
      const certName = P.jpki.certificateName ?? expectedCardName(P);
      const chars = (s: string) => Array.from(s).length;
      expect(sanOtherNames(cert)).toEqual({
        [SAN_OID.name]: certName,
        [SAN_OID.nameSubstitution]: P.jpki.nameSubstitutePositions ?? '0'.repeat(chars(certName)),
        [SAN_OID.sex]: P.person.sex === '1' ? '1' : P.person.sex === '2' ? '2' : '3',
        [SAN_OID.birthDate]: hand.jpkiBirth,
        [SAN_OID.address]: P.person.address,
        [SAN_OID.addressSubstitution]: '0'.repeat(chars(P.person.address)),
      });
      expect(cert.subject).toContain(`L=${P.jpki.prefecture}`);
      expect(cert.subject).toContain(`L=${P.jpki.city}`);
      expect(jstDate(cert.notBefore)).toBe(P.jpki.notBefore);
      expect(jstDate(cert.notAfter)).toBe(P.jpki.notAfter);
      mnc.close();
    });
  },
);
