/**
 * The operator PIN in front of the history screen (verify chain, export, purge).
 *
 * Stored: a random 16-byte salt, PBKDF2-HMAC-SHA-256 of the PIN (≥ 310,000 iterations, OWASP
 * Password Storage Cheat Sheet), the iteration count, and the lockout state. Never the PIN.
 * Comparison is constant-time over the 32-byte derived values.
 *
 * Lockout: the 5th consecutive wrong PIN locks checking for 30 s; every further wrong PIN after a
 * lock doubles it (60 s, 2 min, …, at most 24 h). While locked, check() answers without
 * deriving anything and without counting. A right PIN resets the count. Checks are serialised,
 * so parallel guesses cannot all run before the count is written. (Another tab has its own
 * queue; the stored count still rises with every wrong guess.)
 */
import { bytesEqual, copyBytes } from '../bytes/byte-ops';
import { OperatorPinError } from './evidence-error';
import { getOne, openDatabase, transactionDone } from './idb';

export const PBKDF2_MIN_ITERATIONS = 310_000;
export const MAX_FAILED_ATTEMPTS = 5;
export const BASE_LOCK_MS = 30_000;
export const MAX_LOCK_MS = 24 * 3600_000;
const STORE = 'operator-pin';
const RECORD_KEY = 'operator';
export const DEFAULT_OPERATOR_PIN_DB = 'kazasu-operator-pin';

export type PinCheckResult = { readonly ok: true } | { readonly ok: false; readonly retryAfterMs?: number; readonly attemptsLeft?: number };

export interface OperatorPinStore {
  isSet(): Promise<boolean>;
  /** Set the PIN (6–16 digits). Refuses to replace an existing one unless `replaceExisting` (the UI asks for the old PIN first). */
  set(pin: string, options?: { readonly replaceExisting?: boolean }): Promise<void>;
  check(pin: string): Promise<PinCheckResult>;
}

interface PinRecord {
  readonly algorithm: 'PBKDF2-SHA-256';
  readonly iterations: number;
  readonly salt: Uint8Array;
  readonly derived: Uint8Array;
  readonly failures: number;
  /** ms since the epoch; 0 when not locked. */
  readonly lockedUntil: number;
}

export interface OperatorPinOptions {
  readonly indexedDB: IDBFactory;
  readonly dbName?: string;
  readonly iterations?: number;
  /** ms since the epoch (tests pin it). */
  readonly now?: () => number;
}

/** Delay after the nth consecutive failure (n ≥ MAX_FAILED_ATTEMPTS). */
export function lockDelayMs(failures: number): number {
  if (failures < MAX_FAILED_ATTEMPTS) return 0;
  return Math.min(MAX_LOCK_MS, BASE_LOCK_MS * 2 ** Math.min(failures - MAX_FAILED_ATTEMPTS, 20));
}

async function derive(pin: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const material = new TextEncoder().encode(pin.normalize('NFKC'));
  try {
    const base = await globalThis.crypto.subtle.importKey('raw', material, 'PBKDF2', false, ['deriveBits']);
    return new Uint8Array(await globalThis.crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: copyBytes(salt), iterations }, base, 256));
  } finally {
    material.fill(0);
  }
}

function asPinRecord(v: unknown): PinRecord {
  const o = v as Partial<PinRecord> | null;
  if (
    !o ||
    o.algorithm !== 'PBKDF2-SHA-256' ||
    typeof o.iterations !== 'number' ||
    !(o.salt instanceof Uint8Array) ||
    !(o.derived instanceof Uint8Array) ||
    o.derived.length !== 32 ||
    typeof o.failures !== 'number' ||
    typeof o.lockedUntil !== 'number'
  ) {
    throw new OperatorPinError('operator-pin-record-malformed', 'stored operator PIN record is malformed');
  }
  if (o.iterations < PBKDF2_MIN_ITERATIONS) throw new OperatorPinError('operator-pin-weak-parameters', 'stored operator PIN uses too few iterations');
  return o as PinRecord;
}

