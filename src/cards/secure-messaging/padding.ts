/**
 * ISO/IEC 9797-1 padding method 2 (= ISO/IEC 7816-4 padding): append 80, then 00 up to a whole
 * block, always (a block-aligned input gains a whole block). The residence card's SM uses it for
 * the VERIFY cryptogram and the READ BINARY answer (在留カード等仕様書 §4.2.2, §4.2.5(ii)); ICAO SM
 * and Retail MAC use it too.
 */
import { SecureMessagingError } from './sm-error';

export function padIso9797M2(data: Uint8Array, blockSize: number): Uint8Array {
  checkBlockSize(blockSize);
  const total = (Math.floor(data.length / blockSize) + 1) * blockSize;
  const out = new Uint8Array(total);
  out.set(data, 0);
  out[data.length] = 0x80;
  return out;
}

/**
 * Strip method-2 padding. Strict: the last block must hold the 80 marker followed only by 00, and
 * the marker must lie in the last block (at most `blockSize` padding bytes), so a corrupted final
 * block is an error rather than silently cut data. Returns a view into `data`.
 */
export function unpadIso9797M2(data: Uint8Array, blockSize: number): Uint8Array {
  checkBlockSize(blockSize);
  if (data.length === 0 || data.length % blockSize !== 0) {
    throw new SecureMessagingError('sm-bad-cryptogram-length', `padded data of ${data.length} bytes is not a whole number of ${blockSize}-byte blocks`);
  }
  let i = data.length - 1;
  const floor = data.length - blockSize;
  while (i >= floor && data[i] === 0x00) i--;
  if (i < floor || data[i] !== 0x80) {
    throw new SecureMessagingError('sm-bad-padding', 'ISO/IEC 9797-1 method 2 padding not found in the last block', Math.max(0, i));
  }
  return data.subarray(0, i);
}

function checkBlockSize(blockSize: number): void {
  if (blockSize !== 8 && blockSize !== 16) throw new SecureMessagingError('sm-bad-key', `block size ${blockSize} is neither 8 nor 16`);
}
