/**
 * The CLI's last line of PIN safety, below the card library's pin-guard (counter first, refusal
 * at one try left) and the command's own tries check: in one run, each key reference gets at
 * most one VERIFY that carries a value, so nothing — a bug, a driver, a loop — can send a
 * credential twice; CHANGE and RESET REFERENCE DATA never reach the card (the CLI changes no
 * PIN). Empty VERIFYs (counter queries, no try used) pass.
 */
import { KazasuError } from '../../errors/kazasu-error';
import { toHex } from '../../bytes/hex';
import type { CardEventListener, CardTransport, TransmitOptions } from '../../transport/card-transport';
import { classifyPinCommand } from '../bridge/pin-command-guard';

export class PinCommandRefusedError extends KazasuError {
  constructor(
    readonly code: 'verify-once-per-run' | 'pin-command-refused',
    message: string,
  ) {
    super(message);
  }
}

const INS_CHANGE_REFERENCE_DATA = 0x24;

export class OneTryPerRunTransport implements CardTransport {
  private selectedDf = '';
  private readonly sent = new Set<string>();

  constructor(private readonly inner: CardTransport) {}

  get kind() {
    return this.inner.kind;
  }
  get capabilities() {
    return this.inner.capabilities;
  }
  connect(): Promise<void> {
    // A new card session forgets the selected DF; the VERIFYs sent in this run stay counted.
    this.selectedDf = '';
    return this.inner.connect();
  }
  disconnect(): Promise<void> {
    return this.inner.disconnect();
  }
  isCardPresent(): boolean {
    return this.inner.isCardPresent();
  }
  onEvent(listener: CardEventListener): () => void {
    return this.inner.onEvent(listener);
  }

  async transmit(command: Uint8Array, options?: TransmitOptions): Promise<Uint8Array> {
    const kind = classifyPinCommand(command);
    if (kind.kind === 'refused' || (command[1] === INS_CHANGE_REFERENCE_DATA && command.length > 4)) {
      throw new PinCommandRefusedError('pin-command-refused', 'the CLI never changes or resets a PIN');
    }
    if (kind.kind === 'uses-try') {
      // A key reference is P2 within the DF selected by name (ISO 7816-4 §11.5.6; two APs of one
      // card may use the same P2 for different keys).
      const reference = `${this.selectedDf}/${kind.p2.toString(16)}`;
      if (this.sent.has(reference)) throw new PinCommandRefusedError('verify-once-per-run', 'a credential is sent to the card at most once per run');
      this.sent.add(reference);
    }
    // SELECT by DF name (00 A4 04 xx Lc name): remember which DF the next VERIFY addresses.
    if (command.length >= 5 && (command[0]! & 0x80) === 0 && command[1] === 0xa4 && command[2] === 0x04) {
      const lc = command[4]!;
      this.selectedDf = toHex(command.subarray(5, 5 + lc));
    }
    return this.inner.transmit(command, options);
  }
}
