/**
 * PEM (RFC 7468) blocks of any label — certificates, CRLs ("X509 CRL"), CMS master lists — or
 * the input itself when it is already DER. Operators import whatever their authority publishes.
 */
import { base64ToBytes } from '../../../bytes/base64';
import { PassportVerifyError } from '../passport-verify-error';

export interface PemBlock {
  readonly label: string;
  readonly der: Uint8Array;
}

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\s]*)-----END \1-----/g;

/** Every PEM block in `text`, in order. */
export function pemBlocks(text: string): PemBlock[] {
  const out: PemBlock[] = [];
  for (const m of text.matchAll(BLOCK)) {
    try {
      out.push({ label: m[1]!, der: base64ToBytes(m[2]!.replace(/\s+/g, '')) });
    } catch (cause) {
      throw new PassportVerifyError('pp-trust-bad-input', `PEM block "${m[1]}" is not base64`, { cause });
    }
  }
  return out;
}

/** DER objects in `input`: the input itself when it starts like DER (30 8x), else its PEM blocks (or bare base64). */
export function derObjects(input: Uint8Array, labels?: readonly string[]): Uint8Array[] {
  if (input.length > 4 && input[0] === 0x30 && input[1]! >= 0x80) return [input];
  const text = new TextDecoder('utf-8', { fatal: false }).decode(input);
  const blocks = pemBlocks(text).filter((b) => !labels || labels.includes(b.label));
  if (blocks.length > 0) return blocks.map((b) => b.der);
  const bare = text.replace(/\s+/g, '');
  if (/^[A-Za-z0-9+/]+=*$/.test(bare) && bare.length > 16) {
    try {
      return [base64ToBytes(bare)];
    } catch {
      // fall through
    }
  }
  throw new PassportVerifyError('pp-trust-bad-input', `neither DER nor PEM${labels ? ` (${labels.join(', ')})` : ''}`);
}
