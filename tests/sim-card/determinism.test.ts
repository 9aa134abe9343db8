/**
 * Determinism of the card builder and the snapshot round trip: the same profile always builds the
 * same card byte for byte; different profiles get different card keys (compared through what the
 * card answers over APDUs, not through the model).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { BuiltCard } from '../../src/sim/mynumber/build-card';
import { simulatedCardFor } from '../../src/sim/mynumber/build-card';
import { fromSnapshot, toSnapshot } from '../../src/sim/card/card-snapshot';
import type { SimulatedCard } from '../../src/sim/card/simulated-card';
import { build, child, hex, ok, parseTlv, SELECT, verifyApdu } from './helpers';

let a: BuiltCard;
let b: BuiltCard;
let other: BuiltCard;
beforeAll(async () => {
  a = await build('default');
  b = await build('default');
  other = await build('gaiji-name');
});

/** Every transparent EF's bytes and every record, read over APDUs with the right credentials. */
async function dumpOverApdus(card: SimulatedCard, creds: { codeB: string; birth: string; myNumber: string; pin: string; password: string }) {
  const out: Record<string, string> = {};
  const readAll = async (name: string, sfis: number[]) => {
    for (const s of sfis) out[`${name}/${s}`] = hex(await ok(card, Uint8Array.of(0x00, 0xb0, 0x80 | s, 0x00, 0x00, 0x00, 0x00)));
  };
  await ok(card, SELECT.jpki);
  await ok(card, verifyApdu(0x9b, creds.password));
  await readAll('jpki', [1, 2, 6, 8, 0x0a, 0x0b]);
  await ok(card, SELECT.text);
  await ok(card, verifyApdu(0x91, creds.pin));
  await readAll('text', [1, 2, 3, 4, 5, 6, 7, 8]);
  await ok(card, SELECT.face);
  await ok(card, verifyApdu(0x93, creds.myNumber));
  await readAll('face', [2, 3, 4, 5, 6]);
  await ok(card, SELECT.face);
  await ok(card, verifyApdu(0x91, creds.birth));
  await readAll('face', [1]);
  await ok(card, SELECT.common);
  out['common/record1'] = hex(await ok(card, '00 B2 01 0C 00'));
  return out;
}

const DEFAULT_CREDS = { codeB: '55021720352285', birth: '550217', myNumber: '123456789018', pin: '1234', password: 'KAZASU1' };

describe('determinism', () => {
  it('building the same profile twice yields identical snapshots', () => {
    expect(JSON.stringify(toSnapshot(b.model))).toBe(JSON.stringify(toSnapshot(a.model)));
  });

  it('…and identical bytes over APDUs, file by file', async () => {
    const da = await dumpOverApdus(simulatedCardFor(a.model), DEFAULT_CREDS);
    const db = await dumpOverApdus(simulatedCardFor(b.model), DEFAULT_CREDS);
    expect(Object.keys(da).length).toBe(21);
    expect(db).toEqual(da);
  });

  it('a snapshot round trip (JSON text) gives a card that answers byte-identically', async () => {
    const restored = fromSnapshot(JSON.parse(JSON.stringify(toSnapshot(a.model))));
    const da = await dumpOverApdus(simulatedCardFor(a.model), DEFAULT_CREDS);
    const dr = await dumpOverApdus(simulatedCardFor(restored), DEFAULT_CREDS);
    expect(dr).toEqual(da);
    // Counters survive as configuration, too: the restored card still blocks text EF 0012.
    const card = simulatedCardFor(restored);
    await ok(card, SELECT.text);
    expect((await card.process(Uint8Array.of(0x00, 0x20, 0x00, 0x92)))).toEqual(Uint8Array.of(0x63, 0xc0));
  });

  it('GET CHALLENGE is reproducible for the same card model (seeded) and differs between profiles', async () => {
    const c1 = simulatedCardFor(a.model);
    const c2 = simulatedCardFor(b.model);
    const c3 = simulatedCardFor(other.model);
    const r1 = hex(await ok(c1, '00 84 00 00 10'));
    expect(hex(await ok(c2, '00 84 00 00 10'))).toBe(r1);
    expect(hex(await ok(c3, '00 84 00 00 10'))).not.toBe(r1);
  });

  it('different profiles get different card keys (JPKI, text AP EF 0007, 券面 DF24)', async () => {
    const keys = async (built: BuiltCard, creds: typeof DEFAULT_CREDS) => {
      const d = await dumpOverApdus(simulatedCardFor(built.model), creds);
      const bytes = (k: string) => Uint8Array.from(Buffer.from(d[k]!, 'hex'));
      const ef7 = parseTlv(bytes('text/7'));
      const face = parseTlv(bytes('face/2'));
      return {
        text: hex(child(ef7.value, 0xdf51).value),
        face: hex(child(face.value, 0xdf24).value),
        // The SubjectPublicKeyInfo region of the auth certificate differs when the key does.
        auth: d['jpki/10']!,
      };
    };
    const ka = await keys(a, DEFAULT_CREDS);
    const ko = await keys(other, { codeB: '50110320344816', birth: '501103', myNumber: '987654321093', pin: '2468', password: 'GAIJI75' });
    expect(ko.text).not.toBe(ka.text);
    expect(ko.face).not.toBe(ka.face);
    expect(ko.auth).not.toBe(ka.auth);
    // Within one card the text and 券面 keys differ.
    expect(ka.text).not.toBe(ka.face);
  });
});
