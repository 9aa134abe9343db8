/** The stable `code` of a Kazasu error (or any error object with a string code), else `fallback`. */
export function errorCode(e: unknown, fallback = 'internal-error'): string {
  if (typeof e === 'object' && e !== null && 'code' in e) {
    const code = (e as { code: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return fallback;
}
