/**
 * What a PC/SC contactless reader (CCID, the Web Smart Card API, a PC/SC bridge) shows for an
 * ISO/IEC 14443-4 card: an ATR it builds itself (PC/SC Part 3 §3.1.3.2.3). For a Type A card:
 * `3B 8n 80 01 <historical bytes of the ATS> TCK`; for a Type B card:
 * `3B 88 80 01 <application data (4)> <protocol info (3)> <MBLI | CID of the ATTRIB answer> TCK`, with TCK the exclusive or of
 * every byte from T0 on. A phone's IsoDep hands over the card the same way whatever its type.
 * The card's APDUs do not change: `asContactlessCard` wraps any responder with that ATR, so the
 * reader paths that never see the RF layer can be run with a "Type A card".
 */
import type { ApduResponder } from '../../transport/apdu-responder';

function atr(body: readonly number[]): Uint8Array {
  const bytes = [0x3b, 0x80 | body.length, 0x80, 0x01, ...body];
  let tck = 0;
  for (const b of bytes.slice(1)) tck ^= b;
  return Uint8Array.of(...bytes, tck);
}

/** The PC/SC Part 3 ATR of a Type A card with these ATS historical bytes (at most 15). */
export function typeAContactlessAtr(historicalBytes: Uint8Array): Uint8Array {
  if (historicalBytes.length > 15) throw new RangeError('at most 15 historical bytes');
  return atr([...historicalBytes]);
}

/** The PC/SC Part 3 ATR of a Type B card: ATQB application data and protocol info, the ATTRIB answer's MBLI/CID byte. */
export function typeBContactlessAtr(applicationData: Uint8Array, protocolInfo: Uint8Array, mbliCid = 0): Uint8Array {
  return atr([...applicationData.subarray(0, 4), ...protocolInfo.subarray(0, 3), mbliCid & 0xff]);
}

/** `card` as a PC/SC contactless reader presents it: the same APDUs, the reader-made ATR. */
export function asContactlessCard(card: ApduResponder, atrBytes: Uint8Array): ApduResponder {
  return {
    powerOn: () => {
      card.powerOn();
      return atrBytes.slice();
    },
    powerOff: () => card.powerOff(),
    process: (command) => card.process(command),
  };
}
