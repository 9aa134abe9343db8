/**
 * SELECT on the simulated card (spec §1.1, §1.3): by full DF name, by prefix, unknown names,
 * EF selection, P2 other than 0C, the unreliable SELECT MF and the GlobalPlatform ISD.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { CardModel } from '../../src/sim/card/card-model';
import { simulatedCardFor } from '../../src/sim/mynumber/build-card';
import { ascii, build, ok, SELECT, sw, tx } from './helpers';

let model: CardModel;
beforeAll(async () => {
  model = (await build('default')).model;
});
const fresh = () => simulatedCardFor(model);

/** "JPKIAPICCTOKEN2" (spec §2.4 EF 0006 label): proves the JPKI-AP is the current DF. */
const JPKI_LABEL = ascii('JPKIAPICCTOKEN2');

describe('SELECT by DF name (00 A4 04 0C)', () => {
  it('selects each application by its full 10-byte AID', async () => {
    const card = fresh();
    for (const cmd of [SELECT.jpki, SELECT.text, SELECT.face, SELECT.common, SELECT.juki]) {
      expect(await sw(card, cmd)).toBe(0x9000);
    }
  });

  it('the JPKI AID makes the JPKI-AP current: its token EF answers by SFI', async () => {
    const card = fresh();
    await ok(card, SELECT.jpki);
    const token = await ok(card, '00 B0 86 00 0F');
    expect(token).toEqual(JPKI_LABEL);
  });

  it('the text AID makes the text AP current (EF 0005 starts FF 40), not the JPKI-AP', async () => {
    const card = fresh();
    await ok(card, SELECT.text);
    expect(Array.from((await ok(card, '00 B0 85 00 02')))).toEqual([0xff, 0x40]);
    // The text AP has no EF 0006 readable without a credential, and certainly no JPKI label.
    expect(await sw(card, '00 B0 86 00 0F')).not.toBe(0x9000);
  });

  it('accepts a DF name prefix (JICSAP 4.2(1)): 7 bytes of the JPKI AID select the JPKI-AP', async () => {
    const card = fresh();
    await ok(card, '00 A4 04 0C 07 D3 92 F0 00 26 01 00');
    expect(await ok(card, '00 B0 86 00 0F')).toEqual(JPKI_LABEL);
  });

  it('a short prefix shared by several DFs selects one of them (an unintended DF is possible)', async () => {
    const card = fresh();
    // D3 92 10 00 31 00 01 01 is shared by the text AP, 券面AP, …0100 and …0401 (spec §1.2).
    await ok(card, '00 A4 04 0C 08 D3 92 10 00 31 00 01 01');
    // Some DF is current: EF 0002 by SFI answers a status (not "no DF" 6A82 from the MF level)…
    const r = await tx(card, '00 B0 82 00 01');
    expect([0x9000, 0x6982]).toContain(r.sw);
  });

  it('answers 6A82 for an unknown AID and for a name longer than any AID', async () => {
    const card = fresh();
    expect(await sw(card, '00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 02')).toBe(0x6a82);
    expect(await sw(card, '00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 09')).toBe(0x6a82);
    expect(await sw(card, '00 A4 04 0C 0B D3 92 F0 00 26 01 00 00 00 01 00')).toBe(0x6a82);
  });

  it('P2 other than 0C answers 6A86', async () => {
    const card = fresh();
    expect(await sw(card, '00 A4 04 00 0A D3 92 F0 00 26 01 00 00 00 01')).toBe(0x6a86);
    expect(await sw(card, '00 A4 04 04 0A D3 92 F0 00 26 01 00 00 00 01')).toBe(0x6a86);
  });

  it('a failed SELECT leaves no DF behind it selected by accident', async () => {
    const card = fresh();
    expect(await sw(card, '00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 02')).toBe(0x6a82);
    // No DF: SFI read cannot find an EF.
    expect(await sw(card, '00 B0 86 00 0F')).toBe(0x6a82);
  });
});

