/**
 * The face-photo size guard on untrusted card bytes: the simulator's real JP2 files pass with
 * their true size; truncations, bad signatures and oversized headers are refused with typed
 * errors before anything reaches the decoder; no input makes it throw anything else or hang.
 */
import { describe, expect, it } from 'vitest';
import { readJp2Header } from '../../src/app/photo/jp2-header';
import { PhotoError } from '../../src/app/photo/photo-error';
import { faceJp2 } from '../../src/sim/assets/faces/faces-data';

const face = faceJp2('face-01');

describe('readJp2Header', () => {
  it('reads the simulated face: 240 × 320, one component', () => {
    expect(readJp2Header(face)).toMatchObject({ width: 240, height: 320, components: 1 });
  });

  it('refuses a file that is not a JP2 (e.g. a PNG)', () => {
    const png = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0);
    expect(() => readJp2Header(png)).toThrow(PhotoError);
    expect(() => readJp2Header(png)).toThrowError(expect.objectContaining({ code: 'photo-not-jp2' }));
  });

  it('refuses sizes above the limits before decoding', () => {
    expect(() => readJp2Header(face, { maxBytes: 1000, maxWidth: 2000, maxHeight: 2000, maxComponents: 4, maxTiles: 1024 })).toThrowError(
      expect.objectContaining({ code: 'photo-too-large' }),
    );
    expect(() => readJp2Header(face, { maxBytes: 1 << 20, maxWidth: 200, maxHeight: 2000, maxComponents: 4, maxTiles: 1024 })).toThrowError(
      expect.objectContaining({ code: 'photo-too-large' }),
    );
  });

  it('every truncation and every single-byte corruption of the header gives a PhotoError or a sane header', () => {
    for (let n = 0; n < 200; n++) {
      try {
        readJp2Header(face.subarray(0, n));
      } catch (e) {
        expect(e).toBeInstanceOf(PhotoError);
      }
    }
    for (let i = 0; i < 200; i++) {
      for (const v of [0x00, 0xff, face[i]! ^ 0x80]) {
        const bad = face.slice();
        bad[i] = v;
        try {
          const h = readJp2Header(bad);
          expect(h.width).toBeLessThanOrEqual(2000);
          expect(h.height).toBeLessThanOrEqual(2000);
        } catch (e) {
          expect(e).toBeInstanceOf(PhotoError);
        }
      }
    }
  });
});
