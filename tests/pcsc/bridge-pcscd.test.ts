/**
 * The bridge through REAL PC/SC (issue 5 §8): pcscd with the vsmartcard vpcd reader, the
 * simulated card as its vpcd client, `@pokusew/pcsclite` in the bridge, and the kiosk's
 * BridgeTransport + card library + verifier on the other side of a loopback WebSocket.
 *
 * Needs pcscd, vsmartcard-vpcd and the pcsclite binding (built against libpcsclite-dev at
 * `npm install`); .ci/run installs them. Missing pieces FAIL with instructions, never skip.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPcscliteService } from '../../src/node/bridge/pcsclite-service';
import type { PcscService } from '../../src/node/bridge/pcsc-service';
import { simulatedCardFor } from '../../src/sim/mynumber/build-card';
import { runVerification } from '../../src/session/run-verification';
import { PURPOSES } from '../../src/session/purposes';
import { BridgeError } from '../../src/transport/bridge/bridge-error';
import { TransportError, type CardEvent } from '../../src/transport/card-transport';
import { fromHex, toHex } from '../../src/bytes/hex';
import { card, CODE_B, environment } from '../verify-flows/flow-helpers';
import { openTransport, startTestBridge, type TestBridge } from '../bridge/bridge-rig';
import { startPcscdRig, VPCD_READER, waitFor, type PcscdRig } from './pcscd-rig';

describe('kazasu bridge over real pcscd + vpcd', () => {
  let rig: PcscdRig | undefined;
  let service: PcscService | undefined;
  let bridge: TestBridge | undefined;

  const cardState = (): boolean | undefined => service?.readers().find((r) => r.name === VPCD_READER)?.cardPresent;
  /** Take the card out, wait until PC/SC saw it go, put another in, wait until PC/SC sees it. */
  const swapCard = async (profileId: string) => {
    const built = await card(profileId);
    const sim = simulatedCardFor(built.model);
    await rig!.eject();
    await waitFor('PC/SC to see the reader empty', async () => cardState() === false, 15_000);
    await rig!.insert(sim, built.model.atr);
    await waitFor(`PC/SC to see the ${profileId} card`, async () => cardState() === true, 15_000);
    return sim;
  };

  beforeAll(async () => {
    rig = await startPcscdRig();
    const built = await card('default');
    await rig.insert(simulatedCardFor(built.model), built.model.atr);
    service = openPcscliteService();
    await waitFor('pcsclite to report the card in the Virtual PCD reader', async () => cardState() === true, 15_000, () => rig?.log() ?? '');
    bridge = await startTestBridge(service);
  });

  afterAll(async () => {
    await bridge?.close();
    await service?.close();
    await rig?.stop();
  });

  it('the kiosk verifies the default card for the counter check through the bridge', async () => {
    const transport = await openTransport(bridge!, { reader: VPCD_READER });
    try {
      expect(transport.readers().map((r) => r.name)).toContain(VPCD_READER);
      expect(transport.isCardPresent()).toBe(true);
      await transport.connect();
      const report = await runVerification(transport, PURPOSES.counter, { codeB: CODE_B.default! }, await environment());
      expect(report.outcome).toBe('verified');
      expect(report.attributes.name).toBe('山田　花子');
    } finally {
      transport.close();
    }
  });

  it('refuses an unconfirmed VERIFY at one try left through real PC/SC, without using the try', async () => {
    const sim = await swapCard('last-try');
    const transport = await openTransport(bridge!, { reader: VPCD_READER });
    try {
      await transport.connect();
      await transport.transmit(fromHex('00A4040C0AD392F000260100000001'));
      await transport.transmit(fromHex('00A4020C020018'));
      const e = await transport.transmit(fromHex('002000800431313131')).then(() => undefined, (err: unknown) => err);
      expect(e).toBeInstanceOf(BridgeError);
      expect((e as BridgeError).reason).toBe('pin-refused');
      expect(sim.triesLeft('jpki', 0x0018)).toBe(1);
      expect(sim.activity.triesConsumed).toBe(0);
    } finally {
      transport.close();
    }
  });

  it('resets the card between sessions (SCARD_RESET_CARD): a PIN verified in one is not verified in the next', async () => {
    await swapCard('default');
    const transport = await openTransport(bridge!, { reader: VPCD_READER });
    const sw = async (c: string): Promise<string> => toHex((await transport.transmit(fromHex(c))).slice(-2));
    try {
      // 券面事項入力補助AP: the basic-4 EF (SFI 2) needs the 4-digit PIN (SFI 0x11), spec §3.
      await transport.connect();
      expect(await sw('00A4040C0AD3921000310001010408')).toBe('9000');
      expect(await sw('00B0820000')).toBe('6982');
      expect(await sw('002000910431323334')).toBe('9000');
      expect(await sw('00B0820000')).toBe('9000');
      // Ends the PC/SC session (the bridge disconnects with SCARD_RESET_CARD) and opens a new one.
      // pcscd + vpcd happen to power the card down between exclusive sessions as well, so this
      // checks the property (no PIN status carried over), not which of the two provided it.
      await transport.connect();
      expect(await sw('00A4040C0AD3921000310001010408')).toBe('9000');
      expect(await sw('00B0820000')).toBe('6982');
    } finally {
      transport.close();
    }
  });

  it('a card pulled from the reader: card-removed, and the next command fails typed', async () => {
    await swapCard('default');
    const transport = await openTransport(bridge!, { reader: VPCD_READER });
    try {
      const events: CardEvent['type'][] = [];
      transport.onEvent((ev) => events.push(ev.type));
      await transport.connect();
      await transport.transmit(fromHex('00A4040C0AD392F000260100000001'));
      await rig!.eject();
      await waitFor('the bridge to report the card gone', async () => events.includes('card-removed'), 15_000);
      const e = await transport.transmit(fromHex('00A4020C020018')).then(() => undefined, (err: unknown) => err);
      expect(e).toBeInstanceOf(TransportError);
      expect(['card-removed', 'not-connected']).toContain((e as TransportError).code);
      expect(transport.isCardPresent()).toBe(false);
    } finally {
      transport.close();
    }
  });
});
