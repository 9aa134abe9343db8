/** Shared test helpers for tests/apdu (not a test file itself). */
import { expect } from 'vitest';
import { fromHex, toHex } from '../../src/bytes/hex';
import { ApduError, type ApduErrorCode } from '../../src/apdu/apdu-error';
import { TlvError, type TlvErrorCode } from '../../src/apdu/ber-tlv';

export const h = fromHex;
export const hx = (b: Uint8Array): string => toHex(b);

export function ascii(s: string): Uint8Array {
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

/** n bytes 0, 1, 2, … (mod 256): recognisable filler for values. */
export function seq(n: number, start = 0): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => (start + i) & 0xff);
}

export function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected the call to throw');
}

export function expectTlvError(fn: () => unknown, code: TlvErrorCode, offset: number): TlvError {
  const e = thrown(fn);
  expect(e).toBeInstanceOf(TlvError);
  const err = e as TlvError;
  expect(err.code).toBe(code);
  expect(err.offset).toBe(offset);
  if (offset >= 0) expect(err.message).toContain(`offset ${offset}`);
  return err;
}

export function expectApduError(fn: () => unknown, code: ApduErrorCode, offset?: number): ApduError {
  const e = thrown(fn);
  expect(e).toBeInstanceOf(ApduError);
  const err = e as ApduError;
  expect(err.code).toBe(code);
  expect(err.offset).toBe(offset);
  if (offset !== undefined) expect(err.message).toContain(`offset ${offset}`);
  return err;
}
