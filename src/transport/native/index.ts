/** The native phone-shell path (window.kazasuNative; README.md): what the kiosk UI uses. */
export { nativeAvailability, type NativeAvailability, type NativeUnavailableReason } from './native-availability';
export { NativeTransport, type NativeTransportOptions } from './native-transport';
export { NativeShellError, NATIVE_REASON_CODES, type NativeShellReason } from './native-shell-error';
export { NATIVE_SHELL_GLOBAL, SUPPORTED_CONTRACT_VERSIONS, type KazasuNativeShell } from './native-shell-contract';
