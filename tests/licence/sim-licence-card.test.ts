/**
 * The simulated licence card on its own, driven by raw APDUs (no card library): the behaviour
 * licence-facts §1–§2 describes, so the library's tests run against something faithful. Also the
 * simulator's own encoders against known answers, ForbiddenBytes, and the issuer signature checked
 * independently with the openssl CLI on bytes read over APDUs.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromHex } from '../../src/bytes/hex';
import { ForbiddenBytes, LicenceCard, readLicence, containsForbiddenData } from '../../src/cards/licence';
import { eraDigits, encodeJis, simLicenceCaCertificate, simLicenceSigner, simSignedData, simulatedLicenceCardFor, parseLicenceProfile } from '../../src/sim/licence';
import { toPem } from '../../src/sim/pki/pem';
import { connect, hex, licence } from './licence-helpers';

async function send(card: { process(c: Uint8Array): Promise<Uint8Array> }, h: string): Promise<string> {
  return hex(await card.process(fromHex(h)));
}

describe('the simulated licence card', () => {
  it('SELECT forms, free MF files, PIN-protected DF files, security kept across DF selection, lost at power-off', async () => {
    const card = simulatedLicenceCardFor((await licence('licence-default')).model);
    card.powerOn();
    expect(await send(card, '00 A4 00 00')).toBe('90 00');
    expect(await send(card, '00 A4 00 00 02 3F 00')).toBe('90 00');
    expect((await send(card, '00 B0 81 00 11')).startsWith('45 0B 30 30 38')).toBe(true);
    expect(await send(card, '00 B0 8A 00 03')).toBe('05 01 01 90 00');
    expect(await send(card, '00 A4 04 0C 10 A0 00 00 02 31 01 00 00 00 00 00 00 00 00 00 00')).toBe('90 00');
    expect(await send(card, '00 B0 81 00 10')).toBe('69 82');
    expect(await send(card, '00 20 00 81')).toBe('6A 88'); // SFI PIN references need the MF current
    expect(await send(card, '00 A4 00 00')).toBe('90 00');
    expect(await send(card, '00 20 00 81')).toBe('63 C3');
    expect(await send(card, '00 20 00 81 04 31 32 33 34')).toBe('90 00');
    expect(await send(card, '00 A4 04 0C 10 A0 00 00 02 31 01 00 00 00 00 00 00 00 00 00 00')).toBe('90 00');
    expect((await send(card, '00 B0 81 00 03')).startsWith('11 01 78')).toBe(true);
    expect(await send(card, '00 B0 82 00 03')).toBe('69 82'); // 本籍 needs PIN2 as well
    expect((await send(card, '00 B0 81 00 01')).startsWith('11')).toBe(true); // EF01 current again
    expect(await send(card, '00 B0 03 70 01')).toBe('6B 00'); // past the end of EF01 (880)
    card.powerOff();
    card.powerOn();
    expect(await send(card, '00 A4 04 0C 10 A0 00 00 02 31 01 00 00 00 00 00 00 00 00 00 00')).toBe('90 00');
    expect(await send(card, '00 B0 81 00 03')).toBe('69 82');
  });

  it('VERIFY by the current IEF (P2 80), the counter, blocking, and AID prefixes refused', async () => {
    const card = simulatedLicenceCardFor((await licence('licence-default')).model);
    card.powerOn();
    expect(await send(card, '00 A4 02 0C 02 00 02')).toBe('90 00');
    expect(await send(card, '00 20 00 80')).toBe('63 C3');
    for (const left of ['63 C2', '63 C1', '63 C0']) expect(await send(card, '00 20 00 80 04 30 30 30 30')).toBe(left);
    expect(await send(card, '00 20 00 80 04 35 36 37 38')).toBe('69 84');
    expect(await send(card, '00 20 00 80')).toBe('63 C0');
    expect(await send(card, '00 A4 04 0C 06 A0 00 00 02 31 01')).toBe('6A 82');
    expect(await send(card, '80 20 00 81')).toBe('6E 00');
  });

  it('reads by offset on the current EF, short and extended Le', async () => {
    const card = simulatedLicenceCardFor((await licence('licence-default')).model);
    card.powerOn();
    await send(card, '00 20 00 81 04 31 32 33 34');
    await send(card, '00 A4 04 0C 10 A0 00 00 02 31 01 00 00 00 00 00 00 00 00 00 00');
    await send(card, '00 A4 02 0C 02 00 01');
    const all = fromHex(await send(card, '00 B0 00 00 00 03 70'));
    expect(all.length).toBe(880 + 2);
    const tail = fromHex(await send(card, '00 B0 03 00 00'));
    expect(tail.length).toBe(112 + 2);
    expect(tail.subarray(0, 112)).toEqual(all.subarray(768, 880));
  });
});

describe('the simulator’s own encoders (known answers)', () => {
  it('era digits: 2002-09-13 is 4140913 (TAKU), 1989-01-07 昭和64, 2019-05-01 令和元年', () => {
    expect(eraDigits('2002-09-13')).toBe('4140913');
    expect(eraDigits('1989-01-07')).toBe('3640107');
    expect(eraDigits('2019-05-01')).toBe('5010501');
  });

  it('JIS X 0208: 車 is 3C 56; 桧 is 49 30 today and 5B 58 in 1978; 外字 and 欠字 codes', () => {
    expect(encodeJis('車', 'current')).toEqual(fromHex('3C 56'));
    expect(encodeJis('桧', 'current')).toEqual(fromHex('49 30'));
    expect(encodeJis('桧', '1978')).toEqual(fromHex('5B 58'));
    expect(encodeJis('髙橋', 'current', new Map([['髙', 1]]))).toEqual(fromHex('FF F1 36 36'));
    expect(() => encodeJis('髙', 'current')).toThrow(expect.objectContaining({ code: 'sim-licence-not-jis' }));
  });

  it('profiles are checked: a licence number not starting with 99 (not simulator data) is refused', async () => {
    const p = (await licence('licence-default')).profile;
    expect(() => parseLicenceProfile({ ...p, licence: { ...p.licence, number: '301234567890' } })).toThrow(expect.objectContaining({ code: 'sim-licence-bad-profile' }));
  });
});

describe('ForbiddenBytes (本籍)', () => {
  it('cannot be serialised, cloned or printed; reveals only with a reason; wipes', () => {
    const f = new ForbiddenBytes(Uint8Array.of(1, 2, 3));
    expect(() => JSON.stringify({ honseki: f })).toThrow(expect.objectContaining({ code: 'licence-forbidden-data-serialised' }));
    expect(`${f}`).toBe('[本籍: withheld]');
    const clone = structuredClone(f) as unknown as { reveal?: unknown };
    expect(clone.reveal).toBeUndefined();
    expect(Object.values({ ...f })).not.toContainEqual(Uint8Array.of(1, 2, 3));
    // @ts-expect-error — the reason is not optional
    expect(() => f.reveal()).toThrow(expect.objectContaining({ code: 'licence-honseki-reason-required' }));
    expect(() => f.reveal({ kind: 'shown-to-staff', purpose: ' ' })).toThrow();
    expect(f.reveal({ kind: 'signature-verification' })).toEqual(Uint8Array.of(1, 2, 3));
    expect(containsForbiddenData({ a: [{ b: f }] })).toBe(true);
    f.wipe();
    expect(() => f.reveal({ kind: 'signature-verification' })).toThrow(expect.objectContaining({ code: 'licence-forbidden-data-wiped' }));
  });
});

describe('independent check with openssl', () => {
  it('the signature read over APDUs verifies with `openssl dgst -verify` over the signed bytes, and the signer chains to the simulator CA', async () => {
    const built = await licence('licence-default');
    const t = await connect(simulatedLicenceCardFor(built.model));
    const card = new LicenceCard(t);
    await card.verify('pin1', '1234');
    await card.verify('pin2', '5678');
    const readout = await readLicence(card, { photo: true, signature: true, honsekiForSignature: true });
    const sig = readout.signatureFile!.ok ? readout.signatureFile!.value.signature : undefined;
    // The signed bytes as read from the card: EF01 ‖ EF02 ‖ DF2/EF01, each whole.
    const files = readout.signedFiles!.files;
    const ef02 = (files.get('df1.honseki') as ForbiddenBytes).reveal({ kind: 'signature-verification' });
    const data = new Uint8Array([...(files.get('df1.entries') as Uint8Array), ...ef02, ...(files.get('df2.photo') as Uint8Array)]);
    expect(data).toEqual(simSignedData('ef01-ef02-photo-files', built.files));
    const dir = mkdtempSync(join(tmpdir(), 'kazasu-licence-openssl-'));
    try {
      const signer = await simLicenceSigner('licence-issuer-1');
      writeFileSync(join(dir, 'signer.pem'), toPem(signer.certificate));
      writeFileSync(join(dir, 'ca.pem'), toPem(await simLicenceCaCertificate()));
      writeFileSync(join(dir, 'data.bin'), data);
      writeFileSync(join(dir, 'sig.bin'), sig!);
      execFileSync('openssl', ['x509', '-in', join(dir, 'signer.pem'), '-pubkey', '-noout', '-out', join(dir, 'pub.pem')]);
      expect(execFileSync('openssl', ['dgst', '-sha256', '-verify', join(dir, 'pub.pem'), '-signature', join(dir, 'sig.bin'), join(dir, 'data.bin')], { encoding: 'utf8' })).toContain('Verified OK');
      expect(execFileSync('openssl', ['verify', '-CAfile', join(dir, 'ca.pem'), join(dir, 'signer.pem')], { encoding: 'utf8' })).toContain('OK');
      data[100] ^= 1;
      writeFileSync(join(dir, 'data.bin'), data);
      expect(() => execFileSync('openssl', ['dgst', '-sha256', '-verify', join(dir, 'pub.pem'), '-signature', join(dir, 'sig.bin'), join(dir, 'data.bin')], { stdio: 'pipe' })).toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
      readout.wipe();
      card.close();
    }
  });
});
