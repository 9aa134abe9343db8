/**
 * The simulator's Group 4 encoder (src/sim/residence-card/images/g4-encoder.ts), judged by
 * libtiff: `tiffcp -c none` must decompress its TIFFs to exactly the bitmap it was given, for
 * every test bitmap and both photometric interpretations. (The decoder in src/imaging/tiff is
 * judged separately against libtiff's own encoder in tiff-g4.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { writeG4Tiff } from '../../src/sim/residence-card/images/g4-encoder';
import { libtiffDecode, testBitmaps } from './libtiff';

describe('sim G4 encoder vs libtiff (tiffcp -c none)', () => {
  for (const { name, bm } of testBitmaps()) {
    it(`"${name}" survives libtiff's decoder unchanged`, () => {
      for (const photometric of [0, 1] as const) {
        const tiff = writeG4Tiff(bm.black, bm.width, bm.height, { photometric });
        const back = libtiffDecode(tiff);
        expect([back.width, back.height]).toEqual([bm.width, bm.height]);
        let diff = 0;
        for (let i = 0; i < bm.black.length; i++) if (back.black[i] !== bm.black[i]) diff++;
        expect(diff).toBe(0);
      }
    });
  }
});
