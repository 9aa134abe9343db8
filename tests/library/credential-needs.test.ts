/**
 * The seam's credential rule (documents/credential-needs.ts) at the library's verifyCard and the
 * CLI: a credential that replaces another (the passport's CAN for the MRZ) satisfies it, a
 * variant may need fewer (the マイナ免許証: pin1 only), and anything else missing is refused with
 * 'credential-missing' (exit 3) before any card I/O when the document is named, or right after
 * detection (SELECT and free reads: no VERIFY, no authentication) when it is not.
 */
import { describe, expect, it } from 'vitest';
import { credentialNeeds, neededCredentials } from '../../src/documents/credential-needs';
import { LICENCE_DRIVER } from '../../src/documents/licence/licence-driver';
import { PASSPORT_DRIVER } from '../../src/documents/passport/passport-driver';
import { verifyCard } from '../../src/node/library/node-api';
import { verificationEnvironment } from '../../src/node/cli/verification-environment';
import { simulatedCard } from '../../src/node/sim-documents';
import { main } from '../../src/node/cli/main';
import { SimulatedTransport } from '../../src/transport/simulated-transport';
import type { CardTransport, TransmitOptions } from '../../src/transport/card-transport';

const NOW = new Date('2026-06-01T00:00:00Z');

/** Every APDU the card saw, by INS. */
class Recorder {
  readonly ins: number[] = [];
  wrap(inner: CardTransport): CardTransport {
    const seen = this.ins;
    return new Proxy(inner, {
      get(target, prop, receiver) {
        if (prop === 'transmit') return (c: Uint8Array, o?: TransmitOptions) => (seen.push(c[1]!), target.transmit(c, o));
        const v = Reflect.get(target, prop, receiver);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
  }
}

async function onReader(profile: string) {
  const card = await simulatedCard(profile);
  const rec = new Recorder();
  const transport = rec.wrap(new SimulatedTransport(card.responder));
  await transport.connect();
  return { card, rec, transport };
}

describe('credential needs (documents/credential-needs.ts)', () => {
  it('the CAN replaces the MRZ; the マイナ免許証 needs pin1 only; before detection only what every variant needs', () => {
    expect(credentialNeeds(PASSPORT_DRIVER, 'counter', { can: '123456' })).toEqual({ missing: [], send: ['can'] });
    expect(credentialNeeds(PASSPORT_DRIVER, 'counter', {}).missing).toEqual(['mrz']);
    expect(neededCredentials(LICENCE_DRIVER, 'counter')).toEqual(['pin1']);
    expect(neededCredentials(LICENCE_DRIVER, 'counter', 'card')).toEqual(['pin1', 'pin2']);
    expect(neededCredentials(LICENCE_DRIVER, 'counter', 'mynumber-card')).toEqual(['pin1']);
    expect(credentialNeeds(LICENCE_DRIVER, 'counter', { pin1: '1234' }, 'card').missing).toEqual(['pin2']);
    expect(credentialNeeds(LICENCE_DRIVER, 'counter', { pin1: '1234', pin2: '5678' }).send).toEqual(['pin1', 'pin2']);
    expect(credentialNeeds(LICENCE_DRIVER, 'counter', { pin1: '1234', pin2: '' }, 'card').missing).toEqual(['pin2']);
  });
});

describe('verifyCard refuses exactly what is missing', () => {
  it('a passport with only the CAN is verified (PACE with the CAN)', async () => {
    const { transport } = await onReader('germany-pace-gm');
    const environment = await verificationEnvironment('simulator', undefined, NOW);
    const { report } = await verifyCard(transport, { purpose: 'field', environment, document: PASSPORT_DRIVER, credentials: { can: '500540' } });
    expect(report.document).toBe('passport');
    expect(report.outcome).toBe('verified');
  });

  it('a マイナ免許証 with pin1 only is verified; the same purpose on a licence card without pin2 is refused after detection, before any VERIFY', async () => {
    const environment = await verificationEnvironment('simulator', undefined, NOW);
    const mnc = await onReader('mynumber-licence');
    const { report } = await verifyCard(mnc.transport, { purpose: 'counter', environment, document: LICENCE_DRIVER, credentials: { pin1: '2580' } });
    expect(report.document).toBe('drivers-licence');
    expect((report.attributes as { variant?: string }).variant).toBe('mynumber-card');

    const card = await onReader('licence-default');
    const refused = verifyCard(card.transport, { purpose: 'counter', environment, document: LICENCE_DRIVER, credentials: (_d, _variant) => ({ pin1: '1234' }) });
    await expect(refused).rejects.toMatchObject({ code: 'credential-missing', message: expect.stringContaining('pin2 (--pin2)') });
    expect(card.rec.ins.length).toBeGreaterThan(0); // detection ran (SELECT / READ BINARY only)
    expect(card.rec.ins.every((ins) => ins === 0xa4 || ins === 0xb0 || ins === 0xb1 || ins === 0xc0 || ins === 0xca)).toBe(true);
  });

  it('a missing credential with the document named is refused before any card I/O', async () => {
    const environment = await verificationEnvironment('simulator', undefined, NOW);
    const pp = await onReader('germany-pace-gm');
    await expect(verifyCard(pp.transport, { purpose: 'counter', environment, document: PASSPORT_DRIVER, credentials: {} })).rejects.toMatchObject({
      code: 'credential-missing',
      message: expect.stringContaining('mrz (--mrz or --can)'),
    });
    expect(pp.rec.ins).toEqual([]);
    const dl = await onReader('licence-default');
    await expect(verifyCard(dl.transport, { purpose: 'bank', environment, document: LICENCE_DRIVER, credentials: { pin2: '5678' } })).rejects.toMatchObject({ code: 'credential-missing' });
    expect(dl.rec.ins).toEqual([]);
  });

  it('the CLI: exit 3 for a missing credential with no PC/SC reader opened; --can alone does not pull the MRZ from a simulated profile', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['verify', '--reader', '0', '--document', 'passport', '--purpose', 'counter'], (s) => out.push(s), (s) => err.push(s));
    expect(code).toBe(3);
    expect(err.join('\n')).toContain('credential-missing');
    expect(err.join('\n')).not.toMatch(/pcsc|no reader/i);
    const withCan: string[] = [];
    expect(await main(['verify', '--sim', 'germany-pace-gm', '--purpose', 'field', '--can', '500540', '--at', NOW.toISOString()], (s) => withCan.push(s), () => undefined)).toBe(0);
    expect(withCan.join('\n')).not.toContain("credentials from the simulated card's profile");
  });
});
