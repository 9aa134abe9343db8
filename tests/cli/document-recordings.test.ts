/**
 * Recordings of the residence card, the driver's licence and the passport: `kazasu read --out`
 * writes one through the driver's readout, `kazasu verify --dump` checks it with the verifier's
 * own functions. Per document: a good recording verifies as far as files can show (and says what
 * was checked only at read time, or not at all — never a pass); a byte changed in a data file
 * fails at its own check; a manifest naming a file outside the directory is refused (exit 5);
 * no credential (card number, PIN, MRZ or CAN typed) and never the licence's 本籍 is written.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { REPORT_SCHEMA_FILE } from '../../scripts/write-schemas';
import Encoding from 'encoding-japanese';
import { main } from '../../src/node/cli/main';

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, (s) => out.push(s), (s) => err.push(s));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const AT = ['--at', '2026-06-01T00:00:00Z'];
// Every report from a recording also validates against the published --json schema.
const validate = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(REPORT_SCHEMA_FILE, 'utf8')));

interface JsonCheck {
  id: string;
  status: string;
  code: string;
  detail?: string;
}
interface JsonReport {
  document: string;
  outcome: string;
  transport: string;
  checks: JsonCheck[];
  attributes: Record<string, unknown>;
}

async function record(args: string[]): Promise<string> {
  const dir = join(mkdtempSync(join(tmpdir(), 'kazasu-docrec-')), 'rec');
  const r = await run(['read', ...args, '--out', dir]);
  expect(r.code, r.err + r.out).toBe(0);
  expect(r.out).toContain('kazasu verify --dump');
  return dir;
}

async function verifyDump(dir: string, purpose: string): Promise<{ code: number; report: JsonReport; err: string }> {
  const r = await run(['verify', '--dump', dir, '--purpose', purpose, '--trust', 'simulator', '--json', ...AT]);
  if (r.out) expect(validate(JSON.parse(r.out)), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  return { code: r.code, report: r.out ? (JSON.parse(r.out) as JsonReport) : ({} as JsonReport), err: r.err };
}

const byId = (r: JsonReport, id: string) => r.checks.find((c) => c.id === id);

function manifestOf(dir: string): { document: string; files: { path: string; role: string }[]; challenges: { check: string }[]; withheld: { part: string }[] } {
  return JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
}

function allBytes(dir: string): Buffer[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => readFileSync(join(e.parentPath, e.name)));
}

/** No file of the recording holds `secret` (as ASCII, and as UTF-16 for good measure). */
function expectNowhere(dir: string, secret: string): void {
  for (const bytes of allBytes(dir)) {
    expect(bytes.includes(Buffer.from(secret, 'latin1'))).toBe(false);
    expect(bytes.includes(Buffer.from(secret, 'utf16le'))).toBe(false);
  }
}

/** Change one byte of a recorded file (the manifest's digest is left as it was). */
function changeByte(dir: string, path: string, offset: number): void {
  const file = join(dir, path);
  const bytes = readFileSync(file);
  const at = offset < 0 ? bytes.length + offset : offset;
  bytes[at] = bytes[at]! ^ 0x01;
  writeFileSync(file, bytes);
}

async function expectOutsideRefused(dir: string): Promise<void> {
  const path = join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(path, 'utf8'));
  manifest.files[0].path = `../${manifest.files[0].path.split('/').pop()}`;
  writeFileSync(path, JSON.stringify(manifest));
  const r = await verifyDump(dir, 'counter');
  expect(r.code).toBe(5);
  expect(r.err).toContain('recording-manifest-invalid');
}

