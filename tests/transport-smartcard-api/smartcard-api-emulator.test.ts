/**
 * The emulated navigator.smartCard keeps the spec behaviour the transport depends on
 * (WICG/web-smart-card index.bs): one operation per context, getStatusChange resolving only on a
 * change and honouring its AbortSignal, handles that outlive their card.
 */
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../src/bytes/hex';
import { DEFAULT_EMULATED_READER, SmartCardApiEmulator } from '../../src/sim/readers/smartcard-api-emulator';
import { PNP_NOTIFICATION_READER } from '../../src/transport/smartcard-api/smartcard-api-types';
import { rejection, rig } from './rig';

const SELECT_JPKI = fromHex('00A4040C0AD392F000260100000001').slice();

function nameOf(e: unknown): string | undefined {
  return (e as { name?: string }).name;
}

describe('SmartCardApiEmulator: contexts', () => {
  it('runs one operation per context at a time: a second call rejects with InvalidStateError', async () => {
    const emu = new SmartCardApiEmulator();
    const ctx = await emu.smartCard.establishContext();
    const first = ctx.listReaders();
    const second = await rejection(ctx.listReaders());
    expect(nameOf(second)).toBe('InvalidStateError');
    expect(await first).toEqual([DEFAULT_EMULATED_READER]);
    // A second context is independent.
    const other = await emu.smartCard.establishContext();
    const waiting = ctx.getStatusChange([{ readerName: DEFAULT_EMULATED_READER, currentState: { empty: true }, currentCount: 0 }]);
    expect(await other.listReaders()).toEqual([DEFAULT_EMULATED_READER]);
    expect(nameOf(await rejection(ctx.listReaders()))).toBe('InvalidStateError');
    emu.addReader('second');
    emu.removeReader('second');
    const { sim } = await rig();
    emu.insertCard(sim);
    const [state] = await waiting;
    expect(state!.eventState.present).toBe(true);
    expect(state!.eventCount).toBe(1);
  });

  it('establishContext: SecurityError when the policy blocks it, no-service without PC/SC', async () => {
    const emu = new SmartCardApiEmulator();
    emu.access.policyAllowed = false;
    expect(nameOf(await rejection(emu.smartCard.establishContext()))).toBe('SecurityError');
    emu.access.policyAllowed = true;
    emu.access.serviceRunning = false;
    const e = await rejection(emu.smartCard.establishContext());
    expect([nameOf(e), (e as { responseCode?: string }).responseCode]).toEqual(['SmartCardError', 'no-service']);
    expect(e).toBeInstanceOf(DOMException);
  });
});

