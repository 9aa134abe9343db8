/**
 * Fuzzing the residence card's parsers of untrusted card bytes (issue 12 §5): MF common data and
 * card type, every record file of both generations (the spec's TLVs), the bilevel TIFF
 * container + CCITT Group 4 decoder, the card certificate, and the residence-card SM answers.
 * Seeds are simulated cards' files exactly as READ BINARY returns them. Only typed errors may
 * escape; every parse stays within the hang guard.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCardType, parseCommonData } from '../../../src/cards/residence-card/records/card-identity';
import {
  parseGen1Address,
  parseGen1Face,
  parseGen1FrontImage,
  parseGen1PermissionText,
  parseGen1RenewalApplication,
  parseGen1SignatureFile,
} from '../../../src/cards/residence-card/records/gen1-records';
import {
  parseGen2AddressImage,
  parseGen2CardNumber,
  parseGen2NameAndFace,
  parseGen2Other,
  parseGen2Permissions,
  parseGen2RenewalApplication,
  parseGen2SignatureFile,
  parsePrintedEntries,
} from '../../../src/cards/residence-card/records/gen2-records';
import { ResidenceCardSecureMessaging } from '../../../src/cards/secure-messaging/residence-sm';
import { decodeBilevelTiff } from '../../../src/imaging/tiff';
import { simFont } from '../../../src/node/sim-font';
import { buildResidenceCard, type BuiltRcCard } from '../../../src/sim/residence-card/build-card';
import { writeG4Tiff } from '../../../src/sim/residence-card/images/g4-encoder';
import { RC_PROFILES } from '../../../src/sim/residence-card/profiles';
import { cardEncrypt, pad } from '../../../src/sim/residence-card/sim-crypto';
import { parseCardCertificate } from '../../../src/verify/residence-card/rc-certificate';
import { attempt, bytesFor, check, FuzzCounter, fuzzAsync, fuzzSync, mutated, runs, type HeaderSite } from './fuzz-harness';

const counter = new FuzzCounter('fuzz-residence-card');
afterAll(() => counter.flush());

let cards: BuiltRcCard[] = [];
const fileOf = (b: BuiltRcCard, df: string, sfi: number): Uint8Array => b.model.files.find((f) => f.df === df && f.sfi === sfi)!.content.slice();

beforeAll(async () => {
  cards = await Promise.all(RC_PROFILES.map((p) => buildResidenceCard(p, { glyphs: simFont() })));
}, 120_000);

const gen = (g: 1 | 2) => cards.filter((c) => c.profile.generation === g);

/** Residence-card TLV headers (1- or 2-byte tags, 00–7F / 81 xx / 82 xx xx lengths). */
function rcSites(b: Uint8Array): HeaderSite[] {
  const out: HeaderSite[] = [];
  let i = 0;
  for (let guard = 0; i < b.length && b[i] !== 0 && guard < 32; guard++) {
    const tagAt = i;
    if ((b[i++]! & 0x1f) === 0x1f) i++;
    const lengthAt = i;
    const l0 = b[i]!;
    const lengthBytes = l0 === 0x81 ? 2 : l0 === 0x82 ? 3 : 1;
    const len = l0 === 0x81 ? b[i + 1]! : l0 === 0x82 ? (b[i + 1]! << 8) | b[i + 2]! : l0;
    out.push({ tagAt, lengthAt, lengthBytes });
    i += lengthBytes + len;
  }
  return out;
}

const rcBytes = (seeds: Uint8Array[], maxRandom = 400) => fc.oneof({ weight: 4, arbitrary: mutated(seeds, { sites: rcSites }) }, { weight: 1, arbitrary: bytesFor(seeds, maxRandom) });

describe('residence card: MF files', () => {
  it('common data (C0) and card type (C1), both generations', () => {
    const seeds = cards.flatMap((c) => [fileOf(c, 'mf', 0x0b), fileOf(c, 'mf', 0x0a)]);
    fuzzSync(counter, 'residence card: common data + card type', rcBytes(seeds, 16), (b) => [attempt(() => parseCommonData(b)), attempt(() => parseCardType(b))], runs(200_000));
  });
});

