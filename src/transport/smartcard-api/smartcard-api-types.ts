/**
 * The Web Smart Card API (WICG/web-smart-card index.bs; reference browser-readers.md §4) as
 * structural types. TypeScript's lib.dom has none of it, and the API exists only in Isolated Web
 * Apps, so the shapes are declared here: the browser's `navigator.smartCard` fits them, and so
 * does the emulator in src/sim/readers/smartcard-api-emulator.ts.
 *
 * Everything the API hands back is still checked at run time (smartcard-answers.ts): these
 * types describe what a conforming implementation returns, not what we trust.
 */

/** §SmartCardAccessMode. "direct" reaches the reader without a card; we never use it. */
export type SmartCardAccessMode = 'shared' | 'exclusive' | 'direct';

/** §SmartCardProtocol. */
export type SmartCardProtocol = 'raw' | 't0' | 't1';

/** §SmartCardDisposition: what disconnect() / a transaction's end does to the card. */
export type SmartCardDisposition = 'leave' | 'reset' | 'unpower' | 'eject';

/** §SmartCardConnectionState. */
export type SmartCardConnectionState = 'absent' | 'present' | 'swallowed' | 'powered' | 'negotiable' | 't0' | 't1' | 'raw';

/** §SmartCardResponseCode: the exact enum of the spec (PC/SC SCARD_E_* / SCARD_W_* codes). */
export const SMART_CARD_RESPONSE_CODES = [
  'no-service',
  'no-smartcard',
  'not-ready',
  'not-transacted',
  'proto-mismatch',
  'reader-unavailable',
  'removed-card',
  'reset-card',
  'server-too-busy',
  'sharing-violation',
  'system-cancelled',
  'unknown-reader',
  'unpowered-card',
  'unresponsive-card',
  'unsupported-card',
  'unsupported-feature',
] as const;
export type SmartCardResponseCode = (typeof SMART_CARD_RESPONSE_CODES)[number];

/** §SmartCardReaderStateFlagsIn (all members default to false). */
export interface SmartCardReaderStateFlagsIn {
  readonly unaware?: boolean;
  readonly ignore?: boolean;
  readonly unavailable?: boolean;
  readonly empty?: boolean;
  readonly present?: boolean;
  readonly exclusive?: boolean;
  readonly inuse?: boolean;
  readonly mute?: boolean;
  readonly unpowered?: boolean;
}

/** §SmartCardReaderStateFlagsOut. */
export interface SmartCardReaderStateFlagsOut {
  readonly ignore: boolean;
  readonly changed: boolean;
  readonly unavailable: boolean;
  readonly unknown: boolean;
  readonly empty: boolean;
  readonly present: boolean;
  readonly exclusive: boolean;
  readonly inuse: boolean;
  readonly mute: boolean;
  readonly unpowered: boolean;
}

/** §SmartCardReaderStateIn. `currentCount` is the high word of PC/SC CurrentState. */
export interface SmartCardReaderStateIn {
  readonly readerName: string;
  readonly currentState: SmartCardReaderStateFlagsIn;
  readonly currentCount?: number;
}

/** §SmartCardReaderStateOut. `eventCount` counts card insertions and removals (0 = unsupported). */
export interface SmartCardReaderStateOut {
  readonly readerName: string;
  readonly eventState: SmartCardReaderStateFlagsOut;
  readonly eventCount: number;
  readonly answerToReset?: ArrayBuffer;
}

/** §SmartCardGetStatusChangeOptions. Without `timeout` PC/SC waits INFINITE. */
export interface SmartCardGetStatusChangeOptions {
  readonly timeout?: number;
  readonly signal?: AbortSignal;
}

export interface SmartCardConnectOptions {
  readonly preferredProtocols?: readonly SmartCardProtocol[];
}

export interface SmartCardTransmitOptions {
  readonly protocol?: SmartCardProtocol;
}

export interface SmartCardTransactionOptions {
  readonly signal?: AbortSignal;
}

/** §SmartCardConnectionStatus. */
export interface SmartCardConnectionStatus {
  readonly readerName: string;
  readonly state: SmartCardConnectionState;
  readonly answerToReset?: ArrayBuffer;
}

/** §SmartCardConnection. */
export interface SmartCardConnectionLike {
  disconnect(disposition?: SmartCardDisposition): Promise<void>;
  transmit(sendBuffer: BufferSource, options?: SmartCardTransmitOptions): Promise<ArrayBuffer>;
  startTransaction(
    transaction: () => Promise<SmartCardDisposition | null | undefined>,
    options?: SmartCardTransactionOptions,
  ): Promise<void>;
  status(): Promise<SmartCardConnectionStatus>;
  control(controlCode: number, data: BufferSource): Promise<ArrayBuffer>;
  getAttribute(tag: number): Promise<ArrayBuffer>;
  setAttribute(tag: number, value: BufferSource): Promise<void>;
}

/** §SmartCardConnectResult. `activeProtocol` is absent when PC/SC reports none (direct mode). */
export interface SmartCardConnectResult {
  readonly connection: SmartCardConnectionLike;
  readonly activeProtocol?: SmartCardProtocol;
}

/**
 * §SmartCardContext. One PC/SC operation at a time per context: a second call while one is
 * outstanding rejects with InvalidStateError ([[operationInProgress]]). A pending
 * getStatusChange therefore blocks connect/transmit on the same context.
 */
export interface SmartCardContextLike {
  listReaders(): Promise<string[]>;
  getStatusChange(readerStates: readonly SmartCardReaderStateIn[], options?: SmartCardGetStatusChangeOptions): Promise<SmartCardReaderStateOut[]>;
  connect(readerName: string, accessMode: SmartCardAccessMode, options?: SmartCardConnectOptions): Promise<SmartCardConnectResult>;
}

/** §SmartCardResourceManager: `navigator.smartCard`. */
export interface SmartCardResourceManagerLike {
  establishContext(): Promise<SmartCardContextLike>;
}

/**
 * PC/SC's pseudo reader for reader hot-plug (WICG README "Reacting to reader availability";
 * reference §4): a getStatusChange on it resolves when readers are added or removed.
 */
export const PNP_NOTIFICATION_READER = '\\\\?PnP?\\Notification';
