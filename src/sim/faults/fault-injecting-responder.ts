/**
 * An ApduResponder in front of another one (normally the simulated card) that spoils exactly
 * one answer: the answer to the command with index `at` (0-based, counted from when the wrapper
 * was made, every command including GET RESPONSE and the retry counter queries). Every other
 * command passes through untouched, so a test can sweep `at` over a whole flow.
 *
 * No Node imports: it also runs in a page behind the emulated readers. It never records command
 * or response bytes (a VERIFY carries a PIN); only indexes, INS bytes and whether the fault hit.
 */
import type { ApduResponder } from '../../transport/apdu-responder';
import { damageResponse, type ApduFaultKind } from './apdu-fault';

export interface FaultPlan {
  /** Index of the command whose answer is spoiled. */
  readonly at: number;
  readonly kind: ApduFaultKind;
  /**
   * Take the card away (for 'remove-before' / 'remove-after'): e.g. SimulatedTransport.removeCard,
   * an emulated reader's removeCard, or SimulatedPcscService.removeCard.
   */
  readonly removeCard?: () => void;
  /** How long 'delay' holds the answer back, in ms (default 0; pick more than the path's timeout). */
  readonly delayMs?: number;
}

/** What the wrapper did, for the test's bookkeeping. */
export interface FaultRecord {
  /** Commands seen so far. */
  commands: number;
  /** INS of every command, in order (never data). */
  readonly ins: number[];
  /** The fault was applied (the flow reached command `at`). */
  hit: boolean;
  /** INS of the command whose answer was spoiled. */
  hitIns?: number;
}

export class FaultInjectingResponder implements ApduResponder {
  readonly record: FaultRecord = { commands: 0, ins: [], hit: false };

  constructor(
    readonly inner: ApduResponder,
    readonly plan: FaultPlan | undefined,
  ) {}

  powerOn(): Uint8Array {
    return this.inner.powerOn();
  }

  powerOff(): void {
    this.inner.powerOff();
  }

  async process(command: Uint8Array): Promise<Uint8Array> {
    const index = this.record.commands++;
    this.record.ins.push(command.length >= 2 ? command[1]! : -1);
    const plan = this.plan;
    if (!plan || plan.at !== index) return this.inner.process(command);
    this.record.hit = true;
    this.record.hitIns = command[1];
    switch (plan.kind) {
      case 'remove-before':
        // The card is gone before it sees the command: it does not act on it. Whatever is
        // answered here is dropped by the transport, which now knows the card left.
        plan.removeCard?.();
        return Uint8Array.of(0x6f, 0x00);
      case 'remove-after': {
        const answer = await this.inner.process(command);
        plan.removeCard?.();
        return answer;
      }
      case 'delay': {
        const answer = await this.inner.process(command);
        await new Promise<void>((resolve) => setTimeout(resolve, plan.delayMs ?? 0));
        return answer;
      }
      default:
        return damageResponse(await this.inner.process(command), plan.kind);
    }
  }
}
