import { expect, test, type Page, type Route } from '@playwright/test';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Language } from '../src/app/i18n/catalogue';
import { trustMessage, type TrustMessageKey } from '../src/app/i18n/trust-catalogue';
import { MOJ_ANCHOR_PINS } from '../src/verify/residence-card';
import { expectAccessible, openAdmin, openKiosk, SIZES } from './support/kiosk';

/**
 * Settings → 信頼の起点（証明書の取り込み） / Trust anchors (issues 12, 14, 15), in both languages:
 * a MOJ CA whose fingerprint matches a pin is imported (and MOJ's test CA is marked for test
 * cards), a look-alike is refused with a plain reason, the German master list is imported against
 * the pinned German CSCA, entries are removed, and what was imported survives a reload.
 *
 * MOJ's certificates are not committed, so two fixtures (e2e/fixtures/trust, README there) stand
 * in for them: the served script's two gen-2 pins are replaced by the fixtures' fingerprints in
 * this browser only (page.route). The shipped pins and the production code are unchanged.
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const FIX = join(ROOT, 'e2e', 'fixtures', 'trust');
const EMRTD = process.env.KAZASU_EMRTD_TESTDATA ?? '/work/shared/testdata/emrtd';
const SHOTS = process.env.KAZASU_SHOTS_DIR ?? join(ROOT, 'e2e', 'screenshots');
const FIXTURE_PINS: Readonly<Record<string, string>> = {
  'moj-gen2-2026': '452EB11898C486C8D6627DD9E988976A42DC8E74EA3FDC9A0F80C838365931EE',
  'moj-gen2-test-2026': '720036B80386F2A8D5EE1FFAB1B10A82FD3232E3AB7B380C0711B30E4B127107',
};
const pinOf = (id: string) => MOJ_ANCHOR_PINS.find((p) => p.id === id)!;

// The service worker would serve the scripts past page.route; this test needs the network path.
test.use({ serviceWorkers: 'block' });

async function substitutePins(page: Page): Promise<void> {
  await page.route('**/assets/*.js', async (route: Route) => {
    const response = await route.fetch();
    let body = await response.text();
    for (const [id, fixture] of Object.entries(FIXTURE_PINS)) body = body.split(pinOf(id).sha256).join(fixture);
    await route.fulfill({ response, body });
  });
}

const tt = (key: TrustMessageKey, language: Language, vars?: Record<string, string | number>) => trustMessage(language, key, vars);

async function openTrustSettings(page: Page, language: Language): Promise<void> {
  await substitutePins(page);
  await openKiosk(page, { language });
  await openAdmin(page, 'settings', language);
  await expect(page.getByRole('heading', { level: 2, name: tt('trust.heading', language) })).toBeVisible();
}

async function saveShot(page: Page, language: Language, width: number, height: number): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.getByTestId('trust-settings').screenshot({ path: join(SHOTS, `trust-settings-${language}-${width}x${height}.png`) });
}

for (const language of ['ja', 'en'] as const) {
  test(`trust anchors: MOJ CA import against the pins, a refused look-alike, removal (${language})`, async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await openTrustSettings(page, language);
    const rc = page.getByTestId('trust-residence-card');
    await expect(rc.getByTestId('trust-rc-list-none')).toHaveText(tt('trust.none', language));

    // Pressing import without a file says what to do.
    await rc.getByRole('button', { name: tt('trust.import', language) }).click();
    await expect(rc.getByTestId('trust-rc-notice')).toContainText(tt('trust.chooseFile', language));

    // A pinned production CA.
    await rc.getByLabel(tt('trust.file', language)).setInputFiles(join(FIX, 'moj-fixture-ca2.pem'));
    await rc.getByRole('button', { name: tt('trust.import', language) }).click();
    await expect(rc.getByTestId('trust-rc-notice')).toHaveText(tt('trust.rc.imported', language, { name: pinOf('moj-gen2-2026').name }));
    await expect(rc.getByTestId('trust-entry')).toHaveCount(1);

    // A look-alike whose fingerprint matches no pin: refused, plainly, with the next step; nothing added.
    await rc.getByLabel(tt('trust.file', language)).setInputFiles(join(FIX, 'look-alike-ca2.pem'));
    await rc.getByRole('button', { name: tt('trust.import', language) }).click();
    const refused = rc.getByTestId('trust-rc-notice');
    await expect(refused).toHaveAttribute('data-kind', 'error');
    await expect(refused.getByRole('paragraph').first()).toHaveText(`${tt('trust.refused', language)} ${tt('trust.refused.rc-anchor-unknown-fingerprint', language)}`);
    await expect(rc.getByTestId('trust-entry')).toHaveCount(1);
    // The technical reason sits behind 詳細 and names the fingerprint.
    await refused.getByText(tt('trust.details', language), { exact: true }).click();
    await expect(refused).toContainText('3D81E30EBBF1DDF9E0F4807B19A3C70328A653E5651E8362B8D60C294C8443C4');

    // MOJ's test CA: imported and marked as for test cards.
    await rc.getByLabel(tt('trust.file', language)).setInputFiles(join(FIX, 'moj-fixture-test-ca2.pem'));
    await rc.getByRole('button', { name: tt('trust.import', language) }).click();
    await expect(rc.getByTestId('trust-rc-notice')).toHaveText(tt('trust.rc.importedTest', language, { name: pinOf('moj-gen2-test-2026').name }));
    const testEntry = rc.locator('[data-testid="trust-entry"][data-test-mode="true"]');
    await expect(testEntry).toContainText(tt('trust.testMode', language));
    await expect(rc.getByTestId('trust-entry')).toHaveCount(2);

    // The licence: an issuer certificate from the police (a fixture).
    const dl = page.getByTestId('trust-licence');
    await dl.getByLabel(tt('trust.file', language)).setInputFiles(join(FIX, 'licence-issuer.pem'));
    await dl.getByRole('button', { name: tt('trust.import', language) }).click();
    await expect(dl.getByTestId('trust-dl-notice')).toHaveText(tt('trust.dl.imported', language, { name: 'Fixture Licence Signer' }));
    await expect(dl.getByTestId('trust-entry')).toHaveCount(1);

    await expectAccessible(page, `trust-settings-${language}-landscape`);

    // Survives a reload (IndexedDB), then removal in two steps.
    await page.reload();
    await openAdmin(page, 'settings', language);
    await expect(rc.getByTestId('trust-entry')).toHaveCount(2);
    const production = rc.locator('[data-testid="trust-entry"][data-test-mode="false"]');
    await production.getByRole('button', { name: `${tt('trust.remove', language)}: ${pinOf('moj-gen2-2026').name}` }).click();
    await expect(production).toContainText(tt('trust.removeConfirm', language, { name: pinOf('moj-gen2-2026').name }));
    await production.getByRole('button', { name: tt('trust.removeYes', language), exact: true }).click();
    await expect(rc.getByTestId('trust-entry')).toHaveCount(1);
    await expect(rc.getByTestId('trust-entry')).toHaveAttribute('data-test-mode', 'true');
  });

  test(`trust anchors: a passport master list checked against the pinned CSCA, shown at both sizes, removed (${language})`, async ({ page }) => {
    test.skip(!existsSync(join(EMRTD, 'masterlists')), `no eMRTD test data at ${EMRTD}`);
    test.setTimeout(120_000);
    await page.setViewportSize({ width: 1280, height: 800 });
    await openTrustSettings(page, language);
    const pp = page.getByTestId('trust-passport');
    await expect(pp.getByTestId('trust-pp-built-in')).toContainText(tt('trust.pp.builtIn', language, { n: 8 }));

    // The wrong state's CSCA as the pin: refused, with the next step.
    await pp.getByLabel(tt('trust.pp.ml.file', language)).setInputFiles(join(EMRTD, 'masterlists', 'DE_ML_2026-05-28-08-28-45.ml.b64'));
    await pp.getByLabel(tt('trust.pp.ml.signer', language)).setInputFiles(join(EMRTD, 'certs', 'ml-trust', 'NL_CSCA_2024.pem'));
    await pp.getByTestId('trust-ml-form').getByRole('button', { name: tt('trust.import', language) }).click();
    await expect(pp.getByTestId('trust-ml-notice').getByRole('paragraph').first()).toHaveText(`${tt('trust.refused', language)} ${tt('trust.refused.pp-ml-signer-unknown', language)}`, { timeout: 30_000 });

    // The German CSCA: imported.
    await pp.getByLabel(tt('trust.pp.ml.file', language)).setInputFiles(join(EMRTD, 'masterlists', 'DE_ML_2026-05-28-08-28-45.ml.b64'));
    await pp.getByLabel(tt('trust.pp.ml.signer', language)).setInputFiles(join(EMRTD, 'certs', 'ml-trust', 'DE_CSCA07.pem'));
    await pp.getByTestId('trust-ml-form').getByRole('button', { name: tt('trust.import', language) }).click();
    await expect(pp.getByTestId('trust-ml-notice')).toHaveAttribute('data-kind', 'success', { timeout: 60_000 });
    await expect(pp.getByTestId('trust-master-list')).toHaveCount(1);
    // The publishing state in words (Intl region names), not its code.
    await expect(pp.getByTestId('trust-master-list')).toContainText(tt('trust.pp.ml.item', language, { publisher: language === 'ja' ? 'ドイツ' : 'Germany' }));

    // A single CSCA, for the listing.
    await pp.getByTestId('trust-csca-form').getByLabel(tt('trust.file', language)).setInputFiles(join(EMRTD, 'certs', 'ml-trust', 'NL_CSCA_2024.pem'));
    await pp.getByTestId('trust-csca-form').getByRole('button', { name: tt('trust.import', language) }).click();
    await expect(pp.getByTestId('trust-csca-notice')).toHaveAttribute('data-kind', 'success');

    for (const size of SIZES) {
      await page.setViewportSize({ width: size.width, height: size.height });
      await expectAccessible(page, `trust-settings-${language}-${size.name}`);
      // Nothing of the panel is wider than the screen.
      const overflow = await page.getByTestId('trust-settings').evaluate((el) => el.scrollWidth - el.clientWidth);
      expect(overflow, `horizontal overflow at ${size.width}x${size.height}`).toBeLessThanOrEqual(0);
      await saveShot(page, language, size.width, size.height);
    }

    const list = pp.getByTestId('trust-master-list');
    await list.getByRole('button', { name: new RegExp(`^${tt('trust.remove', language)}:`) }).click();
    await list.getByRole('button', { name: tt('trust.removeYes', language), exact: true }).click();
    await expect(pp.getByTestId('trust-master-list')).toHaveCount(0);
    await expect(pp.getByTestId('trust-ml-list-none')).toBeVisible();
  });
}
