/**
 * The CLI and the library on a REAL PC/SC stack: pcscd with the vsmartcard vpcd reader, a
 * simulated card as its vpcd client, and `kazasu` as a separate process (bin/kazasu.mjs, the
 * JavaScript `npm install` builds) — the README's integrator commands and its library example,
 * run for real. PIN safety: a blocked credential and a last try are refused before any VERIFY
 * reaches the card (the card's own log shows it); a card taken away mid-read ends the read.
 *
 * Needs pcscd, vsmartcard-vpcd and the pcsclite binding (libpcsclite-dev at `npm install`).
 * Missing pieces FAIL with instructions, never skip.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulatedCardFor } from '../../src/sim/mynumber/build-card';
import type { ApduResponder } from '../../src/transport/apdu-responder';
import { toHex } from '../../src/bytes/hex';
import { card, CODE_B, BIRTH_KEY, profile } from '../verify-flows/flow-helpers';
import { simulatedCard } from '../../src/node/sim-documents';
import { startPcscdRig, VPCD_READER, type PcscdRig } from './pcscd-rig';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const AT = ['--at', '2026-11-20T03:00:00Z'];

interface Proc {
  code: number;
  stdout: string;
  stderr: string;
}

function kazasu(args: readonly string[], env: Record<string, string> = {}): Promise<Proc> {
  return node([join(root, 'bin', 'kazasu.mjs'), ...args], env);
}

function node(args: readonly string[], env: Record<string, string> = {}): Promise<Proc> {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd: root, timeout: 90_000, env: { ...process.env, ...env } }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/** The card's side: every command the card received, hex. */
class CardLog implements ApduResponder {
  readonly commands: string[] = [];
  onCommand: ((hex: string, n: number) => Promise<void> | void) | undefined;
  constructor(private readonly inner: ApduResponder) {}
  powerOn(): Uint8Array {
    return this.inner.powerOn();
  }
  powerOff(): void {
    this.inner.powerOff();
  }
  async process(command: Uint8Array): Promise<Uint8Array> {
    const hex = toHex(command);
    this.commands.push(hex);
    await this.onCommand?.(hex, this.commands.length);
    return this.inner.process(command);
  }
  /** VERIFY commands that carried a value (each uses a try). */
  verifiesWithData(): string[] {
    return this.commands.filter((c) => /^0020[0-9A-F]{4}/i.test(c) && c.length > 8);
  }
}

