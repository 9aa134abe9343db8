/**
 * What dependency-cruiser cannot see: globals used without an import. Only app/ touches the DOM
 * and only node/ (plus the test responders in sim/revocation/) uses Node's globals, so the
 * source of every other layer must not name them. Parsed with the TypeScript parser, so strings,
 * comments, property names (`x.document`) and local declarations do not count.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = new URL('../../src/', import.meta.url).pathname;

/** Browser DOM globals (window and document objects, elements, storage, layout, observers). */
const DOM_GLOBALS = new Set([
  'window',
  'document',
  'localStorage',
  'sessionStorage',
  'customElements',
  'requestAnimationFrame',
  'cancelAnimationFrame',
  'getComputedStyle',
  'matchMedia',
  'DOMParser',
  'MutationObserver',
  'ResizeObserver',
  'IntersectionObserver',
  'HTMLElement',
  'HTMLCanvasElement',
  'HTMLImageElement',
  'HTMLInputElement',
  'Element',
  'ShadowRoot',
  'Image',
]);

/** Node globals (the CommonJS ones and Node-only objects). */
const NODE_GLOBALS = new Set(['process', 'Buffer', '__dirname', '__filename', 'require', 'module', 'global', 'setImmediate']);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return files(p);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [p] : [];
  });
}

/** Names declared directly in a scope node (parameters, its own statements' declarations, imports). */
function scopeDeclarations(node: ts.Node): Set<string> {
  const out = new Set<string>();
  const addName = (n: ts.BindingName | undefined) => {
    if (!n) return;
    if (ts.isIdentifier(n)) out.add(n.text);
    else for (const e of n.elements) if (!ts.isOmittedExpression(e)) addName(e.name);
  };
  if (ts.isFunctionLike(node)) for (const p of node.parameters) addName(p.name);
  if (ts.isCatchClause(node) && node.variableDeclaration) addName(node.variableDeclaration.name);
  if (ts.isForStatement(node) || ts.isForOfStatement(node) || ts.isForInStatement(node)) {
    const init = node.initializer;
    if (init && ts.isVariableDeclarationList(init)) for (const d of init.declarations) addName(d.name);
  }
  const statements = ts.isSourceFile(node) || ts.isBlock(node) || ts.isModuleBlock(node) ? node.statements : [];
  for (const st of statements) {
    if (ts.isVariableStatement(st)) for (const d of st.declarationList.declarations) addName(d.name);
    if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st)) && st.name) out.add(st.name.text);
    if (ts.isImportDeclaration(st) && st.importClause) {
      const c = st.importClause;
      if (c.name) out.add(c.name.text);
      const b = c.namedBindings;
      if (b && ts.isNamespaceImport(b)) out.add(b.name.text);
      if (b && ts.isNamedImports(b)) for (const e of b.elements) out.add(e.name.text);
    }
  }
  return out;
}

function isScope(node: ts.Node): boolean {
  return ts.isSourceFile(node) || ts.isBlock(node) || ts.isModuleBlock(node) || ts.isFunctionLike(node) || ts.isCatchClause(node) || ts.isForStatement(node) || ts.isForOfStatement(node) || ts.isForInStatement(node);
}

/** Identifiers of `names` a file uses as globals: not property names, not declared in an enclosing scope. */
export function globalsUsed(source: string, fileName: string, names: ReadonlySet<string>): string[] {
  const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, fileName.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const used: string[] = [];
  const visit = (node: ts.Node, scopes: readonly Set<string>[]): void => {
    const inner = isScope(node) ? [...scopes, scopeDeclarations(node)] : scopes;
    if (ts.isIdentifier(node) && names.has(node.text) && !inner.some((s) => s.has(node.text))) {
      const p = node.parent;
      const isName =
        (ts.isPropertyAccessExpression(p) && p.name === node) ||
        ((ts.isPropertyAssignment(p) || ts.isPropertySignature(p) || ts.isPropertyDeclaration(p) || ts.isMethodDeclaration(p) || ts.isMethodSignature(p)) && p.name === node) ||
        (ts.isQualifiedName(p) && p.right === node) ||
        ((ts.isParameter(p) || ts.isVariableDeclaration(p) || ts.isBindingElement(p)) && p.name === node) ||
        ts.isImportSpecifier(p) ||
        ts.isExportSpecifier(p);
      if (!isName) used.push(`${node.text} (line ${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1})`);
    }
    ts.forEachChild(node, (child) => visit(child, inner));
  };
  visit(sf, []);
  return used;
}

function violations(names: ReadonlySet<string>, allowed: (path: string) => boolean): string[] {
  return files(SRC)
    .map((f) => relative(SRC, f))
    .filter((f) => !allowed(f))
    .flatMap((f) => globalsUsed(readFileSync(join(SRC, f), 'utf8'), f, names).map((g) => `src/${f}: ${g}`));
}

describe('globals the dependency rules cannot see', () => {
  it('only app/ uses DOM globals', () => {
    expect(violations(DOM_GLOBALS, (f) => f.startsWith('app/'))).toEqual([]);
  });

  it('only node/ (and the test responders in sim/revocation/) use Node globals', () => {
    expect(violations(NODE_GLOBALS, (f) => f.startsWith('node/') || f.startsWith('sim/revocation/'))).toEqual([]);
  });

  it('the scan finds a DOM global and a Node global, and ignores property names, strings and local names', () => {
    const src = [
      "const a = document.title;",
      "if (typeof window !== 'undefined') {}",
      "const b = process.env.X;",
      "const ok1 = x.document; const ok2 = { window: 1 }; const ok3 = 'document';",
      "function f(document: string) { return document; }",
    ].join('\n');
    expect(globalsUsed(src, 'x.ts', DOM_GLOBALS)).toEqual(['document (line 1)', 'window (line 2)']);
    expect(globalsUsed(src, 'x.ts', NODE_GLOBALS)).toEqual(['process (line 3)']);
  });
});
