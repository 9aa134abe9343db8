/**
 * Shared machinery of the fuzz files (issue 6 item 2): run a parser on fast-check inputs, insist
 * that it either returns or throws a KazasuError, guard each parse against hangs, and count the
 * inputs so the file can record them with recordFigure. Nothing here asserts speed: the hang
 * guard is a generous bound that only a runaway loop could exceed.
 */
import fc from 'fast-check';
import { isKazasuError } from '../../../src/errors/kazasu-error';
import { parseBerTlv, parseBerChildren, type BerTlv } from '../../../src/apdu/ber-tlv';
import { recordFigure } from '../figures';

/** Per-input hang guard (the brief allows a generous 2 s; a correct parser needs microseconds). */
export const HANG_GUARD_MS = 2000;

/**
 * Scale of every run count, so a quick local check can use e.g. KAZASU_FUZZ_SCALE=0.01.
 * The suite's floor (≥ 1,000,000 inputs) is only met at the default scale of 1.
 */
export const FUZZ_SCALE = (() => {
  const v = Number(process.env.KAZASU_FUZZ_SCALE ?? '1');
  return Number.isFinite(v) && v > 0 ? v : 1;
})();

/** Replays a failing run: fast-check prints `seed` on failure; set KAZASU_FUZZ_SEED to it. */
const SEED = process.env.KAZASU_FUZZ_SEED === undefined ? undefined : Number(process.env.KAZASU_FUZZ_SEED);
const seedOption = (): { seed?: number } => (SEED !== undefined && Number.isInteger(SEED) ? { seed: SEED } : {});

export function runs(n: number): number {
  return Math.max(1, Math.round(n * FUZZ_SCALE));
}

/** Thrown when a parser lets an untyped error escape or runs past the hang guard. */
export class FuzzFinding extends Error {}