describe('residence card recordings', () => {
  it.each([
    ['rc2-adult', 'RC20260001JP', 2],
    ['rc1-adult', 'AB12345678CD', 1],
  ] as const)('%s: read --out → verify --dump re-checks the signature; the card number is never written', async (profile, number, generation) => {
    const dir = await record(['--sim', profile, '--card-number', number]);
    const m = manifestOf(dir);
    expect(m.document).toBe('residence-card');
    expect(m.files.map((f) => f.path)).toEqual(expect.arrayContaining(['mf/common.bin', 'mf/cardType.bin', 'df3/signature.bin']));
    expect(m.files.some((f) => f.path.includes('cardNumber'))).toBe(false);
    expect(m.withheld.length).toBe(generation === 2 ? 1 : 0);
    expectNowhere(dir, number);
    const { code, report } = await verifyDump(dir, 'counter');
    expect(report.transport).toBe('recording');
    expect(byId(report, 'recording.files')).toMatchObject({ status: 'pass' });
    expect(byId(report, 'rc.signature')).toMatchObject({ status: 'pass' });
    expect(byId(report, 'rc.certificate-chain')).toMatchObject({ status: 'pass' });
    // The card number: withheld (gen 2) or only checked by the card at read time (gen 1) — never a pass.
    expect(byId(report, 'rc.card-number')).toMatchObject({ status: 'skipped', code: generation === 2 ? 'withheld-from-recording' : 'checked-at-read-time' });
    expect(report.outcome).toBe('incomplete');
    expect(code).toBe(1);
    expect(JSON.stringify(report)).not.toContain(number);
  });

  it('a byte changed in a signed file fails rc.signature; a manifest pointing outside the directory is refused', async () => {
    const dir = await record(['--sim', 'rc2-adult', '--card-number', 'RC20260001JP']);
    changeByte(dir, 'df1/nameAndFace.bin', 200);
    const { report } = await verifyDump(dir, 'counter');
    expect(byId(report, 'recording.files')).toMatchObject({ status: 'fail', code: 'recording-file-changed' });
    expect(byId(report, 'rc.signature')).toMatchObject({ status: 'fail' });
    expect(report.outcome).toBe('failed');
    await expectOutsideRefused(dir);
  });
});

