/**
 * Type B bit rate on the RC-S380 (issue 13, "Speed on real readers"): the host reads the card's
 * ATQB Bit_Rate_capability, asks for the highest rate both sides can do in ATTRIB Param 2, switches
 * the reader (InSetRF) after the Answer to ATTRIB, probes with R(NAK), and falls back to 106
 * kbit/s when the link fails at the higher rate. Through the real transport and the emulated
 * reader, whose card hears only the rate it is at.
 */
import { describe, expect, it } from 'vitest';
import { toHex } from '../../src/bytes/hex';
import { chooseBitRate, decodeBitRateCapability, attribParam2, rateOfParam2 } from '../../src/transport/iso-dep/type-b-bit-rate';
import { counterCheck, rig } from './rig';

const INSETRF = 0x00;

/** InSetRF payloads the reader got, in order (from the firmware's command log we only get codes; the RF log gives rates). */
function ratesOnAir(log: readonly { rate: number | undefined; sent: Uint8Array }[]): number[] {
  return [...new Set(log.filter((l) => l.sent[0] !== 0x05 && l.sent[0] !== 0x1d).map((l) => l.rate ?? 0))];
}

describe('ATQB Bit_Rate_capability and ATTRIB Param 2', () => {
  it('B3 offers 212 and 424 both ways, 00 only 106; b4 set means 106 only', () => {
    expect(decodeBitRateCapability(0xb3)).toEqual({ pcdToPicc: [106, 212, 424], piccToPcd: [106, 212, 424], sameRateBothWays: true });
    expect(decodeBitRateCapability(0x00)).toEqual({ pcdToPicc: [106], piccToPcd: [106], sameRateBothWays: false });
    expect(decodeBitRateCapability(0xbb).pcdToPicc).toEqual([106]);
    expect(decodeBitRateCapability(0x77)).toMatchObject({ pcdToPicc: [106, 212, 424, 848], piccToPcd: [106, 212, 424, 848] });
  });

  it('chooses the highest rate the card offers both ways and the reader allows', () => {
    expect(chooseBitRate(0xb3, [106, 212, 424])).toBe(424);
    expect(chooseBitRate(0xb3, [106, 212])).toBe(212);
    expect(chooseBitRate(0xb3, [106, 212, 424], 212)).toBe(212);
    expect(chooseBitRate(0x11, [106, 212, 424])).toBe(212);
    expect(chooseBitRate(0x20, [106, 212, 424])).toBe(106); // 424 card → reader only: not both ways
    expect(chooseBitRate(0x77, [106, 212, 424])).toBe(424); // the RC-S380 has no 848 setting
    expect(chooseBitRate(0x00, [106, 212, 424])).toBe(106);
  });

  it('Param 2 carries the rate both ways above FSDI: 08, 58, A8 for FSDI 8', () => {
    expect([106, 212, 424].map((r) => attribParam2(r as 106, 8))).toEqual([0x08, 0x58, 0xa8]);
    expect(rateOfParam2(0xa8, 'piccToPcd')).toBe(424);
    expect(rateOfParam2(0x58, 'pcdToPicc')).toBe(212);
  });
});

