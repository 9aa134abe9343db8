/**
 * Fuzzing the My Number Card record parsers (src/cards/mynumber/records), CV certificates, and
 * the image checks that run before anything is decoded: the JP2 header guard of the face photo
 * (src/app/photo/jp2-header.ts) and the PNG / JP2 sniffing of 券面 images. Seeds are the default
 * simulated card's files exactly as READ BINARY returns them.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBerTlv } from '../../../src/apdu/ber-tlv';
import {
  detectImageFormat,
  formatKeyId,
  keyIdHierarchy,
  parseAgeRecord,
  parseApBasicInfo,
  parseBasicFour,
  parseCardFaceRecord,
  parseCertificateAvailability,
  parseCommonCardInfo,
  parseCvCertificate,
  parseCvCertificateContent,
  parseFaceApBasicInfo,
  parseIntegrityRecord,
  parseJpkiTokenInfo,
  parseMyNumberFile,
  parseMyNumberImage,
  parseSessionKey,
  parseSignedPublicKey,
  parseTextApBasicInfo,
  sexFromCardCode,
  sexFromJpkiCode,
  x509TotalLength,
} from '../../../src/cards/mynumber/records';
import { readJp2Header } from '../../../src/app/photo/jp2-header';
import { anyBytes, attempt, bytesFor, check, FuzzCounter, fuzzSync, mutated, runs, sameBytes, type HeaderSite } from './fuzz-harness';
import { defaultCard, recordSeeds } from './sim-seeds';

const counter = new FuzzCounter('fuzz-card-records');
afterAll(() => counter.flush());

let seeds: Record<string, Uint8Array[]> = {};
let jp2: Uint8Array = new Uint8Array(0);
let pngs: Uint8Array[] = [];
beforeAll(async () => {
  seeds = await recordSeeds();
  const card = await defaultCard();
  jp2 = card.images.photoJp2.slice();
  pngs = [card.images.namePng, card.images.addressPng, card.images.securityCodePng, card.images.myNumberPng].map((p) => p.slice());
});

interface RecordCase {
  readonly name: string;
  readonly seed: string;
  readonly parse: (b: Uint8Array) => unknown;
  readonly runs: number;
}

/** Every record parser, the seed it reads, and its share of the inputs (large files get fewer). */
const RECORDS: readonly RecordCase[] = [
  { name: 'My Number file (text AP EF 0001)', seed: 'myNumberFile', parse: parseMyNumberFile, runs: 30_000 },
  { name: 'basic four (text AP EF 0002)', seed: 'basicFour', parse: parseBasicFour, runs: 30_000 },
  { name: 'integrity record (text AP EF 0003)', seed: 'integrity', parse: parseIntegrityRecord, runs: 25_000 },
  { name: 'CV certificate (EF 0004)', seed: 'cvCertificate', parse: parseCvCertificate, runs: 30_000 },
  { name: 'text AP basic info (EF 0005)', seed: 'textBasicInfo', parse: parseTextApBasicInfo, runs: 15_000 },
  { name: 'face AP basic info (EF 0003)', seed: 'faceBasicInfo', parse: parseFaceApBasicInfo, runs: 15_000 },
  { name: 'session key (text AP EF 0006)', seed: 'sessionKey', parse: parseSessionKey, runs: 20_000 },
  { name: 'signed public key (text AP EF 0007)', seed: 'signedPublicKey', parse: parseSignedPublicKey, runs: 25_000 },
  { name: 'age record (face AP EF 0001)', seed: 'ageRecord', parse: parseAgeRecord, runs: 25_000 },
  { name: 'card face record (face AP EF 0002)', seed: 'cardFace', parse: parseCardFaceRecord, runs: 12_000 },
  { name: 'My Number image (face AP EF 0005)', seed: 'myNumberImage', parse: parseMyNumberImage, runs: 15_000 },
  { name: 'JPKI token info (EF 0006)', seed: 'tokenInfo', parse: parseJpkiTokenInfo, runs: 20_000 },
  { name: 'certificate availability (EF 0008)', seed: 'availability', parse: parseCertificateAvailability, runs: 10_000 },
  { name: 'common card info (DF …0100 EF 0001)', seed: 'commonCardInfo', parse: parseCommonCardInfo, runs: 15_000 },
];