describe('passport recordings', () => {
  it('BAC passport (RSA Active Authentication): the recorded challenge and answer re-verify; access control and SM say checked at read time; the MRZ typed is not written', async () => {
    const mrz = 'L898902C3 740812 340415';
    const dir = await record(['--sim', 'utopia-bac', '--mrz', mrz]);
    const m = manifestOf(dir);
    expect(m.document).toBe('passport');
    expect(m.files.map((f) => f.path)).toEqual(expect.arrayContaining(['EF.COM.bin', 'DG1.bin', 'DG15.bin', 'EF.SOD.bin']));
    expect(m.challenges.map((c) => c.check)).toEqual(['pp.active-auth']);
    expectNowhere(dir, mrz);
    expect(readFileSync(join(dir, 'manifest.json'), 'utf8')).not.toMatch(/"(mrz|can)"/);
    const { code, report } = await verifyDump(dir, 'bank');
    expect(byId(report, 'pp.passive-auth.dg-hashes')).toMatchObject({ status: 'pass' });
    expect(byId(report, 'pp.passive-auth.sod-signature')).toMatchObject({ status: 'pass' });
    expect(byId(report, 'pp.passive-auth.dsc-chain')).toMatchObject({ status: 'pass' });
    expect(byId(report, 'pp.active-auth')).toMatchObject({ status: 'pass', code: 'recorded-answer-verified' });
    expect(byId(report, 'pp.chip.genuine')).toMatchObject({ status: 'pass', code: 'recorded-answer-verified' });
    // Chip Authentication (DG14) cannot be recorded: not checked — never a pass.
    expect(byId(report, 'pp.chip-auth')).toMatchObject({ status: 'skipped', code: 'chip-auth-not-recorded' });
    expect(byId(report, 'pp.access-control')).toMatchObject({ status: 'skipped', code: 'checked-at-read-time' });
    expect(byId(report, 'pp.secure-messaging')).toMatchObject({ status: 'skipped', code: 'checked-at-read-time' });
    expect(report.outcome).toBe('incomplete');
    expect(code).toBe(1);
    expect((report.attributes as { documentNumber?: string }).documentNumber).toBe('L898902C3');
  });

  it('PACE-CAM with the CAN: the recorded mapping key and CA_IC re-verify against the signed EF.CardSecurity; the CAN is not written', async () => {
    const dir = await record(['--sim', 'utopia-pace-cam', '--can', '112233']);
    const m = manifestOf(dir);
    expect(m.files.map((f) => f.path)).toEqual(expect.arrayContaining(['EF.CardSecurity.bin', 'EF.CardAccess.bin']));
    expect(m.challenges.map((c) => c.check).sort()).toEqual(['pp.active-auth', 'pp.chip-auth']);
    expectNowhere(dir, '112233');
    const { report } = await verifyDump(dir, 'field');
    expect(byId(report, 'pp.chip-auth')).toMatchObject({ status: 'pass', code: 'recorded-answer-verified' });
    expect(byId(report, 'pp.active-auth')).toMatchObject({ status: 'pass', code: 'recorded-answer-verified' });
  });

  it('a byte changed in DG2 fails the data-group hash; a changed recorded answer fails Active Authentication (a clone); a manifest pointing outside is refused', async () => {
    const dir = await record(['--sim', 'germany-pace-gm', '--can', '500540']);
    changeByte(dir, 'DG2.bin', 1000);
    const changed = await verifyDump(dir, 'counter');
    expect(byId(changed.report, 'recording.files')).toMatchObject({ status: 'fail' });
    expect(byId(changed.report, 'pp.passive-auth.dg-hashes')).toMatchObject({ status: 'fail' });
    expect(changed.report.outcome).toBe('failed');

    const dir2 = await record(['--sim', 'germany-pace-gm', '--can', '500540']);
    const path = join(dir2, 'manifest.json');
    const manifest = JSON.parse(readFileSync(path, 'utf8'));
    const aa = manifest.challenges.find((c: { check: string }) => c.check === 'pp.active-auth');
    aa.response = `${aa.response.slice(0, -2)}${aa.response.endsWith('00') ? '01' : '00'}`;
    writeFileSync(path, JSON.stringify(manifest));
    const clone = await verifyDump(dir2, 'bank');
    expect(byId(clone.report, 'pp.active-auth')).toMatchObject({ status: 'fail' });
    expect(byId(clone.report, 'pp.chip.genuine')).toMatchObject({ status: 'fail' });
    expect(clone.report.outcome).toBe('failed');
    await expectOutsideRefused(dir2);
  });
});

/** 本籍 as the card stores it (JIS X 0208 row/cell bytes), and as UTF-8 and Shift_JIS. */
function encodings(text: string): Buffer[] {
  const euc = Encoding.convert(Encoding.stringToCode(text), { to: 'EUCJP', from: 'UNICODE' }) as number[];
  const sjis = Encoding.convert(Encoding.stringToCode(text), { to: 'SJIS', from: 'UNICODE' }) as number[];
  return [Buffer.from(euc.map((b) => b & 0x7f)), Buffer.from(euc), Buffer.from(sjis), Buffer.from(text, 'utf8')];
}

function rewriteDigest(dir: string, path: string): void {
  const manifestPath = join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { files: { path: string; sha256: string; bytes: number }[] };
  const entry = manifest.files.find((f) => f.path === path)!;
  entry.sha256 = createHash('sha256').update(readFileSync(join(dir, path))).digest('hex').toUpperCase();
  writeFileSync(manifestPath, JSON.stringify(manifest));
}

