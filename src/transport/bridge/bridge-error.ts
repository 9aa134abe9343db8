import { ReasonedTransportError } from '../card-transport';

/**
 * Why the PC/SC bridge path failed, for the UI to explain:
 * - `bridge-unreachable`: nothing answered at the bridge address (`kazasu bridge` not running,
 *   wrong port, or the browser blocked loopback access — Chrome's Local Network Access);
 * - `origin-not-allowed`: the bridge does not list this page's origin (`--allow-origin`);
 * - `pairing-failed`: the pairing token in the kiosk settings is not this bridge's;
 * - `pairing-missing`: no pairing token is set in the kiosk settings;
 * - `pairing-timeout`: the handshake did not finish in time;
 * - `too-many-connections`: other pages or tabs hold all the bridge's connections;
 * - `bridge-protocol`: the bridge sent something that is not protocol version 1;
 * - `bridge-closed`: the bridge stopped or the connection dropped mid-session;
 * - `pcsc-unavailable`: the bridge runs but PC/SC does not (pcscd stopped, binding missing);
 * - `no-reader`: the bridge sees no reader;
 * - `reader-busy`: another program or connection is using the reader;
 * - `pin-refused`: the bridge refused a PIN command (one try left without confirmation, key
 *   blocked, or too many PIN commands on one connection);
 * - `command-refused`: the bridge never forwards this command.
 */
export type BridgeReason =
  | 'bridge-unreachable'
  | 'origin-not-allowed'
  | 'pairing-failed'
  | 'pairing-missing'
  | 'pairing-timeout'
  | 'too-many-connections'
  | 'bridge-protocol'
  | 'bridge-closed'
  | 'pcsc-unavailable'
  | 'no-reader'
  | 'reader-busy'
  | 'pin-refused'
  | 'command-refused';

export class BridgeError extends ReasonedTransportError<BridgeReason> {}
