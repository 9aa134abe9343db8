import type { ApduResponder } from '../../transport/apdu-responder';

/**
 * Demo mode: a simulated card that takes a little time per command, as a real contactless card
 * does (a counter read takes seconds on a real reader). Without it the reading screen and its
 * "keep the card still" message would flash past. The delay is read for every command so the
 * Settings screen can change it at once.
 */
export class SlowResponder implements ApduResponder {
  constructor(
    private readonly card: ApduResponder,
    private readonly delayMs: () => number,
  ) {}

  powerOn(): Uint8Array {
    return this.card.powerOn();
  }

  powerOff(): void {
    this.card.powerOff();
  }

  async process(command: Uint8Array): Promise<Uint8Array> {
    const ms = this.delayMs();
    if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
    return this.card.process(command);
  }
}
