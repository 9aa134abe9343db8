/**
 * Fuzzing the passport's new parsers (src/cards/passport/lds and the master-list / CRL readers of
 * src/verify/passport/trust): the MRZ, DG1, DG2 (ISO/IEC 19794-5 and 39794-5 containers), DG11,
 * DG12, DG14 and EF.CardAccess (SecurityInfos), DG15 (SubjectPublicKeyInfo), EF.COM, EF.SOD (CMS
 * SignedData + LDSSecurityObject, including BER indefinite lengths), EF.CardSecurity and a CSCA
 * master list — each ≥ 200,000 inputs at the default scale; only LdsError (a KazasuError) may
 * escape. Then the whole passive-authentication verifier on mutated security objects, which must
 * never throw at all. Seeds: the real SODs, CardSecurity files and reference data groups of
 * /work/shared/testdata/emrtd, and every simulated passport's files.
 */
import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  parseCardSecurity,
  parseDg1,
  parseDg11,
  parseDg12,
  parseDg14,
  parseDg15,
  parseDg2,
  parseEfCom,
  parseMrzLines,
  parseMrzString,
  parseSecurityInfos,
  parseSignedData,
  parseSod,
  splitMrzText,
} from '../../../src/cards/passport/lds';
import { parseCscaMasterList } from '../../../src/verify/passport/trust/master-list';
import { decodeCscaCrl } from '../../../src/verify/passport/trust/csca-crl';
import { checkSod } from '../../../src/verify/passport/check-sod';
import { createPassportTrustStore, type PassportTrustStore } from '../../../src/verify/passport/trust/passport-trust';
import { buildSimPassport } from '../../../src/sim/passport/lds/build-passport';
import { PASSPORT_PROFILES } from '../../../src/sim/passport/lds/profiles';
import { simMasterList } from '../../../src/sim/passport/pki/master-list';
import { simCscaCrl } from '../../../src/sim/passport/pki/crl';
import { simulatorPassportCscas } from '../../../src/sim/passport/pki/sim-passport-trust';
import { isKazasuError } from '../../../src/errors/kazasu-error';
import { attempt, bytesFor, FuzzCounter, FuzzFinding, fuzzAsync, fuzzSync, mutated, runs } from './fuzz-harness';

const counter = new FuzzCounter('fuzz-passport-lds');
afterAll(() => counter.flush());

const EMRTD = process.env.KAZASU_EMRTD_TESTDATA ?? '/work/shared/testdata/emrtd';
const hex = (f: string) => Uint8Array.from(Buffer.from(readFileSync(`${EMRTD}/sod/${f}`, 'utf8').replace(/\s+/g, ''), 'hex'));

const seeds: Record<string, Uint8Array[]> = {};
const add = (k: string, b: Uint8Array | undefined) => {
  if (b) (seeds[k] ??= []).push(b.slice());
};
let trust: PassportTrustStore;

