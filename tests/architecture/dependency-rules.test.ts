/**
 * The house rules in .dependency-cruiser.cjs catch what they say they catch: each bad import
 * below, in a small tree of its own, fails `depcruise` with its rule's name (and the real tree,
 * checked by `npm run lint:deps` inside `npm test`, has none).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;
const CONFIG = join(ROOT, '.dependency-cruiser.cjs');
const BIN = join(ROOT, 'node_modules', '.bin', 'depcruise');

/** file → its source; every file exports `v`. */
const TREE: Record<string, string> = {
  'src/errors/e.ts': 'export const v = 1;',
  'src/bytes/b.ts': "import { v as e } from '../errors/e';\nexport const v = e;",
  'src/transport/t.ts': "import { v as b } from '../bytes/b';\nexport const v = b;",
  'src/apdu/a.ts': "import { v as t } from '../transport/t';\nexport const v = t;",
  'src/cards/c.ts': "import { v as a } from '../apdu/a';\nexport const v = a;",
  'src/verify/v.ts': "import { v as c } from '../cards/c';\nexport const v = c;",
  'src/evidence/ev.ts': "import { v as x } from '../verify/v';\nexport const v = x;",
  'src/documents/d.ts': "import { v as x } from '../evidence/ev';\nexport const v = x;",
  'src/session/s.ts': "import { v as d } from '../documents/d';\nexport const v = d;",
  'src/app/ui.ts': "import { v as s } from '../session/s';\nexport const v = s;\nexport const lazy = () => import('./demo/demo');",
  'src/app/demo/demo.ts': "import { v as sim } from '../../sim/card';\nexport const v = sim;",
  'src/sim/card.ts': "import { v as b } from '../bytes/b';\nexport const v = b;",
  'src/node/cli.ts': "import { readFileSync } from 'node:fs';\nimport { v as s } from '../session/s';\nimport { v as sim } from '../sim/card';\nexport const v = [s, sim, readFileSync];",
};

/** Bad imports, each in a file of its own in the layer named, and the rule that must catch it. */
const BAD: readonly { readonly what: string; readonly file: string; readonly source: string; readonly rule: string }[] = [
  { what: 'evidence imports session', file: 'src/evidence/bad.ts', source: "import '../session/s';", rule: 'layer-evidence-imports-downward' },
  { what: 'verify imports documents', file: 'src/verify/bad.ts', source: "import '../documents/d';", rule: 'layer-verify-imports-downward' },
  { what: 'documents imports session', file: 'src/documents/bad.ts', source: "import '../session/s';", rule: 'layer-documents-imports-downward' },
  { what: 'transport imports cards', file: 'src/transport/bad.ts', source: "import '../cards/c';", rule: 'layer-transport-imports-downward' },
  { what: 'cards uses a Node built-in', file: 'src/cards/bad.ts', source: "import 'node:crypto';", rule: 'node-builtins-only-in-node' },
  { what: 'session imports React', file: 'src/session/bad.ts', source: "import 'react';", rule: 'dom-only-in-app' },
  { what: 'verify imports the simulator', file: 'src/verify/bad-sim.ts', source: "import '../sim/card';", rule: 'no-sim-in-production' },
  { what: 'app imports the demo entry statically', file: 'src/app/bad.ts', source: "import './demo/demo';", rule: 'demo-entry-only-lazily' },
  { what: 'the simulator imports the card library', file: 'src/sim/bad.ts', source: "import '../cards/c';", rule: 'sim-independent-of-the-code-it-tests' },
  { what: 'node/ imports app/', file: 'src/node/bad.ts', source: "import '../app/ui';", rule: 'node-does-not-import-app' },
  { what: 'two modules import each other', file: 'src/errors/bad.ts', source: "import './bad-too';\nexport const a = 1;", rule: 'no-circular' },
];

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function cruise(files: Record<string, string>): { ok: boolean; out: string } {
  const dir = mkdtempSync(join(tmpdir(), 'kazasu-depcruise-'));
  dirs.push(dir);
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    writeFileSync(join(dir, f), text);
  }
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'ESNext', moduleResolution: 'Bundler', strict: true } }));
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
  // Packages (react) resolve from the project's node_modules.
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  try {
    return { ok: true, out: execFileSync(BIN, ['src', '--config', CONFIG, '--output-type', 'err'], { cwd: dir, encoding: 'utf8' }) };
  } catch (e) {
    return { ok: false, out: String((e as { stdout?: string }).stdout ?? e) };
  }
}

describe('dependency rules', () => {
  it('the clean tree (every layer importing the one below; node/ and the lazy demo entry as allowed) passes', () => {
    const r = cruise(TREE);
    expect(r.out).toContain('no dependency violations');
    expect(r.ok).toBe(true);
  });

  it('each bad import fails with its own rule, and nothing else fails', () => {
    const files: Record<string, string> = { ...TREE, 'src/errors/bad-too.ts': "import { a } from './bad';\nexport const b = a;" };
    for (const bad of BAD) files[bad.file] = bad.source;
    const r = cruise(files);
    expect(r.ok).toBe(false);
    const errors = r.out.split('\n').filter((l) => l.trim().startsWith('error '));
    for (const bad of BAD) expect(errors.some((l) => l.includes(`error ${bad.rule}:`) && l.includes(bad.file.replace(/\.ts$/, ''))), `${bad.what}: ${bad.rule}\n${r.out}`).toBe(true);
    expect(errors).toHaveLength(BAD.length);
  });
});
