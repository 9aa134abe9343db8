/**
 * Something that answers command APDUs in-process: the simulated card, or (in tests) a card
 * behind an emulated reader. Transports adapt it to CardTransport.
 */
export interface ApduResponder {
  /** Power up; answers the ATR. */
  powerOn(): Uint8Array;
  powerOff(): void;
  /** One complete command APDU in, one complete response APDU (data ‖ SW1 SW2) out. */
  process(command: Uint8Array): Promise<Uint8Array>;
}
