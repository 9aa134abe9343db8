/**
 * The PC/SC bridge carries a Type A card unchanged: the bridge's PC/SC side sees the ATR a
 * contactless reader builds for a Type A card (PC/SC Part 3: 3B 8n 80 01 <ATS historical bytes>
 * TCK), the browser's BridgeTransport runs a full counter check through it. (The transport
 * conformance suite covers the RF, CCID, Smart Card API and phone paths with a Type A card.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import { toHex } from '../../src/bytes/hex';
import { SimulatedPcscService } from '../../src/node/bridge/simulated-pcsc-service';
import { asContactlessCard, typeAContactlessAtr, typeBContactlessAtr } from '../../src/sim/readers/contactless-atr';
import type { BridgeTransport } from '../../src/transport/bridge/bridge-transport';
import { openTransport, startTestBridge, type TestBridge } from '../bridge/bridge-rig';
import { counterCheck, defaultCard } from '../transport-conformance/helpers';

let bridge: TestBridge | undefined;
const transports: BridgeTransport[] = [];

afterEach(async () => {
  for (const t of transports.splice(0)) t.close();
  await bridge?.close();
  bridge = undefined;
});

describe('bridge path with a Type A card', () => {
  it('the contactless ATRs: Type A from the ATS historical bytes, Type B from ATQB (PC/SC Part 3)', () => {
    expect(toHex(typeAContactlessAtr(Uint8Array.of(0x80)))).toBe('3B8180018080');
    expect(toHex(typeAContactlessAtr(new Uint8Array(0)))).toBe('3B80800101');
    // TCK = 88 ^ 80 ^ 01 ^ B3 ^ 81 ^ 81 ^ 00 = BA
    expect(toHex(typeBContactlessAtr(Uint8Array.of(0, 0, 0, 0), Uint8Array.of(0xb3, 0x81, 0x81)))).toBe('3B88800100000000B3818100BA');
  });

  it('a full counter check verifies through the bridge with the Type A ATR', async () => {
    const sim = await defaultCard();
    const service = new SimulatedPcscService(asContactlessCard(sim, typeAContactlessAtr(Uint8Array.of(0x80))));
    bridge = await startTestBridge(service);
    const transport = await openTransport(bridge);
    transports.push(transport);
    await transport.connect();
    expect((await counterCheck(transport)).outcome).toBe('verified');
  });
});
