/**
 * Image container sniffing for 券面 images (spec §3.7: PNG for name/address/security code,
 * JPEG 2000 JP2 for the photo; MC detects the JP2 magic `00 00 00 0C 6A 50 20 20`).
 * Reported, not enforced: the UI decides how to show an unexpected format.
 */
export type ImageFormat = 'png' | 'jp2' | 'j2k' | 'jpeg' | 'unknown';

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JP2 = [0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a];
const J2K = [0xff, 0x4f, 0xff, 0x51];
const JPEG = [0xff, 0xd8, 0xff];

function startsWith(b: Uint8Array, magic: readonly number[]): boolean {
  return b.length >= magic.length && magic.every((m, i) => b[i] === m);
}

export function detectImageFormat(image: Uint8Array): ImageFormat {
  if (startsWith(image, PNG)) return 'png';
  if (startsWith(image, JP2)) return 'jp2';
  if (startsWith(image, J2K)) return 'j2k';
  if (startsWith(image, JPEG)) return 'jpeg';
  return 'unknown';
}