describe('residence card: record files (the spec TLVs)', () => {
  it('generation-1 records: front image, face, address, permissions, renewal, signature file', () => {
    const g1 = gen(1);
    const seeds = g1.flatMap((c) => [0x05, 0x06].map((s) => fileOf(c, 'df1', s)).concat([0x01, 0x02, 0x03, 0x04].flatMap((s) => (c.model.files.some((f) => f.df === 'df2' && f.sfi === s) ? [fileOf(c, 'df2', s)] : [])), [fileOf(c, 'df3', 0x02)]));
    const parsers = [parseGen1FrontImage, parseGen1Face, parseGen1Address, (b: Uint8Array) => parseGen1PermissionText(b, 0xd5), (b: Uint8Array) => parseGen1PermissionText(b, 0xd6), parseGen1RenewalApplication, parseGen1SignatureFile];
    fuzzSync(counter, 'residence card: generation-1 records', fc.tuple(rcBytes(seeds, 600), fc.nat({ max: parsers.length - 1 })), ([b, i]) => parsers[i]!(b), runs(200_000));
  });

  it('generation-2 records: card number, printed entries, name and face, address image, DF2 files, signature file', () => {
    const g2 = gen(2);
    const seeds = g2.flatMap((c) => c.model.files.filter((f) => f.df !== 'mf').map((f) => f.content.slice()));
    const parsers = [parseGen2CardNumber, parsePrintedEntries, parseGen2NameAndFace, parseGen2AddressImage, parseGen2Permissions, parseGen2RenewalApplication, parseGen2Other, parseGen2SignatureFile];
    fuzzSync(counter, 'residence card: generation-2 records', fc.tuple(rcBytes(seeds, 600), fc.nat({ max: parsers.length - 1 })), ([b, i]) => parsers[i]!(b), runs(200_000), (r) => {
      if (r && typeof r === 'object' && 'signedValues' in r) check((r as { signedValues: Uint8Array }).signedValues.length === 53, 'signed entries are 53 bytes');
    });
  });
});

/** TIFF header + IFD entries as sites (2-byte counts and 4-byte values rewritten by 'header'). */
function tiffSites(b: Uint8Array): HeaderSite[] {
  if (b.length < 8 || b[0] !== 0x49) return [];
  const ifd = b[4]! | (b[5]! << 8);
  const n = b[ifd]! | (b[ifd + 1]! << 8);
  const out: HeaderSite[] = [{ tagAt: 2, lengthAt: 4, lengthBytes: 1 }];
  for (let k = 0; k < n && ifd + 2 + k * 12 + 12 <= b.length; k++) out.push({ tagAt: ifd + 2 + k * 12, lengthAt: ifd + 2 + k * 12 + 8, lengthBytes: 1 });
  return out;
}

describe('bilevel TIFF + CCITT Group 4', () => {
  it('container and decoder on mutated small images, the simulated card images and random bytes', () => {
    const small: Uint8Array[] = [];
    let s = 7;
    const rnd = () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    for (const [w, h, d] of [[40, 16, 0.1], [33, 9, 0.5], [64, 24, 0.03], [17, 40, 0.9]] as const) {
      const bits = Uint8Array.from({ length: w * h }, () => (rnd() < d ? 1 : 0));
      small.push(writeG4Tiff(bits, w, h, { photometric: 0 }), writeG4Tiff(bits, w, h, { photometric: 1 }));
    }
    const cardImages = cards.flatMap((c) => [c.images.front, c.images.name, c.images.address].filter((x): x is Uint8Array => !!x));
    expect(decodeBilevelTiff(small[0]!).width).toBe(40);
    const arb = fc.oneof(
      { weight: 30, arbitrary: mutated(small, { sites: tiffSites }) },
      { weight: 1, arbitrary: mutated(cardImages, { sites: tiffSites }) },
      { weight: 4, arbitrary: bytesFor(small, 300) },
    );
    fuzzSync(counter, 'residence card: TIFF container + Group 4 decoder', arb, (b) => decodeBilevelTiff(b), runs(200_000), (img) =>
      check(img.pixels.length === img.width * img.height && img.pixels.every((p) => p === 0 || p === 255), 'decoded image shape'),
    );
  });
});

describe('card certificate', () => {
  it('DB (gen 1, 00-padded inside the value) and DD (gen 2) certificates', async () => {
    const seeds = cards.flatMap((c) => {
      const padded = new Uint8Array(c.profile.generation === 1 ? 1200 : c.certificate.length);
      padded.set(c.certificate);
      return [padded];
    });
    await fuzzAsync(counter, 'residence card: signer certificate', bytesFor(seeds, 700), (b) => parseCardCertificate(b), runs(200_000));
  }, 600_000);
});

describe('secure messaging answers', () => {
  it('residence-card SM answers (DO 86), generations 1 and 2', async () => {
    const ks = Uint8Array.from({ length: 16 }, (_, i) => i * 7 + 3);
    const answers: Uint8Array[] = [];
    for (const g of [1, 2] as const) {
      for (const len of [12, 53, 247, 1000]) {
        const ct = cardEncrypt(g, ks, pad(Uint8Array.from({ length: len }, (_, i) => i), g === 1 ? 8 : 16));
        const v = ct.length + 1;
        answers.push(Uint8Array.from([0x86, ...(v < 0x80 ? [v] : v <= 0xff ? [0x81, v] : [0x82, v >> 8, v & 0xff]), 0x01, ...ct]));
      }
    }
    const sm1 = new ResidenceCardSecureMessaging(1, ks);
    const sm2 = new ResidenceCardSecureMessaging(2, ks);
    const read = { cla: 0, ins: 0xb0, p1: 0x85, p2: 0, le: 65536 };
    await fuzzAsync(
      counter,
      'residence card: SM answers (DO 86)',
      fc.tuple(bytesFor(answers, 300), fc.boolean(), fc.constantFrom(0x9000, 0x6282, 0x6982)),
      ([data, first, sw]) => (first ? sm1 : sm2).unprotect({ data, sw }, read),
      runs(200_000),
    );
  }, 600_000);
});
