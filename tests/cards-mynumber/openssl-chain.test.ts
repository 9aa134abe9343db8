/**
 * An independent tool checks the JPKI chain: the auth and sign certificates and both CA
 * certificates are read over APDUs by the card library, written as PEM, and handed to the
 * real `openssl verify -CAfile <root> <leaf>` (spec §4.3: one tier, the CA in EF 0002/000B).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MyNumberCard } from '../../src/cards/mynumber/mynumber-card';
import { simulatedCardFor } from '../../src/sim/mynumber/build-card';
import { SimulatedTransport } from '../../src/transport/simulated-transport';
import { build, profileJson } from '../sim-card/helpers';

const OPENSSL = '/usr/bin/openssl';
const P = profileJson('default');
/** Inside the default profile's validity (2025-02-20 … 2030-02-17), so the test does not age. */
const AT = String(Math.floor(Date.parse('2027-06-01T00:00:00Z') / 1000));

let dir = '';
const files: Record<'auth' | 'sign' | 'authCa' | 'signCa', string> = { auth: '', sign: '', authCa: '', signCa: '' };

/** PEM written here with Node's base64, not the project's encoder. */
function pem(der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64');
  return `-----BEGIN CERTIFICATE-----\n${b64.replace(/.{1,64}/g, '$&\n')}-----END CERTIFICATE-----\n`;
}

function verify(ca: string, leaf: string): { ok: boolean; out: string } {
  try {
    const out = execFileSync(OPENSSL, ['verify', '-attime', AT, '-CAfile', ca, leaf], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { ok: true, out };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    return { ok: false, out: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}

beforeAll(async () => {
  const { model } = await build('default');
  const t = new SimulatedTransport(simulatedCardFor(model), { extendedLength: false });
  await t.connect();
  const mnc = new MyNumberCard(t);
  await mnc.jpki.verify('sign', P.credentials.signPassword);
  const ders = {
    sign: await mnc.jpki.readSignCertificate(),
    auth: await mnc.jpki.readAuthCertificate(),
    signCa: await mnc.jpki.readSignCaCertificate(),
    authCa: await mnc.jpki.readAuthCaCertificate(),
  };
  mnc.close();
  dir = mkdtempSync(join(tmpdir(), 'kazasu-openssl-'));
  for (const [name, der] of Object.entries(ders) as [keyof typeof files, Uint8Array][]) {
    files[name] = join(dir, `${name}.pem`);
    writeFileSync(files[name], pem(der));
  }
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('openssl verify', () => {
  it('is available', () => {
    expect(execFileSync(OPENSSL, ['version'], { encoding: 'utf8' })).toMatch(/OpenSSL/i);
  });

  it('署名用 certificate verifies against the sign CA read from EF 0002', () => {
    const r = verify(files.signCa, files.sign);
    expect(r.out).toContain(': OK');
    expect(r.ok).toBe(true);
  });

  it('利用者証明用 certificate verifies against the auth CA read from EF 000B', () => {
    const r = verify(files.authCa, files.auth);
    expect(r.out).toContain(': OK');
    expect(r.ok).toBe(true);
  });

  it('crossing the CAs fails (the check can fail)', () => {
    expect(verify(files.authCa, files.sign).ok).toBe(false);
    expect(verify(files.signCa, files.auth).ok).toBe(false);
  });

  it('each CA certificate is self-signed and verifies against itself', () => {
    expect(verify(files.signCa, files.signCa).ok).toBe(true);
    expect(verify(files.authCa, files.authCa).ok).toBe(true);
  });
});
