import { expect } from 'vitest';
import { isKazasuError } from '../../src/errors/kazasu-error';

/** Runs `f`, asserts it throws a KazasuError with `code`, returns it for further checks. */
export function expectCode(f: () => unknown, code: string): { code: string; offset?: number; message: string } {
  let caught: unknown;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  expect(caught, `expected ${code}`).toBeDefined();
  expect(isKazasuError(caught), String(caught)).toBe(true);
  const err = caught as { code: string; offset?: number; message: string };
  expect(err.code).toBe(code);
  return err;
}
