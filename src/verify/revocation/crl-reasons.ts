/**
 * CRLReason (RFC 5280 §5.3.1) codes and names. JPKI uses affiliationChanged for attribute
 * changes, superseded for renewals, cessationOfOperation when no longer needed, and treats
 * certificateHold as final (reference pki-and-perf.md §2.4) — so every listed reason is "revoked".
 */
export const CRL_REASON_NAMES = {
  0: 'unspecified',
  1: 'keyCompromise',
  2: 'cACompromise',
  3: 'affiliationChanged',
  4: 'superseded',
  5: 'cessationOfOperation',
  6: 'certificateHold',
  8: 'removeFromCRL',
  9: 'privilegeWithdrawn',
  10: 'aACompromise',
} as const;

export type CrlReasonCode = keyof typeof CRL_REASON_NAMES;
export type CrlReasonName = (typeof CRL_REASON_NAMES)[CrlReasonCode];

/** Marker in the index's reason column for an entry without a reasonCode extension. */
export const REASON_ABSENT = 0xff;

export function crlReasonName(code: number): CrlReasonName | undefined {
  return Object.prototype.hasOwnProperty.call(CRL_REASON_NAMES, code)
    ? CRL_REASON_NAMES[code as CrlReasonCode]
    : undefined;
}

const BY_NAME: ReadonlyMap<string, CrlReasonCode> = new Map(
  Object.entries(CRL_REASON_NAMES).map(([code, name]) => [name, Number(code) as CrlReasonCode]),
);

export function crlReasonCode(name: string): CrlReasonCode | undefined {
  return BY_NAME.get(name);
}
