/**
 * libtiff as the independent judge of Group 4 images: `tiffcp -c g4` compresses bitmaps we write
 * uncompressed, `tiffcp -c none` decompresses what the simulator's encoder made. Needs Debian's
 * libtiff-tools (.ci/run installs it).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Bitmap {
  readonly width: number;
  readonly height: number;
  /** 1 byte per pixel, 1 = black. */
  readonly black: Uint8Array;
}

export function tiffcpAvailable(): boolean {
  return spawnSync('tiffcp', ['-h'], { encoding: 'utf8' }).error === undefined;
}

/** A minimal uncompressed bilevel TIFF (little-endian, one strip). */
export function uncompressedTiff(bm: Bitmap, photometric: 0 | 1): Uint8Array {
  const rowBytes = Math.ceil(bm.width / 8);
  const data = new Uint8Array(rowBytes * bm.height);
  for (let y = 0; y < bm.height; y++)
    for (let x = 0; x < bm.width; x++) {
      const black = bm.black[y * bm.width + x]!;
      const bit = photometric === 0 ? black : 1 - black;
      if (bit) data[y * rowBytes + (x >> 3)]! |= 0x80 >> (x & 7);
    }
  const tags: [number, number, number][] = [
    [256, 4, bm.width],
    [257, 4, bm.height],
    [258, 3, 1],
    [259, 3, 1],
    [262, 3, photometric],
    [273, 4, 0],
    [277, 3, 1],
    [278, 4, bm.height],
    [279, 4, data.length],
  ];
  const dataAt = 8 + 2 + tags.length * 12 + 4;
  const out = new Uint8Array(dataAt + data.length);
  const dv = new DataView(out.buffer);
  out.set([0x49, 0x49, 42, 0], 0);
  dv.setUint32(4, 8, true);
  dv.setUint16(8, tags.length, true);
  tags.forEach(([tag, type, value], i) => {
    const o = 10 + i * 12;
    dv.setUint16(o, tag, true);
    dv.setUint16(o + 2, type, true);
    dv.setUint32(o + 4, 1, true);
    const v = tag === 273 ? dataAt : value;
    if (type === 3) dv.setUint16(o + 8, v, true);
    else dv.setUint32(o + 8, v, true);
  });
  out.set(data, dataAt);
  return out;
}

function run(args: string[], input: Uint8Array): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'kazasu-tiff-'));
  try {
    const src = join(dir, 'in.tif');
    const dst = join(dir, 'out.tif');
    writeFileSync(src, input);
    const r = spawnSync('tiffcp', [...args, src, dst], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`tiffcp ${args.join(' ')} failed: ${r.stderr}`);
    return new Uint8Array(readFileSync(dst));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** libtiff's Group 4 file for `bm`; `extra` e.g. ['-r', '7'] for strips, ['-f', 'lsb2msb']. */
export function libtiffG4(bm: Bitmap, photometric: 0 | 1, extra: string[] = []): Uint8Array {
  return run(['-c', 'g4', ...extra], uncompressedTiff(bm, photometric));
}

/** libtiff's decompression of any TIFF it can read, as 1-bit-per-pixel black flags. */
export function libtiffDecode(tiff: Uint8Array): Bitmap {
  const plain = run(['-c', 'none', '-r', '100000'], tiff);
  // Parse our own minimal reader of libtiff's uncompressed output (one strip, LE or BE).
  const le = plain[0] === 0x49;
  const dv = new DataView(plain.buffer, plain.byteOffset, plain.byteLength);
  const u16 = (o: number) => dv.getUint16(o, le);
  const u32 = (o: number) => dv.getUint32(o, le);
  const ifd = u32(4);
  const n = u16(ifd);
  const get = (tag: number): number | undefined => {
    for (let i = 0; i < n; i++) {
      const o = ifd + 2 + i * 12;
      if (u16(o) === tag) return u16(o + 2) === 3 ? u16(o + 8) : u32(o + 8);
    }
    return undefined;
  };
  const width = get(256)!;
  const height = get(257)!;
  const photometric = get(262) ?? 0;
  const offset = get(273)!;
  const rowBytes = Math.ceil(width / 8);
  const black = new Uint8Array(width * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const bit = (plain[offset + y * rowBytes + (x >> 3)]! >> (7 - (x & 7))) & 1;
      black[y * width + x] = photometric === 0 ? bit : 1 - bit;
    }
  return { width, height, black };
}

/** Deterministic test bitmaps covering the T.6 modes: blank, solid, lines, noise, blobs, text-like. */
export function testBitmaps(): { name: string; bm: Bitmap }[] {
  let s = 0x2545f491;
  const rnd = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
  const make = (name: string, width: number, height: number, f: (x: number, y: number) => boolean) => {
    const black = new Uint8Array(width * height);
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) black[y * width + x] = f(x, y) ? 1 : 0;
    return { name, bm: { width, height, black } };
  };
  const blobs = Array.from({ length: 40 }, () => [rnd() * 674, rnd() * 425, 3 + rnd() * 25] as const);
  const noise = (d: number) => {
    const bits = Array.from({ length: 173 * 61 }, () => rnd() < d);
    return (x: number, y: number) => bits[y * 173 + x]!;
  };
  return [
    make('white 1×1', 1, 1, () => false),
    make('black 1×1', 1, 1, () => true),
    make('white 674×425', 674, 425, () => false),
    make('black 33×17', 33, 17, () => true),
    make('vertical line', 100, 50, (x) => x === 37),
    make('horizontal line', 100, 50, (_x, y) => y === 20),
    make('checkerboard 1 px', 64, 64, (x, y) => (x + y) % 2 === 0),
    make('checkerboard 8 px, odd width', 91, 40, (x, y) => ((x >> 3) + (y >> 3)) % 2 === 0),
    make('diagonals', 200, 200, (x, y) => Math.abs(x - y) < 3 || Math.abs(x + y - 199) < 2),
    make('noise 2%', 173, 61, noise(0.02)),
    make('noise 50%', 173, 61, noise(0.5)),
    make('noise 90%', 173, 61, noise(0.9)),
    make('blobs 674×425', 674, 425, (x, y) => blobs.some(([cx, cy, r]) => (x - cx) ** 2 + (y - cy) ** 2 < r * r)),
    make('edges at both ends, 1728 wide', 1728, 10, (x, y) => x === 0 || x === 1727 || (y === 5 && x % 3 === 0)),
    make('runs past 2560', 3000, 3, (x, y) => y === 1 && x > 100 && x < 2900),
    make('text-like strokes', 640, 120, (x, y) => {
      const h = (Math.floor(x / 16) * 73856093) ^ (Math.floor(y / 24) * 19349663);
      const gx = x % 16;
      const gy = y % 24;
      return gy > 3 && gy < 20 && gx > 2 && gx < 14 && ((h >>> ((gx + gy) % 20)) & 1) === 1;
    }),
  ];
}
