/**
 * The card-I/O link model (issue 7 item 1) against hand-computed values, and the APDU counts the
 * issue's targets are about, measured on the real verification flow through the simulated card.
 * No timing of anything real is asserted: the model is arithmetic.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runVerification, type VerificationCredentials } from '../../src/session/run-verification';
import { PURPOSES, type PurposeId } from '../../src/session/purposes';
import { simulatedCardFor } from '../../src/sim/mynumber/build-card';
import { bytesOnlyLowerBoundUs, etuMicros, linkParameters, modelApdu, modelFlow } from '../../src/transport/link-model';
import { countApdus, LinkModelTransport, type ApduRecord } from '../../src/transport/link-model-transport';
import { SimulatedTransport } from '../../src/transport/simulated-transport';
import type { VerificationEnvironment } from '../../src/session/verification-environment';
import { BIRTH_KEY, CODE_B, card, environment, profile } from '../verify-flows/flow-helpers';

// 1 etu at 106 kbit/s = 128 / 13.56 MHz.
const ETU_106 = 128 / 13.56;

describe('link model arithmetic', () => {
  it('one etu is 128/fc at 106 kbit/s and halves per doubling of the rate', () => {
    expect(etuMicros(106)).toBeCloseTo(9.4395, 4);
    expect(etuMicros(212)).toBeCloseTo(4.7198, 4);
    expect(etuMicros(424)).toBeCloseTo(2.3599, 4);
  });

  it('5-byte command + 258-byte response at 106 kbit/s, FSC = FSD = 256', () => {
    // By hand: the response needs 2 I-blocks (253 + 5 INF bytes), so 2 exchanges:
    //  1) reader I-block 1+5+2 = 8 B; card chained I-block 1+253+2 = 256 B
    //  2) reader R(ACK) 1+2 = 3 B;   card last I-block 1+5+2 = 8 B
    // characters (8+256+3+8) × 10 = 2750 etu; 4 frames × (SOF 12 + EOF 10) = 88 etu;
    // 2 exchanges × (TR0+TR1 18 + reader delay 10) = 56 etu; total 2894 etu.
    const t = modelApdu({ commandLength: 5, responseLength: 258 }, linkParameters({ fsc: 256, fsd: 256 }));
    expect(t.readerFrames).toBe(2);
    expect(t.cardFrames).toBe(2);
    expect(t.airUs).toBeCloseTo(27317.994, 2);
    expect(t.airUs).toBeCloseTo(2894 * ETU_106, 6);
    // USB: 2 round trips × 2000 µs; RF bytes without CRC_B (6+1 out, 254+6 in) + 2 × (14 + 23)
    // reader frame bytes = 341 B at 12 Mbit/s = 227.33 µs.
    expect(t.hostUs).toBeCloseTo(4000 + 227.333, 2);
    expect(t.cardUs).toBe(1000);
    expect(t.computeUs).toBe(0);
    expect(t.totalUs).toBeCloseTo(27317.994 + 4227.333 + 1000, 2);
  });

  it('a smaller FSD means more chained blocks for the same response', () => {
    // FSD 64: INF ≤ 61 per block, 258 bytes → 5 blocks, 5 exchanges.
    const t = modelApdu({ commandLength: 5, responseLength: 258 }, linkParameters({ fsd: 64 }));
    expect(t.readerFrames).toBe(5);
    // (8 + 4×3 reader bytes + 258 + 5×3 card bytes) × 10 + 10 frames × 22 + 5 × 28 etu.
    expect(t.airUs).toBeCloseTo(((8 + 12 + 258 + 15) * 10 + 220 + 140) * ETU_106, 6);
  });

  it('send chaining: a 300-byte command with FSC 64 goes out in 5 I-blocks, each but the last acknowledged', () => {
    const t = modelApdu({ commandLength: 300, responseLength: 2 }, linkParameters({ fsc: 64 }));
    expect(t.readerFrames).toBe(5);
    expect(t.cardFrames).toBe(5);
    // Reader: 300 + 5×3 bytes; card: 4 R(ACK) × 3 + (2 + 3) bytes.
    expect(t.airUs).toBeCloseTo(((315 + 17) * 10 + 10 * 22 + 5 * 28) * ETU_106, 6);
  });

  it('a reader that runs ISO-DEP itself pays one USB round trip per APDU, not per frame', () => {
    const perFrame = modelApdu({ commandLength: 5, responseLength: 1000 }, linkParameters());
    const perApdu = modelApdu({ commandLength: 5, responseLength: 1000 }, linkParameters({ roundTripPer: 'apdu' }));
    expect(perFrame.readerFrames).toBe(4);
    // per frame: 4 × 2000 µs; per APDU: 1 × 2000 µs (plus bytes at 12 Mbit/s in both).
    expect(perFrame.hostUs - perApdu.hostUs).toBeGreaterThan(5900);
    expect(perApdu.hostUs).toBeCloseTo(2000 + ((5 + 1000 + 37) * 8) / 12, 6);
    expect(perApdu.airUs).toBe(perFrame.airUs);
  });

  it('a private-key command adds the compute time, kept apart from I/O', () => {
    const flow = modelFlow([
      { commandLength: 57, responseLength: 258, privateKey: true },
      { commandLength: 5, responseLength: 258 },
    ]);
    expect(flow.computeUs).toBe(200_000);
    expect(flow.ioUs).toBeCloseTo(flow.airUs + flow.hostUs + flow.cardUs, 6);
    expect(flow.totalUs).toBeCloseTo(flow.ioUs + 200_000, 6);
  });

  it('the bytes-only lower bound is 10 etu per APDU byte and never above the modelled time', () => {
    expect(bytesOnlyLowerBoundUs(5, 258, 106)).toBeCloseTo(2630 * ETU_106, 6);
    expect(bytesOnlyLowerBoundUs(5, 258, 424)).toBeCloseTo((2630 * ETU_106) / 4, 6);
    for (const [c, r] of [[4, 2], [5, 258], [300, 2], [7, 4096], [261, 65_538]] as const) {
      for (const rate of [106, 212, 424] as const) {
        const t = modelApdu({ commandLength: c, responseLength: r }, linkParameters({ bitRateKbps: rate, fsc: 16, fsd: 16 }));
        expect(t.airUs).toBeGreaterThan(bytesOnlyLowerBoundUs(c, r, rate));
      }
    }
  });

  it('refuses parameters outside ISO/IEC 14443 and impossible APDU sizes', () => {
    expect(() => linkParameters({ fsc: 15 })).toThrow(RangeError);
    expect(() => linkParameters({ fsd: 257 })).toThrow(RangeError);
    expect(() => linkParameters({ bitRateKbps: 848 as 424 })).toThrow(RangeError);
    expect(() => linkParameters({ hostRoundTripUs: -1 })).toThrow(RangeError);
    expect(() => linkParameters({ cardCommandUs: Number.NaN })).toThrow(RangeError);
    expect(() => modelApdu({ commandLength: 3, responseLength: 2 })).toThrow(RangeError);
  });
});

describe('the purposes send no redundant SELECT and exactly the VERIFYs they need', () => {
  let env: VerificationEnvironment;
  beforeAll(async () => {
    env = await environment();
  });

  const CREDENTIALS: Record<PurposeId, VerificationCredentials> = {
    counter: { codeB: CODE_B.default },
    bank: { codeB: CODE_B.default, signPassword: profile('default').credentials.signPassword },
    field: { codeB: CODE_B.default },
    age: { birthDateKey: BIRTH_KEY.default },
  };
  /** Credential VERIFYs each purpose needs: 照合番号B per 券面 AP, the sign password, or the birth-date key. */
  const NEEDED_VERIFIES: Record<PurposeId, number> = { counter: 2, bank: 3, field: 2, age: 1 };
  /** DFs each purpose must enter: text + face APs, JPKI when it reads a certificate. */
  const NEEDED_DFS: Record<PurposeId, number> = { counter: 2, bank: 3, field: 3, age: 1 };

  async function flow(purpose: PurposeId): Promise<{ records: ApduRecord[]; outcome: string }> {
    const meter = new LinkModelTransport(new SimulatedTransport(simulatedCardFor((await card('default')).model)));
    await meter.connect();
    try {
      const report = await runVerification(meter, PURPOSES[purpose], CREDENTIALS[purpose], env);
      return { records: meter.records, outcome: report.outcome };
    } finally {
      await meter.disconnect();
    }
  }

  for (const purpose of Object.keys(PURPOSES) as PurposeId[]) {
    it(`${purpose}: one VERIFY per needed credential, each after one counter query; no SELECT EF`, async () => {
      const { records, outcome } = await flow(purpose);
      // bank needs revocation answered good, which the offline checker leaves pending.
      expect(outcome).toBe(purpose === 'bank' ? 'incomplete' : 'verified');
      const c = countApdus(records);
      expect(c.verifies).toBe(NEEDED_VERIFIES[purpose]);
      expect(c.retryQueries).toBe(NEEDED_VERIFIES[purpose]);
      expect(c.efSelects).toBe(0);
      // Every VERIFY answered 9000: none was wasted on a wrong or repeated credential.
      expect(records.filter((r) => r.ins === 0x20 && r.commandLength > 4).every((r) => r.sw === 0x9000)).toBe(true);
      expect(new Set(records.filter((r) => r.dfName).map((r) => r.dfName)).size).toBe(NEEDED_DFS[purpose]);
    });
  }

  it('age: each DF is selected exactly once', async () => {
    const { records } = await flow('age');
    const names = records.filter((r) => r.dfName).map((r) => r.dfName);
    expect(names.length).toBe(new Set(names).size);
    expect(names.length).toBe(NEEDED_DFS.age);
  });

  // runVerification authenticates each chip while its AP is still selected, so no DF is
  // selected twice (issue 7: no redundant SELECT).
  for (const purpose of ['counter', 'bank', 'field'] as const) {
    it(`${purpose}: each DF is selected exactly once`, async () => {
      const { records } = await flow(purpose);
      const names = records.filter((r) => r.dfName).map((r) => r.dfName);
      expect(names.length).toBe(new Set(names).size);
    });
  }
});