describe('kazasu readers / verify --reader / verify --dump / the library example over real pcscd + vpcd', () => {
  let rig: PcscdRig | undefined;
  let log: CardLog;

  const insert = async (profileId: string): Promise<CardLog> => {
    const built = await card(profileId);
    await rig!.eject();
    log = new CardLog(simulatedCardFor(built.model));
    await rig!.insert(log, built.model.atr);
    // pcscd polls the reader; give it the time `kazasu readers` would.
    await new Promise((r) => setTimeout(r, 600));
    return log;
  };

  beforeAll(async () => {
    rig = await startPcscdRig();
    await insert('default');
  });

  afterAll(async () => {
    await rig?.stop();
  });

  it('kazasu readers lists the Virtual PCD reader, the card\'s ATR and that it is a My Number Card — without a VERIFY', async () => {
    const json = await kazasu(['readers', '--json']);
    expect(json.code, json.stderr).toBe(0);
    const readers = JSON.parse(json.stdout) as { index: number; name: string; card: { atr: string; document: string | null } | null }[];
    const vpcd = readers.find((r) => r.name === VPCD_READER);
    expect(vpcd?.card?.document).toBe('mynumber-card');
    expect(vpcd?.card?.atr).toMatch(/^3B/i);
    const text = await kazasu(['readers']);
    expect(text.stdout).toContain(VPCD_READER);
    expect(text.stdout).toContain('My Number Card');
    expect(log.verifiesWithData()).toEqual([]);
  });

  it('kazasu verify --reader <index> and --reader <name> verify the card for the counter check', async () => {
    const readers = JSON.parse((await kazasu(['readers', '--json'])).stdout) as { index: number; name: string }[];
    const index = readers.find((r) => r.name === VPCD_READER)!.index;
    const byIndex = await kazasu(['verify', '--reader', String(index), '--purpose', 'counter', '--code-b', CODE_B.default!, '--trust', 'simulator', ...AT]);
    expect(byIndex.code, byIndex.stderr).toBe(0);
    expect(byIndex.stdout).toContain(`PC/SC reader "${VPCD_READER}"`);
    expect(byIndex.stdout).toContain('transport pcsc');
    expect(byIndex.stdout).toContain('outcome: VERIFIED');
    expect(byIndex.stdout + byIndex.stderr).not.toContain(CODE_B.default!);
    const byName = await kazasu(['verify', '--reader', VPCD_READER, '--purpose', 'age', '--birth-date-key', BIRTH_KEY.default!, '--trust', 'simulator', '--json', ...AT]);
    expect(byName.code, byName.stderr).toBe(0);
    expect(JSON.parse(byName.stdout)).toMatchObject({ document: 'mynumber-card', transport: 'pcsc', outcome: 'verified' });
  });

  it('a simulated card on a real reader is judged against production anchors unless told otherwise: not verified', async () => {
    const r = await kazasu(['verify', '--reader', VPCD_READER, '--purpose', 'counter', '--code-b', CODE_B.default!, '--json', ...AT]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).outcome).not.toBe('verified');
  });

  it('an unknown reader is a reader error (exit 4) naming the readers there are', async () => {
    const r = await kazasu(['verify', '--reader', 'No Such Reader', '--purpose', 'counter', '--code-b', CODE_B.default!]);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(VPCD_READER);
  });

  it('read --out on the reader, then verify --dump: the README round trip', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'kazasu-pcsc-rec-')), 'rec');
    const read = await kazasu(['read', '--reader', VPCD_READER, '--code-b', CODE_B.default!, '--birth-date-key', BIRTH_KEY.default!, '--out', dir]);
    expect(read.code, read.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ document: 'mynumber-card', source: { transport: 'pcsc', reader: VPCD_READER } });
    expect(readFileSync(join(dir, 'manifest.json'), 'utf8')).not.toContain(CODE_B.default!);
    const dump = await kazasu(['verify', '--dump', dir, '--purpose', 'age', '--trust', 'simulator', ...AT]);
    expect(dump.code, dump.stdout + dump.stderr).toBe(0);
    expect(dump.stdout).toContain('FROM A RECORDING');
    expect(dump.stdout).toMatch(/Genuine chip \(card-face AP challenge\).*recorded-answer-verified/);
  });

  it('the README library example verifies the card on the reader (import … from \'kazasu\')', async () => {
    const example = readFileSync(join(root, 'examples', 'verify-on-reader.mjs'), 'utf8');
    const code = example.slice(example.indexOf('import '));
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain(code);
    const r = await node([join(root, 'examples', 'verify-on-reader.mjs'), VPCD_READER], { KAZASU_CODE_B: CODE_B.default!, KAZASU_TRUST: 'simulator' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`${VPCD_READER}: mynumber-card`);
    expect(r.stdout).toContain('outcome: verified');
    expect(r.stdout).not.toContain(CODE_B.default!);
  });

  it('a locked PIN is refused before any VERIFY is sent (exit 3, credential-blocked)', async () => {
    const card = await insert('locked-pin');
    const r = await kazasu(['verify', '--reader', VPCD_READER, '--purpose', 'field', '--code-b', CODE_B['locked-pin']!, '--pin', profile('locked-pin').credentials.authPin, '--trust', 'simulator', ...AT]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('credential-blocked');
    expect(r.stderr).toContain('municipal office');
    expect(card.verifiesWithData()).toEqual([]);
    expect(r.stdout + r.stderr).not.toContain(profile('locked-pin').credentials.authPin + ' ');
  });

  it('one try left: refused without --confirm-last-try (nothing sent); with it, the one try is used once', async () => {
    const card = await insert('last-try');
    const args = ['verify', '--reader', VPCD_READER, '--purpose', 'bank', '--code-b', CODE_B['last-try']!, '--password', profile('last-try').credentials.signPassword, '--trust', 'simulator', '--revocation', 'offline', ...AT];
    const refused = await kazasu(args);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('credential-last-try');
    expect(refused.stderr).toContain('--confirm-last-try');
    expect(card.verifiesWithData()).toEqual([]);
    const confirmed = await kazasu([...args, '--confirm-last-try']);
    expect(confirmed.stdout).toContain('tries before the run:');
    expect(confirmed.stdout).toMatch(/Signature certificate|署名用/);
    // The code B and the password: one VERIFY each, never repeated.
    const verifies = card.verifiesWithData();
    expect(verifies.length).toBe(new Set(verifies.map((v) => v.slice(0, 8))).size);
  });

  it('every registered document, not only the My Number Card: a residence card on the reader is listed and verified', async () => {
    const rc = await simulatedCard('rc1-adult');
    await rig!.eject();
    log = new CardLog(rc.responder);
    await rig!.insert(log, rc.atr);
    await new Promise((r) => setTimeout(r, 600));
    const readers = JSON.parse((await kazasu(['readers', '--json'])).stdout) as { name: string; card: { document: string | null } | null }[];
    expect(readers.find((r) => r.name === VPCD_READER)?.card?.document).toBe('residence-card');
    const r = await kazasu(['verify', '--reader', VPCD_READER, '--purpose', 'counter', '--card-number', 'AB12345678CD', '--trust', 'simulator', '--json', ...AT]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ document: 'residence-card', transport: 'pcsc', outcome: 'verified' });
    expect(r.stdout + r.stderr).not.toContain('AB12345678CD');
    await insert('default');
  });

  it('the card taken away mid-read ends the read with card-removed (exit 4) and a next step', async () => {
    const card = await insert('default');
    let reads = 0;
    card.onCommand = async (hex) => {
      // READ BINARY of the card face (the longest read): take the card away on the third piece.
      if (hex.startsWith('00B0') && ++reads === 3) {
        void rig!.eject();
        await new Promise(() => undefined);
      }
    };
    const r = await kazasu(['verify', '--reader', VPCD_READER, '--purpose', 'counter', '--code-b', CODE_B.default!, '--trust', 'simulator', '--short', ...AT]);
    expect(r.code, r.stdout + r.stderr).toBe(4);
    expect(r.stderr).toMatch(/card-removed|reader-unplugged/);
    expect(r.stderr).toContain('Place it on the reader again');
    await insert('default');
  });
});
