/** SHA-256 through WebCrypto (browser and Node ≥ 20 alike). */

/** SHA-256 of `data`. The temporary copy handed to WebCrypto is wiped afterwards. */
export async function sha256(data: Uint8Array): Promise<Uint8Array> {
  // WebCrypto wants an ArrayBuffer-backed view; copying also means a caller's buffer is never
  // shared with the platform.
  const copy = new Uint8Array(data.length);
  copy.set(data);
  try {
    return new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', copy));
  } finally {
    copy.fill(0);
  }
}
