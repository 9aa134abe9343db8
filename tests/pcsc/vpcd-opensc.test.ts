/**
 * The simulated card behind REAL PC/SC: pcscd (started here in the foreground) loads the
 * vsmartcard vpcd reader driver, our VpcdClient connects the default simulated card to it, and
 * OpenSC's command-line tools — independent PC/SC clients with their own JPKI driver — read it.
 *
 * Needs the Debian packages pcscd, vsmartcard-vpcd, opensc and openssl (.ci/run installs them).
 * When they are missing this file FAILS with instructions; it never skips silently.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSimCard, loadProfile } from '../../src/node/sim-loader';
import { simulatedCardFor, type BuiltCard } from '../../src/sim/mynumber/build-card';
import type { SimulatedCard } from '../../src/sim/card/simulated-card';
import { toPem } from '../../src/sim/pki/pem';
import { run, startPcscdRig, VPCD_READER as READER, waitFor, type PcscdRig } from './pcscd-rig';

/** PEM text → DER bytes of the first block. */
function pemToDer(pem: string): Uint8Array {
  const m = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/.exec(pem);
  if (!m) throw new Error(`no PEM certificate in:\n${pem}`);
  return new Uint8Array(Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64'));
}

describe('simulated card through pcscd + vpcd, read by OpenSC', () => {
  let rig: PcscdRig | undefined;
  let built: BuiltCard;
  let card: SimulatedCard;

  beforeAll(async () => {
    built = await buildSimCard(await loadProfile('default'));
    card = simulatedCardFor(built.model);
    rig = await startPcscdRig(['opensc-tool', 'pkcs15-tool', 'openssl']);
    await rig.insert(card, built.model.atr);
    await waitFor(
      'OpenSC to see the card in the Virtual PCD reader',
      async () => {
        const r = await run('opensc-tool', ['--list-readers']);
        return r.stdout.split('\n').some((l) => l.includes(READER) && /\bYes\b/.test(l));
      },
      10_000,
      () => rig?.log() ?? '',
    );
  });

  afterAll(async () => {
    await rig?.stop();
  });

  it('opensc-tool lists the Virtual PCD reader with a card in it', async () => {
    const r = await run('opensc-tool', ['--list-readers']);
    expect(r.code).toBe(0);
    const line = r.stdout.split('\n').find((l) => l.includes(READER));
    expect(line, r.stdout).toBeDefined();
    expect(line).toMatch(/\bYes\b/);
    const atr = await run('opensc-tool', ['--reader', '0', '--atr']);
    expect(atr.stdout.toLowerCase()).toContain('3b:e0:00:ff:81:31:fe:45:14');
  });

  it('pkcs15-tool lists the JPKI certificates (the sign certificate is marked private)', async () => {
    const r = await run('pkcs15-tool', ['--reader', '0', '--list-certificates']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('X.509 Certificate [User Authentication Certificate]');
    expect(r.stdout).toContain('X.509 Certificate [User Authentication Certificate CA]');
    expect(r.stdout).toContain('X.509 Certificate [Digital Signature Certificate CA]');
    // OpenSC's JPKI driver declares the sign certificate but flags it private (PIN-protected):
    // no serial is shown because it cannot read EF 0001 without the signature password.
    const sign = /X\.509 Certificate \[Digital Signature Certificate\]\n([\s\S]*?)(?:\n\n|$)/.exec(r.stdout);
    expect(sign, r.stdout).not.toBeNull();
    expect(sign![1]).toMatch(/Object Flags\s*:\s*\[0x01\], private/);
    expect(sign![1]).not.toContain('Encoded serial');
  });

  it('pkcs15-tool reads the auth certificate the simulator minted, and openssl verifies it against the sim root', async () => {
    const r = await run('pkcs15-tool', ['--reader', '0', '--read-certificate', '01']);
    expect(r.code, r.stderr).toBe(0);
    const der = pemToDer(r.stdout);
    expect(Buffer.from(der).equals(Buffer.from(built.certificates.auth))).toBe(true);

    const dir = await mkdtemp(join(tmpdir(), 'kazasu-opensc-'));
    try {
      await writeFile(join(dir, 'auth.pem'), r.stdout);
      await writeFile(join(dir, 'root.pem'), toPem(built.certificates.authRoot.certificate));
      // Check the chain (signature, issuer, extensions) independently of the machine's clock, so the
      // test does not start failing once the simulated certificate's validity period has passed.
      const v = await run('openssl', ['verify', '-no_check_time', '-CAfile', join(dir, 'root.pem'), join(dir, 'auth.pem')]);
      expect(v.stdout + v.stderr).toContain(': OK');
      expect(v.code).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('pkcs15-tool --list-pins shows the retry counters without consuming a try', async () => {
    const before = card.activity.triesConsumed;
    const authBefore = card.triesLeft('jpki', 0x0018);
    expect(authBefore).toBe(3);
    for (let i = 0; i < 2; i++) {
      const r = await run('pkcs15-tool', ['--reader', '0', '--list-pins']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/PIN \[User Authentication PIN\][\s\S]*?Tries left\s*:\s*3/);
      expect(r.stdout).toMatch(/PIN \[Digital Signature PIN\][\s\S]*?Tries left\s*:\s*5/);
    }
    expect(card.triesLeft('jpki', 0x0018)).toBe(authBefore);
    expect(card.activity.triesConsumed).toBe(before);
  });

  it('opensc-tool -s: empty VERIFY on EF 0018 answers 63C3 twice', async () => {
    const apdus = ['00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01', '00 A4 02 0C 02 00 18', '00 20 00 80', '00 20 00 80'];
    const r = await run('opensc-tool', ['--reader', '0', ...apdus.flatMap((a) => ['-s', a])]);
    expect(r.code, r.stderr).toBe(0);
    const sws = [...r.stdout.matchAll(/SW1=0x([0-9a-f]{2}), SW2=0x([0-9a-f]{2})/gi)].map((m) => `${m[1]}${m[2]}`.toUpperCase());
    expect(sws, r.stdout).toEqual(['9000', '9000', '63C3', '63C3']);
    expect(card.triesLeft('jpki', 0x0018)).toBe(3);
  });
});
