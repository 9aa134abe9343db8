import { toHex } from '../../src/bytes/hex';
import type { ApduResponder } from '../../src/transport/apdu-responder';

/**
 * An ApduResponder that plays a fixed exchange: each command must equal the next expected one
 * (hex, spaces ignored) and gets the scripted answer, or a function computes the answer.
 */
export type ScriptStep = { readonly expect: string; readonly answer: string | ((cmd: Uint8Array) => Uint8Array) };

export class ScriptedResponder implements ApduResponder {
  readonly sent: string[] = [];
  private i = 0;

  constructor(private readonly steps: readonly ScriptStep[]) {}

  powerOn(): Uint8Array {
    return Uint8Array.of(0x3b, 0x80, 0x80, 0x01, 0x01);
  }

  powerOff(): void {}

  async process(command: Uint8Array): Promise<Uint8Array> {
    const got = toHex(command);
    this.sent.push(got);
    const step = this.steps[this.i++];
    if (!step) throw new Error(`unexpected extra command ${got}`);
    const want = step.expect.replace(/\s+/g, '').toUpperCase();
    if (got.replace(/\s+/g, '').toUpperCase() !== want) throw new Error(`command ${this.i}: expected ${want}, got ${got}`);
    return typeof step.answer === 'string' ? hex(step.answer) : step.answer(command);
  }

  get done(): boolean {
    return this.i === this.steps.length;
  }
}

export function hex(s: string): Uint8Array {
  const clean = s.replace(/\s+/g, '');
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}
