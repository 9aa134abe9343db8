import { expect, test, type Page } from '@playwright/test';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, preview, type PreviewServer } from 'vite';
import type * as Kit from './reader-fixture-kit';

/**
 * The fixture page of a reader spec (issue 5 §8, issue 13): a small page in test-results/<name>/
 * that imports the real modules under test and the shared kit (reader-fixture-kit.ts), built with
 * the project's own vite.config.ts (so `virtual:kazasu-sim-cards` resolves) and served by
 * `vite preview` on the spec's own port. The emulator is installed in the page; from there on
 * the code under test only sees `navigator.usb` / `navigator.smartCard`. Nothing test-only goes
 * into the production build. The page exposes everything as `window.kazasuFixture`.
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The kit plus the spec's own modules, as the page sees them. */
export type Fixture<M> = typeof Kit & M;

/** `window.kazasuFixture` in a page.evaluate body. */
export function fixtureOf<M>(w: Window): Fixture<M> {
  return (w as unknown as { kazasuFixture: Fixture<M> }).kazasuFixture;
}

/**
 * Registers the spec's beforeAll/afterAll: build and serve the page. `modules` maps a path under
 * src/ to the names the page exposes from it. Returns `open(page)`, which waits for the page.
 */
export function readerFixture(name: string, port: number, modules: Readonly<Record<string, readonly string[]>>): { open(page: Page): Promise<void> } {
  const dir = join(ROOT, 'test-results', name);
  const url = `http://127.0.0.1:${port}/`;
  let server: PreviewServer | undefined;

  test.beforeAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const from = (path: string): string => relative(dir, path).replaceAll('\\', '/');
    const names = Object.values(modules).flat();
    writeFileSync(
      join(dir, 'index.html'),
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${name}</title>` + '<script type="module" src="./main.ts"></script></head><body></body></html>',
    );
    writeFileSync(
      join(dir, 'main.ts'),
      [
        `import * as kit from '${from(join(ROOT, 'e2e', 'support', 'reader-fixture-kit'))}';`,
        ...Object.entries(modules).map(([path, exported]) => `import { ${exported.join(', ')} } from '${from(join(ROOT, 'src', path))}';`),
        `(window as any).kazasuFixture = { ...kit, ${names.join(', ')} };`,
        `document.body.dataset.ready = 'yes';`,
        '',
      ].join('\n'),
    );
    const shared = { configFile: join(ROOT, 'vite.config.ts'), root: dir, logLevel: 'warn' as const };
    await build({ ...shared, build: { outDir: 'dist', emptyOutDir: true } });
    server = await preview({ ...shared, build: { outDir: 'dist' }, preview: { host: '127.0.0.1', port, strictPort: true } });
  });

  test.afterAll(async () => {
    await server?.close();
  });

  return {
    async open(page: Page): Promise<void> {
      await page.goto(url);
      await expect(page.locator('body')).toHaveAttribute('data-ready', 'yes');
    },
  };
}
