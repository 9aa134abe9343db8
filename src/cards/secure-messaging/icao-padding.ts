/**
 * ISO/IEC 9797-1 padding method 2 (append 80, then 00 up to the block size; always applied, even
 * to block-aligned data — 9303-11 §9.8.6.1, §9.8.7.1). A private copy for the ICAO scheme: the
 * residence-card helper owns the folder's shared padding helpers; the lead may unify the two.
 */
import { IcaoSmError } from './icao-sm-error';

export function padIso9797m2(data: Uint8Array, blockSize: number): Uint8Array {
  const total = (Math.floor(data.length / blockSize) + 1) * blockSize;
  const out = new Uint8Array(total);
  out.set(data);
  out[data.length] = 0x80;
  return out;
}

/** Removes method-2 padding; throws `sm-bad-padding` when the last non-zero byte is not 80. */
export function unpadIso9797m2(data: Uint8Array, blockSize: number): Uint8Array {
  if (data.length === 0 || data.length % blockSize !== 0) {
    throw new IcaoSmError('sm-bad-padding', `decrypted data of ${data.length} bytes is not a whole number of ${blockSize}-byte blocks`);
  }
  let i = data.length - 1;
  // The padding is at most one block long.
  const stop = data.length - blockSize;
  while (i >= stop && data[i] === 0x00) i--;
  if (i < stop || data[i] !== 0x80) {
    throw new IcaoSmError('sm-bad-padding', 'decrypted data does not end in ISO/IEC 9797-1 padding method 2');
  }
  return data.slice(0, i);
}
