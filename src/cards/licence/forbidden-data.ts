/**
 * Data Kazasu may hold for a moment but must never keep: the licence's 本籍 (registered domicile,
 * DF1/EF02). No kiosk purpose shows it, an evidence record must never contain it, and it is read
 * only when a caller asks for it with a reason (`HonsekiReason`).
 *
 * The type makes keeping it hard rather than merely discouraged:
 *  - the value lives in a private field, so spreading, `Object.assign`, `structuredClone` and
 *    IndexedDB (structured clone) copy nothing;
 *  - `JSON.stringify` throws (`toJSON`), so an evidence record or a log line that picks it up by
 *    mistake fails loudly instead of storing it;
 *  - `String()`, template strings and Node's inspector print a marker, never the value;
 *  - it is not a string or a Uint8Array, so it cannot be passed where one is expected without
 *    `reveal(reason)`, which names why at the call site;
 *  - `wipe()` zeroes the bytes; a wiped value cannot be revealed.
 */
import { LicenceCardError } from './licence-errors';

/**
 * Why 本籍 is read. `signature-verification`: the bytes are hashed for the licence signature
 * (whose signed data is said to include DF1/EF02, [U]) and never decoded to text. `shown-to-staff`:
 * a purpose that genuinely needs it (none of the kiosk's today) must name itself.
 */
export type HonsekiReason =
  | { readonly kind: 'signature-verification' }
  | { readonly kind: 'shown-to-staff'; readonly purpose: string };

export function isHonsekiReason(r: unknown): r is HonsekiReason {
  if (typeof r !== 'object' || r === null) return false;
  const o = r as { kind?: unknown; purpose?: unknown };
  return o.kind === 'signature-verification' || (o.kind === 'shown-to-staff' && typeof o.purpose === 'string' && o.purpose.trim() !== '');
}

const MARKER = '[本籍: withheld]';
const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/** Forbidden bytes (本籍). See the module comment. */
export class ForbiddenBytes {
  readonly forbidden = '本籍' as const;
  #bytes: Uint8Array | undefined;

  constructor(bytes: Uint8Array) {
    this.#bytes = bytes.slice();
  }

  /** A copy of the bytes; the caller wipes it. Throws when `reason` is missing or the data was wiped. */
  reveal(reason: HonsekiReason): Uint8Array {
    if (!isHonsekiReason(reason)) throw new LicenceCardError('licence-honseki-reason-required', '本籍 is revealed only with a reason');
    if (!this.#bytes) throw new LicenceCardError('licence-forbidden-data-wiped', '本籍 was already wiped');
    return this.#bytes.slice();
  }

  get wiped(): boolean {
    return this.#bytes === undefined;
  }

  wipe(): void {
    this.#bytes?.fill(0);
    this.#bytes = undefined;
  }

  toJSON(): never {
    throw new LicenceCardError('licence-forbidden-data-serialised', '本籍 must never be serialised or stored');
  }

  toString(): string {
    return MARKER;
  }

  [INSPECT](): string {
    return MARKER;
  }
}

/** True for any value that holds forbidden data, searched through plain objects and arrays. */
export function containsForbiddenData(value: unknown, depth = 0): boolean {
  if (value instanceof ForbiddenBytes) return true;
  if (depth > 32 || typeof value !== 'object' || value === null || ArrayBuffer.isView(value)) return false;
  for (const v of Array.isArray(value) ? value : Object.values(value)) {
    if (containsForbiddenData(v, depth + 1)) return true;
  }
  return false;
}

/**
 * Member names an evidence record must never carry for the licence (for the evidence layer's
 * forbidden-data rules, evidence/forbidden-data.ts `forbiddenMembers`).
 */
export const LICENCE_FORBIDDEN_MEMBERS: readonly string[] = ['honseki', '本籍', 'registeredDomicile', 'permanentDomicile'];
