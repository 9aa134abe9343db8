/**
 * The contract between Kazasu's page and a thin native shell (an Android WebView app using
 * `android.nfc.tech.IsoDep`, or an iOS WKWebView app using Core NFC `NFCISO7816Tag`; reference
 * browser-readers.md §5: Web NFC cannot send APDUs, so phones need such a bridge).
 *
 * The shell puts one object on the page's global: `window.kazasuNative`. README.md in this
 * folder is the normative description for mobile developers; these types mirror it. The page
 * trusts none of it: native-shell-checks.ts validates every value the shell returns.
 */

/** Name of the global the shell defines. */
export const NATIVE_SHELL_GLOBAL = 'kazasuNative';

/** Contract versions this page speaks. */
export const SUPPORTED_CONTRACT_VERSIONS: readonly number[] = [1];

/** How APDUs cross the bridge: base64 text (any bridge) or Uint8Array (a JS shim that can). */
export type NativePayloadEncoding = 'base64' | 'bytes';

export interface NativeShellCapabilities {
  /** Android: IsoDep.isExtendedLengthApduSupported(). iOS: whether the shell sends extended APDUs (UNCONFIRMED per device). */
  readonly extendedLength: boolean;
  /** Largest command APDU the shell can send. Android: IsoDep.getMaxTransceiveLength(). */
  readonly maxTransceiveLength: number;
  /** Largest response APDU (data + SW1 SW2) the shell returns; default 258, or 65 538 with extendedLength. */
  readonly maxResponseLength?: number;
  /** What transceive() takes and returns. */
  readonly encoding: NativePayloadEncoding;
}

export interface NativeSessionOptions {
  /** Text for the iOS NFC sheet (NFCReaderSession.alertMessage); Android may show it too. */
  readonly alertMessage?: string;
  /** How long the shell should wait for a card (it may use less: iOS ends a session after about 60 s). */
  readonly timeoutMs?: number;
}

/** What startSession() resolves with; all members optional and informational. */
export interface NativeTagInfo {
  /** 'A' or 'B' (the My Number Card is Type B). */
  readonly nfcType?: string;
}

/** Error codes a shell rejects with (`{ code, message? }`). */
export const NATIVE_SHELL_ERROR_CODES = [
  /** No NFC hardware, or the app lacks the NFC entitlement / permission. */
  'nfc-unavailable',
  /** NFC is switched off in the system settings (Android). */
  'nfc-disabled',
  /** Another NFC session is running, or the app is not in the foreground. */
  'session-busy',
  /** The person closed the system NFC sheet (iOS). */
  'user-cancelled',
  /** No card was found within the session's time. */
  'session-timeout',
  /** A tag was found but it is not an ISO-DEP / ISO 7816 card (or not one of the listed AIDs on iOS). */
  'unsupported-tag',
  /** The card left the field (Android TagLostException; iOS NFCReaderError tag connection lost). */
  'tag-lost',
  /** The session ended under the page (iOS invalidation, app sent to background). */
  'session-invalidated',
  /** transceive() without a connected tag. */
  'not-connected',
  /** The command is longer than maxTransceiveLength. */
  'too-long',
  /** The card did not answer within the shell's own timeout (IsoDep.setTimeout). */
  'timeout',
  /** Any other I/O failure. */
  'io-error',
] as const;
export type NativeShellErrorCode = (typeof NATIVE_SHELL_ERROR_CODES)[number];

export type NativeShellEventType = 'tag-discovered' | 'tag-lost' | 'session-invalidated';

/** An event's payload: `event.detail` of a CustomEvent, or the object itself. */
export interface NativeShellEventDetail {
  readonly type: NativeShellEventType;
  /** For session-invalidated: why (one of NATIVE_SHELL_ERROR_CODES). */
  readonly code?: string;
}

export type NativeShellListener = (event: unknown) => void;

/** `window.kazasuNative`, as the shell must define it. */
export interface KazasuNativeShell {
  readonly version: number;
  /** 'android' | 'ios' | another string; informational. */
  readonly platform: string;
  readonly capabilities: NativeShellCapabilities;
  /** Start (or restart) NFC reading; resolves once an ISO-DEP card is connected. */
  startSession(options?: NativeSessionOptions): Promise<NativeTagInfo | undefined>;
  /** One complete command APDU → one complete response APDU (data ‖ SW1 SW2). */
  transceive(apdu: string | Uint8Array): Promise<string | Uint8Array | ArrayBuffer>;
  /** Stop reading, release the tag, close the system sheet. */
  endSession(options?: { readonly message?: string; readonly failed?: boolean }): Promise<void>;
  addEventListener(type: NativeShellEventType, listener: NativeShellListener): void;
  removeEventListener(type: NativeShellEventType, listener: NativeShellListener): void;
}