describe('card records', () => {
  it('every seed parses unmodified (so the mutations start from valid records)', () => {
    for (const r of RECORDS) {
      for (const s of seeds[r.seed]!) expect(() => r.parse(s), r.name).not.toThrow();
    }
    expect(() => parseCvCertificateContent(parseBerTlv(seeds.cvCertificate![0]!).value)).not.toThrow();
    expect(readJp2Header(jp2).width).toBeGreaterThan(0);
  });

  for (const r of RECORDS) {
    it(`${r.name}: mutated and arbitrary bytes`, () => {
      fuzzSync(counter, `card record: ${r.name}`, bytesFor(seeds[r.seed]!, 700), r.parse, runs(r.runs));
    });
  }

  it('text / face basic info through parseApBasicInfo, with either AP', () => {
    fuzzSync(
      counter,
      'card record: AP basic info (either AP)',
      fc.tuple(bytesFor([...seeds.textBasicInfo!, ...seeds.faceBasicInfo!]), fc.constantFrom<'text' | 'face'>('text', 'face')),
      ([b, ap]) => parseApBasicInfo(b, ap),
      runs(10_000),
    );
  });

  it('CV certificate content (GET DATA form), and key ids of what parses', () => {
    const content = seeds.cvCertificate!.map((s) => parseBerTlv(s).value.slice());
    fuzzSync(
      counter,
      'CV certificate content (GET DATA 7F21 value)',
      bytesFor(content, 700),
      (b) => {
        const cv = parseCvCertificateContent(b);
        formatKeyId(cv.issuerKeyId);
        keyIdHierarchy(cv.subjectKeyId);
        return cv;
      },
      runs(30_000),
      (cv) => check(cv.issuerKeyId.length === 16 && cv.subjectKeyId.length === 16 && cv.signature.length === 256, 'CV certificate field sizes'),
    );
  });

  it('key id helpers on arbitrary bytes', () => {
    fuzzSync(counter, 'CV key id (format / hierarchy)', anyBytes(40), (b) => [formatKeyId(b), keyIdHierarchy(b)], runs(10_000));
  });

  it('sex codes on arbitrary strings', () => {
    fuzzSync(counter, 'sex code (card / JPKI)', fc.string({ maxLength: 4 }), (s) => [attempt(() => sexFromCardCode(s)), attempt(() => sexFromJpkiCode(s))], runs(10_000));
  });

  it('x509TotalLength: certificate EF heads', () => {
    fuzzSync(counter, 'JPKI certificate EF length (x509TotalLength)', fc.oneof(anyBytes(8), mutated(seeds.certificates!.map((c) => c.subarray(0, 8)), { sites: () => [] })), x509TotalLength, runs(20_000), (n) =>
      check(n >= 0x104 && n <= 0x8000, `total length ${n}`),
    );
  });
});

/** JP2 box headers of the seed: 4-byte big-endian lengths, rewritten by the 'header' mutation. */
function jp2BoxSites(b: Uint8Array): HeaderSite[] {
  const out: HeaderSite[] = [];
  const walk = (from: number, to: number, depth: number) => {
    for (let at = from, guard = 0; at + 8 <= to && guard < 32; guard++) {
      const len = ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
      if (len < 8 || at + len > to) return;
      out.push({ tagAt: at + 4, lengthAt: at, lengthBytes: 4 });
      const type = String.fromCharCode(...b.subarray(at + 4, at + 8));
      if (depth === 0 && type === 'jp2h') walk(at + 8, at + len, 1);
      at += len;
    }
  };
  walk(0, b.length, 0);
  return out;
}

describe('images before decoding', () => {
  it('readJp2Header (face photo guard) on mutated JP2 files', () => {
    // Mutations land in the first 200 bytes most of the time: that is where boxes and SIZ live.
    const head = jp2.subarray(0, Math.min(jp2.length, 400));
    fuzzSync(
      counter,
      'JPEG 2000 header (readJp2Header)',
      fc.oneof({ weight: 3, arbitrary: mutated([jp2], { sites: jp2BoxSites }) }, { weight: 3, arbitrary: mutated([head], { sites: jp2BoxSites }) }, { weight: 1, arbitrary: anyBytes(200) }),
      (b) => readJp2Header(b),
      runs(60_000),
      (h) => check(h.width > 0 && h.height > 0 && h.width <= 2000 && h.height <= 2000 && h.components >= 1 && h.components <= 4, 'accepted JP2 within limits'),
    );
  });

  it('detectImageFormat: PNG / JP2 sniffing of card face images', () => {
    fuzzSync(counter, 'card image format sniffing (PNG / JP2)', bytesFor([...pngs, jp2.subarray(0, 64)], 64), detectImageFormat, runs(20_000), (f, b) => {
      if (f === 'png') check(sameBytes(b.subarray(0, 8), pngs[0]!.subarray(0, 8)), 'png magic');
    });
  });
});

