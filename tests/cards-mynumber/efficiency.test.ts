/**
 * The card library does not waste APDUs: every file is read at most once per session (a second
 * read is served from the session and sends nothing), a DF is selected only when the library
 * moves to it, and whole files come in as few READ BINARYs as the reader allows.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { MyNumberCard } from '../../src/cards/mynumber/mynumber-card';
import type { CardModel } from '../../src/sim/card/card-model';
import { simulatedCardFor } from '../../src/sim/mynumber/build-card';
import { TracingTransport } from '../../src/transport/apdu-trace';
import { SimulatedTransport } from '../../src/transport/simulated-transport';
import { build, profileJson } from '../sim-card/helpers';

const P = profileJson('default');
const CODE_B = '55021720352285';

let model: CardModel;
beforeAll(async () => {
  model = (await build('default')).model;
});

async function open(extendedLength = true) {
  const card = simulatedCardFor(model);
  const t = new TracingTransport(new SimulatedTransport(card, { extendedLength }));
  await t.connect();
  const mnc = new MyNumberCard(t);
  return { card, t, mnc, stats: mnc.session.channel.stats };
}

describe('each file is read once per session', () => {
  it('a second read of every kind of file sends no APDU at all', async () => {
    const { card, mnc } = await open();
    await mnc.text.verify('codeB', CODE_B);
    const first = {
      b4: await mnc.text.readBasicFour(),
      integrity: await mnc.text.readIntegrityRecord(),
      cv: await mnc.text.readCvCertificate(),
      info: await mnc.text.readBasicInfo(),
      signedKey: await mnc.text.readSignedPublicKey(),
    };
    await mnc.face.verify('codeB', CODE_B);
    const face = await mnc.face.readCardFace();
    const faceCv = await mnc.face.readCvCertificate();
    const token = await mnc.jpki.readTokenInfo();
    const auth = await mnc.jpki.readAuthCertificate();
    const authCa = await mnc.jpki.readAuthCaCertificate();
    const info = await mnc.common.readCardInfo();

    const commands = card.activity.commands;
    // Everything again, in another order.
    expect(await mnc.common.readCardInfo()).toEqual(info);
    expect(await mnc.jpki.readAuthCaCertificate()).toEqual(authCa);
    expect(await mnc.jpki.readAuthCertificate()).toEqual(auth);
    expect(await mnc.jpki.readTokenInfo()).toEqual(token);
    expect(await mnc.face.readCvCertificate()).toEqual(faceCv);
    expect(await mnc.face.readCardFace()).toEqual(face);
    expect(await mnc.text.readSignedPublicKey()).toEqual(first.signedKey);
    expect(await mnc.text.readBasicInfo()).toEqual(first.info);
    expect(await mnc.text.readCvCertificate()).toEqual(first.cv);
    expect(await mnc.text.readIntegrityRecord()).toEqual(first.integrity);
    expect(await mnc.text.readBasicFour()).toEqual(first.b4);
    expect(card.activity.commands).toBe(commands);
    mnc.close();
  });

  it('bytes handed out are the caller\'s own: close() does not zero them, changing them does not change the next read', async () => {
    const { mnc } = await open();
    const cert = await mnc.jpki.readAuthCertificate();
    const copy = cert.slice();
    cert.fill(0);
    const again = await mnc.jpki.readAuthCertificate();
    expect(again).toEqual(copy);
    mnc.close();
    // The session wiped its cache, not the caller's bytes.
    expect(again).toEqual(copy);
    expect(again[0]).toBe(0x30);
  });

  it('the cache is per session: a new session reads again', async () => {
    const { card, mnc } = await open();
    await mnc.jpki.readTokenInfo();
    mnc.close();
    const before = card.activity.commands;
    const t2 = new SimulatedTransport(card);
    await t2.connect();
    const again = new MyNumberCard(t2);
    await again.jpki.readTokenInfo();
    expect(card.activity.commands).toBeGreaterThan(before);
    again.close();
  });
});

describe('no redundant SELECT', () => {
  it('one SELECT per move to another DF; VERIFY and reads in the same DF add none', async () => {
    const { t, mnc, stats } = await open();
    await mnc.text.verify('codeB', CODE_B);
    await mnc.text.readBasicFour();
    await mnc.text.readIntegrityRecord();
    await mnc.text.readCvCertificate();
    await mnc.text.readSignedPublicKey();
    expect(stats.selects).toBe(1);
    await mnc.face.verify('codeB', CODE_B);
    await mnc.face.verify('birthDate', '550217');
    await mnc.face.readCardFace();
    await mnc.face.readAgeRecord();
    expect(stats.selects).toBe(2);
    await mnc.jpki.readTokenInfo();
    await mnc.jpki.readCertificateAvailability();
    await mnc.jpki.readAuthCertificate();
    await mnc.jpki.verify('auth', P.credentials.authPin);
    const di = Uint8Array.from([0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20, ...new Array(32).fill(1)]);
    await mnc.jpki.signDigestInfo('auth', di);
    expect(stats.selects).toBe(3);
    await mnc.common.readCardInfo();
    expect(stats.selects).toBe(4);
    // Cached reads of the text AP do not move back to it.
    await mnc.text.readBasicFour();
    expect(stats.selects).toBe(4);
    // The wire agrees with the counter, and no SELECT EF was ever needed (SFI addressing).
    const selects = t.entries.filter((e) => e.command.startsWith('00 A4'));
    expect(selects.length).toBe(4);
    expect(selects.every((e) => e.command.startsWith('00 A4 04 0C 0A'))).toBe(true);
  });

  it('GET CHALLENGE + internal authentication in the current DF need no extra SELECT', async () => {
    const { mnc, stats } = await open();
    await mnc.face.readCvCertificate();
    const challenge = await mnc.getChallenge(16);
    expect(challenge.length).toBe(16);
    await mnc.face.internalAuthenticate(challenge);
    expect(stats.selects).toBe(1);
  });
});

describe('few READ BINARYs per file', () => {
  const readsOf = (t: TracingTransport, p1: string) => t.entries.filter((e) => e.command.startsWith(`00 B0 ${p1}`));

  it('extended length: fixed-size files in one READ BINARY, TLV files in two (header, rest)', async () => {
    const { t, mnc } = await open(true);
    await mnc.text.readCvCertificate(); // 568 bytes
    expect(t.entries.filter((e) => e.command.startsWith('00 B0')).length).toBe(1);
    t.clear();
    await mnc.face.verify('codeB', CODE_B);
    await mnc.face.readCardFace(); // ~11 KB
    expect(t.entries.filter((e) => e.command.startsWith('00 B0')).length).toBeLessThanOrEqual(2);
  });

  it('short APDUs: 256-byte chunks, no more than the file needs', async () => {
    const { t, mnc } = await open(false);
    await mnc.text.readCvCertificate(); // 568 = 256 + 256 + 56
    const cv = t.entries.filter((e) => e.command.startsWith('00 B0'));
    expect(cv.map((e) => e.responseLength)).toEqual([256, 256, 56]);
    t.clear();
    await mnc.face.verify('codeB', CODE_B);
    const face = await mnc.face.readCardFace();
    const reads = t.entries.filter((e) => e.command.startsWith('00 B0'));
    const total = face.raw.length;
    // An 8-byte header read, then ceil((total - 8) / 256) chunks.
    expect(reads.length).toBe(1 + Math.ceil((total - 8) / 256));
    expect(reads.reduce((n, e) => n + e.responseLength, 0)).toBe(total);
    expect(readsOf(t, '82').length).toBe(1); // one SFI read, then offsets
  });
});
