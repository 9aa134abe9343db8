import { KazasuError } from '../../errors/kazasu-error';

/**
 * Proof that the caller may touch the 個人番号. Retrieving it (text AP EF 0001, 券面AP EF 0005)
 * or using 照合番号A (which *is* the My Number) is lawful only for 番号法 business
 * (spec §2.5 legal note). The session engine creates this only when the operator enabled such a
 * purpose; card modules refuse without it.
 */
export interface MyNumberLegalBasis {
  readonly kind: 'my-number-act';
  /** The 番号法 business, e.g. '税・社会保障手続（源泉徴収票）'. Recorded, never derived from data. */
  readonly purpose: string;
}

export class MyNumberPolicyError extends KazasuError {
  readonly code = 'my-number-not-permitted' as const;
  constructor(what: string) {
    super(`${what} requires a 番号法 legal basis, and none was given`);
  }
}

export function requireMyNumberBasis(basis: MyNumberLegalBasis | undefined, what: string): void {
  if (!basis || basis.kind !== 'my-number-act' || typeof basis.purpose !== 'string' || basis.purpose.trim() === '') {
    throw new MyNumberPolicyError(what);
  }
}
