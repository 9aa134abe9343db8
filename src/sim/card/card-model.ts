/**
 * The data model of a simulated ISO 7816 card: DFs selected by name, EFs addressed by 2-byte
 * file id, keys (PINs) and private keys with access rules. It is plain data so a built card can
 * be serialised (see card-snapshot.ts) and shipped to the browser for demo mode.
 */

/** Which verified key references (EF ids in the same DF) open a file or a key. */
export type AccessRule =
  | { readonly kind: 'always' }
  | { readonly kind: 'never' }
  | { readonly kind: 'any-of'; readonly keys: readonly number[] };

export const ALWAYS: AccessRule = { kind: 'always' };
export const NEVER: AccessRule = { kind: 'never' };
export function anyOf(...keys: number[]): AccessRule {
  return { kind: 'any-of', keys };
}

export interface TransparentEf {
  readonly kind: 'transparent';
  readonly fid: number;
  /** Physical content including any FF filler: READ BINARY sees exactly these bytes. */
  readonly content: Uint8Array;
  readonly read: AccessRule;
}

export interface RecordEf {
  readonly kind: 'record';
  readonly fid: number;
  readonly records: readonly Uint8Array[];
  readonly read: AccessRule;
}

/** A PIN / password / 照合番号 key reference. `maxTries` null = no retry limit (answers 6300). */
export interface PinEf {
  readonly kind: 'pin';
  readonly fid: number;
  readonly secret: Uint8Array;
  readonly maxTries: number | null;
  /** Tries left when the card is powered up for the first time (e.g. 0 for a locked profile). */
  readonly initialTries?: number;
  /** A key that is blocked on every card examined (text AP EF 0012, spec §2.2). */
  readonly alwaysBlocked?: boolean;
}

export interface PrivateKeyEf {
  readonly kind: 'private-key';
  readonly fid: number;
  /** Simulator key id (sim/pki fixture) of the private key. */
  readonly keyId: string;
  readonly use: AccessRule;
}

export type ElementaryFile = TransparentEf | RecordEf | PinEf | PrivateKeyEf;

export interface DedicatedFile {
  /** Short name for traces and tests: 'jpki', 'text', 'face', 'common', 'juki'. */
  readonly name: string;
  readonly aid: Uint8Array;
  readonly files: readonly ElementaryFile[];
  /**
   * Key used by `80 2A 00 00` (P2 = 00, "default key"): the 券面 APs' internal authentication
   * (spec §2.9). Undefined = P2 00 is refused with 6A86.
   */
  readonly defaultSigningKey?: string;
  /** EF id answering ISO INTERNAL AUTHENTICATE `00 88` without a PIN (DF …0100 EF 0019, spec §2.9). */
  readonly internalAuthenticateKey?: number;
  /**
   * A cloned chip: answers every internal authentication (`80 2A 00 00`) with the answer it gave
   * first, like a replay of a recorded exchange (forgeries.ts 'chip-replay'). Shared by all DFs
   * of the card that set it.
   */
  readonly replaysInternalAuthentication?: boolean;
  /** Whether `80 2A` accepts the JPKI P1 schemes 01–05 (JPKI-AP) or only 00 (券面 APs). */
  readonly signatureSchemes: 'jpki' | 'digest-info-only';
}

/** A card-side private key, named by its id in the simulator key fixture (sim/pki). */
export interface CardKey {
  readonly id: string;
}

export interface CardModel {
  /** ATR answered on power-up (contact ATR from OpenSC's jpki_atrs, spec §1.1). */
  readonly atr: Uint8Array;
  readonly dfs: readonly DedicatedFile[];
  /** Seed for the card's own random numbers (GET CHALLENGE), so runs are reproducible. */
  readonly seed: string;
}
