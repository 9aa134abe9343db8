import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { CODE_B_DEFAULT, HOLDER, openKiosk, resultOutcome, startReading, text } from './support/kiosk';

/**
 * The kiosk UI itself on the WebUSB RC-S380 path in Chromium (issue 5 §7, §8): the emulated
 * RC-S380 (src/sim/readers) with the default simulated card is installed as navigator.usb before
 * the app's scripts run (an init script bundled here with esbuild), then staff choose the reader
 * in Settings — through the app's real requestDevice → WebUsbPort100Transport → ISO-DEP path —
 * and run a counter check. Unplugging the reader mid-session ends in the UI's explanation.
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURE = join(ROOT, 'test-results', 'kiosk-webusb-fixture');
const INIT_SCRIPT = join(FIXTURE, 'rcs380-init.js');

test.beforeAll(async () => {
  rmSync(FIXTURE, { recursive: true, force: true });
  mkdirSync(FIXTURE, { recursive: true });
  // The default card exactly as demo mode gets it (kazasu sim snapshots).
  const bundle = JSON.parse(execFileSync(process.execPath, [join(ROOT, 'bin/kazasu.mjs'), 'sim', 'snapshots'], { cwd: ROOT, maxBuffer: 256 << 20 }).toString('utf8')) as {
    cards: { id: string; snapshot: unknown }[];
  };
  const card = bundle.cards.find((c) => c.id === 'default');
  if (!card) throw new Error('no default card in the snapshots');
  writeFileSync(join(FIXTURE, 'default-snapshot.json'), JSON.stringify(card.snapshot));
  const src = (path: string): string => relative(FIXTURE, join(ROOT, 'src', path)).replaceAll('\\', '/');
  writeFileSync(
    join(FIXTURE, 'entry.ts'),
    [
      `import snapshot from './default-snapshot.json';`,
      `import { Rcs380Emulator, installAsNavigatorUsb } from '${src('sim/readers/rcs380-emulator')}';`,
      `import { fromSnapshot } from '${src('sim/card/card-snapshot')}';`,
      `import { simulatedCardFor } from '${src('sim/mynumber/build-card')}';`,
      `const emulator = new Rcs380Emulator();`,
      `emulator.placeCard(simulatedCardFor(fromSnapshot(snapshot as never)));`,
      `installAsNavigatorUsb(emulator.usb);`,
      `(globalThis as unknown as { __rcs380: unknown }).__rcs380 = emulator;`,
      '',
    ].join('\n'),
  );
  await build({ entryPoints: [join(FIXTURE, 'entry.ts')], bundle: true, format: 'iife', platform: 'browser', target: 'es2022', outfile: INIT_SCRIPT, logLevel: 'warning' });
});

async function chooseRcs380(page: Page): Promise<void> {
  await page.getByRole('button', { name: text('nav.settings') }).click();
  await page.getByTestId('reader-path-webusb-port100').getByRole('button', { name: text('settings.reader.use') }).click();
  await expect(page.getByTestId('reader-current')).toHaveText(text('settings.reader.current', 'ja', { name: `${text('reader.path.webusb-port100')} — RC-S380/P` }), { timeout: 30_000 });
  await page.getByLabel(text('settings.realTrust.simulator')).check();
  await page.getByRole('button', { name: text('nav.back') }).click();
}

test('Settings → Sony RC-S380 (WebUSB): the counter check runs through the emulated reader and is verified', async ({ page }) => {
  await page.addInitScript({ path: INIT_SCRIPT });
  await openKiosk(page);
  await chooseRcs380(page);
  await page.locator('button[data-purpose="counter"]').click();
  // The transport polls the reader; the card in its field moves the kiosk on to entry.
  await expect(page.locator('#cred-heading')).toBeVisible({ timeout: 30_000 });
  await page.getByLabel(text('cred.codeB.label')).fill(CODE_B_DEFAULT);
  await startReading(page);
  expect(await resultOutcome(page)).toBe('verified');
  await expect(page.getByText(HOLDER.name).first()).toBeVisible();
  mkdirSync('e2e/screenshots', { recursive: true });
  await page.screenshot({ path: 'e2e/screenshots/result-webusb-rcs380-ja.png', fullPage: true });
});

test('the RC-S380 unplugged while the person types: the kiosk says the reader went away', async ({ page }) => {
  await page.addInitScript({ path: INIT_SCRIPT });
  await openKiosk(page);
  await chooseRcs380(page);
  await page.locator('button[data-purpose="counter"]').click();
  await expect(page.locator('#cred-heading')).toBeVisible({ timeout: 30_000 });
  await page.evaluate(() => (globalThis as unknown as { __rcs380: { unplug(): void } }).__rcs380.unplug());
  const notice = text('notice.readerFailed', 'ja', { explanation: text('reader.code.reader-unplugged') });
  await expect(page.getByRole('alert').filter({ hasText: notice })).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('#place-heading')).toBeVisible();
});