/** A cheap assertion for hot loops (vitest's expect costs more than most parses). */
export function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new FuzzFinding(message);
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function describe(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}\n${e.stack ?? ''}` : String(e);
}

function checkThrown(e: unknown): void {
  if (!isKazasuError(e)) throw new FuzzFinding(`untyped error escaped: ${describe(e)}`);
}

/** Counts inputs per parser name for one test file; `flush` records them as figures. */
export class FuzzCounter {
  private readonly counts = new Map<string, number>();

  constructor(private readonly source: string) {}

  add(parser: string, n = 1): void {
    this.counts.set(parser, (this.counts.get(parser) ?? 0) + n);
  }

  get total(): number {
    let t = 0;
    for (const n of this.counts.values()) t += n;
    return t;
  }

  count(parser: string): number {
    return this.counts.get(parser) ?? 0;
  }

  /** Record every count as a 'fuzz-inputs' figure (call once, from afterAll). */
  flush(): void {
    for (const [parser, n] of this.counts) recordFigure(this.source, 'fuzz-inputs', parser, n);
    this.counts.clear();
  }
}

/**
 * Runs `parse` on `numRuns` inputs from `arb`. The property fails when anything but a
 * KazasuError is thrown, when one parse exceeds the hang guard, or when `check` (a property of a
 * successful result, e.g. a round trip) throws.
 */
export function fuzzSync<T, R>(
  counter: FuzzCounter,
  parser: string,
  arb: fc.Arbitrary<T>,
  parse: (input: T) => R,
  numRuns: number,
  check?: (result: R, input: T) => void,
): void {
  fc.assert(
    fc.property(arb, (input) => {
      counter.add(parser);
      const t0 = performance.now();
      let result: R;
      try {
        result = parse(input);
      } catch (e) {
        checkThrown(e);
        return;
      } finally {
        const ms = performance.now() - t0;
        if (ms > HANG_GUARD_MS) throw new FuzzFinding(`${parser}: one parse took ${Math.round(ms)} ms (hang guard ${HANG_GUARD_MS} ms)`);
      }
      check?.(result, input);
    }),
    { numRuns, ...seedOption() },
  );
}

/** Like fuzzSync for async parsers and protocol engines; the hang guard is a race with a timer. */
export async function fuzzAsync<T, R>(
  counter: FuzzCounter,
  parser: string,
  arb: fc.Arbitrary<T>,
  parse: (input: T) => Promise<R>,
  numRuns: number,
  check?: (result: R, input: T) => void,
): Promise<void> {
  await fc.assert(
    fc.asyncProperty(arb, async (input) => {
      counter.add(parser);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const hang = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new FuzzFinding(`${parser}: no answer within the ${HANG_GUARD_MS} ms hang guard`)), HANG_GUARD_MS);
      });
      let result: R;
      try {
        result = await Promise.race([parse(input), hang]);
      } catch (e) {
        if (e instanceof FuzzFinding) throw e;
        checkThrown(e);
        return;
      } finally {
        clearTimeout(timer);
      }
      check?.(result, input);
    }),
    { numRuns, ...seedOption() },
  );
}

/**
 * Runs one step of a multi-step parse: a KazasuError ends only this step (so later steps still
 * see the input), anything else escapes to the harness as a finding.
 */
export function attempt<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch (e) {
    checkThrown(e);
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Input generators

/** Arbitrary bytes, mostly short (where length checks live) with some long inputs. */
export function anyBytes(maxLength = 600): fc.Arbitrary<Uint8Array> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.uint8Array({ maxLength: 24 }) },
    { weight: 2, arbitrary: fc.uint8Array({ maxLength }) },
  );
}

/** Bytes that often carry the values length and tag checks branch on. */
const INTERESTING = [0x00, 0x01, 0x02, 0x1f, 0x20, 0x30, 0x7f, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x88, 0xa0, 0xfe, 0xff] as const;

type Mutation =
  | { readonly kind: 'flip'; readonly at: number; readonly bit: number }
  | { readonly kind: 'set'; readonly at: number; readonly value: number }
  | { readonly kind: 'bump'; readonly at: number; readonly delta: number }
  | { readonly kind: 'insert'; readonly at: number; readonly bytes: Uint8Array }
  | { readonly kind: 'delete'; readonly at: number; readonly count: number }
  | { readonly kind: 'truncate'; readonly at: number }
  | { readonly kind: 'duplicate'; readonly at: number; readonly count: number }
  | { readonly kind: 'header'; readonly which: number; readonly op: number; readonly value: number };

const position = fc.nat({ max: 0x7fffffff });

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('flip' as const), at: position, bit: fc.nat({ max: 7 }) }) },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('set' as const), at: position, value: fc.oneof(fc.constantFrom(...INTERESTING), fc.nat({ max: 255 })) }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('bump' as const), at: position, delta: fc.integer({ min: -3, max: 3 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('insert' as const), at: position, bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: position, count: fc.integer({ min: 1, max: 16 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: position }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('duplicate' as const), at: position, count: fc.integer({ min: 1, max: 32 }) }) },
  {
    weight: 6,
    arbitrary: fc.record({ kind: fc.constant('header' as const), which: position, op: fc.nat({ max: 5 }), value: fc.nat({ max: 0xffff }) }),
  },
);

/**
 * Where the BER/DER headers of a seed are: the offset of each nested TLV's length field and its
 * length in bytes. Structure-aware mutations rewrite exactly these bytes, which is what pushes a
 * mutated input past the first length check into the deeper parts of a parser.
 */
export interface HeaderSite {
  readonly lengthAt: number;
  readonly lengthBytes: number;
  readonly tagAt: number;
}

export function berHeaderSites(bytes: Uint8Array): HeaderSite[] {
  const out: HeaderSite[] = [];
  const walk = (tlv: BerTlv, depth: number): void => {
    const tagBytes = tlv.headerLength - lengthFieldSize(bytes, tlv);
    out.push({ tagAt: tlv.offset, lengthAt: tlv.offset + tagBytes, lengthBytes: tlv.headerLength - tagBytes });
    if (depth > 12 || tlv.length < 2) return;
    let children: BerTlv[];
    try {
      children = parseBerChildren(tlv);
    } catch {
      return; // primitive content that is not itself a TLV list
    }
    for (const c of children) walk(c, depth + 1);
  };
  let pos = 0;
  // Seeds may be several TLVs back to back (e.g. CV certificate content); FF filler ends the walk.
  for (let guard = 0; pos < bytes.length && guard < 64; guard++) {
    if (bytes[pos] === 0xff && bytes.subarray(pos).every((b) => b === 0xff)) break;
    let top: BerTlv;
    try {
      top = parseBerTlv(bytes, pos, 0);
    } catch {
      break;
    }
    walk(top, 0);
    pos += top.raw.length;
  }
  return out;
}

function lengthFieldSize(bytes: Uint8Array, tlv: BerTlv): number {
  // The length field starts after the tag bytes: find it by decoding the tag again.
  let p = tlv.offset + 1;
  if ((bytes[tlv.offset]! & 0x1f) === 0x1f) {
    while (p < bytes.length && (bytes[p]! & 0x80) !== 0) p++;
    p++;
  }
  const l0 = bytes[p]!;
  return l0 < 0x80 ? 1 : 1 + (l0 & 0x7f);
}

interface Seed {
  readonly bytes: Uint8Array;
  readonly sites: readonly HeaderSite[];
}

/** `b` with `count` bytes at `at` replaced by `insert` (a copy; the seed is never touched). */
function splice(b: Uint8Array, at: number, count: number, insert: ArrayLike<number> = []): Uint8Array {
  const del = Math.min(count, b.length - at);
  const out = new Uint8Array(b.length - del + insert.length);
  out.set(b.subarray(0, at), 0);
  out.set(insert, at);
  out.set(b.subarray(at + del), at + insert.length);
  return out;
}

function encodeLength(n: number, forceBytes: number): number[] {
  if (forceBytes === 0 && n < 0x80) return [n];
  const out: number[] = [];
  let rest = n;
  do {
    out.unshift(rest & 0xff);
    rest = Math.floor(rest / 256);
  } while (rest > 0);
  while (out.length < forceBytes) out.unshift(0);
  return [0x80 | out.length, ...out];
}

function rewriteHeader(b: Uint8Array, site: HeaderSite, op: number, value: number): Uint8Array {
  const { lengthAt, lengthBytes } = site;
  let current = 0;
  for (let i = lengthAt + (lengthBytes > 1 ? 1 : 0); i < lengthAt + lengthBytes; i++) current = current * 256 + b[i]!;
  let replacement: number[];
  switch (op) {
    case 0: // off by a little: the classic overrun / underrun
      replacement = encodeLength(Math.max(0, current + ((value % 7) - 3)), 0);
      break;
    case 1: // non-minimal long form of the same length
      replacement = encodeLength(current, 1 + (value % 3));
      break;
    case 2: // indefinite length, or an oversized length-of-length
      replacement = value % 2 === 0 ? [0x80] : [0x85 + (value % 3), 0, 0, 0, 0, 1];
      break;
    case 3: // a huge length
      replacement = encodeLength(value % 2 === 0 ? 0xffffffff : 0x7fffff00 + (value & 0xff), 0);
      break;
    case 4: // any length at all
      replacement = encodeLength(value, 0);
      break;
    default: // change the tag instead (first byte only)
      b[site.tagAt] = value & 0xff;
      return b;
  }
  return splice(b, lengthAt, lengthBytes, replacement);
}

/** Applies one mutation to `b` (which the caller owns) and returns the result. */
function applyMutation(b: Uint8Array, m: Mutation, sites: readonly HeaderSite[]): Uint8Array {
  const n = b.length;
  switch (m.kind) {
    case 'flip':
      if (n) b[m.at % n] = b[m.at % n]! ^ (1 << m.bit);
      return b;
    case 'set':
      if (n) b[m.at % n] = m.value;
      return b;
    case 'bump':
      if (n) b[m.at % n] = (b[m.at % n]! + m.delta) & 0xff;
      return b;
    case 'insert':
      return splice(b, m.at % (n + 1), 0, m.bytes);
    case 'delete':
      return n ? splice(b, m.at % n, m.count) : b;
    case 'truncate':
      return b.subarray(0, m.at % (n + 1));
    case 'duplicate': {
      if (!n) return b;
      const at = m.at % n;
      return splice(b, at, 0, b.slice(at, at + m.count));
    }
    case 'header': {
      // Sites were found on the unmutated seed; after earlier length-changing mutations they may
      // point elsewhere, which is fine: it is still a mutation, only less targeted.
      if (!sites.length) {
        if (n) b[m.which % n] = INTERESTING[m.value % INTERESTING.length]!;
        return b;
      }
      const site = sites[m.which % sites.length]!;
      if (site.lengthAt + site.lengthBytes > n) return b;
      return rewriteHeader(b, site, m.op, m.value);
    }
  }
}

/**
 * Valid inputs with 1–4 mutations each: bit flips, interesting byte values, insertions,
 * deletions, truncation, duplicated runs, and rewritten BER/DER length fields and tags. One run
 * in sixteen is the unmodified seed, so the "valid input parses" path is exercised too.
 */
export function mutated(seeds: readonly Uint8Array[], options: { sites?: (b: Uint8Array) => HeaderSite[] } = {}): fc.Arbitrary<Uint8Array> {
  if (seeds.length === 0) throw new Error('mutated() needs at least one seed');
  const prepared: Seed[] = seeds.map((bytes) => ({ bytes, sites: (options.sites ?? berHeaderSites)(bytes) }));
  return fc
    .tuple(fc.nat({ max: prepared.length - 1 }), fc.array(mutation, { minLength: 0, maxLength: 4 }), fc.nat({ max: 15 }))
    .map(([i, ms, keep]) => {
      const seed = prepared[i]!;
      if (keep === 0 || ms.length === 0) return seed.bytes.slice();
      let b: Uint8Array = seed.bytes.slice();
      for (const m of ms) b = applyMutation(b, m, seed.sites);
      return b;
    });
}

/** Mutated seeds most of the time, arbitrary bytes the rest. */
export function bytesFor(seeds: readonly Uint8Array[], maxRandom = 600): fc.Arbitrary<Uint8Array> {
  return fc.oneof({ weight: 4, arbitrary: mutated(seeds) }, { weight: 1, arbitrary: anyBytes(maxRandom) });
}

/** Split bytes into 1..n chunks at arbitrary points (for incremental parsers fed by transfers). */
export function chunked(bytes: fc.Arbitrary<Uint8Array>): fc.Arbitrary<Uint8Array[]> {
  return fc.tuple(bytes, fc.array(position, { maxLength: 6 })).map(([b, cuts]) => {
    const points = [...new Set(cuts.map((c) => c % (b.length + 1)))].sort((x, y) => x - y);
    const out: Uint8Array[] = [];
    let prev = 0;
    for (const p of points) {
      out.push(b.subarray(prev, p));
      prev = p;
    }
    out.push(b.subarray(prev));
    return out;
  });
}
