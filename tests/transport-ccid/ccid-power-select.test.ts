import { describe, expect, it } from 'vitest';
import { powerSelectOrder } from '../../src/transport/webusb-ccid/ccid-power-select';

describe('powerSelectOrder (CCID rev 1.1 §6.1.1 bPowerSelect, libccid CmdPowerOn)', () => {
  it('automatic only when dwFeatures advertises it (bit 0x08)', () => {
    expect(powerSelectOrder({ features: 0x0004_04ba, voltageSupport: 7 })).toEqual([0]);
    expect(powerSelectOrder({ features: 0x0000_0008 })).toEqual([0]);
  });

  it('otherwise 5 V, 3 V, 1.8 V, each only when bVoltageSupport lists it', () => {
    expect(powerSelectOrder({ features: 0x0002_0040, voltageSupport: 7 })).toEqual([1, 2, 3]);
    expect(powerSelectOrder({ features: 0x0002_0040, voltageSupport: 0x06 })).toEqual([2, 3]);
    expect(powerSelectOrder({ features: 0x0002_0040, voltageSupport: 0x04 })).toEqual([3]);
  });

  it('unknown features or voltages: all three in turn; none listed at all: automatic', () => {
    expect(powerSelectOrder({})).toEqual([1, 2, 3]);
    expect(powerSelectOrder({ features: 0x0002_0000, voltageSupport: 0 })).toEqual([1, 2, 3]);
    expect(powerSelectOrder({ features: 0x0002_0000, voltageSupport: 0xf8 })).toEqual([0]);
  });
});