describe('RC-S380: activation at the card’s best rate', () => {
  for (const [capability, rate, param2, inSetRf] of [
    [0xb3, 424, 'A8', '03090F09'],
    [0x11, 212, '58', '03080F08'],
  ] as const) {
    it(`a card offering ${toHex(Uint8Array.of(capability))}: ATTRIB Param 2 ${param2}, InSetRF ${inSetRf} after the answer, counter check at ${rate} kbit/s → verified`, async () => {
      const { transport, emulator } = await rig({ card: { bitRateCapability: capability } });
      await transport.connect();
      expect(transport.activeBitRate).toBe(rate);
      const [sensb, attrib, probe] = emulator.rfLog;
      expect([sensb!.rate, attrib!.rate]).toEqual([106, 106]); // activation always at 106
      expect(toHex(attrib!.sent)).toBe(`1D4B5A5331${'00'}${param2}0100`);
      expect(toHex(probe!.sent)).toBe('B2'); // R(NAK) at the new rate: no state change on the card
      expect([probe!.rate, probe!.outcome]).toEqual([rate, 'answered']);
      // After SENSB_REQ and ATTRIB (two InCommRF), the reader was set to the new rate: InSetRF, InSetProtocol ×2.
      const log = emulator.firmware.commandLog;
      const attribAt = log.indexOf(0x04) + 1;
      expect(log.slice(attribAt + 1, attribAt + 4)).toEqual([INSETRF, 0x02, 0x02]);
      expect((await counterCheck(transport)).outcome).toBe('verified');
      expect(ratesOnAir(emulator.rfLog)).toEqual([rate]);
      expect(emulator.rfLog.every((l) => l.outcome === 'answered')).toBe(true);
      expect(emulator.card!.violations).toEqual([]);
      await transport.disconnect();
      expect(emulator.card!.bitRate).toBe(106); // field off: the card starts again at 106
    });
  }

  it('a card that offers only 106 (ATQB 00): ATTRIB Param 2 08, no rate change, verified at 106', async () => {
    const { transport, emulator } = await rig({ card: { bitRateCapability: 0x00 } });
    await transport.connect();
    expect(transport.activeBitRate).toBe(106);
    expect(toHex(emulator.rfLog[1]!.sent)).toBe('1D4B5A533100080100');
    const log = emulator.firmware.commandLog;
    expect(log.filter((c) => c === INSETRF)).toHaveLength(1); // only the one before SENSB_REQ
    expect((await counterCheck(transport)).outcome).toBe('verified');
    expect(ratesOnAir(emulator.rfLog)).toEqual([106]);
    expect(emulator.card!.violations).toEqual([]);
  });

  it('maxBitRate caps the choice: a B3 card at 212 when the kiosk says so', async () => {
    const { transport, emulator } = await rig({ card: { bitRateCapability: 0xb3 }, transport: { maxBitRate: 212 } });
    await transport.connect();
    expect(transport.activeBitRate).toBe(212);
    expect(toHex(emulator.rfLog[1]!.sent.subarray(5, 7))).toBe('0058');
    expect((await counterCheck(transport)).outcome).toBe('verified');
  });

  it('falls back to 106 when nothing gets through at the higher rate, and keeps that card at 106', async () => {
    const { transport, emulator } = await rig({ card: { bitRateCapability: 0xb3 } });
    emulator.faults.brokenRates = [424];
    await transport.connect();
    expect(transport.activeBitRate).toBe(106);
    const outcomes = emulator.rfLog.map((l) => `${toHex(l.sent).slice(0, 2)}@${l.rate}:${l.outcome}`);
    // SENSB, ATTRIB(424), the R(NAK) probe and its retries lost at 424, then SENSB + ATTRIB(106).
    expect(outcomes.slice(0, 3)).toEqual(['05@106:answered', '1D@106:answered', 'B2@424:broken-rate']);
    expect(outcomes.slice(-2)).toEqual(['05@106:answered', '1D@106:answered']);
    expect(toHex(emulator.rfLog.at(-1)!.sent)).toBe('1D4B5A533100080100');
    expect((await counterCheck(transport)).outcome).toBe('verified');
    // The next activation of the same card goes straight to 106.
    const before = emulator.rfFrameCount;
    await transport.connect();
    const again = emulator.rfLog.slice(before).map((l) => toHex(l.sent));
    expect(again).toEqual(['C2', '050010', '1D4B5A533100080100']); // DESELECT of the open session, then straight to 106
    expect(transport.activeBitRate).toBe(106);
    expect(emulator.card!.violations).toEqual([]);
  });

  it('a card that left during the probe at the higher rate is card-removed, not a wrong rate', async () => {
    const { transport, emulator } = await rig({ card: { bitRateCapability: 0xb3 } });
    emulator.faults.removeAtFrame = 2; // the R(NAK) probe at 424
    await expect(transport.connect()).rejects.toMatchObject({ code: 'card-removed' });
    expect(transport.isCardPresent()).toBe(false);
  });
});
