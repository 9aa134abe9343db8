/**
 * A card session through the bridge: the kiosk's card library and verifier run over the real
 * BridgeTransport → WebSocket → bridge → PcscService chain, here with the simulated card behind
 * the bridge's SimulatedPcscService (the same flow through real pcscd is tests/pcsc/bridge-pcscd).
 * Then the bridge's own PIN rule, command refusals, one session per reader and failures.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedPcscService } from '../../src/node/bridge/simulated-pcsc-service';
import { PinError } from '../../src/cards/iso7816/pin-guard';
import { simulatedCardFor } from '../../src/sim/mynumber/build-card';
import type { SimulatedCard } from '../../src/sim/card/simulated-card';
import { runVerification } from '../../src/session/run-verification';
import { PURPOSES } from '../../src/session/purposes';
import { BridgeError } from '../../src/transport/bridge/bridge-error';
import type { BridgeTransport } from '../../src/transport/bridge/bridge-transport';
import { TransportError, type CardEvent } from '../../src/transport/card-transport';
import { fromHex } from '../../src/bytes/hex';
import { card, CODE_B, environment, failing, profile } from '../verify-flows/flow-helpers';
import { openTransport, startTestBridge, type TestBridge } from './bridge-rig';

const SELECT_JPKI = fromHex('00A4040C0AD392F000260100000001');
const SELECT_AUTH_PIN = fromHex('00A4020C020018');
const WRONG_PIN = fromHex('002000800431313131'); // "1111"

let bridge: TestBridge | undefined;
const transports: BridgeTransport[] = [];
afterEach(async () => {
  for (const t of transports.splice(0)) t.close();
  await bridge?.close();
  bridge = undefined;
});

async function setUp(profileId: string): Promise<{ service: SimulatedPcscService; sim: SimulatedCard; transport: BridgeTransport }> {
  const sim = simulatedCardFor((await card(profileId)).model);
  const service = new SimulatedPcscService(sim);
  bridge = await startTestBridge(service);
  const transport = await openTransport(bridge);
  transports.push(transport);
  return { service, sim, transport };
}

async function failure(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a failure');
}

describe('verification through the bridge', () => {
  it('reads and verifies the default card for the counter check', async () => {
    const { transport } = await setUp('default');
    expect(transport.isCardPresent()).toBe(true);
    await transport.connect();
    const report = await runVerification(transport, PURPOSES.counter, { codeB: CODE_B.default! }, await environment());
    expect(report.outcome).toBe('verified');
    expect(report.attributes.name).toBe('山田　花子');
    expect(bridge!.log.some((l) => l.includes('card session opened'))).toBe(true);
  });

  it('passes the person’s last-try confirmation through: the bank check on a card with one try left', async () => {
    const { transport, sim } = await setUp('last-try');
    const credentials = { codeB: CODE_B['last-try']!, signPassword: profile('last-try').credentials.signPassword! };
    await transport.connect();
    // Unconfirmed: the card library refuses before any VERIFY (pin-guard), nothing reaches the card.
    const refused = await failure(runVerification(transport, PURPOSES.bank, credentials, await environment()));
    expect(refused).toBeInstanceOf(PinError);
    expect((refused as PinError).code).toBe('pin-last-try-unconfirmed');
    expect(sim.activity.triesConsumed).toBe(0);
    // Confirmed: the bridge sees the flag and forwards the one VERIFY.
    const report = await runVerification(transport, PURPOSES.bank, { ...credentials, confirmLastTry: true }, await environment());
    // Offline revocation: every check passes and revocation stays pending (tests/verify-flows/profiles).
    expect(failing(report)).toEqual([]);
    expect(report.checks.find((c) => c.id === 'jpki.sign.chain')?.status).toBe('pass');
    expect(sim.activity.triesConsumed).toBe(0);
  });
});

describe('the bridge’s own PIN rule', () => {
  it('refuses a VERIFY at one try left without confirmation, and uses no try', async () => {
    const { transport, sim } = await setUp('last-try');
    await transport.connect();
    for (const c of [SELECT_JPKI, SELECT_AUTH_PIN]) expect((await transport.transmit(c)).slice(-2)).toEqual(Uint8Array.of(0x90, 0x00));
    const e = await failure(transport.transmit(WRONG_PIN));
    expect(e).toBeInstanceOf(BridgeError);
    expect((e as BridgeError).reason).toBe('pin-refused');
    expect(sim.triesLeft('jpki', 0x0018)).toBe(1);
    expect(sim.activity.triesConsumed).toBe(0);
    // With the confirmation the wrong PIN reaches the card, which blocks the key.
    const res = await transport.transmit(WRONG_PIN, { lastTryConfirmed: true });
    expect(res.slice(-2)).toEqual(Uint8Array.of(0x63, 0xc0));
    expect(sim.triesLeft('jpki', 0x0018)).toBe(0);
    // Blocked: refused before the card, even with confirmation.
    const blocked = await failure(transport.transmit(WRONG_PIN, { lastTryConfirmed: true }));
    expect((blocked as BridgeError).reason).toBe('pin-refused');
    expect(sim.activity.triesConsumed).toBe(1);
  });

  it('lets a VERIFY through when tries remain, and never forwards RESET RETRY COUNTER', async () => {
    const { transport, sim } = await setUp('default');
    await transport.connect();
    await transport.transmit(SELECT_JPKI);
    await transport.transmit(SELECT_AUTH_PIN);
    expect((await transport.transmit(WRONG_PIN)).slice(-2)).toEqual(Uint8Array.of(0x63, 0xc2));
    expect(sim.triesLeft('jpki', 0x0018)).toBe(2);
    const e = await failure(transport.transmit(fromHex('002C0180083132333435363738')));
    expect((e as BridgeError).reason).toBe('command-refused');
  });

  it('stops PIN commands past the per-connection limit', async () => {
    const sim = simulatedCardFor((await card('default')).model);
    bridge = await startTestBridge(new SimulatedPcscService(sim), { maxPinCommands: 1 });
    const transport = await openTransport(bridge);
    transports.push(transport);
    await transport.connect();
    await transport.transmit(SELECT_JPKI);
    await transport.transmit(SELECT_AUTH_PIN);
    await transport.transmit(WRONG_PIN);
    expect(((await failure(transport.transmit(WRONG_PIN))) as BridgeError).reason).toBe('pin-refused');
    expect(sim.activity.triesConsumed).toBe(1);
  });

  it('never logs command or response data', async () => {
    const { transport } = await setUp('default');
    await transport.connect();
    await runVerification(transport, PURPOSES.counter, { codeB: CODE_B.default! }, await environment());
    const text = bridge!.log.join('\n');
    expect(text).not.toContain(CODE_B.default!);
    expect(text).not.toMatch(/3535303231373230333532323835/i); // the 照合番号B as hex bytes
    expect(text).not.toContain('山田');
    expect(text).toMatch(/APDU 00 20 → SW 9000/);
  });
});

describe('sessions and failures', () => {
  it('gives one card session per reader: a second page gets reader-busy until the first lets go', async () => {
    const { transport } = await setUp('default');
    await transport.connect();
    const other = await openTransport(bridge!);
    transports.push(other);
    expect(((await failure(other.connect())) as BridgeError).reason).toBe('reader-busy');
    await transport.disconnect();
    await other.connect();
  });

  it('resets the card between sessions: a PIN verified in one is not verified in the next', async () => {
    const { transport } = await setUp('default');
    // 券面事項入力補助AP: the basic-4 EF (SFI 2) needs the 4-digit PIN (SFI 0x11), spec §3.
    const selectText = fromHex('00A4040C0AD3921000310001010408');
    const readBasic4 = fromHex('00B0820000');
    const sw = async (c: Uint8Array): Promise<string> => [...(await transport.transmit(c)).slice(-2)].map((b) => b.toString(16).padStart(2, '0')).join('');
    await transport.connect();
    await transport.transmit(selectText);
    expect(await sw(readBasic4)).toBe('6982');
    expect(await sw(fromHex('002000910431323334'))).toBe('9000');
    expect(await sw(readBasic4)).toBe('9000');
    await transport.connect(); // a new session: the bridge reset the card
    await transport.transmit(selectText);
    expect(await sw(readBasic4)).toBe('6982');
  });

  it('card removed mid-read: a card-removed event and a typed error, never a report', async () => {
    const { transport, service, sim } = await setUp('default');
    const events: CardEvent['type'][] = [];
    transport.onEvent((e) => events.push(e.type));
    let commands = 0;
    const original = sim.process.bind(sim);
    sim.process = async (c) => {
      if (++commands === 6) service.removeCard();
      return original(c);
    };
    await transport.connect();
    const e = await failure(runVerification(transport, PURPOSES.counter, { codeB: CODE_B.default! }, await environment()));
    expect(e).toBeInstanceOf(TransportError);
    expect((e as TransportError).code).toBe('card-removed');
    expect(events).toContain('card-removed');
    expect(transport.isCardPresent()).toBe(false);
  });

  it('bridge stopped mid-session: bridge-closed, and the reader counts as gone', async () => {
    const { transport } = await setUp('default');
    const events: CardEvent['type'][] = [];
    transport.onEvent((e) => events.push(e.type));
    await transport.connect();
    await bridge!.close();
    bridge = undefined;
    await new Promise((r) => setTimeout(r, 50));
    const e = await failure(transport.transmit(SELECT_JPKI));
    expect((e as BridgeError).reason).toBe('bridge-closed');
    expect(events).toContain('reader-removed');
  });

  it('no card on the reader: connect fails with no-card', async () => {
    const service = new SimulatedPcscService();
    bridge = await startTestBridge(service);
    const transport = await openTransport(bridge);
    transports.push(transport);
    expect(transport.isCardPresent()).toBe(false);
    expect(((await failure(transport.connect())) as TransportError).code).toBe('no-card');
    const events: CardEvent['type'][] = [];
    transport.onEvent((ev) => events.push(ev.type));
    service.placeCard(simulatedCardFor((await card('default')).model));
    await new Promise((r) => setTimeout(r, 50));
    expect(events).toEqual(['card-present']);
    expect(transport.isCardPresent()).toBe(true);
  });
});