class IdbOperatorPinStore implements OperatorPinStore {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: IDBDatabase,
    private readonly iterations: number,
    private readonly now: () => number,
  ) {}

  async isSet(): Promise<boolean> {
    return (await this.read()) !== undefined;
  }

  set(pin: string, options: { readonly replaceExisting?: boolean } = {}): Promise<void> {
    return this.serial(async () => {
      if (typeof pin !== 'string' || !/^\d{6,16}$/.test(pin)) throw new OperatorPinError('operator-pin-format', 'the operator PIN must be 6–16 digits');
      if (!options.replaceExisting && (await this.read()) !== undefined) throw new OperatorPinError('operator-pin-already-set', 'an operator PIN is already set');
      const salt = globalThis.crypto.getRandomValues(new Uint8Array(16));
      const derived = await derive(pin, salt, this.iterations);
      await this.write({ algorithm: 'PBKDF2-SHA-256', iterations: this.iterations, salt, derived, failures: 0, lockedUntil: 0 });
    });
  }

  check(pin: string): Promise<PinCheckResult> {
    return this.serial(async () => {
      const rec = await this.read();
      if (!rec) throw new OperatorPinError('operator-pin-not-set', 'no operator PIN is set');
      const now = this.now();
      if (rec.lockedUntil > now) return { ok: false, retryAfterMs: rec.lockedUntil - now, attemptsLeft: 0 };
      const candidate = typeof pin === 'string' && pin.length <= 64 ? await derive(pin, rec.salt, rec.iterations) : new Uint8Array(32);
      const ok = bytesEqual(candidate, rec.derived) && typeof pin === 'string' && pin.length <= 64;
      candidate.fill(0);
      if (ok) {
        if (rec.failures !== 0 || rec.lockedUntil !== 0) await this.write({ ...rec, failures: 0, lockedUntil: 0 });
        return { ok: true };
      }
      const failures = rec.failures + 1;
      const delay = lockDelayMs(failures);
      await this.write({ ...rec, failures, lockedUntil: delay > 0 ? now + delay : 0 });
      return delay > 0 ? { ok: false, retryAfterMs: delay, attemptsLeft: 0 } : { ok: false, attemptsLeft: MAX_FAILED_ATTEMPTS - failures };
    });
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async read(): Promise<PinRecord | undefined> {
    let v: unknown;
    try {
      v = await getOne(this.db, STORE, RECORD_KEY);
    } catch (e) {
      throw new OperatorPinError('operator-pin-storage-failed', 'reading the operator PIN failed', { cause: e });
    }
    return v === undefined ? undefined : asPinRecord(v);
  }

  private async write(rec: PinRecord): Promise<void> {
    try {
      const tx = this.db.transaction(STORE, 'readwrite');
      const done = transactionDone(tx);
      tx.objectStore(STORE).put(rec, RECORD_KEY);
      await done;
    } catch (e) {
      throw new OperatorPinError('operator-pin-storage-failed', 'writing the operator PIN record failed', { cause: e });
    }
  }
}

export async function openOperatorPinStore(options: OperatorPinOptions): Promise<OperatorPinStore> {
  const iterations = options.iterations ?? PBKDF2_MIN_ITERATIONS;
  if (!Number.isInteger(iterations) || iterations < PBKDF2_MIN_ITERATIONS) {
    throw new OperatorPinError('operator-pin-weak-parameters', `PBKDF2 needs at least ${PBKDF2_MIN_ITERATIONS} iterations`);
  }
  let db: IDBDatabase;
  try {
    db = await openDatabase(options.indexedDB, options.dbName ?? DEFAULT_OPERATOR_PIN_DB, 1, (d, old) => {
      if (old < 1) d.createObjectStore(STORE);
    });
  } catch (e) {
    throw new OperatorPinError('operator-pin-storage-failed', 'opening the operator PIN database failed', { cause: e });
  }
  return new IdbOperatorPinStore(db, iterations, options.now ?? (() => Date.now()));
}
