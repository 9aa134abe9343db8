/** `kazasu bridge --help` (kept apart from the server so help loads nothing heavy). */
import { EXIT_CODE_HELP } from '../cli/exit-codes';

/** The bridge's default loopback port (the kiosk's settings use the same default). */
export const BRIDGE_DEFAULT_PORT = 47_811;

export const BRIDGE_USAGE = `kazasu bridge [--port ${BRIDGE_DEFAULT_PORT}] [--host 127.0.0.1|::1] [--allow-origin <origin>[,<origin>…]]
              [--sim <profile|file.json>] [--short-apdus] [--show-token] [--new-token]`;

export const BRIDGE_HELP = `kazasu bridge — the local PC/SC bridge for the kiosk page

Usage:
  ${BRIDGE_USAGE}

Serves the PC/SC readers to the kiosk page over a loopback WebSocket until Ctrl-C. Pages must come
from an origin on the allow-list and prove the pairing token (HMAC over a fresh nonce; the token
never crosses the socket). Before any VERIFY the bridge reads the retry counter itself and refuses
at one try left unless the page says the person confirmed; it never forwards RESET RETRY COUNTER.

Options:
  --port <n>              listen on this port (default ${BRIDGE_DEFAULT_PORT}; 0 = any free port)
  --host <addr>           127.0.0.1 (default) or ::1 (the kiosk page itself can only use 127.0.0.1/localhost)
  --allow-origin <list>   replace the saved allow-list with these exact origins (comma-separated)
  --sim <profile|file>    serve a simulated card instead of PC/SC (demos; "simulated cards" trust)
  --short-apdus           tell the page the readers cannot pass extended-length APDUs
  --show-token            print the pairing token and exit
  --new-token             make a new pairing token (the old one stops working) and exit

Configuration: $KAZASU_HOME/bridge.json (default ~/.config/kazasu; mode 0600).

${EXIT_CODE_HELP}`;
