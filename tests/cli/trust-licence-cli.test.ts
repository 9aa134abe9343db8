/**
 * `kazasu trust import-licence-issuer <file> [--mode production|test]`: a driver's licence issuer
 * certificate (none is published) into $KAZASU_HOME/trust-anchors.json, re-checked when loaded and
 * handed to `verify` as a document anchor of document drivers-licence.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AnchorFileRepository, loadImportedDocumentAnchors } from '../../src/node/anchor-file-repository';
import { UsageError } from '../../src/node/cli/cli-args';
import { main } from '../../src/node/cli/main';
import { trustCommand } from '../../src/node/cli/trust-command';
import { simLicenceSigner } from '../../src/sim/licence/licence-issuer';

const FIX = join(__dirname, '..', '..', 'e2e', 'fixtures', 'trust');
const ISSUER_SHA256 = '4BD41841C7AAF65D3203F13258246EA96E37DF09C0564CDA27C4FB0F3B473A02';

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'kazasu-dl-trust-'));
  return { dir, repo: new AnchorFileRepository(join(dir, 'trust-anchors.json')) };
}

describe('kazasu trust import-licence-issuer', () => {
  it('imports an RSA issuer certificate (production by default), lists it, knows it again, and verify gets it as a licence anchor', async () => {
    const { repo } = setup();
    const out: string[] = [];
    const print = (s: string) => out.push(s);
    expect(await trustCommand(['import-licence-issuer', join(FIX, 'licence-issuer.pem')], print, { repo })).toBe(0);
    expect(out.at(-1)).toBe(`imported drivers-licence issuer ${ISSUER_SHA256} for production mode: Fixture Licence Signer into ${repo.path}`);
    expect(await trustCommand(['import-licence-issuer', join(FIX, 'licence-issuer.pem')], print, { repo })).toBe(0);
    expect(out.at(-1)).toContain('already imported');
    await trustCommand(['list'], print, { repo });
    expect(out.at(-1)).toMatch(/^production +drivers-licence issuer 4BD41841.* Fixture Licence Signer +\(imported 20/);
    const { anchors, refused } = await loadImportedDocumentAnchors(repo);
    expect(refused).toEqual([]);
    expect(anchors).toEqual([expect.objectContaining({ document: 'drivers-licence', hierarchy: 'production', sha256: ISSUER_SHA256, name: 'Fixture Licence Signer' })]);
    expect(await trustCommand(['remove', '4BD418'], print, { repo })).toBe(0);
    expect(await repo.load()).toEqual([]);
  });

  it('--mode test makes it a test-mode anchor', async () => {
    const { repo } = setup();
    expect(await trustCommand(['import-licence-issuer', join(FIX, 'licence-issuer.pem'), '--mode', 'test'], () => {}, { repo })).toBe(0);
    expect((await loadImportedDocumentAnchors(repo)).anchors.map((a) => a.hierarchy)).toEqual(['test']);
  });

  it('refuses an EC certificate, a Kazasu Simulator issuer and a non-certificate with exit code 5 and the reason; nothing is stored', async () => {
    const { dir, repo } = setup();
    const sim = join(dir, 'sim-issuer.der');
    writeFileSync(sim, (await simLicenceSigner('licence-issuer-1')).certificate);
    const junk = join(dir, 'junk.cer');
    writeFileSync(junk, '<html>404</html>');
    for (const [file, code] of [
      [join(FIX, 'moj-fixture-ca2.pem'), 'licence-issuer-not-rsa'],
      [sim, 'licence-issuer-simulator-in-production'],
      [junk, 'licence-issuer-not-x509'],
    ] as const) {
      const out: string[] = [];
      expect(await trustCommand(['import-licence-issuer', file], (s) => out.push(s), { repo }), file).toBe(5);
      expect(out.join('\n')).toMatch(new RegExp(`^kazasu: ${code}: refused: `));
    }
    expect(await repo.load()).toEqual([]);
  });

  it('an edited stored record adds nothing', async () => {
    const { repo } = setup();
    await trustCommand(['import-licence-issuer', join(FIX, 'licence-issuer.pem')], () => {}, { repo });
    const json = JSON.parse(readFileSync(repo.path, 'utf8'));
    json.anchors[0].derBase64 = Buffer.from(readFileSync(join(FIX, 'end-entity.pem'))).toString('base64');
    writeFileSync(repo.path, JSON.stringify(json));
    const { anchors, refused } = await loadImportedDocumentAnchors(repo);
    expect(anchors).toEqual([]);
    expect(refused).toHaveLength(1);
  });

  it('usage: a missing file is a usage error; --help names the command', async () => {
    const { repo } = setup();
    await expect(trustCommand(['import-licence-issuer'], () => {}, { repo })).rejects.toBeInstanceOf(UsageError);
    await expect(trustCommand(['import-licence-issuer', '/nonexistent/x.pem'], () => {}, { repo })).rejects.toBeInstanceOf(UsageError);
    const lines: string[] = [];
    expect(await main(['trust', '--help'], (s) => lines.push(s), (s) => lines.push(s))).toBe(0);
    expect(lines.join('\n')).toContain('kazasu trust import-licence-issuer <file> [--mode production|test]');
  });
});
