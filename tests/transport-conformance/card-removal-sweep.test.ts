/**
 * The card leaves at every host ↔ reader exchange of a connect + counter check (activation
 * included), on every reader path (the RC-S380 and RC-S300 also with a Type A card) and on the variants that stress a path's own machinery
 * (small ISO-DEP frames with S(WTX), a short-APDU CCID reader, a card that executed the command
 * before leaving, a phone that does not send its tag-lost event). Wanted, everywhere: a typed
 * TransportError — 'no-card' before the card was activated, 'card-removed' after — never a
 * report, never another kind of exception; listeners told the card left; and the host gives up
 * within the path's bound (1 + ISO-DEP retries on host-ISO-DEP readers, nothing more after the
 * reader or PC/SC said "gone" elsewhere). The reader unplugged at every fifth exchange: always
 * 'reader-unplugged' with 'reader-removed'.
 */
import { describe, expect, it } from 'vitest';
import { isKazasuError } from '../../src/errors/kazasu-error';
import { TransportError } from '../../src/transport/card-transport';
import { rig as ccidRig } from '../transport-ccid/rig';
import { rig as nativeRig } from '../transport-native/rig';
import { rig as port100Rig } from '../transport-port100/rig';
import { rig as smartCardRig } from '../transport-smartcard-api/rig';
import { counterCheck } from './helpers';
import { ccidPathRig, nativePathRig, READER_PATHS, rfFieldRig, smartCardPathRig, TYPE_A_READER_PATHS, type PathRig, type ReaderPath } from './reader-paths';

interface Variant {
  readonly path: ReaderPath;
  readonly label: string;
  readonly make: () => Promise<PathRig>;
  /** Every `step`-th exchange (1: all of them). */
  readonly step: number;
}

/** Paths with their emulators configured to stress what is their own. */
const VARIANTS: readonly Variant[] = [
  ...READER_PATHS.map((path) => ({ path, label: 'default', make: path.make, step: 1 })),
  // The host-ISO-DEP readers with a Type A card: every frame of its activation (after the
  // SENSB_REQ that finds no Type B card) and of the session.
  ...TYPE_A_READER_PATHS.filter((p) => p.kind === 'webusb-port100' || p.kind === 'webusb-rcs300').map((path) => ({ path, label: 'Type A card', make: path.make, step: 1 })),
  {
    path: READER_PATHS[0]!,
    label: 'FSC 32, FSD 64, S(WTX) before every answer (chaining both ways)',
    step: 3,
    make: async () => {
      const { transport, emulator, sim } = await port100Rig({ card: { fsci: 2 }, transport: { fsdi: 5 } });
      emulator.faults.wtx = { apdus: 'all', count: 1, wtxm: 2 };
      return rfFieldRig(transport, emulator, sim);
    },
  },
  {
    path: READER_PATHS[2]!,
    label: 'short APDU level, 271-byte messages',
    step: 1,
    make: async () => {
      const { transport, emulator, sim } = await ccidRig({ emulator: { level: 'short-apdu', maxMessageLength: 271 } });
      return ccidPathRig(transport, emulator, sim);
    },
  },
  {
    path: READER_PATHS[3]!,
    label: 'the card executed the command before it left',
    step: 1,
    make: async () => {
      const { transport, emulator, sim } = await smartCardRig();
      return smartCardPathRig(transport, emulator, sim, { removeCardTiming: 'after-command' });
    },
  },
  ...(['after-command', 'silent'] as const).map((how) => ({
    path: READER_PATHS[4]!,
    label: how === 'silent' ? 'no tag-lost event: only the rejection tells' : 'the card executed the command before it left',
    step: 1,
    make: async (): Promise<PathRig> => {
      const { transport, emulator, sim } = await nativeRig();
      return nativePathRig(transport, emulator, sim, how === 'silent' ? { silentTagLoss: true } : { loseTagTiming: 'after-command' });
    },
  })),
];

/** Exchanges an undisturbed connect + counter check takes. */
async function exchangesOfACheck(make: () => Promise<PathRig>): Promise<number> {
  const r = await make();
  await r.transport.connect();
  expect((await counterCheck(r.transport)).outcome).toBe('verified');
  const n = r.exchanges();
  await r.transport.close();
  return n;
}

describe.each(VARIANTS)('$path.name — $label', ({ path, make, step }) => {
  it('card removed at every exchange: a typed error, never a report', async () => {
    const total = await exchangesOfACheck(make);
    expect(total).toBeGreaterThan(15);
    for (let at = 0; at < total; at += step) {
      const r = await make();
      const seen: string[] = [];
      r.transport.onEvent((e) => seen.push(e.type));
      r.removeCardAt(at);
      const where = `${path.name}: card removed at exchange ${at} of ${total}`;
      let error: unknown;
      let outcome: string | undefined;
      try {
        await r.transport.connect();
        outcome = (await counterCheck(r.transport)).outcome;
      } catch (e) {
        error = e;
      }
      expect(outcome, where).toBeUndefined();
      expect(isKazasuError(error), `${where}: ${String(error)}`).toBe(true);
      expect(error, where).toBeInstanceOf(TransportError);
      const code = (error as TransportError).code;
      expect(['no-card', 'card-removed'], where).toContain(code);
      if (code === 'card-removed' || seen.includes('card-present')) expect(seen.at(-1), where).toBe('card-removed');
      expect(seen, where).not.toContain('reader-removed');
      expect(r.exchanges() - at, where).toBeLessThanOrEqual(path.giveUpWithin);
      await r.transport.close();
    }
  }, 120_000);
});

describe.each(READER_PATHS.filter((p) => p.readerCanLeave))('$name — reader unplugged', (path) => {
  it('at every fifth exchange: reader-unplugged with reader-removed, never a report', async () => {
    const total = await exchangesOfACheck(path.make);
    for (let at = 0; at < total; at += 5) {
      const r = await path.make();
      const seen: string[] = [];
      r.transport.onEvent((e) => seen.push(e.type));
      r.unplugAt!(at);
      const where = `${path.name}: reader unplugged at exchange ${at}`;
      let error: unknown;
      try {
        await r.transport.connect();
        await counterCheck(r.transport);
      } catch (e) {
        error = e;
      }
      expect(error, where).toBeInstanceOf(TransportError);
      expect((error as TransportError).code, where).toBe('reader-unplugged');
      expect(seen, where).toContain('reader-removed');
      await r.transport.close().catch(() => undefined);
    }
  }, 120_000);
});
