/**
 * A small deterministic PRNG (sfc32 seeded through a string hash). The simulator uses it for
 * card-side randomness so a run with the same seed answers the same bytes. Not for secrets.
 */
function hashSeed(seed: string): [number, number, number, number] {
  // FNV-1a variants with four different offsets give four 32-bit words.
  const words: [number, number, number, number] = [0x811c9dc5, 0x01000193, 0xdeadbeef, 0x9e3779b9];
  for (let w = 0; w < 4; w++) {
    let h = words[w]! >>> 0;
    for (let i = 0; i < seed.length; i++) {
      h ^= seed.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    words[w] = h ^ (w * 0x27d4eb2d);
  }
  return words;
}

export class SeededRandom {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: string) {
    [this.a, this.b, this.c, this.d] = hashSeed(seed);
    for (let i = 0; i < 12; i++) this.nextU32();
  }

  nextU32(): number {
    this.a >>>= 0;
    this.b >>>= 0;
    this.c >>>= 0;
    this.d >>>= 0;
    let t = (this.a + this.b) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.d = (this.d + 1) | 0;
    t = (t + this.d) | 0;
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.nextU32() & 0xff;
    return out;
  }
}
