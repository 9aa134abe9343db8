/**
 * The Group 4 TIFF decoder (src/imaging/tiff) against libtiff: every bitmap is compressed by
 * `tiffcp -c g4` (both photometric interpretations, one strip and many, both fill orders) and
 * must decode to exactly the original pixels. Broken files fail with TiffError codes.
 */
import { describe, expect, it } from 'vitest';
import { decodeBilevelTiff, TiffError } from '../../src/imaging/tiff';
import { libtiffG4, testBitmaps, tiffcpAvailable, type Bitmap } from './libtiff';

function blackOf(img: { width: number; height: number; pixels: Uint8Array }): Uint8Array {
  return Uint8Array.from(img.pixels, (p) => (p === 0 ? 1 : 0));
}

function mismatches(a: Uint8Array, b: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) n++;
  return n;
}

describe('decodeBilevelTiff vs libtiff (tiffcp -c g4)', () => {
  it('libtiff-tools is installed (.ci/run installs it)', () => {
    expect(tiffcpAvailable()).toBe(true);
  });

  for (const { name, bm } of testBitmaps()) {
    it(`decodes "${name}" exactly, photometric 0 and 1`, () => {
      for (const pm of [0, 1] as const) {
        const img = decodeBilevelTiff(libtiffG4(bm, pm));
        expect([img.width, img.height]).toEqual([bm.width, bm.height]);
        expect(mismatches(blackOf(img), bm.black)).toBe(0);
      }
    });
  }

  it('decodes multi-strip files (each strip restarts from a white reference line)', () => {
    const { bm } = testBitmaps().find((t) => t.name.startsWith('blobs'))!;
    const img = decodeBilevelTiff(libtiffG4(bm, 0, ['-r', '7']));
    expect(mismatches(blackOf(img), bm.black)).toBe(0);
  });

  it('decodes fill order 2 (least significant bit first)', () => {
    const { bm } = testBitmaps().find((t) => t.name.startsWith('text-like'))!;
    const img = decodeBilevelTiff(libtiffG4(bm, 0, ['-f', 'lsb2msb']));
    expect(mismatches(blackOf(img), bm.black)).toBe(0);
  });

  it('decodes a big-endian (MM) file', () => {
    const { bm } = testBitmaps().find((t) => t.name.startsWith('diagonals'))!;
    const img = decodeBilevelTiff(libtiffG4(bm, 1, ['-B']));
    expect(mismatches(blackOf(img), bm.black)).toBe(0);
  });

  it('ignores the 00 padding after the file (a card field is fixed length)', () => {
    const { bm } = testBitmaps().find((t) => t.name.startsWith('noise 2%'))!;
    const file = libtiffG4(bm, 0);
    const padded = new Uint8Array(7000);
    padded.set(file);
    expect(mismatches(blackOf(decodeBilevelTiff(padded)), bm.black)).toBe(0);
  });
});

describe('decodeBilevelTiff refuses what it cannot decode, with typed errors', () => {
  const bm: Bitmap = testBitmaps().find((t) => t.name.startsWith('text-like'))!.bm;
  const good = () => libtiffG4(bm, 0, ['-r', '100000']);
  const code = (f: () => unknown): string => {
    try {
      f();
    } catch (e) {
      if (e instanceof TiffError) return e.code;
      throw e;
    }
    return 'no error';
  };

  it('not a TIFF', () => {
    expect(code(() => decodeBilevelTiff(Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4, 5)))).toBe('tiff-bad-header');
  });

  it('truncated data', () => {
    const f = good();
    // The strip follows the header in tiffcp output; cutting the file cuts the strip or the IFD.
    expect(['tiff-g4-truncated', 'tiff-bad-ifd', 'tiff-bad-header']).toContain(code(() => decodeBilevelTiff(f.subarray(0, Math.floor(f.length / 2)))));
  });

  it('a strip whose data is all ones is corrupt, not a hang', () => {
    const f = good();
    const dv = new DataView(f.buffer, f.byteOffset, f.byteLength);
    const ifd = dv.getUint32(4, true);
    const n = dv.getUint16(ifd, true);
    let off = 0;
    let len = 0;
    for (let i = 0; i < n; i++) {
      const o = ifd + 2 + i * 12;
      const v = dv.getUint16(o + 2, true) === 3 ? dv.getUint16(o + 8, true) : dv.getUint32(o + 8, true);
      if (dv.getUint16(o, true) === 273) off = v;
      if (dv.getUint16(o, true) === 279) len = v;
    }
    f.fill(0xff, off, off + len);
    expect(['tiff-g4-corrupt', 'tiff-g4-truncated']).toContain(code(() => decodeBilevelTiff(f)));
  });

  it('a huge declared size', () => {
    const f = good();
    const dv = new DataView(f.buffer, f.byteOffset, f.byteLength);
    const ifd = dv.getUint32(4, true);
    const n = dv.getUint16(ifd, true);
    for (let i = 0; i < n; i++) {
      const o = ifd + 2 + i * 12;
      if (dv.getUint16(o, true) === 256) {
        dv.setUint16(o + 2, 4, true);
        dv.setUint32(o + 8, 100_000, true);
      }
    }
    expect(code(() => decodeBilevelTiff(f))).toBe('tiff-too-large');
  });

  it('another compression (uncompressed) is unsupported', () => {
    expect(code(() => decodeBilevelTiff(libtiffG4(bm, 0, ['-c', 'none'])))).toBe('tiff-unsupported');
  });
});
