import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bytesEqual } from '../../src/bytes/byte-ops';
import { SIM_FACE_IDS, SIM_FACE_SIZE, faceJp2 } from '../../src/sim/assets/faces';
import { JP2_SIGNATURE, readJp2Info, SimImageError } from '../../src/sim/images';

/** Binary PGM (P5) with optional # comments in the header, as opj_decompress writes it. */
function parsePgm(file: Buffer): { width: number; height: number; maxval: number; pixels: Buffer } {
  const tokens: string[] = [];
  let at = 0;
  while (tokens.length < 4) {
    while (/\s/.test(String.fromCharCode(file[at]!))) at++;
    if (file[at] === 0x23) {
      while (file[at] !== 0x0a) at++;
      continue;
    }
    let tok = '';
    while (!/\s/.test(String.fromCharCode(file[at]!))) tok += String.fromCharCode(file[at++]!);
    tokens.push(tok);
  }
  expect(tokens[0]).toBe('P5');
  return { width: Number(tokens[1]), height: Number(tokens[2]), maxval: Number(tokens[3]), pixels: file.subarray(at + 1) };
}

const FACES_DIR = new URL('../../src/sim/assets/faces/', import.meta.url);
const hasOpjDecompress = spawnSync('opj_decompress', ['-h'], { stdio: 'ignore' }).error === undefined;

describe('simulated face photos', () => {
  it('lists six faces', () => {
    expect(SIM_FACE_IDS).toEqual(['face-01', 'face-02', 'face-03', 'face-04', 'face-05', 'face-06']);
  });

  it.each(SIM_FACE_IDS)('%s is a greyscale JP2 of the chosen size, same bytes as the .jp2 file', (id) => {
    const bytes = faceJp2(id);
    expect(Array.from(bytes.subarray(0, 8))).toEqual([0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20]);
    expect(bytesEqual(bytes.subarray(0, 12), JP2_SIGNATURE)).toBe(true);
    expect(readJp2Info(bytes)).toEqual({
      brand: 'jp2 ',
      width: SIM_FACE_SIZE.width,
      height: SIM_FACE_SIZE.height,
      components: 1,
      bitsPerComponent: 8,
      enumeratedColourSpace: 17, // greyscale
      codestreamComponents: 1,
    });
    expect(bytes.length).toBeGreaterThan(6_000);
    expect(bytes.length).toBeLessThan(15_000);
    expect(bytesEqual(bytes, new Uint8Array(readFileSync(new URL(`${id}.jp2`, FACES_DIR))))).toBe(true);
  });

  it('faces differ from each other and each call returns a fresh copy', () => {
    const a = faceJp2('face-01');
    a[100] ^= 0xff;
    expect(bytesEqual(a, faceJp2('face-01'))).toBe(false);
    expect(bytesEqual(faceJp2('face-01'), faceJp2('face-02'))).toBe(false);
  });

  it('rejects unknown ids and malformed JP2 with typed errors', () => {
    expect(() => faceJp2('face-99')).toThrow(SimImageError);
    const broken = faceJp2('face-01').slice(0, 40);
    expect(() => readJp2Info(broken)).toThrow(SimImageError);
    expect(() => readJp2Info(new Uint8Array(64))).toThrow(SimImageError);
  });

  it.skipIf(!hasOpjDecompress)('decodes with opj_decompress (skipped where it is not installed, e.g. CI; the JS checks above still run)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kazasu-faces-'));
    try {
      for (const id of SIM_FACE_IDS) {
        const jp2 = join(dir, `${id}.jp2`);
        const pgm = join(dir, `${id}.pgm`);
        writeFileSync(jp2, faceJp2(id));
        const res = spawnSync('opj_decompress', ['-i', jp2, '-o', pgm], { encoding: 'utf8' });
        expect(res.status, res.stderr).toBe(0);
        const { width, height, maxval, pixels } = parsePgm(readFileSync(pgm));
        expect({ width, height, maxval }).toEqual({ ...SIM_FACE_SIZE, maxval: 255 });
        expect(pixels.length).toBe(width * height);
        // Plain light background in the top corners, darker clothes along the bottom edge.
        expect(pixels[2 * SIM_FACE_SIZE.width + 2]!).toBeGreaterThan(200);
        const bottom = pixels.subarray((SIM_FACE_SIZE.height - 3) * SIM_FACE_SIZE.width, (SIM_FACE_SIZE.height - 2) * SIM_FACE_SIZE.width);
        expect(bottom.reduce((s, v) => s + v, 0) / bottom.length).toBeLessThan(170);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
