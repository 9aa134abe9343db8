/**
 * The card moves away from the phone at every single transceive of a counter check — before the
 * card sees the command and after it executed it, with and without the shell's tag-lost event.
 * Wanted: always a NativeShellError 'tag-lost' (card-removed), never a report, nothing sent after.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { isKazasuError } from '../../src/errors/kazasu-error';
import type { NativeShellFaults } from '../../src/sim/readers/native-shell-emulator';
import { NativeShellError } from '../../src/transport/native/native-shell-error';
import { counterCheck, rig } from './rig';

let total = 0;
beforeAll(async () => {
  const { transport, emulator } = await rig();
  await transport.connect();
  expect((await counterCheck(transport)).outcome).toBe('verified');
  total = emulator.transceiveCount;
});

async function sweep(faults: (at: number) => NativeShellFaults): Promise<void> {
  expect(total).toBeGreaterThan(20);
  for (let at = 0; at < total; at++) {
    const { transport, emulator } = await rig();
    const events: string[] = [];
    transport.onEvent((e) => events.push(e.type));
    emulator.faults = faults(at);
    const where = `tag lost at transceive ${at}`;
    let error: unknown;
    try {
      await transport.connect();
      await counterCheck(transport);
    } catch (e) {
      error = e;
    }
    expect(isKazasuError(error), `${where}: ${String(error)}`).toBe(true);
    expect(error, where).toBeInstanceOf(NativeShellError);
    expect([(error as NativeShellError).code, (error as NativeShellError).reason], where).toEqual(['card-removed', 'tag-lost']);
    expect(emulator.transceiveCount, where).toBe(at + 1);
    expect(events.at(-1), where).toBe('card-removed');
  }
}

describe('tag lost at every transceive of a counter check', () => {
  it('before the command: always tag-lost, never a report', () => sweep((at) => ({ loseTagAtTransceive: at })), 60_000);
  it('after the card executed the command: always tag-lost, never a report', () => sweep((at) => ({ loseTagAtTransceive: at, loseTagTiming: 'after-command' })), 60_000);
  it('without the tag-lost event (only the rejection tells): always tag-lost', () => sweep((at) => ({ loseTagAtTransceive: at, silentTagLoss: true })), 60_000);
});
