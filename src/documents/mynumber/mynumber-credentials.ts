/**
 * The My Number Card's credentials for the kiosk purposes: 照合番号B (opens the text AP and the
 * card-face AP), the 券面AP birth-date key, the JPKI 署名用 password and the optional
 * 利用者証明用 PIN. Format checks are cards/mynumber/credentials.ts (spec §2.1).
 */
import { checkBirthDateKey, checkPin4, checkSignPassword, checkVerificationCodeB } from '../../cards/mynumber/credentials';
import type { CredentialSpec } from '../document-driver';

export const MYNUMBER_CREDENTIALS = ['codeB', 'signPassword', 'birthDateKey', 'authPin'] as const;
export type MyNumberCredential = (typeof MYNUMBER_CREDENTIALS)[number];

export const MYNUMBER_CREDENTIAL_SPECS: Readonly<Record<MyNumberCredential, CredentialSpec>> = {
  codeB: { flag: 'code-b', normalise: (v) => checkVerificationCodeB(v), counterReadable: true },
  // Case-insensitive on the card's side: the card stores it upper-cased (spec §2.1).
  signPassword: { flag: 'password', normalise: (v) => checkSignPassword(v), counterReadable: true },
  birthDateKey: { flag: 'birth-date-key', normalise: (v) => checkBirthDateKey(v), counterReadable: true },
  authPin: { flag: 'pin', normalise: (v) => checkPin4(v), counterReadable: true },
};

/**
 * Which credential an error is about: a PinError by the VERIFY header's key reference
 * (P2 = 80|SFI: 9B sign password, 98 auth PIN, 91 birth-date key, 95/92 照合番号B in the text /
 * card-face AP), a format error by its field; otherwise the first credential the purpose asks for.
 */
export function myNumberCredentialOf(error: unknown, needed: readonly MyNumberCredential[]): MyNumberCredential {
  const err = (typeof error === 'object' && error !== null ? error : {}) as { command?: unknown; field?: unknown; message?: unknown };
  const header = typeof err.command === 'string' ? err.command : typeof err.message === 'string' ? err.message : '';
  const p2 = /00 20 00 ([0-9A-F]{2})/.exec(header)?.[1];
  if (p2 === '9B') return 'signPassword';
  if (p2 === '98') return 'authPin';
  if (p2 === '91') return 'birthDateKey';
  if (p2 === '95' || p2 === '92') return 'codeB';
  if (err.field === 'signPassword') return 'signPassword';
  if (err.field === 'birthDateKey') return 'birthDateKey';
  if (err.field === 'verificationCodeB') return 'codeB';
  return needed[0] ?? 'codeB';
}
