import { isUnsafeTextCodePoint } from '../cards/mynumber/records/unsafe-text';

/**
 * A clerk as chosen on the counter screen: a name (any script, e.g. 山田) or a staff number.
 * 1–64 characters, no leading or trailing space, no control, direction or invisible characters
 * (the same set a card's name may not hold). Digit runs that look like a My Number or 照合番号B
 * are still refused by the forbidden-data guard.
 */
export function isOperatorLabel(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const chars = [...value];
  if (chars.length < 1 || chars.length > 64 || value.trim() !== value) return false;
  return chars.every((c) => !isUnsafeTextCodePoint(c.codePointAt(0)!));
}