beforeAll(async () => {
  for (const p of PASSPORT_PROFILES) {
    const pp = await buildSimPassport(p.id);
    add('com', pp.files.get(0x011e));
    add('sod', pp.files.get(0x011d));
    for (const [n, b] of pp.dataGroups) add(`dg${n}`, b);
    add('cardAccess', pp.mfFiles.get(0x011c));
    add('cardSecurity', pp.mfFiles.get(0x011d));
  }
  // Real data: two SODs per family of encodings (DER, BER indefinite, PSS, brainpool, SHA-1/512).
  for (const f of readdirSync(`${EMRTD}/sod`)) {
    if (/^(AT|NZ|MY|RU|FI|UK)_EF_SOD\.hex$/.test(f)) add('sod', hex(f));
    if (f.endsWith('_EF_CardSecurity.hex')) add('cardSecurity', hex(f));
    if (/_DG1\.hex$/.test(f)) add('dg1', hex(f));
    if (/_DG14\.hex$/.test(f)) add('dg14', hex(f));
    if (/_DG15\.hex$/.test(f)) add('dg15', hex(f));
  }
  add('masterList', await simMasterList());
  add('crl', await simCscaCrl());
  add('crl', new Uint8Array(Buffer.from(readFileSync(`${EMRTD}/crl/COL.crl.pem`, 'utf8').replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64')));
  trust = createPassportTrustStore('simulator', { simulator: await simulatorPassportCscas() });
}, 120_000);

/** Every LDS parser, its seeds and its inputs (≥ 200,000 each at scale 1). */
const PARSERS: readonly { name: string; seed: string; parse: (b: Uint8Array) => unknown; runs: number; maxRandom?: number }[] = [
  { name: 'passport EF.COM', seed: 'com', parse: parseEfCom, runs: 200_000 },
  { name: 'passport DG1 (MRZ data group)', seed: 'dg1', parse: parseDg1, runs: 200_000 },
  { name: 'passport DG2 (19794-5 / 39794-5 face container)', seed: 'dg2', parse: parseDg2, runs: 200_000, maxRandom: 300 },
  { name: 'passport DG11', seed: 'dg11', parse: parseDg11, runs: 200_000 },
  { name: 'passport DG12', seed: 'dg12', parse: parseDg12, runs: 200_000 },
  { name: 'passport DG14 (SecurityInfos)', seed: 'dg14', parse: parseDg14, runs: 200_000 },
  { name: 'passport EF.CardAccess (SecurityInfos)', seed: 'cardAccess', parse: parseSecurityInfos, runs: 200_000 },
  { name: 'passport DG15 (SubjectPublicKeyInfo)', seed: 'dg15', parse: parseDg15, runs: 200_000 },
  { name: 'passport EF.SOD (CMS SignedData, LDSSecurityObject)', seed: 'sod', parse: parseSod, runs: 200_000 },
  { name: 'passport EF.CardSecurity', seed: 'cardSecurity', parse: parseCardSecurity, runs: 200_000 },
  {
    name: 'passport CSCA master list (CMS, CscaMasterList)',
    seed: 'masterList',
    parse: (b) => parseCscaMasterList(parseSignedData(b).eContent),
    runs: 200_000,
  },
];

describe('passport LDS parsers', () => {
  it('every seed parses unmodified', () => {
    for (const p of PARSERS) {
      expect(seeds[p.seed]?.length, p.seed).toBeGreaterThan(0);
      for (const s of seeds[p.seed]!) expect(() => p.parse(s), p.name).not.toThrow();
    }
  });

  for (const p of PARSERS) {
    it(`${p.name}: mutated and arbitrary bytes`, () => {
      fuzzSync(counter, p.name, bytesFor(seeds[p.seed]!, p.maxRandom ?? 600), p.parse, runs(p.runs));
    });
  }

  it('MRZ text: mutated specimen lines and arbitrary MRZ-alphabet strings', () => {
    const lines = seeds.dg1!.map((b) => attempt(() => parseDg1(b))?.mrz.lines).filter((l): l is readonly string[] => !!l);
    const alphabet = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<<<<<<'.split(''));
    const text = fc.oneof(
      // A specimen MRZ with 1–4 characters replaced.
      fc.tuple(fc.constantFrom(...lines), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 1 }), alphabet), { minLength: 1, maxLength: 4 })).map(([ls, edits]) => {
        const out = [...ls];
        for (const [at, line, c] of edits) {
          const l = out[line % out.length]!;
          const i = at % l.length;
          out[line % out.length] = l.slice(0, i) + c + l.slice(i + 1);
        }
        return out.join('\n');
      }),
      fc.array(alphabet, { minLength: 60, maxLength: 100 }).map((a) => a.join('')),
      fc.string({ maxLength: 100 }),
    );
    fuzzSync(counter, 'passport MRZ (pasted text / DG1 string)', text, (t) => [attempt(() => parseMrzLines(splitMrzText(t))), attempt(() => parseMrzString(t.replace(/\n/g, '')))], runs(200_000));
  });

  it('CSCA CRL decoding (pkijs behind the guard): mutated CRLs', () => {
    fuzzSync(counter, 'passport CSCA CRL', bytesFor(seeds.crl!, 300), decodeCscaCrl, runs(20_000));
  });
});

describe('the passive-authentication verifier on mutated security objects', () => {
  it('checkSod never throws: every problem is a check', async () => {
    const dgs = new Map<number, Uint8Array>([[1, seeds.dg1![0]!]]);
    await fuzzAsync(
      counter,
      'passport passive authentication (checkSod)',
      mutated(seeds.sod!),
      async (b) => {
        try {
          return await checkSod(b, dgs, trust, new Date('2026-07-01T00:00:00Z'));
        } catch (e) {
          throw new FuzzFinding(`checkSod threw ${isKazasuError(e) ? (e as { code: string }).code : String(e)}`);
        }
      },
      runs(3_000),
    );
  }, 600_000);
});
