import { readFile } from 'node:fs/promises';
import { UsageError } from './cli-args';

/**
 * An LDS file or a CMS object as other tools store it: raw bytes, hex (whitespace allowed, as in
 * the eMRTD test data), base64 or PEM. Text that is neither is taken as the raw bytes it is.
 */
export async function readBinaryInput(path: string): Promise<Uint8Array> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch {
    throw new UsageError(`cannot read ${path}`);
  }
  if (bytes.length === 0) throw new UsageError(`${path} is empty`);
  // Binary LDS files start with an ASN.1 tag byte (60, 61, 75, 6B, 6C, 6E, 6F, 77, 30): never printable text.
  if (bytes.some((b) => b < 0x09 || (b > 0x0d && b < 0x20) || b > 0x7e)) return bytes;
  const text = new TextDecoder().decode(bytes);
  if (text.includes('-----BEGIN')) return bytes; // PEM: the verifier reads its blocks
  const compact = text.replace(/\s+/g, '');
  if (/^(?:[0-9a-fA-F]{2})+$/.test(compact)) return Uint8Array.from(compact.match(/../g)!.map((h) => parseInt(h, 16)));
  if (/^[A-Za-z0-9+/]+={0,2}$/.test(compact) && compact.length % 4 === 0) return Uint8Array.from(atob(compact), (c) => c.charCodeAt(0));
  return bytes;
}