describe("driver's licence recordings", () => {
  it('read --out with both PINs → verify --dump checks the details, dates and photo as live; the signature (over 本籍) cannot be checked, so never verified; no PIN, no 本籍 written', async () => {
    const dir = await record(['--sim', 'licence-default', '--pin1', '1234', '--pin2', '5678']);
    const m = manifestOf(dir);
    expect(m.document).toBe('drivers-licence');
    expect(m.files.map((f) => f.path)).toEqual(expect.arrayContaining(['mf/common.bin', 'df1/entries.bin', 'df2/photo.bin']));
    expect(m.files.some((f) => /honseki/i.test(f.path))).toBe(false);
    expect(m.withheld.map((w) => w.part).join(' ')).toContain('本籍');
    const honseki = JSON.parse(readFileSync('src/sim/licence/profiles/licence-default.json', 'utf8')).holder.honseki as string;
    expect(honseki.length).toBeGreaterThan(4);
    for (const bytes of allBytes(dir)) for (const enc of encodings(honseki)) expect(bytes.includes(enc)).toBe(false);
    expect(readFileSync(join(dir, 'manifest.json'), 'utf8')).not.toMatch(/"pin[12]"|5678/);
    for (const purpose of ['counter', 'field', 'bank']) {
      const { code, report } = await verifyDump(dir, purpose);
      expect(report.document).toBe('drivers-licence');
      expect(byId(report, 'recording.files')).toMatchObject({ status: 'pass' });
      expect(byId(report, 'dl.entries')).toMatchObject({ status: 'pass' });
      expect(byId(report, 'dl.expiry')).toMatchObject({ status: 'pass' });
      expect(byId(report, 'dl.photo')).toMatchObject({ status: 'pass' });
      expect(byId(report, 'dl.signature')).toMatchObject({ status: 'skipped', code: 'withheld-from-recording' });
      expect(report.outcome).toBe('incomplete');
      expect(code).toBe(1);
    }
  });

  it('a recording without PIN2 lacks the photo the counter purpose needs (recording-incomplete, exit 5)', async () => {
    const dir = await record(['--sim', 'licence-default', '--pin1', '1234']);
    const r = await verifyDump(dir, 'counter');
    expect(r.code).toBe(5);
    expect(r.err).toContain('recording-incomplete');
    expect(r.err).toContain('df2/photo.bin');
    expect((await verifyDump(dir, 'field')).report.outcome).toBe('incomplete');
  });

  it('a byte changed in the photo fails recording.files; with the digest rewritten too it is still never verified; a manifest pointing outside is refused', async () => {
    const dir = await record(['--sim', 'licence-default', '--pin1', '1234', '--pin2', '5678']);
    changeByte(dir, 'df2/photo.bin', 600);
    const changed = await verifyDump(dir, 'counter');
    expect(byId(changed.report, 'recording.files')).toMatchObject({ status: 'fail', code: 'recording-file-changed' });
    expect(changed.report.outcome).toBe('failed');
    rewriteDigest(dir, 'df2/photo.bin');
    const forged = await verifyDump(dir, 'counter');
    expect(byId(forged.report, 'recording.files')).toMatchObject({ status: 'pass' });
    expect(forged.report.outcome).toBe('incomplete');
    await expectOutsideRefused(dir);
  });

  it('a マイナ免許証: the licence information and its signature are recorded and the signature re-checks from the files; a changed byte fails it', async () => {
    const dir = await record(['--sim', 'mynumber-licence', '--document', 'drivers-licence', '--pin1', '2580']);
    const m = manifestOf(dir);
    expect(m.files.map((f) => f.path)).toEqual(expect.arrayContaining(['mnc/licenceInfo.bin', 'mnc/signature.bin']));
    expectNowhere(dir, '2580');
    const { report } = await verifyDump(dir, 'counter');
    expect((report.attributes as { variant?: string }).variant).toBe('mynumber-card');
    expect(byId(report, 'dl.signature')).toMatchObject({ status: 'pass' });
    expect(report.checks.filter((c) => c.status === 'fail')).toEqual([]);
    expect((await verifyDump(dir, 'age')).code).toBe(5);
    changeByte(dir, 'mnc/licenceInfo.bin', 40);
    const changed = await verifyDump(dir, 'counter');
    expect(byId(changed.report, 'dl.signature')).toMatchObject({ status: 'fail' });
    expect(changed.report.outcome).toBe('failed');
  });
});
