/** DER → PEM (RFC 7468: base64 in 64-character lines between BEGIN/END labels). */
import { bytesToBase64 } from '../../bytes/base64';

export function toPem(der: Uint8Array, label = 'CERTIFICATE'): string {
  const b64 = bytesToBase64(der);
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 64) lines.push(b64.slice(i, i + 64));
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
