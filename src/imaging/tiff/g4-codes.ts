/**
 * The modified Huffman run-length codes of ITU-T T.4 (Tables 2 and 3: terminating codes 0–63,
 * make-up codes 64–1728 per colour, and the extended make-up codes 1792–2560 shared by both
 * colours), which T.6 (Group 4) uses in horizontal mode; and the T.6 mode codes (Table 1).
 * Written as bit strings exactly as the standard tabulates them.
 */
const WHITE_TERMINATING =
  '00110101 000111 0111 1000 1011 1100 1110 1111 10011 10100 00111 01000 001000 000011 110100 110101 ' +
  '101010 101011 0100111 0001100 0001000 0010111 0000011 0000100 0101000 0101011 0010011 0100100 0011000 00000010 00000011 00011010 ' +
  '00011011 00010010 00010011 00010100 00010101 00010110 00010111 00101000 00101001 00101010 00101011 00101100 00101101 00000100 00000101 00001010 ' +
  '00001011 01010010 01010011 01010100 01010101 00100100 00100101 01011000 01011001 01011010 01011011 01001010 01001011 00110010 00110011 00110100';

const BLACK_TERMINATING =
  '0000110111 010 11 10 011 0011 0010 00011 000101 000100 0000100 0000101 0000111 00000100 00000111 000011000 ' +
  '0000010111 0000011000 0000001000 00001100111 00001101000 00001101100 00000110111 00000101000 00000010111 00000011000 000011001010 000011001011 000011001100 000011001101 000001101000 000001101001 ' +
  '000001101010 000001101011 000011010010 000011010011 000011010100 000011010101 000011010110 000011010111 000001101100 000001101101 000011011010 000011011011 000001010100 000001010101 000001010110 000001010111 ' +
  '000001100100 000001100101 000001010010 000001010011 000000100100 000000110111 000000111000 000000100111 000000101000 000001011000 000001011001 000000101011 000000101100 000001011010 000001100110 000001100111';

/** 64, 128, … 1728. */
const WHITE_MAKEUP =
  '11011 10010 010111 0110111 00110110 00110111 01100100 01100101 01101000 01100111 011001100 011001101 011010010 011010011 ' +
  '011010100 011010101 011010110 011010111 011011000 011011001 011011010 011011011 010011000 010011001 010011010 011000 010011011';

const BLACK_MAKEUP =
  '0000001111 000011001000 000011001001 000001011011 000000110011 000000110100 000000110101 0000001101100 0000001101101 0000001001010 ' +
  '0000001001011 0000001001100 0000001001101 0000001110010 0000001110011 0000001110100 0000001110101 0000001110110 0000001110111 ' +
  '0000001010010 0000001010011 0000001010100 0000001010101 0000001011010 0000001011011 0000001100100 0000001100101';

/** 1792, 1856, … 2560, both colours. */
const EXTENDED_MAKEUP = '00000001000 00000001100 00000001101 000000010010 000000010011 000000010100 000000010101 000000010110 000000010111 000000011100 000000011101 000000011110 000000011111';

/** One colour's decoding table: for each code length 1–13, code value → run length. */
export type RunTable = ReadonlyArray<ReadonlyMap<number, number>>;

function build(terminating: string, makeup: string): RunTable {
  const byLength: Map<number, number>[] = Array.from({ length: 14 }, () => new Map());
  const add = (bits: string, run: number): void => {
    const map = byLength[bits.length]!;
    const code = parseInt(bits, 2);
    if (map.has(code)) throw new Error(`duplicate T.4 code ${bits}`);
    map.set(code, run);
  };
  terminating.split(' ').forEach((bits, i) => add(bits, i));
  makeup.split(' ').forEach((bits, i) => add(bits, 64 * (i + 1)));
  EXTENDED_MAKEUP.split(' ').forEach((bits, i) => add(bits, 1792 + 64 * i));
  return byLength;
}

export const WHITE_RUNS: RunTable = build(WHITE_TERMINATING, WHITE_MAKEUP);
export const BLACK_RUNS: RunTable = build(BLACK_TERMINATING, BLACK_MAKEUP);

/** T.6 Table 1 mode codes. */
export type Mode = { readonly kind: 'pass' } | { readonly kind: 'horizontal' } | { readonly kind: 'vertical'; readonly delta: number } | { readonly kind: 'extension' } | { readonly kind: 'eol' };

const MODES: ReadonlyArray<readonly [string, Mode]> = [
  ['1', { kind: 'vertical', delta: 0 }],
  ['011', { kind: 'vertical', delta: 1 }],
  ['010', { kind: 'vertical', delta: -1 }],
  ['001', { kind: 'horizontal' }],
  ['0001', { kind: 'pass' }],
  ['000011', { kind: 'vertical', delta: 2 }],
  ['000010', { kind: 'vertical', delta: -2 }],
  ['0000011', { kind: 'vertical', delta: 3 }],
  ['0000010', { kind: 'vertical', delta: -3 }],
  ['0000001', { kind: 'extension' }],
  ['000000000001', { kind: 'eol' }],
];

export const MODE_TABLE: ReadonlyArray<ReadonlyMap<number, Mode>> = (() => {
  const byLength: Map<number, Mode>[] = Array.from({ length: 13 }, () => new Map());
  for (const [bits, mode] of MODES) byLength[bits.length]!.set(parseInt(bits, 2), mode);
  return byLength;
})();
