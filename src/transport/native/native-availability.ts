import { NATIVE_SHELL_GLOBAL } from './native-shell-contract';
import { checkShell, type CheckedShell } from './native-shell-checks';
import { NativeShellError } from './native-shell-error';

export type NativeUnavailableReason = 'native-shell-missing' | 'native-shell-malformed' | 'native-version-unsupported';

export type NativeAvailability =
  | { readonly usable: true; readonly shell: CheckedShell }
  | { readonly usable: false; readonly reason: NativeUnavailableReason };

/**
 * Whether the page runs inside a Kazasu phone shell that injected `window.kazasuNative`
 * (README.md in this folder). A plain mobile browser has none: Web NFC cannot reach ISO-DEP
 * (reference §5), so there the answer is `native-shell-missing`.
 */
export function nativeAvailability(global: unknown): NativeAvailability {
  let value: unknown;
  try {
    value = global && typeof global === 'object' ? (global as Record<string, unknown>)[NATIVE_SHELL_GLOBAL] : undefined;
  } catch {
    return { usable: false, reason: 'native-shell-malformed' };
  }
  if (value === undefined || value === null) return { usable: false, reason: 'native-shell-missing' };
  try {
    return { usable: true, shell: checkShell(value) };
  } catch (e) {
    const reason = e instanceof NativeShellError && e.reason === 'native-version-unsupported' ? 'native-version-unsupported' : 'native-shell-malformed';
    return { usable: false, reason };
  }
}