describe('SmartCardApiEmulator: getStatusChange', () => {
  it('answers at once when unaware, waits while nothing differs, and answers on a change', async () => {
    const { emulator, sim } = await rig({ inserted: false });
    const ctx = await emulator.smartCard.establishContext();
    const [now] = await ctx.getStatusChange([{ readerName: DEFAULT_EMULATED_READER, currentState: { unaware: true } }]);
    expect(now!.eventState).toMatchObject({ empty: true, present: false, changed: true });
    const pending = ctx.getStatusChange([{ readerName: DEFAULT_EMULATED_READER, currentState: { empty: true }, currentCount: now!.eventCount }]);
    let settled = false;
    void pending.then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 0));
    expect(settled).toBe(false);
    emulator.insertCard(sim);
    const [after] = await pending;
    expect(after!.eventState).toMatchObject({ present: true, empty: false, changed: true });
    expect(toHex(new Uint8Array(after!.answerToReset!))).toBe(toHex(sim.powerOn()));
  });

  it('an aborted wait rejects with the abort reason and frees the context', async () => {
    const { emulator } = await rig();
    const ctx = await emulator.smartCard.establishContext();
    const ac = new AbortController();
    const pending = ctx.getStatusChange([{ readerName: DEFAULT_EMULATED_READER, currentState: { present: true }, currentCount: 1 }], { signal: ac.signal });
    const reason = new Error('stop');
    ac.abort(reason);
    expect(await rejection(pending)).toBe(reason);
    expect(await ctx.listReaders()).toEqual([DEFAULT_EMULATED_READER]);
    // Already aborted: rejected at once with the reason.
    expect(await rejection(ctx.getStatusChange([{ readerName: DEFAULT_EMULATED_READER, currentState: {} }], { signal: ac.signal }))).toBe(reason);
  });

  it('an expired timeout rejects with UnknownError (SCARD_E_TIMEOUT has no SmartCardError code)', async () => {
    const { emulator } = await rig();
    const ctx = await emulator.smartCard.establishContext();
    const e = await rejection(ctx.getStatusChange([{ readerName: DEFAULT_EMULATED_READER, currentState: { present: true }, currentCount: 1 }], { timeout: 5 }));
    expect(nameOf(e)).toBe('UnknownError');
  });

  it('an unknown reader reads as unknown + changed (pcsc-lite); the PnP reader counts readers', async () => {
    const emu = new SmartCardApiEmulator();
    const ctx = await emu.smartCard.establishContext();
    const [gone] = await ctx.getStatusChange([{ readerName: 'nope', currentState: {} }]);
    expect(gone!.eventState).toMatchObject({ unknown: true, changed: true });
    const plugged = ctx.getStatusChange([{ readerName: PNP_NOTIFICATION_READER, currentState: {}, currentCount: 1 }]);
    emu.addReader('another');
    const [pnp] = await plugged;
    expect([pnp!.eventState.changed, pnp!.eventCount]).toEqual([true, 2]);
  });
});

describe('SmartCardApiEmulator: connections', () => {
  it('a handle outlives its card: removed-card even after a card is put back; InvalidStateError after disconnect', async () => {
    const { emulator, sim } = await rig();
    const ctx = await emulator.smartCard.establishContext();
    const { connection, activeProtocol } = await ctx.connect(DEFAULT_EMULATED_READER, 'exclusive', { preferredProtocols: ['t1'] });
    expect(activeProtocol).toBe('t1');
    expect(toHex(new Uint8Array(await connection.transmit(SELECT_JPKI)))).toBe('9000');
    emulator.removeCard();
    emulator.insertCard(sim);
    expect((await rejection(connection.transmit(SELECT_JPKI)) as { responseCode?: string }).responseCode).toBe('removed-card');
    await connection.disconnect();
    expect(nameOf(await rejection(connection.transmit(SELECT_JPKI)))).toBe('InvalidStateError');
  });

  it('exclusive means exclusive: a second connect is a sharing violation; permission is asked at connect', async () => {
    const { emulator } = await rig();
    const ctx = await emulator.smartCard.establishContext();
    await ctx.connect(DEFAULT_EMULATED_READER, 'exclusive', { preferredProtocols: ['t1'] });
    const e = await rejection(ctx.connect(DEFAULT_EMULATED_READER, 'shared', { preferredProtocols: ['t1'] }));
    expect((e as { responseCode?: string }).responseCode).toBe('sharing-violation');
    emulator.access.permission = 'denied';
    expect(nameOf(await rejection(ctx.connect(DEFAULT_EMULATED_READER, 'shared', { preferredProtocols: ['t1'] })))).toBe('NotAllowedError');
  });

  it('transmit copies its input at the call, and keeps no APDU data in its log', async () => {
    const { emulator } = await rig();
    const ctx = await emulator.smartCard.establishContext();
    const { connection } = await ctx.connect(DEFAULT_EMULATED_READER, 'exclusive', { preferredProtocols: ['t1'] });
    const command = SELECT_JPKI.slice();
    const pending = connection.transmit(command);
    command.fill(0); // wiped right after the call, as the transport does
    expect(toHex(new Uint8Array(await pending))).toBe('9000');
    expect(emulator.transmitLog).toEqual([{ index: 0, readerName: DEFAULT_EMULATED_READER, ins: 0xa4, commandLength: 15, responseLength: 2, outcome: 'answered' }]);
  });
});