describe('SELECT EF under the current DF (00 A4 02 0C)', () => {
  it('selects an EF by file id; READ BINARY with an offset then reads it', async () => {
    const card = fresh();
    await ok(card, SELECT.jpki);
    await ok(card, '00 A4 02 0C 02 00 06');
    expect(await ok(card, '00 B0 00 00 0F')).toEqual(JPKI_LABEL);
  });

  it('unknown EF answers 6A82; P2 other than 0C answers 6A86', async () => {
    const card = fresh();
    await ok(card, SELECT.jpki);
    expect(await sw(card, '00 A4 02 0C 02 00 3F')).toBe(0x6a82);
    expect(await sw(card, '00 A4 02 0C 02 00 14')).toBe(0x6a82); // text AP key id, not in the JPKI-AP
    expect(await sw(card, '00 A4 02 04 02 00 06')).toBe(0x6a86);
    expect(await sw(card, '00 A4 02 00 02 00 06')).toBe(0x6a86);
  });

  it('EF ids are per DF: EF 0006 of the JPKI-AP is not the text AP EF 0006', async () => {
    const card = fresh();
    await ok(card, SELECT.text);
    await ok(card, '00 A4 02 0C 02 00 06');
    // Text AP EF 0006 (session key) needs a credential (spec §2.5): 6982, not the free JPKI token.
    expect(await sw(card, '00 B0 00 00 0F')).toBe(0x6982);
  });
});

describe('SELECT MF (spec §1.1: unreliable)', () => {
  it('answers 6A86 right after power-up', async () => {
    const card = fresh();
    expect(await sw(card, '00 A4 00 00')).toBe(0x6a86);
    card.powerOff();
    card.powerOn();
    expect(await sw(card, '00 A4 00 00')).toBe(0x6a86);
  });

  it('answers 9000 once a DF was selected, and silently keeps that DF current', async () => {
    const card = fresh();
    await ok(card, SELECT.jpki);
    expect(await sw(card, '00 A4 00 00')).toBe(0x9000);
    // Still in the JPKI-AP.
    expect(await ok(card, '00 B0 86 00 0F')).toEqual(JPKI_LABEL);
  });

  it('after a power cycle SELECT MF is 6A86 again', async () => {
    const card = fresh();
    await ok(card, SELECT.jpki);
    expect(await sw(card, '00 A4 00 00')).toBe(0x9000);
    card.powerOff();
    card.powerOn();
    expect(await sw(card, '00 A4 00 00')).toBe(0x6a86);
  });

  it('selecting 3F00 by id answers 6A82', async () => {
    const card = fresh();
    expect(await sw(card, '00 A4 00 00 02 3F 00')).toBe(0x6a82);
    await ok(card, SELECT.jpki);
    expect(await sw(card, '00 A4 00 0C 02 3F 00')).toBe(0x6a82);
    // …and the DF is still the JPKI-AP.
    expect(await ok(card, '00 B0 86 00 0F')).toEqual(JPKI_LABEL);
  });
});

describe('GlobalPlatform ISD A0 00 00 01 51 00 00 (spec §1.1, §2.8)', () => {
  it('selecting the ISD answers 9000 and leaves no application current', async () => {
    const card = fresh();
    await ok(card, SELECT.jpki);
    expect(await ok(card, '00 B0 86 00 0F')).toEqual(JPKI_LABEL);
    expect(await sw(card, SELECT.isd)).toBe(0x9000);
    // Back at the MF level: the JPKI token EF is not reachable by SFI any more.
    expect(await sw(card, '00 B0 86 00 0F')).not.toBe(0x9000);
    // And the application can be selected again.
    await ok(card, SELECT.jpki);
    expect(await ok(card, '00 B0 86 00 0F')).toEqual(JPKI_LABEL);
  });

  it('the ISD selection clears the security status like any DF selection', async () => {
    const card = fresh();
    await ok(card, SELECT.text);
    await ok(card, '00 20 00 91 04 31 32 33 34'); // text PIN "1234" (profile default.json)
    await ok(card, '00 B0 82 00 01');
    await ok(card, SELECT.isd);
    await ok(card, SELECT.text);
    expect(await sw(card, '00 B0 82 00 01')).toBe(0x6982);
  });
});
