import { base64ToBytes } from '../../bytes/base64';
import { KazasuError } from '../../errors/kazasu-error';

export class AnchorFormatError extends KazasuError {
  constructor(
    readonly code: 'anchor-not-pem-or-der' | 'anchor-not-a-root' | 'anchor-bad-cv-key' | 'anchor-duplicate',
    message: string,
  ) {
    super(message);
  }
}

/** Bytes of the first `-----BEGIN CERTIFICATE-----` block, or the input itself when it is DER. */
export function certificateBytes(input: Uint8Array): Uint8Array {
  // DER certificates start with SEQUENCE (30) and a long-form length (81/82/83).
  if (input.length > 4 && input[0] === 0x30 && input[1]! >= 0x81 && input[1]! <= 0x83) return input;
  const text = new TextDecoder('utf-8', { fatal: false }).decode(input);
  return pemToDer(text);
}

export function pemToDer(pem: string): Uint8Array {
  const m = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+)-----END CERTIFICATE-----/.exec(pem);
  if (!m) throw new AnchorFormatError('anchor-not-pem-or-der', 'not a PEM certificate or DER');
  try {
    return base64ToBytes(m[1]!);
  } catch {
    throw new AnchorFormatError('anchor-not-pem-or-der', 'PEM body is not base64');
  }
}
