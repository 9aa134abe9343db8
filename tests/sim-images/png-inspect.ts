/**
 * A test-only PNG reader built on node:zlib, written separately from the code under test
 * (which uses fast-png/fflate), so "it decodes" is not checked by the encoder's own library.
 * Also offers a python3 cross-check (zlib + struct) when python3 is installed.
 */
import { spawnSync } from 'node:child_process';
import { crc32, inflateSync } from 'node:zlib';

export interface InspectedPng {
  readonly width: number;
  readonly height: number;
  readonly bitDepth: number;
  readonly colorType: number;
  readonly interlace: number;
  readonly chunkTypes: readonly string[];
  /** Greyscale samples scaled to 0…255, row-major. */
  readonly grey: Uint8Array;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function inspectPng(png: Uint8Array): InspectedPng {
  const buf = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  if (!SIGNATURE.every((b, i) => buf[i] === b)) throw new Error('bad PNG signature');
  let at = 8;
  const chunkTypes: string[] = [];
  const idat: Buffer[] = [];
  let ihdr: Buffer | undefined;
  while (at < buf.length) {
    const len = buf.readUInt32BE(at);
    const type = buf.toString('latin1', at + 4, at + 8);
    const data = buf.subarray(at + 8, at + 8 + len);
    const crc = buf.readUInt32BE(at + 8 + len);
    if (crc32(buf.subarray(at + 4, at + 8 + len)) !== crc) throw new Error(`bad CRC in ${type}`);
    chunkTypes.push(type);
    if (type === 'IHDR') ihdr = data;
    if (type === 'IDAT') idat.push(data);
    at += 12 + len;
    if (type === 'IEND') break;
  }
  if (!ihdr || chunkTypes[0] !== 'IHDR' || chunkTypes.at(-1) !== 'IEND') throw new Error('bad chunk order');
  const width = ihdr.readUInt32BE(0), height = ihdr.readUInt32BE(4);
  const bitDepth = ihdr[8]!, colorType = ihdr[9]!, interlace = ihdr[12]!;
  if (colorType !== 0 || interlace !== 0 || ![1, 2, 4, 8].includes(bitDepth)) {
    throw new Error(`inspectPng handles only non-interlaced greyscale ≤ 8 bit, got type ${colorType} depth ${bitDepth}`);
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = Math.ceil((width * bitDepth) / 8);
  if (raw.length !== height * (stride + 1)) throw new Error(`IDAT holds ${raw.length} bytes, expected ${height * (stride + 1)}`);
  const grey = new Uint8Array(width * height);
  let prev = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = new Uint8Array(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)));
    for (let i = 0; i < stride; i++) {
      const a = i > 0 ? line[i - 1]! : 0, b = prev[i]!, c = i > 0 ? prev[i - 1]! : 0;
      const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
      const pred = [0, a, b, (a + b) >> 1, pa <= pb && pa <= pc ? a : pb <= pc ? b : c][filter];
      if (pred === undefined) throw new Error(`bad filter ${filter}`);
      line[i] = (line[i]! + pred) & 0xff;
    }
    const max = (1 << bitDepth) - 1;
    for (let x = 0; x < width; x++) {
      const bit = x * bitDepth;
      const v = (line[bit >> 3]! >> (8 - bitDepth - (bit & 7))) & max;
      grey[y * width + x] = Math.round((v * 255) / max);
    }
    prev = line;
  }
  return { width, height, bitDepth, colorType, interlace, chunkTypes, grey };
}

export const hasPython3 = spawnSync('python3', ['-c', 'import zlib, struct'], { stdio: 'ignore' }).status === 0;

/** Parses the PNG in python3 (zlib + struct); returns IHDR fields and the count of black pixels. */
export function inspectPngWithPython(png: Uint8Array): { width: number; height: number; bitDepth: number; colorType: number; black: number } {
  const script = `
import sys, struct, zlib, json
d = sys.stdin.buffer.read()
assert d[:8] == b'\\x89PNG\\r\\n\\x1a\\n'
i, idat, hdr = 8, b'', None
while i < len(d):
    n, t = struct.unpack('>I4s', d[i:i+8]); body = d[i+8:i+8+n]
    assert zlib.crc32(t + body) == struct.unpack('>I', d[i+8+n:i+12+n])[0], t
    if t == b'IHDR': hdr = struct.unpack('>IIBBBBB', body)
    if t == b'IDAT': idat += body
    i += 12 + n
w, h, depth, ctype = hdr[0], hdr[1], hdr[2], hdr[3]
raw = zlib.decompress(idat); stride = (w * depth + 7) // 8
assert depth == 1 and all(raw[y * (stride + 1)] == 0 for y in range(h)), 'expects 1-bit, filter 0'
black = sum(1 for y in range(h) for x in range(w) if not (raw[y*(stride+1)+1+x//8] >> (7 - x % 8)) & 1)
print(json.dumps(dict(width=w, height=h, bitDepth=depth, colorType=ctype, black=black)))
`;
  const res = spawnSync('python3', ['-c', script], { input: png, encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`python3 PNG check failed: ${res.stderr}`);
  return JSON.parse(res.stdout) as ReturnType<typeof inspectPngWithPython>;
}

/** Black pixels inside [x0, x1) × [y0, y1) of an inspected PNG. */
export function inkIn(png: InspectedPng, x0: number, y0: number, x1: number, y1: number): number {
  let n = 0;
  for (let y = Math.max(0, y0); y < Math.min(png.height, y1); y++) {
    for (let x = Math.max(0, x0); x < Math.min(png.width, x1); x++) if (png.grey[y * png.width + x] === 0) n++;
  }
  return n;
}
