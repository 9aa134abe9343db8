/**
 * Where the terminal's random bytes come from: WebCrypto in production, an injected source in
 * tests (so the worked examples' keys and nonces can be replayed exactly).
 */
export type RandomSource = (length: number) => Uint8Array;

export const webCryptoRandom: RandomSource = (length) => {
  const out = new Uint8Array(length);
  // getRandomValues is limited to 65536 bytes per call.
  for (let i = 0; i < length; i += 65536) crypto.getRandomValues(out.subarray(i, Math.min(length, i + 65536)));
  return out;
};
