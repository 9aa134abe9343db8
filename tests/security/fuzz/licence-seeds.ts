/**
 * Seeds and structure-aware mutations for the licence fuzz files: the simulated licences' files
 * exactly as READ BINARY returns them (FF filler included) and the マイナ免許証 WEF01–WEF03, with
 * mutations aimed at the licence TLV headers (one-byte tags, 81/82 lengths).
 */
import fc from 'fast-check';
import type { EraDate } from '../../../src/cards/licence';
import { buildLicence, buildMncLicenceInfo, buildMncSignature, LICENCE_PROFILES, MNC_LICENCE_PROFILES } from '../../../src/sim/licence';
import { anyBytes, check, mutated, type HeaderSite } from './fuzz-harness';

/** At the default scale every parser gets at least this many inputs. */
export const PER_PARSER = 200_000;

export type SeedName = 'common' | 'pinSetting' | 'entries' | 'honseki' | 'gaiji' | 'gaijiChanges' | 'changes' | 'signature' | 'photo' | 'wef01' | 'wef02' | 'wef03';
export const seeds: Record<SeedName, Uint8Array[]> = { common: [], pinSetting: [], entries: [], honseki: [], gaiji: [], gaijiChanges: [], changes: [], signature: [], photo: [], wef01: [], wef02: [], wef03: [] };

export async function loadLicenceSeeds(): Promise<void> {
  if (seeds.common.length > 0) return;
  for (const p of LICENCE_PROFILES) {
    const b = await buildLicence(p);
    const f = b.files;
    seeds.common.push(f.common.file);
    seeds.pinSetting.push(f.pinSetting.file);
    seeds.entries.push(f.entries.file);
    seeds.honseki.push(f.honseki.file);
    seeds.gaiji.push(f.gaiji.file);
    seeds.gaijiChanges.push(f.gaijiChanges.file);
    seeds.changes.push(f.changes.file);
    seeds.signature.push(f.signature.file);
    seeds.photo.push(f.photo.file);
  }
  for (const p of MNC_LICENCE_PROFILES) {
    const wef02 = buildMncLicenceInfo(p);
    seeds.wef02.push(wef02);
    seeds.wef03.push(await buildMncSignature(wef02, 'licence-issuer-1'));
    seeds.wef01.push(Uint8Array.of(0xc1, 0x01, p.pin.set ? 1 : 0));
  }
}

/**
 * Where the licence TLV headers of a seed are (one-byte tags; 5F40 and 01xx as two; lengths of
 * one byte, 81 xx or 82 xx xx), walked independently of the parser under test.
 */
export function licenceSites(twoByte: readonly number[]): (b: Uint8Array) => HeaderSite[] {
  return (b) => {
    const out: HeaderSite[] = [];
    let pos = 0;
    for (let guard = 0; pos + 1 < b.length && guard < 200; guard++) {
      if (b[pos] === 0xff && b.subarray(pos).every((x) => x === 0xff)) break;
      const tagAt = pos;
      pos += twoByte.includes(b[pos]!) ? 2 : 1;
      if (pos >= b.length) break;
      const l0 = b[pos]!;
      const lengthBytes = l0 === 0x81 ? 2 : l0 === 0x82 ? 3 : 1;
      if (pos + lengthBytes > b.length) break;
      const len = l0 === 0x81 ? b[pos + 1]! : l0 === 0x82 ? (b[pos + 1]! << 8) | b[pos + 2]! : l0;
      out.push({ tagAt, lengthAt: pos, lengthBytes });
      pos += lengthBytes + len;
    }
    return out;
  };
}

export function licenceBytes(name: SeedName, twoByte: readonly number[] = [], maxRandom = 300): fc.Arbitrary<Uint8Array> {
  return fc.oneof({ weight: 4, arbitrary: mutated(seeds[name], { sites: licenceSites(twoByte) }) }, { weight: 1, arbitrary: anyBytes(maxRandom) });
}

export function validDate(d: EraDate | undefined): void {
  if (!d) return;
  check(/^\d{4}-\d{2}-\d{2}$/.test(d.iso) && d.month >= 1 && d.month <= 12 && d.day >= 1 && d.day <= 31 && d.eraYear >= 1, `era date ${d.iso}`);
}

