/**
 * Base class of every error Kazasu raises on purpose.
 *
 * Each error carries a stable machine-readable `code` (kebab-case, never translated) that the
 * UI maps to Japanese and English text. Messages are for developers and logs: they must never
 * contain a PIN, 照合番号 or My Number.
 */
export abstract class KazasuError extends Error {
  /** Stable code, e.g. `tlv-truncated`, `card-removed`, `pin-blocked`. */
  abstract readonly code: string;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** True when `e` is a KazasuError (or subclass) — lets callers assert "only typed errors escape". */
export function isKazasuError(e: unknown): e is KazasuError {
  return e instanceof KazasuError;
}
