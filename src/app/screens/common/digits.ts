/** Keeps only digits from typed input; full-width digits (０–９, from a Japanese IME) become ASCII. */
export function digitsOnly(input: string, maxLength: number): string {
  return input
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[^0-9]/g, '')
    .slice(0, maxLength);
}
