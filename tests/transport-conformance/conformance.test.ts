/**
 * One transport test suite for every reader path (issue 13, "one reader lifecycle"): the same
 * observable behaviour of the CardTransport contract through the real transport and each path's
 * emulator — activation events, a full counter check, a session that ends when the card leaves
 * (and stays ended), re-activation, readers that are unplugged and plugged back, presence
 * watching, and the path's limits. Path-specific behaviour (frames, CCID levels, PC/SC quirks,
 * phone sessions) stays in each path's own folder. Every path runs twice: with the default card
 * as the Type B card it is, and as an ISO/IEC 14443 Type A card (TYPE_A_READER_PATHS: activated
 * over Type A on the host-ISO-DEP readers, shown with a Type A ATR where a PC/SC reader builds
 * one), so the Type A path is proven to carry the same card unchanged.
 */
import { describe, expect, it } from 'vitest';
import { isKazasuError } from '../../src/errors/kazasu-error';
import { TransportError } from '../../src/transport/card-transport';
import { counterCheck, events, nextEvent, rejection } from './helpers';
import { READER_PATHS, TYPE_A_READER_PATHS } from './reader-paths';

/** GET CHALLENGE, 8 bytes: harmless, answered by any card session. */
const GET_CHALLENGE = Uint8Array.of(0x00, 0x84, 0x00, 0x00, 0x08);

function transportError(e: unknown): TransportError {
  expect(isKazasuError(e), String(e)).toBe(true);
  expect(e).toBeInstanceOf(TransportError);
  return e as TransportError;
}

describe.each([...READER_PATHS, ...TYPE_A_READER_PATHS])('$name', (path) => {
  it('connect() activates the card: card-present before card-activated; a full counter check verifies', async () => {
    const { transport } = await path.make();
    const seen = events(transport);
    await transport.connect();
    expect(transport.kind).toBe(path.kind);
    expect(transport.isCardPresent()).toBe(true);
    expect(seen.at(-1)).toBe('card-activated');
    expect(seen.indexOf('card-present')).toBeGreaterThanOrEqual(0);
    expect(seen.indexOf('card-present')).toBeLessThan(seen.indexOf('card-activated'));
    // Host-ISO-DEP readers say which technology they activated the card with.
    if ('activeTechnology' in transport) expect(transport.activeTechnology).toBe(path.technology ?? 'B');
    const report = await counterCheck(transport);
    expect(report.outcome).toBe('verified');
    expect(report.transport).toBe(path.kind);
    await transport.close();
  });

  it('transmit() before connect() is not-connected; a command over the path limit never reaches the reader', async () => {
    const r = await path.make();
    expect(transportError(await rejection(r.transport.transmit(GET_CHALLENGE))).code).toBe('not-connected');
    await r.transport.connect();
    const before = r.exchanges();
    const tooLong = new Uint8Array(r.transport.capabilities.maxCommandLength + 1);
    tooLong.set([0x00, 0xd6, 0x00, 0x00]);
    expect(['protocol', 'unsupported']).toContain(transportError(await rejection(r.transport.transmit(tooLong))).code);
    expect(r.exchanges()).toBe(before);
    expect((await counterCheck(r.transport)).outcome).toBe('verified'); // the session survived the refusal
    await r.transport.close();
  });

  it('disconnect() and connect() again: a freshly activated card verifies again', async () => {
    const { transport } = await path.make();
    await transport.connect();
    expect((await counterCheck(transport)).outcome).toBe('verified');
    await transport.disconnect();
    const seen = events(transport);
    await transport.connect();
    expect(seen).toContain('card-activated');
    expect((await counterCheck(transport)).outcome).toBe('verified');
    await transport.close();
  });

  if (path.noCard) {
    it('no card on the reader: connect() rejects with no-card', async () => {
      const r = await path.make();
      r.removeCard();
      expect(transportError(await rejection(r.transport.connect())).code).toBe(path.noCard);
      expect(r.transport.isCardPresent()).toBe(false);
      await r.transport.close();
    });
  }

  it('the card leaves mid-read: card-removed (error and event); every later command fails the same way without reaching the reader; put back, it reads again', async () => {
    const r = await path.make();
    const seen = events(r.transport);
    await r.transport.connect();
    r.removeCardAt(r.exchanges() + 4);
    const e = transportError(await rejection(counterCheck(r.transport)));
    expect(e.code).toBe('card-removed');
    expect(seen.at(-1)).toBe('card-removed');
    expect(r.transport.isCardPresent()).toBe(false);
    const before = r.exchanges();
    const again = transportError(await rejection(r.transport.transmit(GET_CHALLENGE)));
    expect(again.code).toBe('card-removed');
    expect(again).not.toBe(e); // a fresh error each time, saying the same
    expect(again.constructor).toBe(e.constructor);
    expect(r.exchanges()).toBe(before);
    r.placeCard();
    await r.transport.connect();
    expect((await counterCheck(r.transport)).outcome).toBe('verified');
    await r.transport.close();
  });

  if (path.readerCanLeave) {
    it('the reader is unplugged mid-read: reader-unplugged and reader-removed; plugged back, it reads again', async () => {
      const r = await path.make();
      const seen = events(r.transport);
      await r.transport.connect();
      r.unplugAt!(r.exchanges() + 6);
      const e = transportError(await rejection(counterCheck(r.transport)));
      expect(e.code).toBe('reader-unplugged');
      expect(seen).toContain('reader-removed');
      expect(r.transport.isCardPresent()).toBe(false);
      expect(transportError(await rejection(r.transport.transmit(GET_CHALLENGE))).code).toBe('reader-unplugged');
      r.replug!();
      r.placeCard();
      // The reader comes back by itself (USB 'connect', PC/SC reader list); connect() waits for nothing else.
      await expect.poll(async () => r.transport.connect().then(() => true, () => false), { timeout: 5_000, interval: 20 }).toBe(true);
      expect((await counterCheck(r.transport)).outcome).toBe('verified');
      await r.transport.close();
    });
  }

  if (path.watchesBetweenSessions) {
    it('watching presence between sessions: a card held to the reader and taken away gives card-present, card-removed', async () => {
      const r = await path.make();
      r.removeCard();
      const seen = events(r.transport);
      await r.watch!();
      const present = nextEvent(r.transport, 'card-present');
      r.placeCard();
      await present;
      const removed = nextEvent(r.transport, 'card-removed');
      r.removeCard();
      await removed;
      expect(seen).toEqual(['card-present', 'card-removed']);
      await r.transport.close();
    });
  }
});
